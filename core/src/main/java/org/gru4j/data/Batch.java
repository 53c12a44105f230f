package org.gru4j.data;

import org.gru4j.nn.Mask;
import org.gru4j.tensor.Tensor;

/**
 * One mini-batch drawn from a {@link Dataset}: rows {@code indices} of the dataset, copied.
 *
 * @param x       features, shape {@code (b, ...)} with the dataset's trailing dimensions
 * @param y       targets, shape {@code (b, ...)}
 * @param mask    {@code b x steps} mask, or {@code null} when the dataset has none
 * @param weights {@code b} sample weights, or {@code null} when the dataset has none
 * @param indices the dataset rows in this batch, in batch order (so predictions can be written back)
 */
public record Batch(Tensor x, Tensor y, Mask mask, float[] weights, int[] indices) {

    /** Number of samples in this batch ({@code b}); the last batch of an epoch may be smaller than the rest. */
    public int size() {
        return indices.length;
    }
}
