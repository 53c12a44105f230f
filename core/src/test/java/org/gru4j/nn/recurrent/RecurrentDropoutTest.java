package org.gru4j.nn.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.gru4j.nn.Context;
import org.gru4j.nn.Parameter;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;

/** Variational dropout in recurrent layers: one mask per sequence, inverted scaling, off at inference. */
class RecurrentDropoutTest {
    static final int B = 4;
    static final int T = 6;
    static final int IN = 5;
    static final int H = 3;

    static Tensor input() {
        Rng rng = new Rng(1);
        float[] d = new float[B * T * IN];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rng.nextGaussian();
        }
        return Tensor.of(d, B, T, IN);
    }

    static void copyWeights(RecurrentLayer from, RecurrentLayer to) {
        for (int i = 0; i < from.parameters().size(); i++) {
            Parameter p = from.parameters().get(i);
            to.parameters().get(i).set(p.valueTensor());
        }
    }

    /** Input dropout equals running the plain layer on x times one per-sequence mask, the same at every step. */
    @Test
    void inputDropoutIsOneMaskPerSequence() {
        RecurrentLayer dropped = new GRU(H).dropout(0.4).returnSequences(true);
        RecurrentLayer plain = new GRU(H).returnSequences(true);
        dropped.build(new int[] {T, IN}, new Rng(3));
        plain.build(new int[] {T, IN}, new Rng(4));
        copyWeights(dropped, plain);
        Tensor x = input();
        float[] got = dropped.run(x, null, null, Context.training(new Rng(9))).output().data();
        // The layer draws its input mask first, row by row, from the context's generator.
        Rng rng = new Rng(9);
        float[] mask = new float[B * IN];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextFloat() >= 0.4f ? 1f / (1f - 0.4f) : 0f;
        }
        float[] xm = x.data().clone();
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                for (int i = 0; i < IN; i++) {
                    xm[(b * T + t) * IN + i] *= mask[b * IN + i];
                }
            }
        }
        float[] expected = plain.run(Tensor.of(xm, B, T, IN), null, null, Context.INFERENCE).output().data();
        assertArrayEquals(expected, got, 1e-6f);
        assertFalse(Arrays.equals(expected, plain.run(x, null, null, Context.INFERENCE).output().data()));
    }

    @Test
    void inferenceIgnoresDropout() {
        for (String kind : new String[] {"gru_drop", "gru_before_drop", "lstm_drop", "rnn_drop"}) {
            RecurrentLayer dropped = MaskingTest.factory(kind).get().returnSequences(true);
            dropped.build(new int[] {T, IN}, new Rng(3));
            RecurrentLayer plain = dropped.freshCopy("plain").dropout(0).recurrentDropout(0);
            plain.build(new int[] {T, IN}, new Rng(3));
            copyWeights(dropped, plain);
            Tensor x = input();
            assertArrayEquals(plain.run(x, null, null, Context.INFERENCE).output().data(),
                    dropped.run(x, null, null, Context.INFERENCE).output().data(), kind);
            assertFalse(Arrays.equals(plain.run(x, null, null, Context.INFERENCE).output().data(),
                    dropped.run(x, null, null, Context.training(new Rng(2))).output().data()), kind);
        }
    }

    @Test
    void ratesAreValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GRU(2).dropout(1.0));
        assertEquals(true, e.getMessage().contains("dropout rate must be in [0, 1), got 1.0"));
        assertThrows(IllegalArgumentException.class, () -> new LSTM(2).recurrentDropout(-0.1));
    }
}
