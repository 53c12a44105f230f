package org.gru4j.keras;

import org.gru4j.io.ModelFormatException;

/**
 * The Keras file is well formed but uses a layer class or an option gru4j does not implement. The message names the
 * layer, the option and its value, and lists what is supported, e.g. {@code "gru_1 (GRU): activation 'relu' is not
 * supported; supported: tanh"}.
 *
 * <p>It is a {@link ModelFormatException} so callers can handle every "cannot load this file" case in one place; catch
 * this subclass to tell "unsupported" apart from "corrupt".
 */
public class UnsupportedKerasFeatureException extends ModelFormatException {
    public UnsupportedKerasFeatureException(String message) {
        super(message);
    }
}
