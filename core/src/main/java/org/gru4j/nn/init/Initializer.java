package org.gru4j.nn.init;

import org.gru4j.nn.Parameter;
import org.gru4j.util.Rng;

/**
 * Fills a parameter's values from a seeded generator.
 *
 * <p>The region to fill is viewed as a row-major {@code rows x cols} matrix: a parameter of shape
 * {@code (d0, d1, ..., dk)} is {@code d0 x (d1 * ... * dk)}, a vector of shape {@code (n,)} is {@code 1 x n}. Only
 * shape-aware initializers (orthogonal) look at {@code rows} and {@code cols}; the others draw
 * {@code rows * cols} values in row-major order. {@code fanIn} and {@code fanOut} are those of
 * {@link Initializers#fans(int[])} unless the caller knows better (a layer filling one gate block of a stacked
 * matrix, for example).
 *
 * <p>The same generator state always gives the same bits: every initializer draws a fixed number of values in a
 * fixed order (rejection sampling excepted, which is still deterministic).
 */
@FunctionalInterface
public interface Initializer {

    /**
     * Fills {@code values[offset, offset + rows * cols)}, a row-major {@code rows x cols} matrix.
     *
     * @param fanIn  number of inputs feeding each output unit (columns of an {@code (out, in)} matrix)
     * @param fanOut number of output units (rows of an {@code (out, in)} matrix)
     */
    void fill(float[] values, int offset, int rows, int cols, int fanIn, int fanOut, Rng rng);

    /** Fills all of {@code p} with explicit fans. */
    default void fill(Parameter p, int fanIn, int fanOut, Rng rng) {
        int[] shape = p.shape();
        int rows = shape.length < 2 ? 1 : shape[0];
        int cols = rows == 0 ? 0 : p.size() / rows;
        fill(p.values(), p.offset(), rows, cols, fanIn, fanOut, rng);
    }

    /** Fills all of {@code p} with the fans of its shape ({@link Initializers#fans(int[])}). */
    default void fill(Parameter p, Rng rng) {
        int[] f = Initializers.fans(p.shape());
        fill(p, f[0], f[1], rng);
    }
}
