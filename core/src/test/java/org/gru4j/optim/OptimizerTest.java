package org.gru4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.gru4j.nn.Parameter;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer's first three steps on a fixed problem against a tiny independent double-precision
 * reimplementation of the Keras 3 formulas (keras/src/optimizers/*.py), plus hand-computed numbers.
 */
class OptimizerTest {
    /** Initial values of w (2 values) and b (1 value). */
    private static final double[] P0 = {1.0, -2.0, 0.5};
    /** The gradient given at steps 1, 2, 3. */
    private static final double[][] G = {{0.5, -1.0, 2.0}, {0.1, 0.3, -0.4}, {-0.2, 0.6, 1.0}};

    private static List<Parameter> params() {
        Parameter w = new Parameter("dense/kernel", 2);
        Parameter b = new Parameter("dense/bias", 1);
        Parameter frozen = new Parameter("frozen", 2).setTrainable(false);
        w.values()[0] = (float) P0[0];
        w.values()[1] = (float) P0[1];
        b.values()[0] = (float) P0[2];
        frozen.values()[0] = 7f;
        frozen.values()[1] = 8f;
        return List.of(w, frozen, b);
    }

    private static void setGrads(List<Parameter> ps, double[] g) {
        Parameter w = ps.get(0);
        Parameter b = ps.get(2);
        Parameter frozen = ps.get(1);
        w.grads()[w.offset()] = (float) g[0];
        w.grads()[w.offset() + 1] = (float) g[1];
        b.grads()[b.offset()] = (float) g[2];
        frozen.grads()[frozen.offset()] = 100f; // a frozen parameter's gradient must be ignored
        frozen.grads()[frozen.offset() + 1] = 100f;
    }

    private static double[] values(List<Parameter> ps) {
        Parameter w = ps.get(0);
        Parameter b = ps.get(2);
        return new double[] {w.values()[w.offset()], w.values()[w.offset() + 1], b.values()[b.offset()]};
    }

    /** One step of a reference optimizer over all three values, mutating p and its own state. */
    private interface Reference {
        void step(double[] p, double[] g, long t);
    }

    private static void assertThreeSteps(Optimizer opt, Reference ref) {
        List<Parameter> ps = params();
        double[] p = P0.clone();
        for (int s = 0; s < 3; s++) {
            setGrads(ps, G[s]);
            // the reference sees the float-rounded gradients the optimizer sees
            double[] g = new double[3];
            for (int i = 0; i < 3; i++) {
                g[i] = (float) G[s][i];
            }
            opt.step(ps);
            ref.step(p, g, s + 1);
            double[] got = values(ps);
            for (int i = 0; i < 3; i++) {
                if (Math.abs(got[i] - p[i]) > 1e-6 + 1e-6 * Math.abs(p[i])) {
                    fail(opt.name() + " step " + (s + 1) + " value " + i + ": expected " + p[i] + ", got " + got[i]);
                }
            }
        }
        assertEquals(3, opt.iterations());
        assertEquals(7f, ps.get(1).values()[0]);
        assertEquals(8f, ps.get(1).values()[1]);
    }

    @Test
    void sgdPlain() {
        assertThreeSteps(new SGD(0.1), (p, g, t) -> {
            for (int i = 0; i < 3; i++) {
                p[i] -= 0.1 * g[i];
            }
        });
        // by hand, value 0: 1 - 0.1 * (0.5 + 0.1 - 0.2) = 0.96
        List<Parameter> ps = params();
        SGD sgd = new SGD(0.1);
        for (double[] g : G) {
            setGrads(ps, g);
            sgd.step(ps);
        }
        assertEquals(0.96, ps.get(0).values()[0], 1e-6);
    }

    @Test
    void sgdMomentumAndNesterov() {
        double[] v = new double[3];
        assertThreeSteps(new SGD(0.1, 0.9, false), (p, g, t) -> {
            for (int i = 0; i < 3; i++) {
                v[i] = 0.9 * v[i] - 0.1 * g[i];
                p[i] += v[i];
            }
        });
        double[] vn = new double[3];
        assertThreeSteps(new SGD(0.1, 0.9, true), (p, g, t) -> {
            for (int i = 0; i < 3; i++) {
                vn[i] = 0.9 * vn[i] - 0.1 * g[i];
                p[i] += 0.9 * vn[i] - 0.1 * g[i];
            }
        });
        // by hand with g = 1 each step, p0 = 0, lr 0.1, momentum 0.9:
        // momentum:  v = -0.1, -0.19, -0.271;  p = -0.1, -0.29, -0.561
        // nesterov:  p = -0.19, -0.19 - 0.171 - 0.1 = -0.461, -0.461 - 0.2439 - 0.1 = -0.8049
        assertArrayEquals(new double[] {-0.1, -0.29, -0.561}, constantGradientRun(new SGD(0.1, 0.9, false)), 1e-6);
        assertArrayEquals(new double[] {-0.19, -0.461, -0.8049}, constantGradientRun(new SGD(0.1, 0.9, true)), 1e-6);
    }

    private static double[] constantGradientRun(Optimizer opt) {
        Parameter x = new Parameter("x", 1);
        double[] out = new double[3];
        for (int s = 0; s < 3; s++) {
            x.grads()[0] = 1f;
            opt.step(List.of(x));
            out[s] = x.values()[0];
        }
        return out;
    }

    @Test
    void adam() {
        double[] m = new double[3];
        double[] v = new double[3];
        assertThreeSteps(new Adam(0.1), (p, g, t) -> {
            double lrT = 0.1 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
            for (int i = 0; i < 3; i++) {
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                p[i] -= lrT * m[i] / (Math.sqrt(v[i]) + 1e-7);
            }
        });
        // by hand, step 1 of any g: m = 0.1 g, v = 0.001 g^2, lr_1 = lr sqrt(0.001) / 0.1, so
        // p -= lr * g / (|g| + 1e-7 / sqrt(0.001)) ~ lr * sign(g): 1 - 0.1 = 0.9
        Parameter x = new Parameter("x", 1);
        x.values()[0] = 1f;
        x.grads()[0] = 0.5f;
        new Adam(0.1).step(List.of(x));
        assertEquals(1 - 0.1 * 0.5 / (0.5 + 1e-7 / Math.sqrt(0.001)), x.values()[0], 1e-7);
    }

    @Test
    void adamW() {
        double[] m = new double[3];
        double[] v = new double[3];
        assertThreeSteps(new AdamW(0.1, 0.05), (p, g, t) -> {
            double lrT = 0.1 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
            for (int i = 0; i < 3; i++) {
                p[i] -= 0.1 * 0.05 * p[i]; // decoupled decay first, with the plain learning rate
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                p[i] -= lrT * m[i] / (Math.sqrt(v[i]) + 1e-7);
            }
        });
        AdamW d = new AdamW();
        assertEquals(0.001, d.learningRate());
        assertEquals(0.004, d.weightDecay());
    }

    @Test
    void rmsprop() {
        double[] v = new double[3];
        assertThreeSteps(new RMSprop(0.1), (p, g, t) -> {
            for (int i = 0; i < 3; i++) {
                v[i] = 0.9 * v[i] + 0.1 * g[i] * g[i];
                p[i] -= 0.1 * g[i] / Math.sqrt(v[i] + 1e-7);
            }
        });
        double[] v2 = new double[3];
        double[] a = new double[3];
        double[] b = new double[3];
        assertThreeSteps(new RMSprop(LearningRateSchedule.constant(0.05), 0.8, 0.5, 1e-7, true), (p, g, t) -> {
            for (int i = 0; i < 3; i++) {
                v2[i] = 0.8 * v2[i] + 0.2 * g[i] * g[i];
                a[i] = 0.8 * a[i] + 0.2 * g[i];
                b[i] = 0.5 * b[i] + 0.05 * g[i] / Math.sqrt(v2[i] - a[i] * a[i] + 1e-7);
                p[i] -= b[i];
            }
        });
        // The example in Keras's RMSprop docstring: lr 0.1, var 10, loss var^2 / 2 (gradient = var), one step:
        // v = 0.1 * 100 = 10; 10 - 0.1 * 10 / sqrt(10 + 1e-7) = 9.683772
        Parameter x = new Parameter("x", 1);
        x.values()[0] = 10f;
        x.grads()[0] = 10f;
        new RMSprop(0.1).step(List.of(x));
        assertEquals(9.683772f, x.values()[0], 1e-6f);
    }

    @Test
    void adagrad() {
        double[] s = {0.1, 0.1, 0.1};
        assertThreeSteps(new Adagrad(0.1), (p, g, t) -> {
            for (int i = 0; i < 3; i++) {
                s[i] += g[i] * g[i];
                p[i] -= 0.1 * g[i] / Math.sqrt(s[i] + 1e-7);
            }
        });
        // by hand: s = 0.1 + 0.25 = 0.35; 1 - 0.1 * 0.5 / sqrt(0.35) = 0.915485
        Parameter x = new Parameter("x", 1);
        x.values()[0] = 1f;
        x.grads()[0] = 0.5f;
        new Adagrad(0.1).step(List.of(x));
        assertEquals(0.9154845, x.values()[0], 1e-6);
    }

    @Test
    void kerasDefaults() {
        SGD sgd = new SGD();
        assertEquals(0.01, sgd.learningRate());
        assertEquals(0.0, sgd.momentum());
        assertEquals(false, sgd.nesterov());
        Adam adam = new Adam();
        assertEquals(0.001, adam.learningRate());
        assertEquals(0.9, adam.beta1());
        assertEquals(0.999, adam.beta2());
        assertEquals(1e-7, adam.epsilon());
        assertEquals(0.001, new RMSprop().learningRate());
        assertEquals(0.001, new Adagrad().learningRate());
        // Adagrad's accumulator starts at 0.1
        Adagrad ag = new Adagrad();
        ag.build(params());
        assertArrayEquals(new float[] {0.1f, 0.1f}, ag.state().get("dense/kernel/accumulator"));
    }

    @Test
    void scheduleDrivesTheLearningRateFromIterationZero() {
        // lr at step k (0-based) is 1, 0.5, 0.25: SGD on g = 1 moves by 1, then 0.5, then 0.25
        Optimizer opt = new SGD(new ExponentialDecay(1.0, 1, 0.5, false), 0, false);
        assertArrayEquals(new double[] {-1, -1.5, -1.75}, constantGradientRun(opt), 1e-7);
        assertEquals(0.125, opt.learningRate(), 1e-12);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> opt.setLearningRate(0.1));
        assertTrue(e.getMessage().contains("cannot be set"), e.getMessage());
        Optimizer c = new SGD(1.0);
        c.setLearningRate(0.25);
        assertEquals(0.25, c.learningRate());
        assertArrayEquals(new double[] {-0.25, -0.5, -0.75}, constantGradientRun(c), 1e-7);
    }

    @Test
    void stateSaveRestoreGivesBitIdenticalSteps() {
        List<Supplier<Optimizer>> makers = List.of(() -> new SGD(0.1, 0.9, true), Adam::new,
                () -> new AdamW(0.01, 0.1), () -> new RMSprop(LearningRateSchedule.constant(0.01), 0.9, 0.5, 1e-7,
                        true), Adagrad::new, () -> new Adam(new CosineDecay(0.01, 10, 0.1), 0.9, 0.99, 1e-7));
        for (Supplier<Optimizer> make : makers) {
            Rng rng = new Rng(42);
            List<Parameter> ps = params();
            Optimizer a = make.get();
            for (int s = 0; s < 4; s++) {
                randomGrads(ps, rng);
                a.step(ps);
            }
            Map<String, float[]> saved = a.state();
            long it = a.iterations();
            float[][] values = {ps.get(0).values().clone(), ps.get(2).values().clone()};
            long rngState = rng.state();

            for (int s = 0; s < 3; s++) {
                randomGrads(ps, rng);
                a.step(ps);
            }
            float[][] expected = {ps.get(0).values().clone(), ps.get(2).values().clone()};

            List<Parameter> qs = params();
            System.arraycopy(values[0], 0, qs.get(0).values(), 0, 2);
            System.arraycopy(values[1], 0, qs.get(2).values(), 0, 1);
            Optimizer b = make.get();
            b.build(qs);
            b.restore(saved, it);
            rng.restore(rngState);
            for (int s = 0; s < 3; s++) {
                randomGrads(qs, rng);
                b.step(qs);
            }
            assertArrayEquals(expected[0], qs.get(0).values(), a.name());
            assertArrayEquals(expected[1], qs.get(2).values(), a.name());
            assertEquals(a.iterations(), b.iterations());
            Map<String, float[]> sa = a.state();
            Map<String, float[]> sb = b.state();
            assertEquals(sa.keySet(), sb.keySet());
            for (String k : sa.keySet()) {
                assertArrayEquals(sa.get(k), sb.get(k), a.name() + " " + k);
            }
        }
    }

    private static void randomGrads(List<Parameter> ps, Rng rng) {
        for (Parameter p : ps) {
            for (int i = 0; i < p.size(); i++) {
                p.grads()[p.offset() + i] = (float) rng.nextGaussian();
            }
        }
    }

    @Test
    void stateIsNamedByParameterAndSlot() {
        Adam adam = new Adam();
        List<Parameter> ps = params();
        setGrads(ps, G[0]);
        adam.step(ps);
        assertEquals(List.of("dense/kernel/momentum", "dense/kernel/velocity", "dense/bias/momentum",
                "dense/bias/velocity"), List.copyOf(adam.state().keySet()));
        // after one step m = 0.1 g
        assertArrayEquals(new float[] {0.05f, -0.1f}, adam.state().get("dense/kernel/momentum"), 1e-7f);
        assertEquals(List.of("dense/kernel/velocity", "dense/kernel/momentum", "dense/kernel/average_gradient",
                "dense/bias/velocity", "dense/bias/momentum", "dense/bias/average_gradient"),
                List.copyOf(built(new RMSprop(LearningRateSchedule.constant(0.1), 0.9, 0.5, 1e-7, true))
                        .state().keySet()));
        assertTrue(built(new SGD()).state().isEmpty());
    }

    private static Optimizer built(Optimizer o) {
        o.build(params());
        return o;
    }

    @Test
    void restoreRejectsMismatchedState() {
        Adam adam = new Adam();
        assertThrows(IllegalStateException.class, () -> adam.restore(Map.of(), 0));
        adam.build(params());
        Map<String, float[]> s = adam.state();
        s.put("dense/bias/velocity", new float[2]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.restore(s, 3));
        assertTrue(e.getMessage().contains("expected 1 values, got 2"), e.getMessage());
        Map<String, float[]> s2 = adam.state();
        s2.put("other/momentum", new float[1]);
        e = assertThrows(IllegalArgumentException.class, () -> adam.restore(s2, 3));
        assertTrue(e.getMessage().contains("unknown entry \"other/momentum\""), e.getMessage());
        Map<String, float[]> s3 = adam.state();
        s3.remove("dense/kernel/momentum");
        e = assertThrows(IllegalArgumentException.class, () -> adam.restore(s3, 3));
        assertTrue(e.getMessage().contains("no entry \"dense/kernel/momentum\""), e.getMessage());
        assertEquals(0, adam.iterations());
    }

    @Test
    void stepRejectsOtherParameters() {
        Adam adam = new Adam();
        adam.step(params());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam.step(List.of(new Parameter("dense/kernel", 3))));
        assertTrue(e.getMessage().contains("[dense/kernel[2], dense/bias[1]], got [dense/kernel[3]]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Adam().build(List.of(new Parameter("a", 1), new Parameter("a", 2))));
    }

    @Test
    void optimizerWorksOnRebasedParameters() {
        // parameters moved into one shared flat array, as a model does, update the right region
        List<Parameter> ps = params();
        float[] vals = new float[10];
        float[] grads = new float[10];
        int off = 1;
        for (Parameter p : ps) {
            p.rebind(vals, grads, off);
            off += p.size();
        }
        setGrads(ps, G[0]);
        new SGD(0.1).step(ps);
        assertEquals(1 - 0.05, vals[1], 1e-6);
        assertEquals(-2 + 0.1, vals[2], 1e-6);
        assertEquals(7f, vals[3]);
        assertEquals(0.5 - 0.2, vals[5], 1e-6);
        assertEquals(0f, vals[0]);
    }

    @Test
    void invalidHyperParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SGD(-1));
        assertThrows(IllegalArgumentException.class, () -> new SGD(0.1, 1.5, false));
        assertThrows(IllegalArgumentException.class, () -> new Adam(LearningRateSchedule.constant(0.1), 1.0, 0.9,
                1e-7));
        assertThrows(IllegalArgumentException.class, () -> new AdamW(0.1, Double.NaN));
    }
}
