package org.gru4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** The model file formats the command line reads and writes, told apart by extension. */
enum ModelFormats {
    NATIVE("gru4j model file", ".gru4j"),
    SAFETENSORS("PyTorch state_dict (safetensors)", ".safetensors"),
    KERAS("Keras model file", ".keras", ".h5", ".hdf5"),
    ONNX("ONNX model", ".onnx");

    private static final byte[] NATIVE_MAGIC = {(byte) 0x89, 'G', 'R', 'U', '4', 'J', 0x0D, 0x0A};

    final String description;
    final String[] extensions;

    ModelFormats(String description, String... extensions) {
        this.description = description;
        this.extensions = extensions;
    }

    static ModelFormats of(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        for (ModelFormats f : values()) {
            for (String e : f.extensions) {
                if (name.endsWith(e)) {
                    return f;
                }
            }
        }
        throw new IllegalArgumentException("cannot tell the format of " + p + " from its name; expected a file "
                + "ending in .gru4j, .safetensors, .keras, .h5 or .onnx");
    }

    /** The format of an existing file: by extension, or a native file by its magic bytes whatever its name. */
    static ModelFormats detect(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            if (Arrays.equals(in.readNBytes(NATIVE_MAGIC.length), NATIVE_MAGIC)) {
                return NATIVE;
            }
        }
        return of(p);
    }

    /** The format version in a native file's header (bytes 8 to 11, little-endian). */
    static int nativeVersion(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] h = in.readNBytes(12);
            if (h.length < 12) {
                throw new IllegalArgumentException(p + " is too short to be a gru4j model file");
            }
            return (h[8] & 0xff) | (h[9] & 0xff) << 8 | (h[10] & 0xff) << 16 | (h[11] & 0xff) << 24;
        }
    }
}
