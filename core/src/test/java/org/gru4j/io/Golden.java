package org.gru4j.io;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;

/** The committed golden reference files under src/test/resources/golden (see README.md there). */
final class Golden {
    static final List<String> STEMS = List.of("gru_1l", "gru_2l_bidir", "lstm_1l", "rnn_tanh_1l",
            "gru_reset_before_1l");

    private Golden() {
    }

    static Path path(String fileName) {
        URL url = Golden.class.getResource("/golden/" + fileName);
        if (url == null) {
            throw new IllegalStateException("missing test resource golden/" + fileName);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
