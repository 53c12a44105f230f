package org.gru4j.kernels;

/**
 * The squashing function of the gates of GRU and LSTM cells (Keras's {@code recurrent_activation}).
 *
 * <p>{@link #SIGMOID} is the default everywhere and the only one the fused vector kernels implement; the hard
 * sigmoids exist so models trained in Keras with them (Keras 2's default for GRU and LSTM) give the same numbers.
 * Keras changed the definition between versions, so both are here:
 * <ul>
 *   <li>{@link #HARD_SIGMOID_KERAS2}: {@code clip(0.2 x + 0.5, 0, 1)} (Keras 1 and 2, tf.keras);</li>
 *   <li>{@link #HARD_SIGMOID_KERAS3}: {@code clip(x / 6 + 0.5, 0, 1)} (Keras 3, same as PyTorch's Hardsigmoid).</li>
 * </ul>
 */
public enum GateActivation {
    SIGMOID,
    HARD_SIGMOID_KERAS2,
    HARD_SIGMOID_KERAS3;

    /** The activation of {@code x}. */
    public float apply(float x) {
        switch (this) {
            case HARD_SIGMOID_KERAS2:
                return clip01(0.2f * x + 0.5f);
            case HARD_SIGMOID_KERAS3:
                return clip01(x / 6f + 0.5f);
            default:
                return ScalarKernels.sigmoid(x);
        }
    }

    /**
     * The derivative, from the output {@code y = apply(x)}: {@code y (1 - y)} for the sigmoid; the slope inside
     * the linear part and 0 where the hard sigmoid is clipped.
     */
    public float derivative(float y) {
        switch (this) {
            case HARD_SIGMOID_KERAS2:
                return y > 0f && y < 1f ? 0.2f : 0f;
            case HARD_SIGMOID_KERAS3:
                return y > 0f && y < 1f ? 1f / 6f : 0f;
            default:
                return y * (1f - y);
        }
    }

    private static float clip01(float v) {
        return v < 0f ? 0f : (v > 1f ? 1f : v);
    }
}
