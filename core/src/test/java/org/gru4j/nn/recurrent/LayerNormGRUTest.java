package org.gru4j.nn.recurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.gru4j.data.Dataset;
import org.gru4j.data.Datasets;
import org.gru4j.loss.SparseCategoricalCrossentropy;
import org.gru4j.model.FitOptions;
import org.gru4j.model.Sequential;
import org.gru4j.nn.Activation;
import org.gru4j.nn.Context;
import org.gru4j.nn.Dense;
import org.gru4j.nn.Parameter;
import org.gru4j.optim.Adam;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;

/**
 * The layer-normalized GRU: one step computed by hand, the whole layer against an independent double-precision
 * implementation of the equations in {@link LayerNormGRUCell} (values, and gradients against central differences
 * taken in double, where the normalization's curvature does not swamp the step), its configuration rules, and
 * that it learns.
 */
class LayerNormGRUTest {

    /**
     * H = 2, I = 1, x = 1, h = (0.5, -0.5), every weight_ih row (1), weight_hh rows r: (1, 0), z: (0, 1),
     * n: (1, 1), gamma 1, beta 0. A block of two entries (u, v) normalizes to (+-1, -+1) * |u - v| / sqrt((u - v)^2
     * + 4 eps), and a block of equal entries to zeros. So: A = 0 for every block (the input projection is (1, 1));
     * C_r = (0.5, -0.5) -> (s, -s), C_z = (0.5, -0.5) -> (s, -s), C_n = (0, 0) -> 0, with s = 1 / sqrt(1 + 4e-5).
     * r = sigmoid(+-s), z = sigmoid(+-s), n = tanh(0 + r * 0) = 0, h' = z * h.
     */
    @Test
    void oneStepByHand() {
        GRU gru = new GRU(2).layerNorm(true).returnSequences(true);
        gru.build(new int[] {1, 1}, new Rng(1));
        LayerNormGRUCell cell = (LayerNormGRUCell) gru.cell();
        cell.weightIh().set(Tensor.of(new float[] {1, 1, 1, 1, 1, 1}, 6, 1));
        cell.weightHh().set(Tensor.of(new float[] {1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1}, 6, 2));
        Tensor y = gru.run(Tensor.of(new float[] {1}, 1, 1, 1), new Tensor[] {Tensor.of(new float[] {0.5f, -0.5f}, 1, 2)},
                null, Context.INFERENCE).output();
        double s = 1 / Math.sqrt(1 + 4e-5);
        double z0 = 1 / (1 + Math.exp(-s));
        double z1 = 1 / (1 + Math.exp(s));
        assertEquals(0.5 * z0, y.data()[0], 1e-7);
        assertEquals(-0.5 * z1, y.data()[1], 1e-7);
    }

    /** A plain double-precision implementation of the class Javadoc's equations; returns sum(y * R). */
    static double referenceLoss(double[][] p, double[] x, double[] h0, int batch, int steps, int in, int h,
                                double[] outWeights) {
        double[] wih = p[0];
        double[] whh = p[1];
        double[] gi = p[2];
        double[] bi = p[3];
        double[] gr = p[4];
        double[] br = p[5];
        double loss = 0;
        for (int b = 0; b < batch; b++) {
            double[] hs = new double[h];
            System.arraycopy(h0, b * h, hs, 0, h);
            for (int t = 0; t < steps; t++) {
                double[] a = new double[3 * h];
                double[] c = new double[3 * h];
                for (int row = 0; row < 3 * h; row++) {
                    for (int i = 0; i < in; i++) {
                        a[row] += wih[row * in + i] * x[(b * steps + t) * in + i];
                    }
                    for (int j = 0; j < h; j++) {
                        c[row] += whh[row * h + j] * hs[j];
                    }
                }
                double[] na = new double[3 * h];
                double[] nc = new double[3 * h];
                for (int g = 0; g < 3; g++) {
                    ln(a, g * h, h, gi, bi, na);
                    ln(c, g * h, h, gr, br, nc);
                }
                double[] next = new double[h];
                for (int j = 0; j < h; j++) {
                    double r = 1 / (1 + Math.exp(-(na[j] + nc[j])));
                    double z = 1 / (1 + Math.exp(-(na[h + j] + nc[h + j])));
                    double n = Math.tanh(na[2 * h + j] + r * nc[2 * h + j]);
                    next[j] = (1 - z) * n + z * hs[j];
                    loss += next[j] * outWeights[(b * steps + t) * h + j];
                }
                hs = next;
            }
        }
        return loss;
    }

    private static void ln(double[] v, int from, int n, double[] gamma, double[] beta, double[] out) {
        double mean = 0;
        for (int j = 0; j < n; j++) {
            mean += v[from + j] / n;
        }
        double var = 0;
        for (int j = 0; j < n; j++) {
            var += (v[from + j] - mean) * (v[from + j] - mean) / n;
        }
        for (int j = 0; j < n; j++) {
            out[from + j] = gamma[from + j] * (v[from + j] - mean) / Math.sqrt(var + 1e-5) + beta[from + j];
        }
    }

