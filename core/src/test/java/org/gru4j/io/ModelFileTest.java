package org.gru4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gru4j.kernels.GateActivation;
import org.gru4j.loss.BinaryCrossentropy;
import org.gru4j.loss.Huber;
import org.gru4j.loss.Loss;
import org.gru4j.loss.MeanSquaredError;
import org.gru4j.model.Model;
import org.gru4j.model.Node;
import org.gru4j.model.Sequential;
import org.gru4j.nn.Activation;
import org.gru4j.nn.Dense;
import org.gru4j.nn.Dropout;
import org.gru4j.nn.Embedding;
import org.gru4j.nn.Layer;
import org.gru4j.nn.recurrent.Bidirectional;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.LSTM;
import org.gru4j.nn.recurrent.MergeMode;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.nn.recurrent.RecurrentStack;
import org.gru4j.nn.recurrent.SimpleRNN;
import org.gru4j.optim.Adam;
import org.gru4j.optim.CosineDecay;
import org.gru4j.optim.GradientClipping;
import org.gru4j.optim.PiecewiseConstant;
import org.gru4j.optim.RMSprop;
import org.gru4j.optim.SGD;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Save then load gives the same model: bit-identical predictions for every layer type, every Bidirectional merge
 * mode, recurrent stacks and functional graphs with state passing and shared layers; identical compile settings;
 * and saving the loaded model again gives the same bytes (so nothing in the configuration was lost).
 */
class ModelFileTest {
    @TempDir
    Path dir;

