package org.gru4j.nn.init;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.gru4j.util.Rng;

/**
 * Named, seeded initializers with the semantics of Keras 3 ({@code keras.initializers}) and PyTorch
 * ({@code torch.nn.init}).
 *
 * <p><b>Fans.</b> Weight matrices are stored {@code (out_features, in_features)} like PyTorch, so
 * {@code fanIn = columns} and {@code fanOut = rows} ({@link #fans(int[])}). Keras stores a Dense kernel as
 * {@code (in, out)}, the transpose; its fans are the same numbers, so every limit below matches Keras.
 *
 * <p><b>Variance scaling</b> ({@link #varianceScaling}) with {@code n} = fanIn, fanOut or (fanIn + fanOut) / 2:
 * <pre>
 *   uniform:            U(-limit, limit),  limit = sqrt(3 * scale / n)
 *   truncated_normal:   N(0, s^2) resampled beyond 2 s,  s = sqrt(scale / n) / 0.87962566103423978
 *   untruncated_normal: N(0, s^2),  s = sqrt(scale / n)
 * </pre>
 * The constant 0.8796... is the standard deviation of a unit normal truncated to [-2, 2]; dividing by it makes the
 * truncated samples have variance {@code scale / n} exactly, as Keras does.
 * <table>
 *   <caption>Variance-scaling family</caption>
 *   <tr><th>name</th><th>scale</th><th>n</th><th>distribution</th></tr>
 *   <tr><td>glorot_uniform</td><td>1</td><td>fan_avg</td><td>uniform: limit sqrt(6 / (fanIn + fanOut))</td></tr>
 *   <tr><td>glorot_normal</td><td>1</td><td>fan_avg</td><td>truncated normal, variance 2 / (fanIn + fanOut)</td></tr>
 *   <tr><td>he_uniform</td><td>2</td><td>fan_in</td><td>uniform: limit sqrt(6 / fanIn)</td></tr>
 *   <tr><td>he_normal</td><td>2</td><td>fan_in</td><td>truncated normal, variance 2 / fanIn</td></tr>
 *   <tr><td>lecun_uniform</td><td>1</td><td>fan_in</td><td>uniform: limit sqrt(3 / fanIn)</td></tr>
 *   <tr><td>lecun_normal</td><td>1</td><td>fan_in</td><td>truncated normal, variance 1 / fanIn</td></tr>
 * </table>
 * <b>Difference from PyTorch:</b> {@code xavier_normal_} and {@code kaiming_normal_} draw an untruncated normal
 * with the same variance; use {@code varianceScaling(scale, "fan_avg" or "fan_in", "untruncated_normal")} for
 * those. {@code xavier_uniform_} and {@code kaiming_uniform_} (with the default relu gain) equal glorot_uniform and
 * he_uniform.
 *
 * <p><b>PyTorch defaults.</b> {@code nn.GRU}, {@code nn.LSTM} and {@code nn.RNN} draw every weight and bias from
 * {@code U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))}; {@code nn.Linear} draws weight and bias from
 * {@code U(-1/sqrt(in_features), 1/sqrt(in_features))} (its {@code kaiming_uniform_(a=sqrt(5))} reduces to that
 * bound). Both are {@link #torchDefault(int)} with the stated fan.
 *
 * <p>Values are drawn in double and rounded to float once; uniform samples therefore lie in {@code [lo, hi]}
 * (rounding may reach {@code hi}).
 */
public final class Initializers {

    /** Standard deviation of a unit normal truncated to [-2, 2] (Keras's correction constant). */
    static final double TRUNCATED_STD = 0.87962566103423978;

    private Initializers() {
    }

    /**
     * The fans of a parameter shape in our {@code (out, in, ...)} layout, as {@code {fanIn, fanOut}}.
     * <ul>
     *   <li>{@code ()}: {@code (1, 1)}</li>
     *   <li>{@code (n,)}: {@code (n, n)} (Keras's rule for vectors)</li>
     *   <li>{@code (out, in)}: {@code (in, out)}</li>
     *   <li>{@code (out, in, k1, ...)}: {@code (in * k, out * k)} with {@code k = k1 * ...} (PyTorch's rule)</li>
     * </ul>
     */
    public static int[] fans(int[] shape) {
        switch (shape.length) {
            case 0:
                return new int[] {1, 1};
            case 1:
                return new int[] {shape[0], shape[0]};
            default:
                int receptive = 1;
                for (int i = 2; i < shape.length; i++) {
                    receptive *= shape[i];
                }
                return new int[] {shape[1] * receptive, shape[0] * receptive};
        }
    }

    /** All zeros (Keras {@code "zeros"}, the default bias initializer). */
    public static Initializer zeros() {
        return constant(0f, "zeros");
    }

