package org.gru4j.nn.recurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.gru4j.kernels.GateActivation;
import java.util.function.Supplier;
import org.gru4j.nn.Context;
import org.gru4j.nn.Mask;
import org.gru4j.nn.Parameter;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keras masking semantics, checked against running each sequence alone at its true length: at a masked step the
 * state is carried and the output repeats the previous output (zeros before the first real step).
 */
class MaskingTest {
    static final int T = 6;
    static final int[] LENGTHS = {6, 3, 1, 0};
    static final int IN = 3;
    static final int H = 4;

    static Supplier<RecurrentLayer> factory(String kind) {
        switch (kind) {
            case "gru":
                return () -> new GRU(H);
            case "gru_before":
                return () -> new GRU(H, false);
            case "lstm":
                return () -> new LSTM(H);
            case "gru_hard":
                return () -> new GRU(H).gateActivation(GateActivation.HARD_SIGMOID_KERAS2);
            case "gru_before_hard":
                return () -> new GRU(H, false).gateActivation(GateActivation.HARD_SIGMOID_KERAS3);
            case "gru_drop":
                return () -> new GRU(H).dropout(0.3).recurrentDropout(0.4);
            case "gru_before_drop":
                return () -> new GRU(H, false).dropout(0.25).recurrentDropout(0.5);
            case "lstm_drop":
                return () -> new LSTM(H).dropout(0.3).recurrentDropout(0.4);
            case "rnn_drop":
                return () -> new SimpleRNN(H).dropout(0.3).recurrentDropout(0.4);
            case "lstm_hard":
                return () -> new LSTM(H).gateActivation(GateActivation.HARD_SIGMOID_KERAS2);
            case "rnn":
                return () -> new SimpleRNN(H);
            case "gru_ln":
                return () -> new GRU(H).layerNorm(true);
            case "gru_ln_drop":
                return () -> new GRU(H).layerNorm(true).dropout(0.3).recurrentDropout(0.4);
            case "gru_ln_hard":
                return () -> new GRU(H).gateActivation(GateActivation.HARD_SIGMOID_KERAS3).layerNorm(true);
            default:
                return () -> new SimpleRNN(H, true);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gru", "gru_before", "lstm", "rnn", "rnn_relu", "gru_hard", "lstm_hard", "gru_ln"})
    void maskedBatchEqualsEachSequenceAlone(String kind) {
        for (boolean backwards : new boolean[] {false, true}) {
            RecurrentLayer layer = factory(kind).get().returnSequences(true).goBackwards(backwards);
            layer.build(new int[] {T, IN}, new Rng(7));
            Rng rng = new Rng(11);
            int batch = LENGTHS.length;
            float[] xd = new float[batch * T * IN];
            for (int i = 0; i < xd.length; i++) {
                xd[i] = (float) rng.nextGaussian();
            }
            Tensor x = Tensor.of(xd, batch, T, IN);
            RecurrentLayer.Result r = layer.run(x, null, Mask.fromLengths(LENGTHS, T), Context.INFERENCE);
            float[] out = r.output().data();
            for (int b = 0; b < batch; b++) {
                int len = LENGTHS[b];
                float[] expectedSeq = new float[T * H];
                float[][] expectedFinal = new float[layer.stateCount()][H];
                if (len > 0) {
                    float[] xs = new float[len * IN];
                    System.arraycopy(xd, b * T * IN, xs, 0, len * IN);
                    RecurrentLayer.Result alone = layer.run(Tensor.of(xs, 1, len, IN), null, null, Context.INFERENCE);
                    float[] ao = alone.output().data();
                    int lead = backwards ? T - len : 0;
                    for (int s = 0; s < T; s++) {
                        int src = Math.min(Math.max(s - lead, -1), len - 1);
                        if (src >= 0) {
                            System.arraycopy(ao, src * H, expectedSeq, s * H, H);
                        }
                    }
                    for (int k = 0; k < layer.stateCount(); k++) {
                        expectedFinal[k] = alone.finalStates()[k].data();
                    }
                }
                for (int i = 0; i < T * H; i++) {
                    assertEquals(expectedSeq[i], out[b * T * H + i], 1e-6f,
                            kind + " backwards=" + backwards + " sample " + b + " step " + (i / H) + " unit " + (i % H));
                }
                for (int k = 0; k < layer.stateCount(); k++) {
                    for (int j = 0; j < H; j++) {
                        assertEquals(expectedFinal[k][j], r.finalStates()[k].data()[b * H + j], 1e-6f,
                                kind + " final state " + k + " sample " + b);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gru", "lstm"})
    void lastOutputIsLastRealStep(String kind) {
        RecurrentLayer seq = factory(kind).get().returnSequences(true);
        seq.build(new int[] {T, IN}, new Rng(3));
        RecurrentLayer last = factory(kind).get();
        last.build(new int[] {T, IN}, new Rng(3));
        List<Parameter> a = seq.parameters();
        List<Parameter> b = last.parameters();
        for (int i = 0; i < a.size(); i++) {
            b.get(i).set(a.get(i).valueTensor());
        }
        Rng rng = new Rng(5);
        float[] xd = new float[LENGTHS.length * T * IN];
        for (int i = 0; i < xd.length; i++) {
            xd[i] = rng.uniform(-1, 1);
        }
        Tensor x = Tensor.of(xd, LENGTHS.length, T, IN);
        Mask m = Mask.fromLengths(LENGTHS, T);
        float[] full = seq.run(x, null, m, Context.INFERENCE).output().data();
        float[] end = last.run(x, null, m, Context.INFERENCE).output().data();
        for (int s = 0; s < LENGTHS.length; s++) {
            for (int j = 0; j < H; j++) {
                assertEquals(full[(s * T + T - 1) * H + j], end[s * H + j], 0f);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gru"})
    void wrongShapesSayExpectedAndGot(String kind) {
        RecurrentLayer layer = factory(kind).get();
        layer.build(new int[] {-1, IN}, new Rng(1));
        ShapeException e = assertThrows(ShapeException.class,
                () -> layer.run(Tensor.zeros(2, 5, IN + 1), null, null, Context.INFERENCE));
        assertEquals(layer.name() + " input (batch, steps, features): expected shape (*, *, 3), got (2, 5, 4)",
                e.getMessage());
        ShapeException s = assertThrows(ShapeException.class, () -> layer.run(Tensor.zeros(2, 5, IN),
                new Tensor[] {Tensor.zeros(3, H)}, null, Context.INFERENCE));
        assertEquals(layer.name() + " initial state 0 (batch, units): expected shape (2, 4), got (3, 4)",
                s.getMessage());
        ShapeException mk = assertThrows(ShapeException.class, () -> layer.run(Tensor.zeros(2, 5, IN), null,
                Mask.fromLengths(new int[] {1, 2, 3}, 5), Context.INFERENCE));
        assertEquals("mask: expected 2 x 5 (batch x steps), got 3 x 5", mk.getMessage());
    }
}
