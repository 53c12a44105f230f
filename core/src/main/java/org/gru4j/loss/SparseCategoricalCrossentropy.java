package org.gru4j.loss;

/**
 * Categorical crossentropy with integer class ids as targets, Keras {@code "sparse_categorical_crossentropy"}: the
 * same values and gradients as {@link CategoricalCrossentropy} with the one-hot encoding of the ids.
 *
 * <p>Targets are shaped {@code (B)} for predictions {@code (B, C)} and {@code (B, T)} for {@code (B, T, C)}; a
 * trailing axis of 1 is accepted. Each id must be an integer in {@code [0, C)}.
 */
public final class SparseCategoricalCrossentropy extends RowLoss {
    private final boolean fromLogits;

    public SparseCategoricalCrossentropy() {
        this(false);
    }

    public SparseCategoricalCrossentropy(boolean fromLogits) {
        super("sparse_categorical_crossentropy");
        this.fromLogits = fromLogits;
    }

    public boolean fromLogits() {
        return fromLogits;
    }

    @Override
    boolean elementwise() {
        return false;
    }

    @Override
    boolean sparseTargets() {
        return true;
    }

    @Override
    double row(float[] p, int po, float[] y, int yo, int c, double[] g, int[] yShape) {
        float id = y[yo];
        if (!(id >= 0 && id < c && id == Math.rint(id))) {
            throw new IllegalArgumentException(name() + ": class id at " + position(yShape, yo)
                    + " must be an integer in [0, " + c + "), got " + id);
        }
        int cls = (int) id;
        return fromLogits ? CategoricalCrossentropy.logitsRow(p, po, y, yo, c, cls, g)
                : CategoricalCrossentropy.probabilityRow(p, po, y, yo, c, cls, g);
    }
}