    /** All ones (Keras {@code "ones"}). */
    public static Initializer ones() {
        return constant(1f, "ones");
    }

    /** Every value {@code v} (Keras {@code Constant(v)}). */
    public static Initializer constant(float v) {
        return constant(v, "constant(" + v + ")");
    }

    private static Initializer constant(float v, String name) {
        return named(name, (values, off, rows, cols, fanIn, fanOut, rng) ->
                java.util.Arrays.fill(values, off, off + rows * cols, v));
    }

    /** {@code U(lo, hi)} (Keras {@code RandomUniform(lo, hi)}; its defaults are -0.05, 0.05). */
    public static Initializer uniform(double lo, double hi) {
        if (!(lo <= hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("uniform: expected finite lo <= hi, got lo=" + lo + ", hi=" + hi);
        }
        return named("uniform(" + lo + ", " + hi + ")", (values, off, rows, cols, fanIn, fanOut, rng) ->
                fillUniform(values, off, rows * cols, lo, hi, rng));
    }

    /** {@code N(mean, std^2)} (Keras {@code RandomNormal(mean, std)}; its defaults are 0, 0.05). */
    public static Initializer normal(double mean, double std) {
        requireStd("normal", std);
        return named("normal(" + mean + ", " + std + ")", (values, off, rows, cols, fanIn, fanOut, rng) ->
                fillNormal(values, off, rows * cols, mean, std, rng));
    }

    /**
     * {@code N(mean, std^2)} with every sample farther than {@code 2 * std} from the mean drawn again (Keras
     * {@code TruncatedNormal(mean, std)}). The result has standard deviation {@code 0.8796 * std}.
     */
    public static Initializer truncatedNormal(double mean, double std) {
        requireStd("truncated_normal", std);
        return named("truncated_normal(" + mean + ", " + std + ")", (values, off, rows, cols, fanIn, fanOut, rng) ->
                fillTruncatedNormal(values, off, rows * cols, mean, std, rng));
    }

    /**
     * Keras {@code VarianceScaling(scale, mode, distribution)}, see the class documentation.
     *
     * @param mode         {@code "fan_in"}, {@code "fan_out"} or {@code "fan_avg"}
     * @param distribution {@code "uniform"}, {@code "truncated_normal"} or {@code "untruncated_normal"}
     */
    public static Initializer varianceScaling(double scale, String mode, String distribution) {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("variance_scaling: expected scale > 0, got " + scale);
        }
        if (!mode.equals("fan_in") && !mode.equals("fan_out") && !mode.equals("fan_avg")) {
            throw new IllegalArgumentException("variance_scaling: expected mode fan_in, fan_out or fan_avg, got '"
                    + mode + "'");
        }
        if (!distribution.equals("uniform") && !distribution.equals("truncated_normal")
                && !distribution.equals("untruncated_normal")) {
            throw new IllegalArgumentException("variance_scaling: expected distribution uniform, truncated_normal or "
                    + "untruncated_normal, got '" + distribution + "'");
        }
        String name = "variance_scaling(" + scale + ", " + mode + ", " + distribution + ")";
        return named(name, (values, off, rows, cols, fanIn, fanOut, rng) -> {
            double n;
            switch (mode) {
                case "fan_in":
                    n = fanIn;
                    break;
                case "fan_out":
                    n = fanOut;
                    break;
                default:
                    n = (fanIn + fanOut) / 2.0;
            }
            if (!(n > 0)) {
                throw new IllegalArgumentException(name + ": expected positive fans, got fanIn=" + fanIn
                        + ", fanOut=" + fanOut);
            }
            double variance = scale / n;
            switch (distribution) {
                case "uniform":
                    double limit = Math.sqrt(3 * variance);
                    fillUniform(values, off, rows * cols, -limit, limit, rng);
                    break;
                case "truncated_normal":
                    fillTruncatedNormal(values, off, rows * cols, 0, Math.sqrt(variance) / TRUNCATED_STD, rng);
                    break;
                default:
                    fillNormal(values, off, rows * cols, 0, Math.sqrt(variance), rng);
            }
        });
    }

    /** {@code U(-l, l)} with {@code l = sqrt(6 / (fanIn + fanOut))} (Glorot and Bengio 2010; Keras's kernel default). */
    public static Initializer glorotUniform() {
        return rename("glorot_uniform", varianceScaling(1, "fan_avg", "uniform"));
    }

    /** Truncated normal with variance {@code 2 / (fanIn + fanOut)} (Keras). */
    public static Initializer glorotNormal() {
        return rename("glorot_normal", varianceScaling(1, "fan_avg", "truncated_normal"));
    }

