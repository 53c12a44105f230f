package org.gru4j.keras;

import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.gru4j.io.Json;
import org.gru4j.io.JsonException;
import org.gru4j.io.ModelFormatException;
import org.gru4j.kernels.GateActivation;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.LSTM;
import org.gru4j.nn.recurrent.RecurrentLayer;

/**
 * Loads models saved by Keras 2, tf.keras and Keras 3 so that they run in gru4j with the same numbers.
 *
 * <pre>
 *   KerasModel m = KerasImport.load(Path.of("gru.h5"));          // legacy whole-model HDF5
 *   KerasModel m = KerasImport.load(Path.of("gru.keras"));       // Keras 3 zip
 *   KerasModel m = KerasImport.load(Path.of("w.h5"), Path.of("model.json"));  // save_weights + to_json
 *   Tensor y = m.predict(x);                                     // x: (batch, steps, features)
 * </pre>
 *
 * <p><b>Formats.</b> The format is recognised by content, not by name: a zip (Keras 3 {@code .keras}:
 * {@code config.json}, {@code metadata.json}, {@code model.weights.h5}) or HDF5 (attributes {@code model_config} and
 * {@code keras_version} on the root, weights under {@code model_weights/}; or, for a weights-only file, weights at the
 * root and the config passed separately).
 *
 * <p><b>Layers.</b> InputLayer, GRU (reset_after true or false), CuDNNGRU, LSTM, CuDNNLSTM, SimpleRNN (tanh, relu),
 * Bidirectional (concat, sum, mul, ave) around any of those, Embedding (mask_zero), Dense and Activation
 * (linear, sigmoid, tanh, relu, softmax), Dropout, Masking; Sequential models and functional models that form a
 * single chain. Anything else throws {@link UnsupportedKerasFeatureException} naming the layer, the option and what
 * is supported. Weight layouts are converted in one place, {@code KerasConversion} (gate order z, r, h to r, z, n;
 * kernels transposed to {@code (out, in)}).
 *
 * <p><b>Gate activation.</b> Keras's {@code recurrent_activation} is honoured: {@code sigmoid}, or
 * {@code hard_sigmoid}, whose definition depends on the Keras that wrote the file (see
 * {@link #applyRecurrentActivation}).
 *
 * <p><b>Errors.</b> A missing file is a {@link NoSuchFileException}; anything wrong with the content (not zip or
 * HDF5, truncated, missing entries, wrong shapes, bad JSON) is a {@link ModelFormatException} naming the file; the
 * HDF5 reader's own exceptions never escape.
 */
public final class KerasImport {
    /** Config and metadata entries of a .keras zip are small; refuse absurd sizes instead of exhausting memory. */
    private static final long MAX_JSON_BYTES = 64L << 20;
    private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private KerasImport() {
    }

