package org.gru4j.analysis;

/**
 * The linear stability of a fixed point of a map, from the eigenvalues {@code lambda} of its Jacobian (a map, not a
 * flow: the unit circle, not the imaginary axis, is the boundary).
 */
public enum Stability {
    /** Every {@code |lambda| < 1}: nearby states are drawn in. */
    STABLE,
    /** Some {@code |lambda| > 1} and some {@code < 1}: attracting along some directions, repelling along others. */
    SADDLE,
    /** Every {@code |lambda| > 1}. */
    UNSTABLE,
    /** Some {@code |lambda|} within the tolerance of 1: linearization cannot decide (line attractors, say). */
    MARGINAL
}
