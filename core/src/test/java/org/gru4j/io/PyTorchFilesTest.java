package org.gru4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gru4j.model.Model;
import org.gru4j.model.Node;
import org.gru4j.model.Sequential;
import org.gru4j.nn.Context;
import org.gru4j.nn.Dense;
import org.gru4j.nn.Dropout;
import org.gru4j.nn.Embedding;
import org.gru4j.nn.recurrent.Bidirectional;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.LSTM;
import org.gru4j.nn.recurrent.MergeMode;
import org.gru4j.nn.recurrent.RecurrentStack;
import org.gru4j.nn.recurrent.SimpleRNN;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PyTorch state_dicts: the golden PyTorch files load through {@link PyTorchFiles} into a RecurrentStack and into
 * gru4j models mapped onto the module tree, and reproduce PyTorch's outputs; export and re-import round-trips bit
 * for bit; mismatches are refused without changing anything.
 */
class PyTorchFilesTest {
    static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    static Map<String, Tensor> golden(String stem) throws IOException {
        return PyTorchFiles.readStateDict(Golden.path(stem + ".safetensors"), "");
    }

    static Map<String, Tensor> weightsOf(Map<String, Tensor> g) {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        g.forEach((k, v) -> {
            if (k.startsWith("weight_") || k.startsWith("bias_")) {
                sd.put(k, v);
            }
        });
        return sd;
    }