    /** Loads a {@code .keras} zip or a whole-model {@code .h5} file. */
    public static KerasModel load(Path file) throws IOException {
        byte[] head = readHead(file);
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return loadZip(file);
        }
        if (isHdf5(head)) {
            return loadH5(file, null);
        }
        throw new ModelFormatException(name(file) + ": not a Keras model: expected a .keras zip or an HDF5 file");
    }

    /** Loads a weights-only HDF5 file ({@code model.save_weights}) with the config from {@code model.to_json()}. */
    public static KerasModel load(Path weightsH5, Path configJson) throws IOException {
        if (!isHdf5(readHead(weightsH5))) {
            throw new ModelFormatException(name(weightsH5) + ": not an HDF5 file");
        }
        return loadH5(weightsH5, configJson);
    }

    private static KerasModel loadH5(Path file, Path configJson) throws IOException {
        String fn = name(file);
        try (HdfFile h5 = new HdfFile(file)) {
            Node mw = KerasWeightSource.child(h5, "model_weights");
            String version = KerasWeightSource.string(fn, h5, "keras_version");
            if (version == null && mw != null) {
                version = KerasWeightSource.string(fn, mw, "keras_version");
            }
            String configText;
            String format;
            if (configJson != null) {
                configText = Files.readString(configJson);
                format = "h5-weights+json";
                fn = fn + " + " + name(configJson);
            } else {
                configText = KerasWeightSource.string(fn, h5, "model_config");
                format = "h5";
                if (configText == null) {
                    throw new ModelFormatException(fn + ": no model_config attribute; for a weights-only file use "
                            + "load(weights, configJson)");
                }
            }
            if (mw != null && !(mw instanceof Group)) {
                throw new ModelFormatException(fn + ": model_weights should be a group");
            }
            KerasWeightSource weights = KerasWeightSource.legacy(fn, mw != null ? (Group) mw : h5);
            return read(fn, version == null ? "2" : version, format, configText, weights);
        } catch (RuntimeException e) {
            // jhdf reports a truncated or corrupt file with its own unchecked exceptions.
            throw new ModelFormatException(fn + ": cannot read HDF5: " + e.getMessage(), e);
        }
    }

    private static KerasModel loadZip(Path file) throws IOException {
        String fn = name(file);
        Path tmp = null;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String configText = new String(entry(zip, "config.json", fn), java.nio.charset.StandardCharsets.UTF_8);
            String version = "3";
            if (zip.getEntry("metadata.json") != null) {
                Object meta = parseJson(new String(entry(zip, "metadata.json", fn),
                        java.nio.charset.StandardCharsets.UTF_8), fn + " metadata.json");
                if (meta instanceof Map && ((Map<?, ?>) meta).get("keras_version") instanceof String) {
                    version = (String) ((Map<?, ?>) meta).get("keras_version");
                }
            }
            ZipEntry we = zip.getEntry("model.weights.h5");
            if (we == null) {
                throw new ModelFormatException(fn + ": no model.weights.h5 entry; found " + entryNames(zip));
            }
            // jhdf needs random access; a temporary file keeps large weights out of the heap.
            tmp = Files.createTempFile("gru4j-keras-", ".weights.h5");
            try (InputStream in = zip.getInputStream(we)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            String wn = fn + "/model.weights.h5";
            try (HdfFile h5 = new HdfFile(tmp)) {
                return read(fn, version, "keras", configText, KerasWeightSource.keras3(wn, h5));
            } catch (RuntimeException e) {
                throw new ModelFormatException(wn + ": cannot read HDF5: " + e.getMessage(), e);
            }
        } catch (ZipException e) {
            throw new ModelFormatException(fn + ": corrupt .keras zip: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static KerasModel read(String fn, String version, String format, String configText,
                                   KerasWeightSource weights) throws ModelFormatException {
        Object config = parseJson(configText, fn + " model config");
        if (!(config instanceof Map)) {
            throw new ModelFormatException(fn + ": the model config should be a JSON object");
        }
        return new KerasModelReader(fn, version, format, weights).read((Map<String, Object>) config);
    }

    private static Object parseJson(String text, String what) throws ModelFormatException {
        try {
            return Json.parse(text);
        } catch (JsonException e) {
            throw new ModelFormatException(what + ": invalid JSON: " + e.getMessage(), e);
        }
    }

    private static byte[] entry(ZipFile zip, String entryName, String fn) throws IOException {
        ZipEntry e = zip.getEntry(entryName);
        if (e == null) {
            throw new ModelFormatException(fn + ": no " + entryName + " entry; found " + entryNames(zip));
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes((int) MAX_JSON_BYTES + 1);
            if (b.length > MAX_JSON_BYTES) {
                throw new ModelFormatException(fn + ": " + entryName + " is larger than " + MAX_JSON_BYTES
                        + " bytes");
            }
            return b;
        }
    }

    private static String entryNames(ZipFile zip) {
        return zip.stream().map(ZipEntry::getName).reduce((a, b) -> a + ", " + b).orElse("nothing");
    }

    private static byte[] readHead(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(8);
        }
    }

    private static boolean isHdf5(byte[] head) {
        return java.util.Arrays.equals(head, HDF5_MAGIC);
    }

    private static String name(Path p) {
        return p.getFileName() == null ? p.toString() : p.getFileName().toString();
    }

    /** The major version of a {@code keras_version} string: 2 for "2.1.4" and "2.2.4-tf", 3 for "3.10.0". */
    static int majorVersion(String version) {
        return versionPart(version, 0);
    }

    /** True when {@code version} is at least {@code major.minor.patch} (suffixes such as "-tf" are ignored). */
    static boolean versionAtLeast(String version, int major, int minor, int patch) {
        int[] v = {versionPart(version, 0), versionPart(version, 1), versionPart(version, 2)};
        int[] w = {major, minor, patch};
        for (int i = 0; i < 3; i++) {
            if (v[i] != w[i]) {
                return v[i] > w[i];
            }
        }
        return true;
    }

    private static int versionPart(String version, int index) {
        String[] parts = version.split("\\.");
        if (index >= parts.length) {
            return 0;
        }
        String p = parts[index];
        int end = 0;
        while (end < p.length() && Character.isDigit(p.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(p.substring(0, end));
    }

    /**
     * What Keras's {@code hard_sigmoid} meant in the Keras that wrote a file: {@code clip(0.2 x + 0.5, 0, 1)} in
     * Keras 1 and 2, tf.keras included ("2.2.4-tf", "2.10.0"), and {@code clip(x / 6 + 0.5, 0, 1)} from Keras 3 on.
     */
    public static GateActivation hardSigmoidFor(String kerasVersion) {
        return majorVersion(kerasVersion) >= 3 ? GateActivation.HARD_SIGMOID_KERAS3 : GateActivation.HARD_SIGMOID_KERAS2;
    }

    /**
     * Sets the gate activation of a GRU or LSTM from Keras's {@code recurrent_activation}: {@code sigmoid}, or
     * {@code hard_sigmoid} as defined by {@link #hardSigmoidFor} the file's Keras version.
     *
     * @throws UnsupportedKerasFeatureException for any other activation
     */
    static void applyRecurrentActivation(RecurrentLayer layer, String recurrentActivation, String kerasVersion,
                                         String where) throws UnsupportedKerasFeatureException {
        GateActivation g;
        switch (recurrentActivation) {
            case "sigmoid":
                g = GateActivation.SIGMOID;
                break;
            case "hard_sigmoid":
                g = hardSigmoidFor(kerasVersion);
                break;
            default:
                throw new UnsupportedKerasFeatureException(where + ": recurrent_activation '" + recurrentActivation
                        + "' is not supported; supported: sigmoid, hard_sigmoid");
        }
        if (layer instanceof GRU) {
            ((GRU) layer).gateActivation(g);
        } else if (layer instanceof LSTM) {
            ((LSTM) layer).gateActivation(g);
        } else if (g != GateActivation.SIGMOID) {
            throw new IllegalStateException(where + ": " + layer.typeName() + " has no gate activation");
        }
    }
}
