package org.gru4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gru4j.nn.Parameter;
import org.junit.jupiter.api.Test;

class ScheduleAndClippingTest {

    @Test
    void exponentialDecay() {
        ExponentialDecay smooth = new ExponentialDecay(0.1, 10, 0.5, false);
        ExponentialDecay stairs = new ExponentialDecay(0.1, 10, 0.5, true);
        assertEquals(0.1, smooth.at(0), 1e-15);
        assertEquals(0.1 * Math.pow(0.5, 0.5), smooth.at(5), 1e-15); // 0.0707107
        assertEquals(0.05, smooth.at(10), 1e-15);
        assertEquals(0.025, smooth.at(20), 1e-15);
        assertEquals(0.1, stairs.at(9), 1e-15);
        assertEquals(0.05, stairs.at(10), 1e-15);
        assertEquals(0.05, stairs.at(19), 1e-15);
        assertEquals(0.025, stairs.at(25), 1e-15);
    }

    @Test
    void cosineDecay() {
        CosineDecay c = new CosineDecay(1.0, 100, 0.1);
        assertEquals(1.0, c.at(0), 1e-15);
        // half way: cos(pi/2) = 0, so 0.9 * 0.5 + 0.1 = 0.55
        assertEquals(0.55, c.at(50), 1e-12);
        // a quarter: 0.9 * (1 + cos(pi/4)) / 2 + 0.1 = 0.868198
        assertEquals(0.9 * (1 + Math.sqrt(0.5)) / 2 + 0.1, c.at(25), 1e-12);
        assertEquals(0.1, c.at(100), 1e-12);
        assertEquals(0.1, c.at(1000), 1e-12);
        assertEquals(0.0, new CosineDecay(1.0, 10).at(10), 1e-12);
    }

    @Test
    void piecewiseConstant() {
        PiecewiseConstant p = new PiecewiseConstant(new long[] {100, 200}, new double[] {1.0, 0.5, 0.1});
        assertEquals(1.0, p.at(0));
        assertEquals(1.0, p.at(100)); // boundaries belong to the interval on their left, as in Keras
        assertEquals(0.5, p.at(101));
        assertEquals(0.5, p.at(200));
        assertEquals(0.1, p.at(201));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PiecewiseConstant(new long[] {1, 2}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("expected 3 values for 2 boundaries, got 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PiecewiseConstant(new long[] {2, 2}, new double[3]));
    }

    private static List<Parameter> grads(float[] a, float[] b) {
        Parameter p = new Parameter("a", a.length);
        Parameter q = new Parameter("b", b.length);
        System.arraycopy(a, 0, p.grads(), 0, a.length);
        System.arraycopy(b, 0, q.grads(), 0, b.length);
        return List.of(p, q);
    }

    @Test
    void clipByValue() {
        List<Parameter> ps = grads(new float[] {-3, 0.5f}, new float[] {2});
        GradientClipping.byValue(1).apply(ps);
        assertArrayEquals(new float[] {-1, 0.5f}, ps.get(0).grads());
        assertArrayEquals(new float[] {1}, ps.get(1).grads());
    }

    @Test
    void clipByNormPerParameter() {
        // a = (3, 4) has norm 5 -> scaled to norm 1: (0.6, 0.8); b = (0.5) has norm 0.5 < 1: unchanged
        List<Parameter> ps = grads(new float[] {3, 4}, new float[] {0.5f});
        GradientClipping.byNorm(1).apply(ps);
        assertArrayEquals(new float[] {0.6f, 0.8f}, ps.get(0).grads(), 1e-7f);
        assertArrayEquals(new float[] {0.5f}, ps.get(1).grads());
    }

    @Test
    void clipByGlobalNorm() {
        // global norm sqrt(9 + 16 + 144) = 13; clip 6.5 halves everything
        List<Parameter> ps = grads(new float[] {3, 4}, new float[] {12});
        GradientClipping.byGlobalNorm(6.5).apply(ps);
        assertArrayEquals(new float[] {1.5f, 2f}, ps.get(0).grads(), 1e-6f);
        assertArrayEquals(new float[] {6f}, ps.get(1).grads(), 1e-6f);
        // below the limit: untouched
        List<Parameter> small = grads(new float[] {3, 4}, new float[] {12});
        GradientClipping.byGlobalNorm(20).apply(small);
        assertArrayEquals(new float[] {3, 4}, small.get(0).grads());
        // non-finite norm: NaN everywhere, as Keras
        List<Parameter> bad = grads(new float[] {Float.POSITIVE_INFINITY, 1}, new float[] {1});
        GradientClipping.byGlobalNorm(1).apply(bad);
        assertTrue(Float.isNaN(bad.get(1).grads()[0]));
    }

    @Test
    void clippingSkipsFrozenParametersAndRunsBeforeTheUpdate() {
        List<Parameter> ps = grads(new float[] {3, 4}, new float[] {12});
        ps.get(1).setTrainable(false);
        GradientClipping.byGlobalNorm(1).apply(ps);
        // only a counts: norm 5
        assertArrayEquals(new float[] {0.6f, 0.8f}, ps.get(0).grads(), 1e-7f);
        assertArrayEquals(new float[] {12}, ps.get(1).grads());

        Parameter x = new Parameter("x", 1);
        x.grads()[0] = 10f;
        new SGD(0.1).setClipping(GradientClipping.byValue(0.5)).step(List.of(x));
        assertEquals(-0.05f, x.values()[0], 1e-8f);
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.byNorm(0));
    }
}
