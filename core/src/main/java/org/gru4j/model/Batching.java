package org.gru4j.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gru4j.nn.Mask;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;

/** Row selection and checks on lists of tensors that share the sample dimension. */
final class Batching {
    private Batching() {
    }

    static Tensor gather(Tensor t, int[] idx) {
        int row = t.dim(0) == 0 ? 0 : t.size() / t.dim(0);
        float[] out = new float[idx.length * row];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(t.data(), idx[i] * row, out, i * row, row);
        }
        int[] shape = t.shape();
        shape[0] = idx.length;
        return Tensor.of(out, shape);
    }

    static List<Tensor> gather(List<Tensor> ts, int[] idx) {
        List<Tensor> out = new ArrayList<>(ts.size());
        for (Tensor t : ts) {
            out.add(t == null ? null : gather(t, idx));
        }
        return out;
    }

    static Mask gather(Mask m, int[] idx) {
        if (m == null) {
            return null;
        }
        boolean[] v = new boolean[idx.length * m.steps()];
        for (int i = 0; i < idx.length; i++) {
            for (int t = 0; t < m.steps(); t++) {
                v[i * m.steps() + t] = m.valid(idx[i], t);
            }
        }
        return Mask.of(idx.length, m.steps(), v);
    }

    static float[] gather(float[] w, int[] idx) {
        float[] out = new float[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = w[idx[i]];
        }
        return out;
    }

    static void checkSameSamples(List<Tensor> xs, List<Tensor> ys) {
        int n = xs.get(0).dim(0);
        for (int i = 0; i < xs.size(); i++) {
            if (xs.get(i).dim(0) != n) {
                throw new ShapeException("x[0] has " + n + " samples but x[" + i + "] has " + xs.get(i).dim(0));
            }
        }
        for (int i = 0; i < ys.size(); i++) {
            if (ys.get(i) != null && ys.get(i).dim(0) != n) {
                throw new ShapeException("x has " + n + " samples but y" + (ys.size() > 1 ? "[" + i + "]" : "")
                        + " has " + ys.get(i).dim(0));
            }
        }
    }

    static void requireFinite(String what, Tensor t) {
        float[] d = t.data();
        int row = t.dim(0) == 0 ? 1 : Math.max(1, t.size() / t.dim(0));
        for (int i = 0; i < d.length; i++) {
            if (!Float.isFinite(d[i])) {
                throw new IllegalArgumentException(what + " has " + d[i] + " at sample " + (i / row) + " (flat index "
                        + i + ", shape " + Tensor.shapeString(t.shape()) + "); clean or impute the data first");
            }
        }
    }

    /** Sample weights from class weights: the class of a row is its sparse id, one-hot argmax, or 0/1 target. */
    static float[] classWeights(Tensor y, Map<Integer, Double> cw, float[] base) {
        int n = y.dim(0);
        int row = n == 0 ? 0 : y.size() / n;
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            int cls;
            if (row == 1) {
                cls = Math.round(y.data()[i]);
            } else {
                cls = 0;
                for (int j = 1; j < row; j++) {
                    if (y.data()[i * row + j] > y.data()[i * row + cls]) {
                        cls = j;
                    }
                }
            }
            Double c = cw.get(cls);
            if (c == null) {
                throw new IllegalArgumentException("class weight missing for class " + cls + " (sample " + i
                        + "); given for " + cw.keySet());
            }
            w[i] = (float) (c * (base == null ? 1 : base[i]));
        }
        return w;
    }

    /**
     * For metrics on masked sequence outputs: the (prediction, target) rows of real steps only. Unmasked outputs
     * are returned as they are.
     */
    static Tensor[] validRows(Tensor pred, Tensor target, Mask mask) {
        if (mask == null || pred.rank() != 3) {
            return new Tensor[] {pred, target};
        }
        int b = pred.dim(0);
        int steps = pred.dim(1);
        int c = pred.dim(2);
        int tr = target.size() / (b * steps);
        int valid = 0;
        for (int i = 0; i < b; i++) {
            for (int s = 0; s < steps; s++) {
                if (mask.valid(i, s)) {
                    valid++;
                }
            }
        }
        float[] p = new float[valid * c];
        float[] t = new float[valid * tr];
        int k = 0;
        for (int i = 0; i < b; i++) {
            for (int s = 0; s < steps; s++) {
                if (mask.valid(i, s)) {
                    System.arraycopy(pred.data(), (i * steps + s) * c, p, k * c, c);
                    System.arraycopy(target.data(), (i * steps + s) * tr, t, k * tr, tr);
                    k++;
                }
            }
        }
        Tensor tt = target.rank() == 2 ? Tensor.of(t, valid) : Tensor.of(t, valid, tr);
        return new Tensor[] {Tensor.of(p, valid, c), tt};
    }
}
