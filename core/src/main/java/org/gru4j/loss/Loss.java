package org.gru4j.loss;

import org.gru4j.tensor.Tensor;

/**
 * A training loss: the mean loss over a batch and its gradient with respect to the predictions.
 *
 * <p>See the {@linkplain org.gru4j.loss package documentation} for shapes and the reduction
 * {@code L = (1/R) sum_r w_r l_r}. Implementations are immutable and thread-safe.
 */
public interface Loss {

    /** The Keras name, e.g. {@code "binary_crossentropy"}. */
    String name();

    /**
     * The mean loss, optionally writing {@code dL/dpred}.
     *
     * @param pred predictions {@code (B, C)}, {@code (B, T, C)}, or {@code (B)} for element-wise losses
     * @param target targets of the prediction's shape, or class ids for sparse categorical crossentropy
     * @param sampleWeight per-row weights shaped {@code (B)} or like the rows ({@code (B, T)}); {@code null} for 1
     * @param grad receives {@code dL/dpred} (overwritten), shaped like {@code pred}; {@code null} to skip
     * @return the weighted mean over rows, 0 for an empty batch
     * @throws org.gru4j.tensor.ShapeException if a shape does not fit, naming the expected and the given shape
     * @throws IllegalArgumentException if a label is out of range, naming its position and value
     */
    double compute(Tensor pred, Tensor target, Tensor sampleWeight, Tensor grad);

    /** The unweighted mean loss, without gradient. */
    default double compute(Tensor pred, Tensor target) {
        return compute(pred, target, null, null);
    }
}
