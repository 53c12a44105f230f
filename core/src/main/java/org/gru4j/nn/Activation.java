package org.gru4j.nn;

import java.util.Arrays;
import java.util.Locale;
import org.gru4j.kernels.Kernels;
import org.gru4j.kernels.KernelProvider;

/**
 * Output activations for feed-forward layers, applied to a row-major {@code rows x cols} block: element-wise, or
 * per row for {@link #SOFTMAX} (the last axis, as in Keras).
 *
 * <p>Backward works from the activation's <em>output</em> {@code y}, which every layer keeps anyway, so no
 * pre-activation has to be cached:
 * <pre>
 *   linear   y = a                      da = dy
 *   sigmoid  y = 1 / (1 + exp(-a))      da = dy * y * (1 - y)
 *   tanh     y = tanh(a)                da = dy * (1 - y^2)
 *   relu     y = max(a, 0)              da = dy * [y &gt; 0]     (subgradient 0 at a = 0, as PyTorch and Keras)
 *   softmax  y_j = exp(a_j - m) / sum_k exp(a_k - m),  m = max_k a_k
 *            da_j = y_j * (dy_j - sum_k dy_k y_k)   (the full Jacobian-vector product J^T dy, J = diag(y) - y y^T)
 * </pre>
 */
public enum Activation {
    LINEAR("linear"),
    SIGMOID("sigmoid"),
    TANH("tanh"),
    RELU("relu"),
    SOFTMAX("softmax");

    private final String kerasName;

    Activation(String kerasName) {
        this.kerasName = kerasName;
    }

    /** The name Keras uses in layer configurations, e.g. {@code "relu"}. */
    public String kerasName() {
        return kerasName;
    }

    /**
     * The activation with this Keras name ({@code null} and {@code "linear"} both mean {@link #LINEAR}, as in Keras).
     *
     * @throws IllegalArgumentException listing the known names
     */
    public static Activation byName(String name) {
        if (name == null) {
            return LINEAR;
        }
        String k = name.trim().toLowerCase(Locale.ROOT);
        for (Activation a : values()) {
            if (a.kerasName.equals(k)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; known: "
                + Arrays.stream(values()).map(Activation::kerasName).reduce((x, y) -> x + ", " + y).orElse(""));
    }

    /**
     * {@code y = act(a)} for a row-major {@code rows x cols} block; {@code y} may be {@code a} (in place).
     */
    public void forward(int rows, int cols, float[] a, int aOff, float[] y, int yOff) {
        Kernels k = KernelProvider.get();
        int n = rows * cols;
        switch (this) {
            case LINEAR:
                if (a != y || aOff != yOff) {
                    System.arraycopy(a, aOff, y, yOff, n);
                }
                break;
            case SIGMOID:
                k.sigmoid(n, a, aOff, y, yOff);
                break;
            case TANH:
                k.tanh(n, a, aOff, y, yOff);
                break;
            case RELU:
                k.relu(n, a, aOff, y, yOff);
                break;
            case SOFTMAX:
                for (int r = 0; r < rows; r++) {
                    softmaxRow(cols, a, aOff + r * cols, y, yOff + r * cols);
                }
                break;
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * {@code da = dL/da} from the output {@code y} and {@code dy = dL/dy}, for a row-major {@code rows x cols} block.
     * {@code da} must not overlap {@code y} or {@code dy}.
     */
    public void backward(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff, float[] da, int daOff) {
        Kernels k = KernelProvider.get();
        int n = rows * cols;
        switch (this) {
            case LINEAR:
                System.arraycopy(dy, dyOff, da, daOff, n);
                break;
            case SIGMOID:
                // No kernel computes the logistic derivative; this loop is element-wise and allocation-free.
                for (int i = 0; i < n; i++) {
                    float v = y[yOff + i];
                    da[daOff + i] = dy[dyOff + i] * v * (1f - v);
                }
                break;
            case TANH:
            case RELU:
                // The simple-RNN backward kernel is exactly "gradient times the derivative read from the output".
                k.rnnBackward(rows, cols, this == RELU, y, yOff, cols, dy, dyOff, cols, da, daOff);
                break;
            case SOFTMAX:
                for (int r = 0; r < rows; r++) {
                    int yo = yOff + r * cols;
                    int go = dyOff + r * cols;
                    int o = daOff + r * cols;
                    float s = k.dot(cols, dy, go, y, yo);
                    for (int j = 0; j < cols; j++) {
                        da[o + j] = y[yo + j] * (dy[go + j] - s);
                    }
                }
                break;
            default:
                throw new AssertionError(this);
        }
    }

    /** Softmax of one row; subtracting the maximum keeps exp from overflowing, the sum is kept in double. */
    private static void softmaxRow(int n, float[] a, int aOff, float[] y, int yOff) {
        if (n == 0) {
            return;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, a[aOff + j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            float e = (float) Math.exp(a[aOff + j] - max);
            y[yOff + j] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int j = 0; j < n; j++) {
            y[yOff + j] *= inv;
        }
    }
}