    static Tensor random(Rng rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = rng.uniform(-1, 1);
        }
        return t;
    }

    /** Token ids in [0, vocab), with zeros (padding) at the end of some rows. */
    static Tensor tokens(Rng rng, int batch, int steps, int vocab) {
        Tensor t = Tensor.zeros(batch, steps);
        for (int b = 0; b < batch; b++) {
            int len = 1 + rng.nextInt(steps);
            for (int s = 0; s < len; s++) {
                t.data()[b * steps + s] = 1 + rng.nextInt(vocab - 1);
            }
        }
        return t;
    }

    /** Saves, loads, and checks predictions, weights, summary and a second save's bytes. */
    Model roundTrip(Model m, List<Tensor> xs) throws IOException {
        Path p = dir.resolve(m.name() + ".gru4j");
        m.save(p);
        Model back = Model.load(p);
        assertEquals(m.getClass(), back.getClass());
        assertEquals(m.summary(), back.summary());
        assertEquals(List.copyOf(m.namedParameters().keySet()), List.copyOf(back.namedParameters().keySet()));
        assertArrayEquals(m.weights(), back.weights());
        List<Tensor> a = m.predict(xs, null, 16);
        List<Tensor> b = back.predict(xs, null, 16);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).shape(), b.get(i).shape());
            assertArrayEquals(a.get(i).data(), b.get(i).data(), "output " + i);
        }
        assertArrayEquals(ModelFile.toBytes(m, true), ModelFile.toBytes(back, true), "a second save differs");
        return back;
    }

    static Sequential sequential(String name, int[] input, Layer... layers) {
        Sequential s = new Sequential(name, 7);
        s.input(input);
        for (Layer l : layers) {
            s.add(l);
        }
        return s.build();
    }

    @Test
    void embeddingGruDropoutLstmDense() throws IOException {
        Sequential m = sequential("text", new int[] {-1}, new Embedding(20, 8, true),
                new GRU(16).returnSequences(true).dropout(0.1), new Dropout(0.25), new LSTM(8).recurrentDropout(0.3), new Dense(3, Activation.SOFTMAX));
        Model back = roundTrip(m, List.of(tokens(new Rng(1), 5, 9, 20)));
        Embedding e = (Embedding) ((Sequential) back).sequentialLayers().get(0);
        assertTrue(e.maskZero());
        assertEquals(0.25f, ((Dropout) ((Sequential) back).sequentialLayers().get(2)).rate());
    }

    @Test
    void simpleRnnReluTanhBackwardsAndDenseWithoutBias() throws IOException {
        Sequential m = sequential("rnn", new int[] {-1, 4}, new SimpleRNN(6, true).returnSequences(true),
                new SimpleRNN(5).goBackwards(true), Dense.builder(2).activation(Activation.TANH).useBias(false).build());
        roundTrip(m, List.of(random(new Rng(2), 4, 7, 4)));
    }

    @Test
    void sequentialFeedsOnTheFirstOutputOfALayerReturningItsState() throws IOException {
        Sequential m = sequential("with_state", new int[] {-1, 3}, new GRU(4).returnSequences(true).returnState(true),
                new LSTM(2).returnState(true), new Dense(1));
        roundTrip(m, List.of(random(new Rng(8), 2, 5, 3)));
    }

    @Test
    void gruVariantsAndGateActivations() throws IOException {
        Sequential m = sequential("gates", new int[] {-1, 3},
                new GRU(5, false).gateActivation(GateActivation.HARD_SIGMOID_KERAS2).returnSequences(true),
                new GRU(4).goBackwards(true).returnSequences(true),
                new LSTM(3).gateActivation(GateActivation.HARD_SIGMOID_KERAS3), new Dense(2, "relu"));
        Model back = roundTrip(m, List.of(random(new Rng(3), 3, 6, 3)));
        GRU g = (GRU) ((Sequential) back).sequentialLayers().get(0);
        assertFalse(g.resetAfter());
        assertEquals(GateActivation.HARD_SIGMOID_KERAS2, g.gateActivation());
    }

    @Test
    void bidirectionalEveryMergeModeAndCell() throws IOException {
        int i = 0;
        for (MergeMode mode : MergeMode.values()) {
            RecurrentLayer inner = switch (i++ % 3) {
                case 0 -> new GRU(4).returnSequences(true);
                case 1 -> new LSTM(4).returnSequences(true);
                default -> new SimpleRNN(4).returnSequences(true);
            };
            Sequential m = sequential("bi_" + mode, new int[] {-1, 3}, new Bidirectional(inner, mode),
                    new Bidirectional(new GRU(3, false), mode), new Dense(1));
            Model back = roundTrip(m, List.of(random(new Rng(4), 3, 5, 3)));
            assertEquals(mode, ((Bidirectional) ((Sequential) back).sequentialLayers().get(0)).mergeMode());
        }
    }

    @Test
    void recurrentStacks() throws IOException {
        Sequential m = sequential("stacks", new int[] {-1, 3},
                RecurrentStack.gru(3, 5, 2, true, new Rng(1)),
                RecurrentStack.lstm(10, 4, 2, false, new Rng(2)),
                RecurrentStack.rnn(4, 3, 1, true, true, new Rng(3)),
                new RecurrentStack(RecurrentStack.Kind.GRU_RESET_BEFORE, 6, 2, 1, false, new Rng(4)),
                new Dense(1));
        roundTrip(m, List.of(random(new Rng(5), 2, 6, 3)));
    }

    /** Encoder-decoder with state passing, a Bidirectional returning its states, a shared layer, two outputs. */
    static Model encoderDecoder() {
        Node enc = Node.input("encoder_in", -1, 3);
        Node dec = Node.input("decoder_in", -1, 2);
        Node[] e = Node.call(new LSTM(4).returnState(true).returnSequences(true).name("encoder"), enc);
        Node[] bi = Node.call(new Bidirectional(new GRU(4).returnState(true)).name("bi_encoder"), enc);
        Node[] d = Node.call(new LSTM(4).returnSequences(true).name("decoder"), dec, e[1], e[2]);
        Node[] d2 = Node.call(new GRU(4).returnSequences(true).name("decoder2"), dec, bi[2]);
        Dense shared = Dense.builder(2).name("shared_head").build();
        Node y1 = d[0].then(shared);
        Node y2 = d2[0].then(shared);
        Node summary = bi[0].then(new Dense(1, Activation.SIGMOID));
        return new Model("seq2seq", List.of(enc, dec), List.of(y1, y2, summary), 11);
    }

    @Test
    void functionalEncoderDecoderWithStatesAndSharedLayer() throws IOException {
        Model m = encoderDecoder();
        Rng rng = new Rng(6);
        Model back = roundTrip(m, List.of(random(rng, 3, 5, 3), random(rng, 3, 4, 2)));
        assertEquals(List.of("encoder_in", "decoder_in"), back.inputs().stream().map(Node::name).toList());
        assertEquals(m.outputIndices(), back.outputIndices());
    }

    @Test
    void compileSettingsSurvive() throws IOException {
        Model m = encoderDecoder();
        Adam adam = new Adam(new CosineDecay(0.01, 100, 0.1), 0.8, 0.99, 1e-6);
        adam.setClipping(GradientClipping.byGlobalNorm(1.5));
        List<Loss> losses = List.of(new MeanSquaredError(), new Huber(0.5), new BinaryCrossentropy(true));
        m.compile(adam, losses, new double[] {1, 0.5, 2}, List.of(List.of("mae"), List.of(), List.of("accuracy")));
        Path p = dir.resolve("compiled.gru4j");
        m.save(p);
        Model back = Model.load(p);
        Adam o = assertInstanceOf(Adam.class, back.optimizer());
        assertEquals(0.8, o.beta1());
        assertEquals(1e-6, o.epsilon());
        assertEquals("global_clipnorm", o.clipping().mode());
        assertEquals(1.5, o.clipping().limit());
        CosineDecay s = assertInstanceOf(CosineDecay.class, o.schedule());
        assertEquals(100, s.decaySteps());
        assertEquals(0.5, ((Huber) back.losses().get(1)).delta());
        assertTrue(((BinaryCrossentropy) back.losses().get(2)).fromLogits());
        assertArrayEquals(new double[] {1, 0.5, 2}, back.lossWeights());
        assertEquals(m.metricNames(), back.metricNames());
        assertArrayEquals(ModelFile.toBytes(m, true), ModelFile.toBytes(back, true));

        ModelFile.save(m, p, false);
        assertNull(Model.load(p).optimizer());
    }

    @Test
    void otherOptimizersAndSchedules() throws IOException {
        for (var opt : List.of(new SGD(0.1, 0.9, true),
                new RMSprop(new PiecewiseConstant(new long[] {10, 20}, new double[] {0.1, 0.01, 0.001}), 0.8, 0.5, 1e-6,
                        true),
                new org.gru4j.optim.Adagrad(0.02), new org.gru4j.optim.AdamW(0.003, 0.01))) {
            Sequential m = sequential("opt_" + opt.name(), new int[] {3}, new Dense(2));
            m.compile(opt, new MeanSquaredError());
            byte[] bytes = ModelFile.toBytes(m, true);
            Model back = ModelFile.read(bytes, "mem").model();
            assertEquals(opt.getClass(), back.optimizer().getClass());
            assertArrayEquals(bytes, ModelFile.toBytes(back, true));
        }
    }

    @Test
    void parameterFlagsSurvive() throws IOException {
        Sequential m = sequential("flags", new int[] {-1, 2}, new GRU(3), Dense.builder(1).name("head").build());
        m.namedParameters().get("head/kernel").setTrainable(false).setRegularization(0.001, 0.01);
        Model back = ModelFile.read(ModelFile.toBytes(m, true), "mem").model();
        assertFalse(back.namedParameters().get("head/kernel").trainable());
        assertEquals(0.01, back.namedParameters().get("head/kernel").l2());
        assertTrue(back.namedParameters().get("head/bias").trainable());
    }

    @Test
    void refusesWhatItCannotWrite() {
        Sequential unbuilt = new Sequential();
        unbuilt.add(new Dense(1));
        assertThrows(IllegalStateException.class, () -> ModelFile.toBytes(unbuilt, true));
        Sequential m = sequential("custom", new int[] {3}, new Dense(2));
        Loss custom = new Loss() {
            @Override
            public String name() {
                return "custom";
            }

            @Override
            public double compute(Tensor pred, Tensor target, Tensor sampleWeight, Tensor grad) {
                return 0;
            }
        };
        m.compile(new Adam(), custom);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.toBytes(m, true));
        assertTrue(e.getMessage().contains("without the compile settings"), e.getMessage());
        ModelFile.toBytes(m, false);
    }

    @Test
    void unknownLayerTypeIsNamed() throws IOException {
        Sequential m = sequential("unknown", new int[] {3}, new Dense(2));
        byte[] bytes = ModelFileCorruptTest.rewriteConf(ModelFile.toBytes(m, false),
                ModelFileCorruptTest.conf(ModelFile.toBytes(m, false)).replace("\"Dense\"", "\"Frobnicator\""));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(bytes, "mem"));
        assertTrue(e.getMessage().contains("unknown layer type(s): Frobnicator (layer 'dense"), e.getMessage());
    }

    @Test
    void registeredCodecsAreUsed() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> LayerCodecs.register(new LayerCodec() {
            @Override
            public String type() {
                return "Dense";
            }

            @Override
            public boolean handles(Object layer) {
                return false;
            }

            @Override
            public Map<String, Object> toConfig(Object layer) {
                return Map.of();
            }

            @Override
            public long parameterCount(LayerConfig config, List<int[]> inputShapes) {
                return 0;
            }

            @Override
            public Object create(String name, LayerConfig config) {
                return null;
            }
        }));
        assertTrue(LayerCodecs.types().containsAll(List.of("Dense", "Embedding", "Dropout", "GRU", "LSTM",
                "SimpleRNN", "Bidirectional", "RecurrentStack")));
    }

    @Test
    void savesAtomicallyOverAnExistingFile() throws IOException {
        Sequential m = sequential("atomic", new int[] {3}, new Dense(2));
        Path p = dir.resolve("a.gru4j");
        Files.writeString(p, "old content");
        ModelFile.save(m, p);
        assertArrayEquals(ModelFile.toBytes(m, true), Files.readAllBytes(p));
        List<Path> left = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.forEach(left::add);
        }
        assertEquals(List.of(p), left, "no temporary file is left behind");
    }
}