    /** Max |a - b| over max |b|, as the golden tests measure. */
    static void assertClose(Tensor ref, Tensor got, String what) {
        assertArrayEquals(ref.shape(), got.shape(), what);
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < ref.size(); i++) {
            diff = Math.max(diff, Math.abs(ref.data()[i] - got.data()[i]));
            scale = Math.max(scale, Math.abs(ref.data()[i]));
        }
        assertTrue(diff <= TOLERANCE * scale, what + ": relative error " + diff / scale);
    }

    /** (L*D, B, H) state tensor, slice i as (B, H). */
    static Tensor slice(Tensor states, int i) {
        int b = states.dim(1);
        int h = states.dim(2);
        float[] out = new float[b * h];
        System.arraycopy(states.data(), i * b * h, out, 0, out.length);
        return Tensor.of(out, b, h);
    }

    @Test
    void goldenBidirectionalTwoLayerGruIntoARecurrentStack() throws IOException {
        Map<String, Tensor> g = golden("gru_2l_bidir");
        Tensor x = g.get("input");
        RecurrentStack stack = RecurrentStack.gru(5, 6, 2, true, new Rng(0));
        stack.loadStateDict(weightsOf(g));
        RecurrentStack.Result r = stack.run(x, g.get("h0"), null, null, Context.INFERENCE);
        assertClose(g.get("output"), r.output(), "output");
        assertClose(g.get("h_n"), r.hn(), "h_n");
    }

    @Test
    void goldenBidirectionalTwoLayerGruIntoAFunctionalModel() throws IOException {
        Map<String, Tensor> g = golden("gru_2l_bidir");
        Node x = Node.input("x", -1, 5);
        Node[] h = new Node[4];
        for (int i = 0; i < 4; i++) {
            h[i] = Node.input("h" + i, 6);
        }
        Node y0 = Node.call(new Bidirectional(new GRU(6).returnSequences(true)).name("b0"), x, h[0], h[1])[0];
        Node y1 = Node.call(new Bidirectional(new GRU(6).returnSequences(true)).name("b1"), y0, h[2], h[3])[0];
        Model m = new Model("torch_gru", List.of(x, h[0], h[1], h[2], h[3]), List.of(y1), 3);
        PyTorchFiles.loadStateDict(m, weightsOf(g), Map.of("b0", "#0", "b1", "#1"));
        List<Tensor> in = new ArrayList<>(List.of(g.get("input")));
        for (int i = 0; i < 4; i++) {
            in.add(slice(g.get("h0"), i));
        }
        assertClose(g.get("output"), m.predict(in, null, 32).get(0), "output");
        // And back: the export equals the golden weights (bias_hh kept: the reset-after GRU has two biases).
        Map<String, Tensor> back = PyTorchFiles.stateDict(m, Map.of("b0", "#0", "b1", "#1"));
        assertEquals(weightsOf(g).keySet(), back.keySet());
        weightsOf(g).forEach((k, v) -> assertArrayEquals(v.data(), back.get(k).data(), k));
    }

    @Test
    void goldenLstmAndRnnLoadTheirTwoBiasesAsOne() throws IOException {
        for (String stem : List.of("lstm_1l", "rnn_tanh_1l")) {
            Map<String, Tensor> g = golden(stem);
            boolean lstm = stem.startsWith("lstm");
            Node x = Node.input("x", -1, 3);
            Node h0 = Node.input("h0", 4);
            Node c0 = Node.input("c0", 4);
            Node y = lstm ? Node.call(new LSTM(4).returnSequences(true).name("rnn"), x, h0, c0)[0]
                    : Node.call(new SimpleRNN(4).returnSequences(true).name("rnn"), x, h0)[0];
            Model m = new Model(stem, lstm ? List.of(x, h0, c0) : List.of(x, h0), List.of(y), 1);
            PyTorchFiles.loadStateDict(m, weightsOf(g), Map.of("rnn", ""));
            List<Tensor> in = lstm ? List.of(g.get("input"), slice(g.get("h0"), 0), slice(g.get("c0"), 0))
                    : List.of(g.get("input"), slice(g.get("h0"), 0));
            assertClose(g.get("output"), m.predict(in, null, 32).get(0), stem);
            Map<String, Tensor> back = PyTorchFiles.stateDict(m, Map.of("rnn", ""));
            float[] sum = g.get("bias_ih_l0").data().clone();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += g.get("bias_hh_l0").data()[i];
            }
            assertArrayEquals(sum, back.get("bias_ih_l0").data());
            assertArrayEquals(new float[sum.length], back.get("bias_hh_l0").data());
        }
    }

    static Sequential textModel(long seed) {
        Sequential m = new Sequential("text", seed);
        m.input(-1).add(new Embedding(30, 8, true, org.gru4j.nn.init.Initializers.normal(0, 1), "emb"))
                .add(RecurrentStack.lstm(8, 6, 2, true, new Rng(seed)).name("lstm"))
                .add(new Dropout(0.2)).add(Dense.builder(3).name("fc").build());
        return m.build();
    }

    @Test
    void embeddingStackLinearRoundTripsThroughAFile() throws IOException {
        Map<String, String> modules = Map.of("emb", "emb", "lstm", "encoder.lstm", "fc", "fc");
        Sequential a = textModel(1);
        Path p = dir.resolve("state_dict.safetensors");
        PyTorchFiles.writeStateDict(p, PyTorchFiles.stateDict(a, modules));
        Map<String, Tensor> sd = PyTorchFiles.readStateDict(p, "");
        assertTrue(sd.keySet().containsAll(List.of("emb.weight", "encoder.lstm.weight_ih_l0",
                "encoder.lstm.bias_hh_l1_reverse", "fc.weight", "fc.bias")), sd.keySet().toString());
        assertArrayEquals(new int[] {3, 12}, sd.get("fc.weight").shape(), "nn.Linear weight is (out, in)");
        Sequential b = textModel(2);
        PyTorchFiles.loadStateDict(b, sd, modules);
        assertArrayEquals(a.weights(), b.weights());
        Tensor ids = ModelFileTest.tokens(new Rng(3), 4, 7, 30);
        assertArrayEquals(a.predict(ids).data(), b.predict(ids).data());
        assertEquals(Map.of("weight", sd.get("emb.weight")).keySet(), PyTorchFiles.readStateDict(p, "emb.").keySet());
    }

    @Test
    void mismatchesAreRefusedAndChangeNothing() {
        Map<String, String> modules = Map.of("emb", "emb", "lstm", "lstm", "fc", "fc");
        Sequential a = textModel(1);
        Sequential b = textModel(2);
        float[] before = b.weights();
        Map<String, Tensor> sd = PyTorchFiles.stateDict(a, modules);

        Map<String, Tensor> missing = new LinkedHashMap<>(sd);
        missing.remove("fc.bias");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PyTorchFiles.loadStateDict(b, missing, modules));
        assertTrue(e.getMessage().contains("missing [fc.bias]"), e.getMessage());

        Map<String, Tensor> extra = new LinkedHashMap<>(sd);
        extra.put("fc.weight_extra", Tensor.zeros(1));
        assertThrows(IllegalArgumentException.class, () -> PyTorchFiles.loadStateDict(b, extra, modules));

        Map<String, Tensor> wrong = new LinkedHashMap<>(sd);
        wrong.put("fc.weight", Tensor.zeros(12, 3));
        ShapeException s = assertThrows(ShapeException.class, () -> PyTorchFiles.loadStateDict(b, wrong, modules));
        assertTrue(s.getMessage().contains("fc.weight"), s.getMessage());
        assertArrayEquals(before, b.weights(), "a refused state_dict changed weights");

        assertThrows(IllegalArgumentException.class, () -> PyTorchFiles.stateDict(a, Map.of("emb", "emb")));
        Sequential backwards = new Sequential();
        backwards.input(-1, 2).add(new GRU(3).goBackwards(true).name("g"));
        backwards.build();
        assertThrows(IllegalArgumentException.class, () -> PyTorchFiles.stateDict(backwards, Map.of("g", "gru")));
        Sequential summed = new Sequential();
        summed.input(-1, 2).add(new Bidirectional(new GRU(3), MergeMode.SUM).name("bi"));
        summed.build();
        assertThrows(IllegalArgumentException.class, () -> PyTorchFiles.stateDict(summed, Map.of("bi", "gru")));
    }
}
