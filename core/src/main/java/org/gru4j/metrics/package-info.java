/**
 * Streaming metrics with Keras names: {@link org.gru4j.metrics.Metric#update} adds a batch,
 * {@link org.gru4j.metrics.Metric#result} reports over everything since {@link org.gru4j.metrics.Metric#reset}.
 *
 * <p>Shapes follow {@link org.gru4j.loss}: predictions {@code (B, C)}, {@code (B, T, C)} or {@code (B)}; targets of
 * the same shape, or class ids for the sparse metric. Row-wise metrics (accuracies, MAE, MSE) average each row (the
 * last axis) and then all rows seen, as Keras's {@code MeanMetricWrapper}; an empty metric reports 0, as Keras.
 * Sample weights are not supported yet.
 */
package org.gru4j.metrics;
