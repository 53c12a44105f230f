/**
 * Data preparation as a Keras user knows it: {@link org.gru4j.data.Dataset} with splits and seeded mini-batches,
 * one-hot labels and sequence padding ({@link org.gru4j.data.Preprocessing}), forecasting windows
 * ({@link org.gru4j.data.Windows}, {@link org.gru4j.data.TimeSplit}), per-column scalers fitted on training data
 * only ({@link org.gru4j.data.MinMaxScaler}, {@link org.gru4j.data.StandardScaler}), character and word tokenizers
 * over a {@link org.gru4j.data.Vocabulary}, and an RFC 4180 CSV reader ({@link org.gru4j.data.Csv}).
 *
 * <p>Conventions: the first dimension of every tensor is the sample; sequences are {@code (samples, time,
 * features)}; series are {@code float[time][features]}; padding is on the right unless asked otherwise, because
 * {@link org.gru4j.nn.Mask#fromLengths} and the recurrent layers expect real steps first. Bad data throws
 * {@link org.gru4j.data.InvalidDataException}, shape disagreements {@link org.gru4j.tensor.ShapeException}; both
 * are {@code IllegalArgumentException}s whose message names the place and the value.
 */
package org.gru4j.data;
