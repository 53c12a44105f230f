package org.gru4j.nn;

import org.gru4j.tensor.Tensor;

/**
 * A named, shaped view of trainable values and their gradient.
 *
 * <p>Values and gradients are regions {@code [offset, offset + size)} of float arrays. A freshly built layer owns
 * small arrays of its own; a model later moves every parameter into one flat value array and one flat gradient
 * array ({@link #rebind}), so optimizers run one loop over the whole model. Layers therefore never keep the
 * arrays: they read {@link #values()} and {@link #offset()} at each call.
 *
 * <p>Gradients accumulate: backward passes add into them, and the training loop zeroes them per step.
 */
public final class Parameter {
    private final String name;
    private final int[] shape;
    private final int size;
    private float[] values;
    private float[] grads;
    private int offset;
    private boolean trainable = true;
    private double l1;
    private double l2;

    public Parameter(String name, int... shape) {
        this.name = name;
        this.shape = shape.clone();
        this.size = Tensor.checkedSize(shape);
        this.values = new float[size];
        this.grads = new float[size];
        this.offset = 0;
    }

    public String name() {
        return name;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        return size;
    }

    /** The array holding the values; the values start at {@link #offset()}. */
    public float[] values() {
        return values;
    }

    /** The array holding the gradient; it starts at {@link #offset()} too. */
    public float[] grads() {
        return grads;
    }

    public int offset() {
        return offset;
    }

    public boolean trainable() {
        return trainable;
    }

    public Parameter setTrainable(boolean t) {
        this.trainable = t;
        return this;
    }

    /** L1 penalty factor: the training loss adds {@code l1 * sum |w|}. */
    public double l1() {
        return l1;
    }

    /** L2 penalty factor: the training loss adds {@code l2 * sum w^2} (Keras's convention, no 1/2). */
    public double l2() {
        return l2;
    }

    /** Sets the L1 and L2 penalty factors (Keras's kernel_regularizer=L1L2(l1, l2)). */
    public Parameter setRegularization(double l1, double l2) {
        if (!(l1 >= 0 && l2 >= 0)) {
            throw new IllegalArgumentException("penalties must be >= 0, got l1=" + l1 + ", l2=" + l2);
        }
        this.l1 = l1;
        this.l2 = l2;
        return this;
    }

    /** Moves this parameter into shared arrays at {@code newOffset}, copying the current values and gradients. */
    public void rebind(float[] newValues, float[] newGrads, int newOffset) {
        System.arraycopy(values, offset, newValues, newOffset, size);
        System.arraycopy(grads, offset, newGrads, newOffset, size);
        this.values = newValues;
        this.grads = newGrads;
        this.offset = newOffset;
    }

    /** A copy of the values as a tensor of this parameter's shape. */
    public Tensor valueTensor() {
        float[] c = new float[size];
        System.arraycopy(values, offset, c, 0, size);
        return Tensor.of(c, shape);
    }

    /** A copy of the gradient as a tensor of this parameter's shape. */
    public Tensor gradTensor() {
        float[] c = new float[size];
        System.arraycopy(grads, offset, c, 0, size);
        return Tensor.of(c, shape);
    }

    /**
     * Copies {@code t} into the values after checking the shape.
     *
     * @throws org.gru4j.tensor.ShapeException naming this parameter, the expected and the given shape
     */
    public void set(Tensor t) {
        t.requireShape("parameter " + name, shape);
        System.arraycopy(t.data(), 0, values, offset, size);
    }

    public void zeroGrad() {
        java.util.Arrays.fill(grads, offset, offset + size, 0f);
    }

    @Override
    public String toString() {
        return name + Tensor.shapeString(shape);
    }
}
