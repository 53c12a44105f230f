package org.gru4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;

class DropoutTest {

    private static Dropout built(double rate, int... shape) {
        Dropout d = new Dropout(rate);
        d.build(shape, new Rng(0));
        return d;
    }

    @Test
    void keepsAboutOneMinusRateAndScalesKeptUnits() {
        Dropout d = built(0.3, 100);
        Tensor x = Tensor.zeros(100, 100).fill(1f);
        Tensor y = d.forward(x, null, Context.training(new Rng(1))).output();
        int kept = 0;
        float scale = 1f / (1f - 0.3f);
        for (float v : y.data()) {
            assertTrue(v == 0f || v == scale, "value " + v);
            kept += v != 0f ? 1 : 0;
        }
        // 10,000 Bernoulli(0.7) draws: standard deviation of the fraction is 0.0046; allow 5 of them.
        assertEquals(0.7, kept / 10000.0, 0.023);
        // The mean is preserved in expectation.
        assertEquals(1.0, kept * scale / 10000.0, 0.033);
    }

    @Test
    void identityAtInferenceAndMaskPassesThrough() {
        Dropout d = built(0.5, 3, 2);
        Tensor x = LayerGradientTest.gaussian(1, 2, 3, 2);
        Mask m = Mask.fromLengths(new int[] {3, 1}, 3);
        Forward f = d.forward(x, m, Context.INFERENCE);
        assertSame(x, f.output());
        assertSame(m, f.mask());
        Tensor g = Tensor.zeros(2, 3, 2).fill(1f);
        assertSame(g, d.backward(f, g));
        assertSame(m, d.forward(x, m, Context.training(new Rng(1))).mask());
    }

    @Test
    void sameSeedSameMaskAndBackwardUsesIt() {
        Dropout d = built(0.5, 64);
        Tensor x = Tensor.zeros(4, 64).fill(1f);
        Forward a = d.forward(x, null, Context.training(new Rng(9)));
        Forward b = d.forward(x, null, Context.training(new Rng(9)));
        Forward c = d.forward(x, null, Context.training(new Rng(10)));
        assertArrayEquals(a.output().data(), b.output().data());
        assertFalse(Arrays.equals(a.output().data(), c.output().data()));
        // With x = 1 the output is the multiplier itself, so dx = dy * output for dy = 3.
        Tensor dx = d.backward(a, Tensor.zeros(4, 64).fill(3f));
        for (int i = 0; i < dx.size(); i++) {
            assertEquals(3f * a.output().data()[i], dx.data()[i]);
        }
    }

    @Test
    void rateIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(Double.NaN));
        Dropout zero = built(0.0, 2);
        Tensor x = Tensor.zeros(1, 2);
        assertSame(x, zero.forward(x, null, Context.training(new Rng(1))).output());
    }
}
