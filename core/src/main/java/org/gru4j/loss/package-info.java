/**
 * Training losses with Keras semantics, each returning the mean loss and writing its gradient with respect to the
 * predictions.
 *
 * <p><b>Shapes.</b> Predictions are {@code (B, C)} or, for sequence outputs, {@code (B, T, C)}; the last axis holds
 * classes or output features. Element-wise losses (binary crossentropy, MSE, MAE, Huber) also take rank-1
 * predictions {@code (B)}, read as {@code (B, 1)}. Dense targets have the prediction's shape; sparse categorical
 * targets hold integer class ids as floats, shaped {@code (B)} or {@code (B, T)} (a trailing axis of 1 is accepted).
 *
 * <p><b>Reduction</b> (Keras {@code "sum_over_batch_size"}). Each loss first reduces the last axis to one value per
 * "row" (a sample, or a sample's time step): crossentropies sum {@code -y log p} over classes, element-wise losses
 * take the mean over the axis. With {@code R} rows, row losses {@code l_r} and per-row weights {@code w_r}
 * (default 1) the result is {@code L = (1/R) * sum_r w_r l_r}: the weights multiply, but the divisor stays the row
 * count, as in Keras (not the sum of weights).
 *
 * <p><b>Gradients</b> are {@code dL/dpred} of that mean, written (not accumulated) into a tensor of the prediction's
 * shape. Arithmetic runs in double and is rounded once to float on output.
 */
package org.gru4j.loss;