    /** {@code U(-l, l)} with {@code l = sqrt(6 / fanIn)} (He et al. 2015). */
    public static Initializer heUniform() {
        return rename("he_uniform", varianceScaling(2, "fan_in", "uniform"));
    }

    /** Truncated normal with variance {@code 2 / fanIn} (Keras). */
    public static Initializer heNormal() {
        return rename("he_normal", varianceScaling(2, "fan_in", "truncated_normal"));
    }

    /** {@code U(-l, l)} with {@code l = sqrt(3 / fanIn)} (LeCun 1998). */
    public static Initializer lecunUniform() {
        return rename("lecun_uniform", varianceScaling(1, "fan_in", "uniform"));
    }

    /** Truncated normal with variance {@code 1 / fanIn} (Keras). */
    public static Initializer lecunNormal() {
        return rename("lecun_normal", varianceScaling(1, "fan_in", "truncated_normal"));
    }

    /** {@link #orthogonal(double)} with gain 1 (Keras's default for recurrent kernels). */
    public static Initializer orthogonal() {
        return orthogonal(1.0);
    }

    /**
     * A random (semi-)orthogonal matrix times {@code gain} (Saxe et al. 2014), as Keras {@code Orthogonal} and
     * PyTorch {@code orthogonal_} make it.
     *
     * <p>With {@code big = max(rows, cols)} and {@code small = min(rows, cols)}: draw {@code A}, {@code big x small},
     * from N(0, 1); factor {@code A = Q R}; make the factorization unique by flipping each column of Q by the sign of
     * {@code R[j][j]}; the result is {@code gain * Q} when {@code rows >= cols} (orthonormal columns,
     * {@code W^T W = gain^2 I}) and {@code gain * Q^T} otherwise (orthonormal rows, {@code W W^T = gain^2 I}).
     *
     * <p>We factor by modified Gram-Schmidt with one re-orthogonalization pass, in double. Gram-Schmidt yields the
     * factorization whose R has a positive diagonal, which is exactly what the sign correction of Keras and PyTorch
     * (Householder QR followed by {@code Q *= sign(diag(R))}) produces; so the distribution is the same (the Haar
     * measure), though the bits differ because the random streams differ.
     */
    public static Initializer orthogonal(double gain) {
        if (!Double.isFinite(gain)) {
            throw new IllegalArgumentException("orthogonal: expected a finite gain, got " + gain);
        }
        return named("orthogonal(" + gain + ")", (values, off, rows, cols, fanIn, fanOut, rng) ->
                fillOrthogonal(values, off, rows, cols, gain, rng));
    }

    /** {@code U(-bound, bound)}: PyTorch's {@code uniform_(-bound, bound)}. */
    public static Initializer torchUniform(double bound) {
        if (!(bound >= 0) || !Double.isFinite(bound)) {
            throw new IllegalArgumentException("torch_uniform: expected a finite bound >= 0, got " + bound);
        }
        return rename("torch_uniform(" + bound + ")", uniform(-bound, bound));
    }

    /**
     * PyTorch's default {@code U(-1/sqrt(fan), 1/sqrt(fan))}: {@code fan = hidden_size} for every weight and bias of
     * {@code nn.GRU}, {@code nn.LSTM} and {@code nn.RNN}; {@code fan = in_features} for {@code nn.Linear}'s weight
     * and bias. The fan is explicit because for a recurrent input matrix it is not that matrix's fanIn.
     */
    public static Initializer torchDefault(int fan) {
        if (fan <= 0) {
            throw new IllegalArgumentException("torch_default: expected fan > 0, got " + fan);
        }
        return rename("torch_default(" + fan + ")", torchUniform(1.0 / Math.sqrt(fan)));
    }

    private static final Map<String, Supplier<Initializer>> BY_NAME = new TreeMap<>();

    static {
        BY_NAME.put("zeros", Initializers::zeros);
        BY_NAME.put("ones", Initializers::ones);
        BY_NAME.put("random_uniform", () -> uniform(-0.05, 0.05));
        BY_NAME.put("random_normal", () -> normal(0, 0.05));
        BY_NAME.put("truncated_normal", () -> truncatedNormal(0, 0.05));
        BY_NAME.put("glorot_uniform", Initializers::glorotUniform);
        BY_NAME.put("glorot_normal", Initializers::glorotNormal);
        BY_NAME.put("he_uniform", Initializers::heUniform);
        BY_NAME.put("he_normal", Initializers::heNormal);
        BY_NAME.put("lecun_uniform", Initializers::lecunUniform);
        BY_NAME.put("lecun_normal", Initializers::lecunNormal);
        BY_NAME.put("orthogonal", Initializers::orthogonal);
    }

