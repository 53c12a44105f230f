package org.gru4j.keras;

import static org.gru4j.keras.KerasFixturesTest.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import io.jhdf.HdfFile;
import org.gru4j.io.Json;
import org.gru4j.io.ModelFormatException;
import org.gru4j.kernels.GateActivation;
import org.gru4j.model.Sequential;
import org.gru4j.nn.recurrent.Bidirectional;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.LSTM;
import org.gru4j.nn.recurrent.LSTMCell;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KerasImportTest {
    @TempDir
    Path tmp;

    /** Keras 2.1 list-style Sequential config for the weights of lstm_keras213_dl4j.weights.h5, with edits. */
    private Path config(String lstmOptions, String extraLayer) throws IOException {
        String text = "{\"class_name\": \"Sequential\", \"config\": ["
                + "{\"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm_1\", \"units\": 50, "
                + "\"batch_input_shape\": [null, 1, 1], \"activation\": \"tanh\", "
                + "\"recurrent_activation\": \"hard_sigmoid\"" + lstmOptions + "}},"
                + extraLayer
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"units\": 1, "
                + "\"activation\": \"linear\"}}]}";
        Path p = tmp.resolve("config.json");
        Files.writeString(p, text);
        return p;
    }

    private static Path weights() throws Exception {
        return fixture("lstm_keras213_dl4j.weights.h5");
    }

    @Test
    void unsupportedLayerNamesLayerAndListsSupported() throws Exception {
        Path cfg = config("", "{\"class_name\": \"Conv1D\", \"config\": {\"name\": \"conv1d_1\", \"filters\": 4}},");
        UnsupportedKerasFeatureException e = assertThrows(UnsupportedKerasFeatureException.class,
                () -> KerasImport.load(weights(), cfg));
        assertTrue(e.getMessage().contains("conv1d_1 (Conv1D): layer class 'Conv1D' is not supported; supported: "
                + "InputLayer, GRU, CuDNNGRU, LSTM, CuDNNLSTM, SimpleRNN, Bidirectional, Embedding, Dense, Dropout, "
                + "Masking, Activation"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        ", \"stateful\": true | lstm_1 (LSTM): stateful=True is not supported; supported: stateless layers",
        ", \"activation\": \"relu\" | lstm_1 (LSTM): activation 'relu' is not supported; supported: tanh",
        ", \"recurrent_activation\": \"softsign\" | recurrent_activation 'softsign' is not supported; "
            + "supported: sigmoid, hard_sigmoid",
        ", \"return_state\": true | lstm_1 (LSTM): return_state=True is not supported"})
    void unsupportedOptionNamesLayerOptionAndSupported(String option, String message) throws Exception {
        // Later duplicate keys would be a JSON error, so replace the defaults instead of appending.
        String o = option.trim();
        Path cfg = config(o.contains("\"activation\"") || o.contains("recurrent_activation") ? "" : o, "");
        if (o.contains("activation")) {
            String t = Files.readString(cfg);
            String key = o.contains("recurrent_activation") ? "\"recurrent_activation\": \"hard_sigmoid\""
                    : "\"activation\": \"tanh\"";
            Files.writeString(cfg, t.replace(key, o.substring(1).trim()));
        }
        UnsupportedKerasFeatureException e = assertThrows(UnsupportedKerasFeatureException.class,
                () -> KerasImport.load(weights(), cfg));
        assertTrue(e.getMessage().contains(message.trim()), e.getMessage());
    }

    @Test
    void denseActivationWeLackIsUnsupported() throws Exception {
        Path cfg = config("", "");
        Files.writeString(cfg, Files.readString(cfg).replace("\"activation\": \"linear\"", "\"activation\": \"elu\""));
        UnsupportedKerasFeatureException e = assertThrows(UnsupportedKerasFeatureException.class,
                () -> KerasImport.load(weights(), cfg));
        assertTrue(e.getMessage().contains("dense_1 (Dense): activation 'elu' is not supported; supported: linear, "
                + "sigmoid, tanh, relu, softmax"), e.getMessage());
    }

    @Test
    void wrongWeightShapeSaysExpectedAndGot() throws Exception {
        Path cfg = config("", "");
        Files.writeString(cfg, Files.readString(cfg).replace("\"units\": 50", "\"units\": 40"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasImport.load(weights(), cfg));
        assertTrue(e.getMessage().contains("lstm_1 (LSTM): kernel /lstm_1/lstm_1/kernel:0: expected shape (1, 160), "
                + "got (1, 200)"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"gru_keras214_tfp.h5, 0.5", "gru_keras214_tfp.h5, 0.05", "bigru_keras215_medaka.h5, 0.9",
        "gru_keras310.keras, 0.5", "gru_keras310.keras, 0.98", "lstm_keras310.keras, 0.2"})
    void truncatedFileIsModelFormatException(String name, double keep) throws Exception {
        byte[] all = Files.readAllBytes(fixture(name));
        Path p = tmp.resolve(name);
        Files.write(p, Arrays.copyOf(all, (int) (all.length * keep)));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasImport.load(p));
        assertTrue(e.getMessage().startsWith(name), e.getMessage());
    }

    @Test
    void corruptBytesInsideHdf5IsModelFormatException() throws Exception {
        byte[] all = Files.readAllBytes(fixture("gru_keras214_tfp.h5"));
        // Overwrite everything after the superblock: object headers and B-trees become garbage.
        for (int i = 200; i < 4000; i++) {
            all[i] = (byte) (i * 31);
        }
        Path p = tmp.resolve("corrupt.h5");
        Files.write(p, all);
        assertThrows(ModelFormatException.class, () -> KerasImport.load(p));
    }

    @Test
    void notAModelFileIsModelFormatException() throws Exception {
        Path p = tmp.resolve("x.h5");
        Files.writeString(p, "hello, not hdf5");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasImport.load(p));
        assertEquals("x.h5: not a Keras model: expected a .keras zip or an HDF5 file", e.getMessage());
    }

    @Test
    void weightsOnlyFileWithoutConfigExplainsWhatToDo() throws Exception {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasImport.load(weights()));
        assertTrue(e.getMessage().contains("load(weights, configJson)"), e.getMessage());
    }

    @Test
    void hardSigmoidFollowsKerasVersion() throws Exception {
        assertEquals(GateActivation.HARD_SIGMOID_KERAS2, KerasImport.hardSigmoidFor("2.1.4"));
        assertEquals(GateActivation.HARD_SIGMOID_KERAS2, KerasImport.hardSigmoidFor("2.2.4-tf"));
        assertEquals(GateActivation.HARD_SIGMOID_KERAS2, KerasImport.hardSigmoidFor("2.10.0"));
        assertEquals(GateActivation.HARD_SIGMOID_KERAS3, KerasImport.hardSigmoidFor("3.5.0"));
        assertEquals(GateActivation.HARD_SIGMOID_KERAS3, KerasImport.hardSigmoidFor("3.10.0"));

        KerasModel tfp = KerasImport.load(fixture("gru_keras214_tfp.h5"));
        assertEquals(GateActivation.HARD_SIGMOID_KERAS2, ((GRU) tfp.layer("gru_1")).gateActivation());
        KerasModel bi = KerasImport.load(fixture("bilstm_tfkeras224_dl4j.h5"));
        Bidirectional b = (Bidirectional) bi.layer("bidirectional_14");
        assertEquals(GateActivation.HARD_SIGMOID_KERAS2, ((LSTMCell) b.forwardLayer().cell()).gateActivation());
        assertEquals(GateActivation.HARD_SIGMOID_KERAS2, ((LSTMCell) b.backwardLayer().cell()).gateActivation());
        KerasModel k3 = KerasImport.load(fixture("gru_keras310.keras"));
        assertEquals(GateActivation.SIGMOID, ((GRU) k3.layer("gru")).gateActivation());
    }

    @Test
    @SuppressWarnings("unchecked")
    void keras3FileWithHardSigmoidGetsTheKeras3Formula() throws Exception {
        // No licensed Keras 3 file uses hard_sigmoid, so read the same config and weights as if Keras 3 wrote them.
        Map<String, Object> cfg = (Map<String, Object>) Json.parse(Files.readString(config("", "")));
        for (String version : List.of("2.1.3", "3.10.0")) {
            try (HdfFile h5 = new HdfFile(weights())) {
                KerasModel m = new KerasModelReader("w.h5", version, "h5", KerasWeightSource.legacy("w.h5", h5))
                        .read(cfg);
                assertEquals(KerasImport.hardSigmoidFor(version), ((LSTM) m.layer("lstm_1")).gateActivation());
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"gru_keras214_tfp.h5, 37505", "gru_tfkeras210_cos30018.h5, 37889", "gru_keras35_legacy.h5, 37889",
        "gru_keras310.keras, 37889", "lstm_keras310.keras, 49985", "bigru_keras215_medaka.h5, 403717",
        "simplernn_keras213_dl4j.h5, 2651", "bilstm_tfkeras224_dl4j.h5, 1072"})
    void parameterCountsEqualKeras(String name, long count) throws Exception {
        // Keras counts: GRU 3*(I*H + H*H + H) reset before, 3*(I*H + H*H + 2H) reset after; LSTM 4*(I*H + H*H + H).
        KerasModel m = KerasImport.load(fixture(name));
        assertEquals(count, m.parameterCount());
        assertEquals(count, m.model().countParameters());
    }

    @Test
    void gru4jModelGivesTheSameNumbers() throws Exception {
        for (String name : List.of("gru_keras310.keras", "bilstm_tfkeras224_dl4j.h5", "gru_keras214_tfp.h5")) {
            KerasModel m = KerasImport.load(fixture(name));
            int[] in = m.inputShape();
            Rng rng = new Rng(7);
            float[] x = new float[3 * in[0] * in[1]];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextGaussian();
            }
            Tensor t = Tensor.of(x, 3, in[0], in[1]);
            Tensor a = m.predict(t);
            Tensor b = m.model().predict(t);
            assertArrayEquals(a.shape(), b.shape(), name);
            assertEquals(0f, a.maxAbsDiff(b), 1e-6, name);
        }
        assertInstanceOf(Sequential.class, KerasImport.load(fixture("gru_keras310.keras")).model());
        assertFalse(KerasImport.load(fixture("bilstm_tfkeras224_dl4j.h5")).model() instanceof Sequential);
    }

    @Test
    void keras3FunctionalConfigIsRead() throws Exception {
        // The DL4J LSTM weights under a Keras 3 style functional config: wrapped layers, batch_shape, keras_tensor
        // inbound nodes. It must give the reference output of the Sequential original.
        String k3 = "{\"module\": \"keras\", \"class_name\": \"Functional\", \"config\": {\"name\": \"functional\", "
                + "\"layers\": ["
                + "{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": "
                + "[null, 1, 1], \"dtype\": \"float32\", \"name\": \"input_layer\"}, \"registered_name\": null, "
                + "\"name\": \"input_layer\", \"inbound_nodes\": []},"
                + "{\"module\": \"keras.layers\", \"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm_1\", "
                + "\"units\": 50, \"activation\": \"tanh\", \"recurrent_activation\": \"hard_sigmoid\", "
                + "\"use_bias\": true}, \"registered_name\": null, \"name\": \"lstm_1\", \"inbound_nodes\": "
                + "[{\"args\": [{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, 1, 1], "
                + "\"dtype\": \"float32\", \"keras_history\": [\"input_layer\", 0, 0]}}], \"kwargs\": "
                + "{\"training\": false, \"mask\": null}}]},"
                + "{\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", "
                + "\"units\": 1, \"activation\": \"linear\"}, \"registered_name\": null, \"name\": \"dense_1\", "
                + "\"inbound_nodes\": [{\"args\": [{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": "
                + "[null, 50], \"dtype\": \"float32\", \"keras_history\": [\"lstm_1\", 0, 0]}}], \"kwargs\": {}}]}"
                + "], \"input_layers\": [\"input_layer\", 0, 0], \"output_layers\": [\"dense_1\", 0, 0]}}";
        Path cfg = tmp.resolve("k3.json");
        Files.writeString(cfg, k3);
        KerasModel m = KerasImport.load(weights(), cfg);
        KerasModel ref = KerasImport.load(weights(), fixture("lstm_keras213_dl4j.config.json"));
        Map<String, Object> exp = KerasFixturesTest.expected("lstm_keras213_dl4j");
        @SuppressWarnings("unchecked")
        Map<String, Object> input = (Map<String, Object>) exp.get("input");
        Tensor x = KerasFixturesTest.tensor(input.get("data"), KerasFixturesTest.shape(input.get("shape")));
        assertEquals(0f, m.predict(x).maxAbsDiff(ref.predict(x)));
    }

    @Test
    void cudnnKernelConversionInvertsKerasToCudnn() {
        // Keras's own GRU -> CuDNNGRU direction, transpose_input(from_cudnn=False): per gate block K (I, H),
        // K.T reshaped to (I, H) in C order. Our CuDNN -> Keras conversion must undo it exactly.
        int in = 3;
        int h = 2;
        int gates = 3;
        int cols = gates * h;
        float[] keras = new float[in * cols];
        for (int i = 0; i < keras.length; i++) {
            keras[i] = i;
        }
        float[] cudnn = new float[keras.length];
        for (int g = 0; g < gates; g++) {
            float[] kt = new float[h * in]; // K.T, C order
            for (int a = 0; a < in; a++) {
                for (int b = 0; b < h; b++) {
                    kt[b * in + a] = keras[a * cols + g * h + b];
                }
            }
            for (int m = 0; m < in * h; m++) { // reshape (I, H), C order: element m goes to (m / H, m % H)
                cudnn[(m / h) * cols + g * h + m % h] = kt[m];
            }
        }
        assertArrayEquals(keras, KerasConversion.cudnnInputKernel(cudnn, in, gates, h));
        float[] r = new float[h * cols];
        for (int i = 0; i < r.length; i++) {
            r[i] = i;
        }
        assertArrayEquals(r, KerasConversion.cudnnRecurrentKernel(KerasConversion.cudnnRecurrentKernel(r, gates, h),
                gates, h));
    }

    @Test
    void gruGateBlocksMoveFromZrhToRzn() {
        // Keras kernel (I=1, 3H=6): columns z0 z1 r0 r1 h0 h1 = 0..5. gru4j weight_ih (6, 1): r0 r1 z0 z1 n0 n1.
        float[] k = {0, 1, 2, 3, 4, 5};
        assertArrayEquals(new float[] {2, 3, 0, 1, 4, 5}, KerasConversion.gateMatrix(k, 1, 2, new int[] {1, 0, 2}));
        assertArrayEquals(new float[] {2, 3, 0, 1, 4, 5},
                KerasConversion.gateVector(k, 0, 2, new int[] {1, 0, 2}));
    }
}
