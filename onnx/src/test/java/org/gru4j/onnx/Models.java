package org.gru4j.onnx;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.gru4j.kernels.GateActivation;
import org.gru4j.model.Sequential;
import org.gru4j.nn.Activation;
import org.gru4j.nn.Dense;
import org.gru4j.nn.Embedding;
import org.gru4j.nn.recurrent.Bidirectional;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.LSTM;
import org.gru4j.nn.recurrent.MergeMode;
import org.gru4j.nn.recurrent.RecurrentStack;
import org.gru4j.nn.recurrent.SimpleRNN;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/** The models every export test runs: each kind of layer and option, built with random weights and biases. */
final class Models {
    static final int FEATURES = 4;
    static final int VOCAB = 11;
    static final int BATCH = 3;
    static final int STEPS = 6;
    /** Right-padded lengths for the masked runs: full, partial, one step. */
    static final int[] LENGTHS = {6, 4, 1};

    private Models() {
    }

    /** Name to a factory of a built model whose weights (biases included) are uniform in (-0.5, 0.5). */
    static Map<String, Supplier<Sequential>> all() {
        Map<String, Supplier<Sequential>> m = new LinkedHashMap<>();
        m.put("gru_reset_after_seq", () -> seq(new GRU(5).returnSequences(true)));
        m.put("gru_reset_after_last", () -> seq(new GRU(5)));
        m.put("gru_reset_before_seq", () -> seq(new GRU(5, false).returnSequences(true)));
        m.put("gru_reset_before_last", () -> seq(new GRU(5, false)));
        m.put("gru_backwards_seq", () -> seq(new GRU(5).goBackwards(true).returnSequences(true)));
        m.put("gru_backwards_last", () -> seq(new GRU(5, false).goBackwards(true)));
        m.put("gru_hard_sigmoid_keras2", () -> seq(new GRU(5).gateActivation(GateActivation.HARD_SIGMOID_KERAS2)
                .returnSequences(true)));
        m.put("gru_hard_sigmoid_keras3", () -> seq(new GRU(5, false)
                .gateActivation(GateActivation.HARD_SIGMOID_KERAS3).returnSequences(true)));
        m.put("lstm_seq", () -> seq(new LSTM(5).returnSequences(true)));
        m.put("lstm_last", () -> seq(new LSTM(5)));
        m.put("lstm_backwards_seq", () -> seq(new LSTM(5).goBackwards(true).returnSequences(true)));
        m.put("lstm_hard_sigmoid_keras3", () -> seq(new LSTM(5).gateActivation(GateActivation.HARD_SIGMOID_KERAS3)));
        m.put("rnn_tanh_seq", () -> seq(new SimpleRNN(5).returnSequences(true)));
        m.put("rnn_relu_last", () -> seq(new SimpleRNN(5, true)));
        for (MergeMode mode : MergeMode.values()) {
            String k = mode.name().toLowerCase(java.util.Locale.ROOT);
            m.put("bi_gru_" + k + "_seq", () -> seq(new Bidirectional(new GRU(5).returnSequences(true), mode)));
            m.put("bi_lstm_" + k + "_last", () -> seq(new Bidirectional(new LSTM(5), mode)));
        }
        m.put("bi_rnn_relu_seq", () -> seq(new Bidirectional(new SimpleRNN(5, true).returnSequences(true))));
        m.put("bi_gru_hard_sigmoid_keras3", () -> seq(new Bidirectional(new GRU(5)
                .gateActivation(GateActivation.HARD_SIGMOID_KERAS3).returnSequences(true))));
        m.put("stacked_gru_lstm_dense", () -> seq(new GRU(6).returnSequences(true), new LSTM(5),
                new Dense(3, Activation.SOFTMAX)));
        m.put("stacked_bi_gru_gru_dense_seq", () -> seq(new Bidirectional(new GRU(4).returnSequences(true)),
                new GRU(5, false).returnSequences(true), new Dense(2, Activation.TANH)));
        m.put("recurrent_stack_gru_bi", () -> seq(RecurrentStack.gru(FEATURES, 5, 2, true, new Rng(3))));
        m.put("recurrent_stack_lstm", () -> seq(RecurrentStack.lstm(FEATURES, 5, 2, false, new Rng(4))));
        m.put("recurrent_stack_rnn_relu", () -> seq(RecurrentStack.rnn(FEATURES, 5, 1, true, true, new Rng(5))));
        m.put("gru_dense_relu_sigmoid", () -> seq(new GRU(5), new Dense(4, Activation.RELU),
                new Dense(1, Activation.SIGMOID)));
        return m;
    }

    static Sequential seq(org.gru4j.nn.Layer... layers) {
        Sequential s = new Sequential(7);
        s.input(-1, FEATURES);
        for (org.gru4j.nn.Layer l : layers) {
            s.add(l);
        }
        s.build();
        randomize(s, 11);
        return s;
    }

    /** Embedding(11, 4) -> GRU -> Dense softmax, token ids as input. */
    static Sequential embeddingModel(boolean maskZero) {
        Sequential s = new Sequential(7);
        s.input(-1);
        s.add(new Embedding(VOCAB, FEATURES, maskZero));
        s.add(new GRU(5));
        s.add(new Dense(3, Activation.SOFTMAX));
        s.build();
        randomize(s, 12);
        return s;
    }

    static void randomize(Sequential s, long seed) {
        Rng rng = new Rng(seed);
        float[] w = s.weights();
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (rng.nextDouble() - 0.5);
        }
        s.setWeights(w);
    }

    static Tensor input(long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[BATCH * STEPS * FEATURES];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * rng.nextDouble() - 1);
        }
        return Tensor.of(x, BATCH, STEPS, FEATURES);
    }

    /** Token ids in [1, VOCAB); with lengths, ids past a row's length are 0 (padding). */
    static Tensor ids(long seed, int[] lengths) {
        Rng rng = new Rng(seed);
        float[] x = new float[BATCH * STEPS];
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < STEPS; t++) {
                boolean real = lengths == null || t < lengths[b];
                x[b * STEPS + t] = real ? 1 + (int) (rng.nextDouble() * (VOCAB - 1)) : 0;
            }
        }
        return Tensor.of(x, BATCH, STEPS);
    }

    /** Max |a - b| over all elements, failing with the index of the worst one when it exceeds {@code tol}. */
    static double check(String what, Tensor expected, float[] actual, double tol) {
        float[] e = expected.data();
        org.junit.jupiter.api.Assertions.assertEquals(e.length, actual.length, what + ": element count");
        double scale = 0;
        for (float v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        org.junit.jupiter.api.Assertions.assertTrue(scale > 1e-3, what + ": expected output is (nearly) all zeros, "
                + "the comparison would prove nothing");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < e.length; i++) {
            double d = Math.abs(e[i] - actual[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        if (!(worst <= tol)) {
            org.junit.jupiter.api.Assertions.fail(what + ": max |diff| " + worst + " at flat index " + at
                    + " (expected " + e[at] + ", got " + actual[at] + "), shape " + Tensor.shapeString(expected.shape()));
        }
        return worst;
    }
}
