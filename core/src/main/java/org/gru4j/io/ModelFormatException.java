package org.gru4j.io;

import java.io.IOException;

/**
 * A model or tensor file is malformed, corrupt, truncated or hostile.
 *
 * <p>Thrown by every gru4j reader before it returns anything, so a caller never sees a half-validated file. The
 * message names the file when it is known, what was expected and what was found, e.g.
 * {@code "gru.safetensors: tensor 'h0': data_offsets [0, 24] hold 3 F64 values but shape (1, 2, 4) needs 8"}.
 * It is an {@link IOException} because a bad file is an input problem the caller may want to handle alongside
 * "file not found", not a programming error.
 */
public class ModelFormatException extends IOException {
    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
