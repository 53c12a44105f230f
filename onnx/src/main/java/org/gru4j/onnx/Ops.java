package org.gru4j.onnx;

import java.util.Arrays;
import java.util.List;
import org.gru4j.kernels.KernelProvider;
import org.gru4j.nn.Activation;

/**
 * The tensor operators of {@link OnnxModel}, with ONNX semantics (numpy broadcasting, negative axes counted from the
 * end). They are written for clarity on the small shape tensors and activations around recurrent layers; the
 * products use gru4j's kernels so imported Dense heads compute as gru4j's {@code Dense} does.
 */
final class Ops {
    private Ops() {
    }

    static int axis(long a, int rank) {
        long r = a < 0 ? a + rank : a;
        if (r < 0 || r >= rank) {
            throw new IllegalArgumentException("axis " + a + " out of range for rank " + rank);
        }
        return (int) r;
    }

    static int[] broadcast(int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i - (n - a.length) >= 0 ? a[i - (n - a.length)] : 1;
            int db = i - (n - b.length) >= 0 ? b[i - (n - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Flat index into {@code src} (of shape {@code srcShape}) of output coordinate {@code coord} under broadcasting. */
    private static int[] broadcastIndex(int[] outShape, int[] srcShape) {
        int n = (int) Value.size(outShape);
        int[] idx = new int[n];
        int[] srcStrides = Value.strides(srcShape);
        int off = outShape.length - srcShape.length;
        int[] coord = new int[outShape.length];
        for (int i = 0; i < n; i++) {
            int s = 0;
            for (int d = 0; d < srcShape.length; d++) {
                if (srcShape[d] != 1) {
                    s += coord[d + off] * srcStrides[d];
                }
            }
            idx[i] = s;
            for (int d = outShape.length - 1; d >= 0; d--) {
                if (++coord[d] < outShape[d]) {
                    break;
                }
                coord[d] = 0;
            }
        }
        return idx;
    }

    enum Binary { ADD, SUB, MUL, DIV, LESS, GREATER, EQUAL, AND, OR }

    static Value binary(Binary op, Value a, Value b) {
        int[] shape = broadcast(a.shape, b.shape);
        int[] ia = broadcastIndex(shape, a.shape);
        int[] ib = broadcastIndex(shape, b.shape);
        int n = ia.length;
        boolean compare = op == Binary.LESS || op == Binary.GREATER || op == Binary.EQUAL || op == Binary.AND
                || op == Binary.OR;
        if (compare) {
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                double x = a.get(ia[i]);
                double y = b.get(ib[i]);
                boolean r;
                switch (op) {
                    case LESS: r = x < y; break;
                    case GREATER: r = x > y; break;
                    case EQUAL: r = x == y; break;
                    case AND: r = x != 0 && y != 0; break;
                    default: r = x != 0 || y != 0; break;
                }
                out[i] = r ? 1 : 0;
            }
            return Value.longs(out, shape);
        }
        if (a.isFloat() || b.isFloat()) {
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                float x = (float) a.get(ia[i]);
                float y = (float) b.get(ib[i]);
                switch (op) {
                    case ADD: out[i] = x + y; break;
                    case SUB: out[i] = x - y; break;
                    case MUL: out[i] = x * y; break;
                    default: out[i] = x / y; break;
                }
            }
            return Value.floats(out, shape);
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long x = a.l[ia[i]];
            long y = b.l[ib[i]];
            switch (op) {
                case ADD: out[i] = x + y; break;
                case SUB: out[i] = x - y; break;
                case MUL: out[i] = x * y; break;
                default:
                    if (y == 0) {
                        throw new IllegalArgumentException("integer division by zero");
                    }
                    out[i] = Math.floorDiv(x, y);
                    break;
            }
        }
        return Value.longs(out, shape);
    }

    static Value where(Value c, Value x, Value y) {
        int[] shape = broadcast(broadcast(c.shape, x.shape), y.shape);
        int[] ic = broadcastIndex(shape, c.shape);
        int[] ix = broadcastIndex(shape, x.shape);
        int[] iy = broadcastIndex(shape, y.shape);
        Value out = x.like(shape);
        for (int i = 0; i < ic.length; i++) {
            if (c.get(ic[i]) != 0) {
                x.copyTo(ix[i], out, i);
            } else {
                y.copyTo(iy[i], out, i);
            }
        }
        return out;
    }

    static Value not(Value a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i) == 0 ? 1 : 0;
        }
        return Value.longs(out, a.shape.clone());
    }

    static Value activation(Activation act, Value a) {
        float[] y = new float[a.size()];
        act.forward(1, y.length, a.floatsCopy(), 0, y, 0);
        return Value.floats(y, a.shape.clone());
    }

    static Value softmax(Value a, long axisAttr) {
        int ax = axis(axisAttr, a.rank());
        if (ax != a.rank() - 1) {
            throw new IllegalArgumentException("Softmax over axis " + axisAttr + " of a rank-" + a.rank()
                    + " tensor; only the last axis is supported");
        }
        int cols = a.shape[ax];
        float[] y = new float[a.size()];
        if (cols > 0) {
            Activation.SOFTMAX.forward(y.length / cols, cols, a.floatsCopy(), 0, y, 0);
        }
        return Value.floats(y, a.shape.clone());
    }

    static Value cast(Value a, long to) {
        if (to == OnnxProto.FLOAT || to == OnnxProto.DOUBLE) {
            return Value.floats(a.floatsCopy(), a.shape.clone());
        }
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            double v = a.get(i);
            out[i] = to == OnnxProto.BOOL ? (v != 0 ? 1 : 0) : (long) v;
        }
        return Value.longs(out, a.shape.clone());
    }

    static Value transpose(Value a, long[] perm) {
        int r = a.rank();
        int[] p = new int[r];
        for (int i = 0; i < r; i++) {
            p[i] = perm == null ? r - 1 - i : axis(perm[i], r);
        }
        if (perm != null && (perm.length != r || Arrays.stream(p).distinct().count() != r)) {
            throw new IllegalArgumentException("perm " + Arrays.toString(perm) + " is not a permutation of rank " + r);
        }
        int[] shape = new int[r];
        for (int i = 0; i < r; i++) {
            shape[i] = a.shape[p[i]];
        }
        int[] inStrides = Value.strides(a.shape);
        Value out = a.like(shape);
        int[] coord = new int[r];
        int n = out.size();
        for (int i = 0; i < n; i++) {
            int src = 0;
            for (int d = 0; d < r; d++) {
                src += coord[d] * inStrides[p[d]];
            }
            a.copyTo(src, out, i);
            for (int d = r - 1; d >= 0; d--) {
                if (++coord[d] < shape[d]) {
                    break;
                }
                coord[d] = 0;
            }
        }
        return out;
    }

    static Value reshape(Value a, int[] shape) {
        Value out = a.isFloat() ? Value.floats(a.f, shape) : Value.longs(a.l, shape);
        return out;
    }

    static Value reshapeSpec(Value a, long[] spec, boolean allowZero) {
        int[] shape = new int[spec.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < spec.length; i++) {
            long s = spec[i];
            if (s == 0 && !allowZero) {
                if (i >= a.rank()) {
                    throw new IllegalArgumentException("Reshape copies dimension " + i + " of a rank-" + a.rank()
                            + " tensor");
                }
                s = a.shape[i];
            }
            if (s == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("Reshape with two -1 entries");
                }
                infer = i;
                continue;
            }
            if (s < 0 || s > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Reshape to dimension " + s);
            }
            shape[i] = (int) s;
            known = Math.multiplyExact(known, s);
        }
        if (infer >= 0) {
            if (known == 0 || a.size() % known != 0) {
                throw new IllegalArgumentException("cannot infer Reshape " + Arrays.toString(spec) + " of "
                        + Arrays.toString(a.shape));
            }
            shape[infer] = (int) (a.size() / known);
        }
        if (Value.size(shape) != a.size()) {
            throw new IllegalArgumentException("cannot Reshape " + Arrays.toString(a.shape) + " to "
                    + Arrays.toString(spec));
        }
        return reshape(a, shape);
    }

    static Value unsqueeze(Value a, long[] axes) {
        int r = a.rank() + axes.length;
        boolean[] inserted = new boolean[r];
        for (long ax : axes) {
            int k = axis(ax, r);
            if (inserted[k]) {
                throw new IllegalArgumentException("Unsqueeze axis " + ax + " repeated");
            }
            inserted[k] = true;
        }
        int[] shape = new int[r];
        int j = 0;
        for (int i = 0; i < r; i++) {
            shape[i] = inserted[i] ? 1 : a.shape[j++];
        }
        return reshape(a, shape);
    }

    static Value squeeze(Value a, long[] axes) {
        boolean[] drop = new boolean[a.rank()];
        if (axes == null) {
            for (int i = 0; i < drop.length; i++) {
                drop[i] = a.shape[i] == 1;
            }
        } else {
            for (long ax : axes) {
                int k = axis(ax, a.rank());
                if (a.shape[k] != 1) {
                    throw new IllegalArgumentException("Squeeze axis " + ax + " has size " + a.shape[k]);
                }
                drop[k] = true;
            }
        }
        int[] shape = new int[a.rank()];
        int n = 0;
        for (int i = 0; i < drop.length; i++) {
            if (!drop[i]) {
                shape[n++] = a.shape[i];
            }
        }
        return reshape(a, Arrays.copyOf(shape, n));
    }

    static Value gather(Value data, Value indices, long axisAttr) {
        int ax = axis(axisAttr, data.rank());
        int dim = data.shape[ax];
        int[] shape = new int[data.rank() - 1 + indices.rank()];
        System.arraycopy(data.shape, 0, shape, 0, ax);
        System.arraycopy(indices.shape, 0, shape, ax, indices.rank());
        System.arraycopy(data.shape, ax + 1, shape, ax + indices.rank(), data.rank() - ax - 1);
        int outer = 1;
        for (int i = 0; i < ax; i++) {
            outer *= data.shape[i];
        }
        int inner = 1;
        for (int i = ax + 1; i < data.rank(); i++) {
            inner *= data.shape[i];
        }
        int ni = indices.size();
        Value out = data.like(shape);
        for (int k = 0; k < ni; k++) {
            long idx = indices.getLong(k);
            if (idx < -dim || idx >= dim) {
                throw new IllegalArgumentException("Gather index " + idx + " out of range for dimension " + dim);
            }
            int ix = (int) (idx < 0 ? idx + dim : idx);
            for (int o = 0; o < outer; o++) {
                int src = (o * dim + ix) * inner;
                int dst = (o * ni + k) * inner;
                if (data.isFloat()) {
                    System.arraycopy(data.f, src, out.f, dst, inner);
                } else {
                    System.arraycopy(data.l, src, out.l, dst, inner);
                }
            }
        }
        return out;
    }

    static Value concat(List<Value> parts, long axisAttr) {
        Value first = parts.get(0);
        int ax = axis(axisAttr, first.rank());
        int[] shape = first.shape.clone();
        shape[ax] = 0;
        for (Value p : parts) {
            if (p.rank() != first.rank() || p.isFloat() != first.isFloat()) {
                throw new IllegalArgumentException("Concat of " + first + " and " + p);
            }
            for (int d = 0; d < shape.length; d++) {
                if (d != ax && p.shape[d] != first.shape[d]) {
                    throw new IllegalArgumentException("Concat of " + first + " and " + p + " along axis " + ax);
                }
            }
            shape[ax] += p.shape[ax];
        }
        int outer = 1;
        for (int i = 0; i < ax; i++) {
            outer *= shape[i];
        }
        int inner = 1;
        for (int i = ax + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        Value out = first.like(shape);
        int row = shape[ax] * inner;
        int at = 0;
        for (Value p : parts) {
            int len = p.shape[ax] * inner;
            for (int o = 0; o < outer; o++) {
                if (out.isFloat()) {
                    System.arraycopy(p.f, o * len, out.f, o * row + at, len);
                } else {
                    System.arraycopy(p.l, o * len, out.l, o * row + at, len);
                }
            }
            at += len;
        }
        return out;
    }

    static Value slice(Value a, long[] starts, long[] ends, long[] axes, long[] steps) {
        int r = a.rank();
        int[] start = new int[r];
        int[] step = new int[r];
        int[] shape = a.shape.clone();
        Arrays.fill(step, 1);
        if (ends.length != starts.length || (axes != null && axes.length != starts.length)
                || (steps != null && steps.length != starts.length)) {
            throw new IllegalArgumentException("Slice starts, ends, axes and steps differ in length");
        }
        for (int i = 0; i < starts.length; i++) {
            int ax = axis(axes == null ? i : axes[i], r);
            long dim = a.shape[ax];
            long st = steps == null ? 1 : steps[i];
            if (st == 0) {
                throw new IllegalArgumentException("Slice step 0");
            }
            long s = starts[i] < 0 ? starts[i] + dim : starts[i];
            long e = ends[i] < 0 ? ends[i] + dim : ends[i];
            long count;
            if (st > 0) {
                s = Math.max(0, Math.min(s, dim));
                e = Math.max(0, Math.min(e, dim));
                count = e > s ? (e - s + st - 1) / st : 0;
            } else {
                s = Math.max(-1, Math.min(s, dim - 1));
                e = Math.max(-1, Math.min(e, dim - 1));
                count = s > e ? (s - e + (-st) - 1) / (-st) : 0;
            }
            start[ax] = (int) s;
            step[ax] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, st));
            shape[ax] = (int) count;
        }
        Value out = a.like(shape);
        int[] inStrides = Value.strides(a.shape);
        int[] coord = new int[r];
        int n = out.size();
        for (int i = 0; i < n; i++) {
            int src = 0;
            for (int d = 0; d < r; d++) {
                src += (start[d] + coord[d] * step[d]) * inStrides[d];
            }
            a.copyTo(src, out, i);
            for (int d = r - 1; d >= 0; d--) {
                if (++coord[d] < shape[d]) {
                    break;
                }
                coord[d] = 0;
            }
        }
        return out;
    }

    static Value range(Value start, Value limit, Value delta) {
        double s = start.get(0);
        double l = limit.get(0);
        double d = delta.get(0);
        if (d == 0) {
            throw new IllegalArgumentException("Range with delta 0");
        }
        long n = Math.max(0, (long) Math.ceil((l - s) / d));
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Range of " + n + " values");
        }
        if (start.isFloat()) {
            float[] out = new float[(int) n];
            for (int i = 0; i < n; i++) {
                out[i] = (float) (s + i * d);
            }
            return Value.floats(out, (int) n);
        }
        long[] out = new long[(int) n];
        for (int i = 0; i < n; i++) {
            out[i] = start.l[0] + i * delta.l[0];
        }
        return Value.longs(out, (int) n);
    }

    static Value constantOfShape(Value shapeValue, Value fill) {
        long[] s = shapeValue.longs();
        int[] shape = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            if (s[i] < 0 || s[i] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("ConstantOfShape dimension " + s[i]);
            }
            shape[i] = (int) s[i];
        }
        Value out = fill == null ? Value.floats(new float[(int) Value.size(shape)], shape) : fill.like(shape);
        if (fill != null) {
            for (int i = 0; i < out.size(); i++) {
                fill.copyTo(0, out, i);
            }
        }
        return out;
    }

    static Value reduceSum(Value a, long[] axes, boolean keepDims) {
        boolean[] reduce = new boolean[a.rank()];
        if (axes == null || axes.length == 0) {
            Arrays.fill(reduce, true);
        } else {
            for (long ax : axes) {
                reduce[axis(ax, a.rank())] = true;
            }
        }
        int[] kept = a.shape.clone();
        for (int d = 0; d < kept.length; d++) {
            if (reduce[d]) {
                kept[d] = 1;
            }
        }
        Value out = a.like(kept);
        int[] outStrides = Value.strides(kept);
        int[] coord = new int[a.rank()];
        for (int i = 0; i < a.size(); i++) {
            int dst = 0;
            for (int d = 0; d < coord.length; d++) {
                if (!reduce[d]) {
                    dst += coord[d] * outStrides[d];
                }
            }
            if (a.isFloat()) {
                out.f[dst] += a.f[i];
            } else {
                out.l[dst] += a.l[i];
            }
            for (int d = coord.length - 1; d >= 0; d--) {
                if (++coord[d] < a.shape[d]) {
                    break;
                }
                coord[d] = 0;
            }
        }
        if (keepDims) {
            return out;
        }
        int[] shape = new int[a.rank()];
        int n = 0;
        for (int d = 0; d < kept.length; d++) {
            if (!reduce[d]) {
                shape[n++] = kept[d];
            }
        }
        return reshape(out, Arrays.copyOf(shape, n));
    }

    /** A (..., M, K) times B (K, N) (or both 2-D); batched B is not needed by the graphs this reads. */
    static Value matMul(Value a, Value b) {
        if (b.rank() != 2 || a.rank() < 1) {
            throw new IllegalArgumentException("MatMul of " + a + " by " + b + ": only a 2-D right-hand side is "
                    + "supported");
        }
        int k = b.shape[0];
        int n = b.shape[1];
        if (a.shape[a.rank() - 1] != k) {
            throw new IllegalArgumentException("MatMul of " + a + " by " + b + ": inner dimensions differ");
        }
        int[] shape = a.shape.clone();
        shape[shape.length - 1] = n;
        float[] y = new float[(int) Value.size(shape)];
        int m = k == 0 ? 0 : a.size() / k; // rows of A flattened over its leading dims
        if (m > 0 && n > 0 && k > 0) {
            KernelProvider.get().gemm(false, false, m, n, k, 1f, a.floatsCopy(), 0, k, b.floatsCopy(), 0, n, 0f, y, 0, n);
        }
        return Value.floats(y, shape);
    }

    static Value gemm(Value a, Value b, Value c, float alpha, float beta, boolean transA, boolean transB) {
        if (a.rank() != 2 || b.rank() != 2) {
            throw new IllegalArgumentException("Gemm needs 2-D inputs, got " + a + " and " + b);
        }
        int m = transA ? a.shape[1] : a.shape[0];
        int k = transA ? a.shape[0] : a.shape[1];
        int kb = transB ? b.shape[1] : b.shape[0];
        int n = transB ? b.shape[0] : b.shape[1];
        if (k != kb) {
            throw new IllegalArgumentException("Gemm of " + a + " and " + b + ": inner dimensions differ");
        }
        float[] y = new float[(int) Value.size(new int[] {m, n})];
        if (c != null) {
            int[] ic = broadcastIndex(new int[] {m, n}, c.shape);
            if (!Arrays.equals(broadcast(new int[] {m, n}, c.shape), new int[] {m, n})) {
                throw new IllegalArgumentException("Gemm C " + c + " does not broadcast to (" + m + ", " + n + ")");
            }
            for (int i = 0; i < y.length; i++) {
                y[i] = beta * (float) c.get(ic[i]);
            }
        }
        if (m > 0 && n > 0 && k > 0) {
            KernelProvider.get().gemm(transA, transB, m, n, k, alpha, a.floatsCopy(), 0, a.shape[1], b.floatsCopy(), 0,
                    b.shape[1], c != null ? 1f : 0f, y, 0, n);
        }
        return Value.floats(y, m, n);
    }
}
