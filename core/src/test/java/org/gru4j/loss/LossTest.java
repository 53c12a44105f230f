package org.gru4j.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;

class LossTest {
    private static final double TOL = 1e-6;

    private static Tensor t(float[][] rows) {
        return Tensor.of(rows);
    }

    private static void assertTensor(String what, double[] expected, Tensor got, double tol) {
        assertEquals(expected.length, got.size(), what + " size");
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - got.data()[i]);
            if (diff > tol + tol * Math.abs(expected[i])) {
                fail(what + "[" + i + "]: expected " + expected[i] + ", got " + got.data()[i] + " (diff " + diff + ")");
            }
        }
    }

    @Test
    void binaryCrossentropyOnProbabilities() {
        Tensor p = t(new float[][] {{0.9f, 0.2f}, {0.6f, 0.3f}});
        Tensor y = t(new float[][] {{1, 0}, {1, 1}});
        Tensor g = Tensor.zeros(2, 2);
        double l = new BinaryCrossentropy().compute(p, y, null, g);
        // rows: (-ln 0.9 - ln 0.8) / 2 = 0.164272, (-ln 0.6 - ln 0.3) / 2 = 0.857380; mean 0.510826
        assertEquals(((-Math.log(0.9) - Math.log(0.8)) / 2 + (-Math.log(0.6) - Math.log(0.3)) / 2) / 2, l, TOL);
        assertEquals(0.5108256237659907, l, TOL);
        // dL/dp = (p - y) / (p (1 - p)) / (C R) with C R = 4: -0.1/0.09/4, 0.2/0.16/4, -0.4/0.24/4, -0.7/0.21/4
        assertTensor("bce grad", new double[] {-0.2777778, 0.3125, -0.4166667, -0.8333333}, g, 1e-5);
    }

    @Test
    void binaryCrossentropyClipsLikeKeras() {
        Tensor p = Tensor.of(new float[] {0f, 1f}, 2, 1);
        Tensor y = Tensor.of(new float[] {1f, 1f}, 2, 1);
        Tensor g = Tensor.zeros(2, 1);
        double l = new BinaryCrossentropy().compute(p, y, null, g);
        // p = 0 is clipped to 1e-7: -ln(1e-7) = 16.118096; p = 1 to 1 - 1e-7: -ln(1 - 1e-7) ~ 1e-7
        assertEquals((-Math.log(1e-7) - Math.log(1 - 1e-7)) / 2, l, 1e-6);
        assertEquals(0f, g.data()[0]); // the clip is active: no gradient, as in Keras
    }

    @Test
    void binaryCrossentropyOnLogitsIsStableAndEqualsSigmoidVersion() {
        Rng rng = new Rng(1);
        float[] x = new float[12];
        float[] pr = new float[12];
        float[] y = new float[12];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.uniform(-4, 4);
            pr[i] = (float) BinaryCrossentropy.sigmoid(x[i]);
            y[i] = rng.nextFloat();
        }
        Tensor gl = Tensor.zeros(3, 4);
        Tensor gp = Tensor.zeros(3, 4);
        double ll = new BinaryCrossentropy(true).compute(Tensor.of(x, 3, 4), Tensor.of(y, 3, 4), null, gl);
        double lp = new BinaryCrossentropy(false).compute(Tensor.of(pr, 3, 4), Tensor.of(y, 3, 4), null, gp);
        assertEquals(lp, ll, 1e-6);
        // chain rule: dL/dx = dL/dp * p (1 - p)
        for (int i = 0; i < x.length; i++) {
            double viaP = gp.data()[i] * pr[i] * (1 - pr[i]);
            assertEquals(viaP, gl.data()[i], 1e-6, "index " + i);
        }
        // huge logits do not overflow: x = 1000, y = 0 gives 1000; x = -1000, y = 0 gives 0
        double big = new BinaryCrossentropy(true).compute(Tensor.of(new float[] {1000f, -1000f}, 2),
                Tensor.of(new float[] {0f, 0f}, 2));
        assertEquals(500.0, big, 1e-9);
    }

    @Test
    void categoricalCrossentropyOnProbabilities() {
        Tensor p = t(new float[][] {{0.7f, 0.2f, 0.1f}, {0.1f, 0.3f, 0.6f}});
        Tensor y = t(new float[][] {{0, 1, 0}, {0, 0, 1}});
        Tensor g = Tensor.zeros(2, 3);
        double l = new CategoricalCrossentropy().compute(p, y, null, g);
        // (-ln 0.2 - ln 0.6) / 2 = (1.609438 + 0.510826) / 2
        assertEquals(1.0601317681000455, l, TOL);
        // rows sum to 1, so dl/dp_j = -y_j / p_j + sum_i y_i = -y_j / p_j + 1, then / R = 2:
        // row 0: (1, 1 - 5, 1) / 2; row 1: (1, 1, 1 - 1/0.6) / 2
        assertTensor("cce grad", new double[] {0.5, -2, 0.5, 0.5, 0.5, -1.0 / 3}, g, 1e-5);
    }

    @Test
    void categoricalCrossentropyRenormalisesLikeKeras() {
        // (1, 1, 2) is read as (0.25, 0.25, 0.5): loss -ln 0.5
        double l = new CategoricalCrossentropy().compute(t(new float[][] {{1, 1, 2}}), t(new float[][] {{0, 0, 1}}));
        assertEquals(Math.log(2), l, TOL);
    }

    @Test
    void crossentropyFromLogitsEqualsSoftmaxVersionAndSparseEqualsOneHot() {
        Rng rng = new Rng(2);
        int b = 2;
        int steps = 3;
        int c = 4;
        float[] x = new float[b * steps * c];
        float[] sm = new float[x.length];
        float[] onehot = new float[x.length];
        float[] ids = new float[b * steps];
        for (int r = 0; r < b * steps; r++) {
            double z = 0;
            for (int k = 0; k < c; k++) {
                x[r * c + k] = rng.uniform(-3, 3);
                z += Math.exp(x[r * c + k]);
            }
            for (int k = 0; k < c; k++) {
                sm[r * c + k] = (float) (Math.exp(x[r * c + k]) / z);
            }
            ids[r] = rng.nextInt(c);
            onehot[r * c + (int) ids[r]] = 1;
        }
        Tensor xs = Tensor.of(x, b, steps, c);
        Tensor ps = Tensor.of(sm, b, steps, c);
        Tensor oh = Tensor.of(onehot, b, steps, c);
        Tensor id = Tensor.of(ids, b, steps);
        Tensor w = Tensor.of(new float[] {0.5f, 2f}, b);

        Tensor g1 = Tensor.zeros(b, steps, c);
        Tensor g2 = Tensor.zeros(b, steps, c);
        Tensor g3 = Tensor.zeros(b, steps, c);
        Tensor g4 = Tensor.zeros(b, steps, c);
        double l1 = new CategoricalCrossentropy(true).compute(xs, oh, w, g1);
        double l2 = new SparseCategoricalCrossentropy(true).compute(xs, id, w, g2);
        double l3 = new CategoricalCrossentropy(false).compute(ps, oh, w, g3);
        double l4 = new SparseCategoricalCrossentropy(false).compute(ps, id.reshape(b, steps, 1), w, g4);
        assertEquals(l1, l2, 1e-12);
        assertEquals(l1, l3, 1e-6);
        assertEquals(l3, l4, 1e-12);
        assertTensor("sparse vs categorical logits grad", toDouble(g1), g2, 1e-7);
        assertTensor("sparse vs categorical prob grad", toDouble(g3), g4, 1e-7);
        // chain rule through softmax: dL/dx_j = p_j (dL/dp_j - sum_i dL/dp_i p_i)
        for (int r = 0; r < b * steps; r++) {
            double dot = 0;
            for (int k = 0; k < c; k++) {
                dot += g3.data()[r * c + k] * sm[r * c + k];
            }
            for (int k = 0; k < c; k++) {
                int i = r * c + k;
                assertEquals(sm[i] * (g3.data()[i] - dot), g1.data()[i], 1e-6, "index " + i);
            }
        }
    }

    private static double[] toDouble(Tensor t) {
        double[] d = new double[t.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = t.data()[i];
        }
        return d;
    }

    @Test
    void meanSquaredAndAbsoluteError() {
        Tensor p = t(new float[][] {{1, 2}, {3, 4}});
        Tensor y = t(new float[][] {{1, 1}, {1, 1}});
        Tensor g = Tensor.zeros(2, 2);
        // errors (0, 1), (2, 3): row means (0 + 1)/2 = 0.5 and (4 + 9)/2 = 6.5, mean 3.5
        assertEquals(3.5, new MeanSquaredError().compute(p, y, null, g), TOL);
        // 2 e / (C R) = e / 2
        assertTensor("mse grad", new double[] {0, 0.5, 1, 1.5}, g, 1e-7);
        // |e| row means 0.5 and 2.5, mean 1.5; sign(e) / 4 with sign(0) = 0
        assertEquals(1.5, new MeanAbsoluteError().compute(p, y, null, g), TOL);
        assertTensor("mae grad", new double[] {0, 0.25, 0.25, 0.25}, g, 1e-7);
    }

    @Test
    void huber() {
        Tensor p = Tensor.of(new float[] {0.5f, 3f}, 1, 2);
        Tensor y = Tensor.of(new float[] {0f, 1f}, 1, 2);
        Tensor g = Tensor.zeros(1, 2);
        // e = (0.5, 2): 0.5 * 0.25 = 0.125 and 1 * 2 - 0.5 = 1.5; mean 0.8125
        assertEquals(0.8125, new Huber().compute(p, y, null, g), TOL);
        assertTensor("huber grad", new double[] {0.25, 0.5}, g, 1e-7);
        // delta 2: e = 2 is still quadratic: 0.125 and 2, mean 1.0625
        assertEquals(1.0625, new Huber(2).compute(p, y), TOL);
    }

    @Test
    void sampleWeightsMultiplyButDivideByRowCount() {
        Tensor p = t(new float[][] {{1, 2}, {3, 4}});
        Tensor y = t(new float[][] {{1, 1}, {1, 1}});
        Tensor g = Tensor.zeros(2, 2);
        // (1 * 0.5 + 3 * 6.5) / 2 = 10, as Keras sum_over_batch_size
        assertEquals(10, new MeanSquaredError().compute(p, y, Tensor.of(new float[] {1, 3}, 2), g), TOL);
        assertTensor("weighted mse grad", new double[] {0, 0.5, 3, 4.5}, g, 1e-7);
        // per-sample weights broadcast over time steps equal per-step weights repeated
        Tensor ps = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
        Tensor ys = Tensor.zeros(2, 2, 2);
        double a = new MeanSquaredError().compute(ps, ys, Tensor.of(new float[] {1, 3}, 2), null);
        double b = new MeanSquaredError().compute(ps, ys, Tensor.of(new float[] {1, 1, 3, 3}, 2, 2), null);
        assertEquals(b, a, 1e-12);
        // rows (1+4)/2, (9+16)/2, (25+36)/2, (49+64)/2 = 2.5, 12.5, 30.5, 56.5 -> (2.5 + 12.5 + 3 * 87) / 4
        assertEquals((2.5 + 12.5 + 3 * (30.5 + 56.5)) / 4, a, 1e-9);
    }

    /** Every loss, both modes where they exist, against central differences of its own value. */
    @Test
    void gradientsMatchFiniteDifferences() {
        Rng rng = new Rng(3);
        int b = 2;
        int steps = 3;
        int c = 3;
        float[] prob = new float[b * steps * c];
        float[] logits = new float[prob.length];
        float[] soft = new float[prob.length];
        float[] dense = new float[prob.length];
        float[] bin = new float[prob.length];
        float[] ids = new float[b * steps];
        for (int i = 0; i < prob.length; i++) {
            prob[i] = rng.uniform(0.1f, 0.9f);
            logits[i] = rng.uniform(-2, 2);
            dense[i] = rng.uniform(-2, 2);
            bin[i] = rng.nextFloat();
            soft[i] = rng.uniform(0, 1);
        }
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rng.nextInt(c);
        }
        Tensor w = Tensor.of(new float[] {0.7f, 1.9f}, b);
        int[] s = {b, steps, c};
        check(new BinaryCrossentropy(false), Tensor.of(prob, s), Tensor.of(bin, s), w);
        check(new BinaryCrossentropy(true), Tensor.of(logits, s), Tensor.of(bin, s), w);
        check(new CategoricalCrossentropy(false), Tensor.of(prob, s), Tensor.of(soft, s), w);
        check(new CategoricalCrossentropy(true), Tensor.of(logits, s), Tensor.of(soft, s), w);
        check(new SparseCategoricalCrossentropy(false), Tensor.of(prob, s), Tensor.of(ids, b, steps), w);
        check(new SparseCategoricalCrossentropy(true), Tensor.of(logits, s), Tensor.of(ids, b, steps), w);
        check(new MeanSquaredError(), Tensor.of(logits, s), Tensor.of(dense, s), w);
        check(new MeanAbsoluteError(), Tensor.of(logits, s), Tensor.of(dense, s), w);
        check(new Huber(), Tensor.of(logits, s), Tensor.of(dense, s), w);
        check(new Huber(0.5), Tensor.of(logits, s), Tensor.of(dense, s), null);
    }

    private static void check(Loss loss, Tensor pred, Tensor target, Tensor w) {
        Tensor g = Tensor.zeros(pred.shape());
        loss.compute(pred, target, w, g);
        float[] p = pred.data();
        for (int i = 0; i < p.length; i++) {
            float orig = p[i];
            float up = orig + 1e-3f;
            float down = orig - 1e-3f;
            p[i] = up;
            double lu = loss.compute(pred, target, w, null);
            p[i] = down;
            double ld = loss.compute(pred, target, w, null);
            p[i] = orig;
            // divide by the float step actually taken, so rounding of orig +- h does not count as error
            double fd = (lu - ld) / ((double) up - down);
            double an = g.data()[i];
            if (Math.abs(fd - an) > 1e-5 + 1e-3 * Math.abs(fd)) {
                fail(loss.name() + " " + loss + " grad[" + i + "]: analytic " + an + ", finite difference " + fd);
            }
        }
    }

    @Test
    void labelsOutOfRangeNamePositionAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy(true).compute(Tensor.zeros(2, 3, 4),
                        Tensor.of(new float[] {0, 1, 2, 3, 4, 0}, 2, 3)));
        assertTrue(e.getMessage().contains("(1, 1)") && e.getMessage().contains("4.0")
                && e.getMessage().contains("[0, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy().compute(Tensor.zeros(2, 3).fill(0.3f),
                        Tensor.of(new float[] {0.5f, 1}, 2)));
        assertTrue(e.getMessage().contains("(0)") && e.getMessage().contains("0.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new BinaryCrossentropy().compute(Tensor.zeros(2, 1).fill(0.5f),
                        Tensor.of(new float[] {1, 1.5f}, 2, 1)));
        assertTrue(e.getMessage().contains("(1, 0)") && e.getMessage().contains("1.5"), e.getMessage());
    }

    @Test
    void shapeMismatchSaysExpectedAndGot() {
        ShapeException e = assertThrows(ShapeException.class,
                () -> new MeanSquaredError().compute(Tensor.zeros(2, 3), Tensor.zeros(2, 4)));
        assertEquals("mean_squared_error targets: expected shape (2, 3), got (2, 4)", e.getMessage());
        e = assertThrows(ShapeException.class,
                () -> new SparseCategoricalCrossentropy().compute(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 4)));
        assertTrue(e.getMessage().contains("expected shape (2, 3) or (2, 3, 1), got (2, 4)"), e.getMessage());
        e = assertThrows(ShapeException.class,
                () -> new MeanSquaredError().compute(Tensor.zeros(2, 3), Tensor.zeros(2, 3), Tensor.zeros(3), null));
        assertTrue(e.getMessage().contains("got (3,)"), e.getMessage());
        assertThrows(ShapeException.class, () -> new CategoricalCrossentropy().compute(Tensor.zeros(3), Tensor.zeros(3)));
    }

    @Test
    void byName() {
        for (String n : List.of("binary_crossentropy", "mse", "mean_squared_error", "mae", "huber",
                "categorical_crossentropy", "sparse_categorical_crossentropy", "mean_absolute_error")) {
            assertTrue(Losses.byName(n).name().equals(n) || n.length() == 3, n);
        }
        assertEquals("mean_squared_error", Losses.byName("mse").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.byName("hinge"));
        assertTrue(e.getMessage().contains("\"hinge\"") && e.getMessage().contains("sparse_categorical_crossentropy"));
    }

    @Test
    void emptyBatchIsZero() {
        assertEquals(0, new MeanSquaredError().compute(Tensor.zeros(0, 3), Tensor.zeros(0, 3)));
    }

    /** The worked examples printed in the Keras loss docstrings (rounded to 3 decimals there). */
    @Test
    void kerasDocstringExamples() {
        Tensor y = t(new float[][] {{0, 1}, {0, 0}});
        Tensor p = t(new float[][] {{0.6f, 0.4f}, {0.4f, 0.6f}});
        assertEquals(0.815, new BinaryCrossentropy().compute(p, y), 5e-4);
        assertEquals(0.458, new BinaryCrossentropy().compute(p, y, Tensor.of(new float[] {1, 0}, 2), null), 5e-4);
        assertEquals(0.155, new Huber().compute(p, y), 5e-4);
        assertEquals(0.5, new MeanSquaredError().compute(t(new float[][] {{1, 1}, {1, 0}}), y), 1e-9);
        Tensor yc = t(new float[][] {{0, 1, 0}, {0, 0, 1}});
        Tensor pc = t(new float[][] {{0.05f, 0.95f, 0}, {0.1f, 0.8f, 0.1f}});
        assertEquals(1.177, new CategoricalCrossentropy().compute(pc, yc), 5e-4);
        assertEquals(0.814, new CategoricalCrossentropy().compute(pc, yc, Tensor.of(new float[] {0.3f, 0.7f}, 2), null),
                5e-4);
        assertEquals(1.177, new SparseCategoricalCrossentropy().compute(pc, Tensor.of(new float[] {1, 2}, 2)), 5e-4);
        Tensor logits = Tensor.of(new float[] {-18.6f, 0.51f, 2.94f, -12.8f}, 4);
        assertEquals(0.865, new BinaryCrossentropy(true).compute(logits, Tensor.of(new float[] {0, 1, 0, 0}, 4)),
                5e-4);
    }
}