    /**
     * The initializer a Keras configuration names, with Keras's default arguments: {@code zeros}, {@code ones},
     * {@code random_uniform} (&plusmn;0.05), {@code random_normal} (std 0.05), {@code truncated_normal} (std 0.05),
     * {@code glorot_uniform}, {@code glorot_normal}, {@code he_uniform}, {@code he_normal}, {@code lecun_uniform},
     * {@code lecun_normal}, {@code orthogonal} (gain 1). Keras class names ({@code "GlorotUniform"}) and the short
     * aliases {@code uniform}, {@code normal}, {@code zero}, {@code one} are accepted too; case is ignored.
     *
     * @throws IllegalArgumentException listing the known names
     */
    public static Initializer byName(String name) {
        String key = canonical(name);
        if (key != null) {
            for (Map.Entry<String, Supplier<Initializer>> e : BY_NAME.entrySet()) {
                if (e.getKey().replace("_", "").equals(key)) {
                    return e.getValue().get();
                }
            }
        }
        throw new IllegalArgumentException("unknown initializer '" + name + "'; known: "
                + String.join(", ", BY_NAME.keySet()));
    }

    private static String canonical(String name) {
        if (name == null) {
            return null;
        }
        String k = name.trim().toLowerCase(Locale.ROOT).replace("_", "");
        switch (k) {
            case "uniform":
                return "randomuniform";
            case "normal":
                return "randomnormal";
            case "zero":
                return "zeros";
            case "one":
                return "ones";
            default:
                return k;
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void requireStd(String what, double std) {
        if (!(std >= 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException(what + ": expected a finite std >= 0, got " + std);
        }
    }

    private static void fillUniform(float[] v, int off, int n, double lo, double hi, Rng rng) {
        double width = hi - lo;
        for (int i = 0; i < n; i++) {
            v[off + i] = (float) (lo + width * rng.nextDouble());
        }
    }

    private static void fillNormal(float[] v, int off, int n, double mean, double std, Rng rng) {
        for (int i = 0; i < n; i++) {
            v[off + i] = (float) (mean + std * rng.nextGaussian());
        }
    }

    private static void fillTruncatedNormal(float[] v, int off, int n, double mean, double std, Rng rng) {
        for (int i = 0; i < n; i++) {
            double g;
            do {
                g = rng.nextGaussian();
            } while (Math.abs(g) > 2.0);
            v[off + i] = (float) (mean + std * g);
        }
    }

    private static void fillOrthogonal(float[] v, int off, int rows, int cols, double gain, Rng rng) {
        if (rows == 0 || cols == 0) {
            return;
        }
        int big = Math.max(rows, cols);
        int small = Math.min(rows, cols);
        // q[j] is column j of the big x small Gaussian matrix A, drawn in A's row-major order.
        double[][] q = new double[small][big];
        for (int i = 0; i < big; i++) {
            for (int j = 0; j < small; j++) {
                q[j][i] = rng.nextGaussian();
            }
        }
        for (int j = 0; j < small; j++) {
            double[] qj = q[j];
            // Two projection sweeps ("twice is enough", Giraud et al. 2005) keep Q orthonormal to ~1e-15 in double
            // even when A is badly conditioned.
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double[] qk = q[k];
                    double d = 0;
                    for (int i = 0; i < big; i++) {
                        d += qk[i] * qj[i];
                    }
                    for (int i = 0; i < big; i++) {
                        qj[i] -= d * qk[i];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < big; i++) {
                norm += qj[i] * qj[i];
            }
            norm = Math.sqrt(norm);
            if (!(norm > 1e-300)) {
                // A Gaussian matrix is rank-deficient with probability zero; refuse rather than emit garbage.
                throw new IllegalStateException("orthogonal: random matrix was rank-deficient; try another seed");
            }
            for (int i = 0; i < big; i++) {
                qj[i] /= norm;
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double w = rows >= cols ? q[c][r] : q[r][c];
                v[off + r * cols + c] = (float) (gain * w);
            }
        }
    }

    private static Initializer rename(String name, Initializer body) {
        return named(name, body instanceof Named ? ((Named) body).body : body);
    }

    private static Initializer named(String name, Initializer body) {
        return new Named(name, body);
    }

    /** An initializer with a readable {@link #toString()} (the Keras name and arguments). */
    private static final class Named implements Initializer {
        private final String name;
        private final Initializer body;

        Named(String name, Initializer body) {
            this.name = name;
            this.body = body;
        }

        @Override
        public void fill(float[] values, int offset, int rows, int cols, int fanIn, int fanOut, Rng rng) {
            body.fill(values, offset, rows, cols, fanIn, fanOut, rng);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
