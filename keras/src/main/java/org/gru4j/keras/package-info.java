/**
 * Import of Keras models (Keras 2, tf.keras, Keras 3; {@code .h5} and {@code .keras}) into gru4j layers with the
 * same numbers. Entry point: {@link org.gru4j.keras.KerasImport}; result: {@link org.gru4j.keras.KerasModel}.
 *
 * <p>Conventions: Keras stores kernels {@code (in, out)} and GRU gates in the order z, r, h; gru4j stores
 * {@code (out, in)} and r, z, n (see {@code docs/gru-math.md}). All conversion happens at this boundary, in
 * {@code KerasConversion}; the rest of gru4j never sees a Keras layout. Every real-file fixture under
 * {@code src/test/resources/fixtures} is checked against an independent float64 reference.
 */
package org.gru4j.keras;