    private static double[] widen(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void valuesAndGradientsMatchADoublePrecisionReference() {
        int batch = 2;
        int steps = 4;
        int in = 3;
        int h = 4;
        GRU gru = new GRU(h).layerNorm(true).returnSequences(true);
        gru.build(new int[] {steps, in}, new Rng(5));
        Rng rng = new Rng(9);
        List<Parameter> params = gru.parameters();
        // Gains and shifts away from 1 and 0, so their role in every formula is exercised.
        for (Parameter p : params) {
            if (p.name().startsWith("ln_")) {
                for (int i = 0; i < p.size(); i++) {
                    p.values()[p.offset() + i] = (p.name().endsWith("gamma") ? 1f : 0f) + rng.uniform(-0.5f, 0.5f);
                }
            }
        }
        float[] x = new float[batch * steps * in];
        float[] h0 = new float[batch * h];
        float[] rw = new float[batch * steps * h];
        for (float[] a : new float[][] {x, h0, rw}) {
            for (int i = 0; i < a.length; i++) {
                a[i] = rng.uniform(-1f, 1f);
            }
        }
        RecurrentLayer.Result res = gru.run(Tensor.of(x, batch, steps, in), new Tensor[] {Tensor.of(h0, batch, h)},
                null, Context.training(new Rng(1)));
        double[][] p = new double[params.size()][];
        for (int k = 0; k < p.length; k++) {
            p[k] = widen(params.get(k).valueTensor().data());
        }
        double[] xd = widen(x);
        double[] h0d = widen(h0);
        double[] rwd = widen(rw);
        double fromLayer = 0;
        for (int i = 0; i < rw.length; i++) {
            fromLayer += (double) res.output().data()[i] * rw[i];
        }
        double ref = referenceLoss(p, xd, h0d, batch, steps, in, h, rwd);
        assertEquals(ref, fromLayer, 1e-5 * Math.max(1, Math.abs(ref)), "forward");

        gru.backward(res, Tensor.of(rw, batch, steps, h), null);
        double eps = 1e-6;
        double worst = 0;
        String where = "";
        for (int k = 0; k < p.length; k++) {
            Parameter par = params.get(k);
            for (int i = 0; i < p[k].length; i++) {
                double v = p[k][i];
                p[k][i] = v + eps;
                double up = referenceLoss(p, xd, h0d, batch, steps, in, h, rwd);
                p[k][i] = v - eps;
                double down = referenceLoss(p, xd, h0d, batch, steps, in, h, rwd);
                p[k][i] = v;
                double numeric = (up - down) / (2 * eps);
                double analytic = par.grads()[par.offset() + i];
                double err = Math.abs(analytic - numeric) / (1e-4 + 1e-3 * Math.abs(numeric));
                if (err > worst) {
                    worst = err;
                    where = par.name() + "[" + i + "]: analytic " + analytic + ", numeric " + numeric;
                }
            }
        }
        System.out.println("layer-norm GRU vs double reference: worst diff/tol " + worst + " at " + where);
        assertTrue(worst <= 1, "gradient differs from the double-precision reference at " + where);
    }

    @Test
    void configuration() {
        GRU gru = new GRU(5).layerNorm(true);
        assertTrue(gru.layerNorm());
        assertEquals("LayerNormGRU", gru.typeName());
        gru.build(new int[] {-1, 4}, new Rng(1));
        // 3H(I + H) weights and four 3H vectors: 3*5*(4+5) + 12*5.
        assertEquals(135 + 60, gru.parameters().stream().mapToInt(Parameter::size).sum());
        assertEquals(List.of("weight_ih", "weight_hh", "ln_ih_gamma", "ln_ih_beta", "ln_hh_gamma", "ln_hh_beta"),
                gru.parameters().stream().map(Parameter::name).toList());
        Parameter gamma = gru.parameters().get(2);
        assertEquals(1f, gamma.values()[gamma.offset()]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GRU(5, false).layerNorm(true));
        assertTrue(e.getMessage().contains("reset-after"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> gru.layerNorm(false));
        // Bidirectional copies keep the normalized cell.
        Bidirectional bi = new Bidirectional(new GRU(3).layerNorm(true));
        assertTrue(bi.backwardLayer().cell() instanceof LayerNormGRUCell);
        // No PyTorch module holds these parameters: state_dict export says so instead of mis-mapping them.
        Sequential m = new Sequential(1);
        m.input(-1, 4).add(new GRU(3).layerNorm(true).name("ln")).build();
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
                () -> org.gru4j.io.PyTorchFiles.stateDict(m, Map.of("ln", "gru")));
        assertTrue(t.getMessage().contains("layer-normalized"), t.getMessage());
    }

    /** On the bundled 8x8 digits read row by row, a few epochs give more than 0.85 held-out accuracy. */
    @Test
    void learnsDigits() {
        Dataset d = Datasets.digits();
        int nTrain = 1400;
        Sequential m = new Sequential(1);
        m.add(new GRU(32).layerNorm(true)).add(new Dense(10, Activation.SOFTMAX));
        m.compile(new Adam(0.01), new SparseCategoricalCrossentropy(), "accuracy");
        Tensor x = d.x();
        Tensor y = d.y();
        m.fit(rows(x, 0, nTrain), rows(y, 0, nTrain), FitOptions.epochs(5).batchSize(32).verbose(0));
        Map<String, Double> r = m.evaluate(rows(x, nTrain, x.dim(0)), rows(y, nTrain, y.dim(0)));
        System.out.println("digits, layer-norm GRU(32), 5 epochs: held-out " + r);
        assertTrue(r.get("accuracy") > 0.85, "held-out " + r);
    }

    private static Tensor rows(Tensor t, int from, int to) {
        int row = t.size() / t.dim(0);
        float[] d = new float[(to - from) * row];
        System.arraycopy(t.data(), from * row, d, 0, d.length);
        int[] shape = t.shape();
        shape[0] = to - from;
        return Tensor.of(d, shape);
    }
}
