package org.gru4j.tensor;

import java.util.Arrays;

/**
 * A dense, row-major float32 array with a shape.
 *
 * <p>The element at index {@code (i0, i1, ..., ik)} lives at {@code data[((i0 * d1 + i1) * d2 + ...) + ik]}. A tensor
 * always owns exactly {@code size()} floats starting at offset 0, so kernels can take {@code data()} directly.
 * Sequence tensors are batch-first: {@code (batch, time, features)}, as in Keras and PyTorch's
 * {@code batch_first=True}.
 */
public final class Tensor {
    private final float[] data;
    private final int[] shape;

    private Tensor(float[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    /** A tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return new Tensor(new float[checkedSize(shape)], shape.clone());
    }

    /** Wraps {@code data} (not copied) with the given shape; the length must equal the product of the shape. */
    public static Tensor of(float[] data, int... shape) {
        long size = checkedSize(shape);
        if (data.length != size) {
            throw new ShapeException("data of length " + data.length + " cannot take shape " + shapeString(shape)
                    + " (expected " + size + " elements)");
        }
        return new Tensor(data, shape.clone());
    }

    /** Copies a double array into a new float tensor (used for golden references and user data). */
    public static Tensor ofDoubles(double[] data, int... shape) {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return of(f, shape);
    }

    /** A 2-D tensor copied from rows of equal length. */
    public static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] d = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new ShapeException("row " + r + " has " + rows[r].length + " values, expected " + cols);
            }
            System.arraycopy(rows[r], 0, d, r * cols, cols);
        }
        return new Tensor(d, new int[] {rows.length, cols});
    }

    /** A 3-D tensor (batch, time, features) copied from nested arrays of equal lengths. */
    public static Tensor of(float[][][] x) {
        int b = x.length;
        int t = b == 0 ? 0 : x[0].length;
        int f = t == 0 ? 0 : x[0][0].length;
        float[] d = new float[b * t * f];
        for (int i = 0; i < b; i++) {
            if (x[i].length != t) {
                throw new ShapeException("sample " + i + " has " + x[i].length + " steps, expected " + t);
            }
            for (int j = 0; j < t; j++) {
                if (x[i][j].length != f) {
                    throw new ShapeException("sample " + i + " step " + j + " has " + x[i][j].length
                            + " features, expected " + f);
                }
                System.arraycopy(x[i][j], 0, d, (i * t + j) * f, f);
            }
        }
        return new Tensor(d, new int[] {b, t, f});
    }

    public float[] data() {
        return data;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    public int size() {
        return data.length;
    }

    /** A tensor sharing this one's data with another shape of the same size. */
    public Tensor reshape(int... newShape) {
        return of(data, newShape);
    }

    public Tensor copy() {
        return new Tensor(data.clone(), shape.clone());
    }

    public float get(int... index) {
        return data[flatIndex(index)];
    }

    public void set(float value, int... index) {
        data[flatIndex(index)] = value;
    }

    /** Row-major flat position of {@code index}, with bounds checks. */
    public int flatIndex(int... index) {
        if (index.length != shape.length) {
            throw new ShapeException("index of rank " + index.length + " for a tensor of shape " + shapeString(shape));
        }
        int flat = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside shape "
                        + shapeString(shape));
            }
            flat = flat * shape[i] + index[i];
        }
        return flat;
    }

    /**
     * Checks this tensor's shape against {@code expected}, where -1 matches any size.
     *
     * @param what names the tensor in the message, e.g. "GRU input"
     * @throws ShapeException saying what was expected and what came
     */
    public Tensor requireShape(String what, int... expected) {
        boolean ok = expected.length == shape.length;
        for (int i = 0; ok && i < expected.length; i++) {
            ok = expected[i] < 0 || expected[i] == shape[i];
        }
        if (!ok) {
            throw new ShapeException(what + ": expected shape " + patternString(expected) + ", got "
                    + shapeString(shape));
        }
        return this;
    }

    /** Fills with one value. */
    public Tensor fill(float v) {
        Arrays.fill(data, v);
        return this;
    }

    /** Largest absolute element-wise difference to {@code other} of the same shape. */
    public float maxAbsDiff(Tensor other) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new ShapeException("cannot compare shape " + shapeString(shape) + " with " + shapeString(other.shape));
        }
        float m = 0;
        for (int i = 0; i < data.length; i++) {
            m = Math.max(m, Math.abs(data[i] - other.data[i]));
        }
        return m;
    }

    public static String shapeString(int[] shape) {
        return patternString(shape);
    }

    private static String patternString(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i] < 0 ? "*" : Integer.toString(shape[i]));
        }
        if (shape.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }

    /** Product of the dimensions, rejecting negatives and sizes beyond a Java array. */
    public static int checkedSize(int... shape) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new ShapeException("negative dimension in shape " + shapeString(shape));
            }
            size *= d;
            if (size > Integer.MAX_VALUE - 8) {
                throw new ShapeException("shape " + shapeString(shape) + " has more elements than a Java array holds");
            }
        }
        return (int) size;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(shapeString(shape)).append(" [");
        int n = Math.min(data.length, 8);
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? ", " : "").append(data[i]);
        }
        return sb.append(data.length > n ? ", ...]" : "]").toString();
    }
}
