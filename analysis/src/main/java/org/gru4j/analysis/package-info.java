/**
 * Seeing inside recurrent networks: gate activations and saturation, exact hidden-state Jacobians and their
 * eigenvalues, gradient flow through time, fixed and slow points (Sussillo and Barak 2013), Lyapunov spectra by the
 * QR method (Benettin et al. 1980) and PCA of hidden trajectories.
 *
 * <p>Everything is computed in double from a snapshot of a layer's float parameters ({@link
 * org.gru4j.analysis.CellDynamics}), with the exact equations of {@code docs/gru-math.md}. The analyses take any
 * {@link org.gru4j.analysis.Dynamics}, so the same code runs on a GRU, an LSTM, a simple RNN or a textbook map
 * ({@link org.gru4j.analysis.Maps}) whose answers are known.
 *
 * <p>Conventions: a state Jacobian is {@code J[i][j] = dF_i / ds_j}, an {@code n x n} {@code double[][]} indexed
 * row then column; the LSTM's state is {@code s = (h, c)} of length {@code 2H}, h first. Time runs in the layer's
 * processing order (reversed for {@code goBackwards}). Every result is an immutable record with a {@code toJson()};
 * non-finite numbers (a log of zero, say) are written as JSON {@code null}, which JSON can represent.
 */
package org.gru4j.analysis;
