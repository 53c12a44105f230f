package org.gru4j.analysis;

/**
 * A discrete-time dynamical system {@code s' = F(s, x)}: one step of a recurrent cell, or a map such as the Henon
 * map. The analyses in this package (fixed points, Lyapunov spectra, gradient flow) need only this.
 *
 * <p>The state has {@link #stateSize()} components; the input has {@link #inputSize()} (0 for an autonomous map).
 * A null input means the zero input, so a cell's autonomous dynamics are its dynamics with no input.
 *
 * <p>Implementations hold no mutable state and may be shared between threads.
 */
public interface Dynamics {
    /** Length of the state vector {@code s}. */
    int stateSize();

    /** Length of the input vector {@code x}; 0 when the map takes none. */
    int inputSize();

    /** Writes {@code F(state, input)} into {@code next} (length {@link #stateSize()}, distinct from state). */
    void step(double[] state, double[] input, double[] next);

    /** Writes the state Jacobian {@code jac[i][j] = dF_i/ds_j} at {@code (state, input)} into {@code jac}. */
    void jacobian(double[] state, double[] input, double[][] jac);

    /** {@code F(state, input)} in a new array. */
    default double[] step(double[] state, double[] input) {
        double[] next = new double[stateSize()];
        step(state, input, next);
        return next;
    }

    /** The state Jacobian at {@code (state, input)} in a new {@code n x n} array. */
    default double[][] jacobian(double[] state, double[] input) {
        int n = stateSize();
        double[][] jac = new double[n][n];
        jacobian(state, input, jac);
        return jac;
    }
}
