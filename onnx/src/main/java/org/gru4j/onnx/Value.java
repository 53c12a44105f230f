package org.gru4j.onnx;

import java.util.Arrays;
import org.gru4j.tensor.Tensor;

/**
 * A tensor flowing through an {@link OnnxModel}: floats (FLOAT, DOUBLE) or integers (INT64, INT32, BOOL as 0/1), so
 * shape arithmetic such as {@code Shape -> Gather -> Concat} stays exact. gru4j's {@link Tensor} is float-only,
 * which is why the interpreter has its own value type.
 */
final class Value {
    final int[] shape;
    final float[] f;
    final long[] l;

    private Value(int[] shape, float[] f, long[] l) {
        this.shape = shape;
        this.f = f;
        this.l = l;
        long n = size(shape);
        if ((f != null ? f.length : l.length) != n) {
            throw new IllegalArgumentException("data of " + (f != null ? f.length : l.length) + " values for shape "
                    + Arrays.toString(shape));
        }
    }

    static Value floats(float[] f, int... shape) {
        return new Value(shape, f, null);
    }

    static Value longs(long[] l, int... shape) {
        return new Value(shape, null, l);
    }

    static Value of(Tensor t) {
        return floats(t.data(), t.shape());
    }

    boolean isFloat() {
        return f != null;
    }

    int rank() {
        return shape.length;
    }

    int size() {
        return f != null ? f.length : l.length;
    }

    double get(int i) {
        return f != null ? f[i] : l[i];
    }

    long getLong(int i) {
        return f != null ? (long) f[i] : l[i];
    }

    long[] longs() {
        if (l != null) {
            return l;
        }
        long[] out = new long[f.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (long) f[i];
        }
        return out;
    }

    float[] floatsCopy() {
        if (f != null) {
            return f.clone();
        }
        float[] out = new float[l.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = l[i];
        }
        return out;
    }

    Tensor toTensor() {
        return Tensor.of(f != null ? f : floatsCopy(), shape.clone());
    }

    /** A value of the same kind (float or integer) with the given shape and {@code n} zeros. */
    Value like(int[] newShape) {
        int n = (int) size(newShape);
        return f != null ? floats(new float[n], newShape) : longs(new long[n], newShape);
    }

    /** Copies element {@code src} of this into element {@code dst} of {@code out} (same kind). */
    void copyTo(int src, Value out, int dst) {
        if (f != null) {
            out.f[dst] = f[src];
        } else {
            out.l[dst] = l[src];
        }
    }

    static long size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
            }
        }
        return n;
    }

    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    @Override
    public String toString() {
        return (f != null ? "float" : "int") + Arrays.toString(shape);
    }
}
