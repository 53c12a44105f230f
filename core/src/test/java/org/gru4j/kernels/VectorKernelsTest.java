package org.gru4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.gru4j.util.Rng;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels against the scalar reference, on the awkward lengths 1, 7, 15, 17, 33 and 1023 (below, at
 * and around one and two 512-bit vectors, and a long run with a tail), with offsets and strides that are not
 * zero and outputs surrounded by data that must survive.
 *
 * <p>Tolerances, always {@code atol + rtol * |ref|} or a bound on the sum of absolute terms:
 * <ul>
 *   <li>Element-wise and backward kernels do the reference's float operations in its order: exact.</li>
 *   <li>Sums (dot, sum, gemv, gemm) differ only in summation order and fma: random-order rounding errors grow
 *       like {@code sqrt(n) * 2^-24} of the sum of absolute terms, about 2e-6 for n = 1023, so the bound is
 *       {@code 1e-5 * sum |terms|}.</li>
 *   <li>Activations: {@link #SIGMOID_ULPS} / {@link #TANH_ULPS} ulps of the reference; the forward gate kernels
 *       combine a few of them with O(1) operands, hence {@code 2e-6 + 2e-6 |ref|}.</li>
 * </ul>
 */
class VectorKernelsTest {

    static final int[] SIZES = {1, 7, 15, 17, 33, 1023};
    /** Measured maximum error of the vector activations, in ulps of the reference value (see VectorKernels). */
    static final int SIGMOID_ULPS = 2;
    static final int TANH_ULPS = 1;
    static final double SUM_RTOL = 1e-5;
    static final double GATE_ATOL = 2e-6;
    static final double GATE_RTOL = 2e-6;

    static final Kernels REF = ScalarKernels.INSTANCE;
    static Kernels vec;

    @BeforeAll
    static void loadVectorKernels() {
        assumeTrue(KernelProvider.vectorModulePresent(), "jdk.incubator.vector is not loaded: vector tests skipped");
        vec = KernelProvider.vector();
    }

    // ---------------------------------------------------------------------------------------------------------
    // helpers
    // ---------------------------------------------------------------------------------------------------------

    static float[] rand(Rng rng, int len, float lo, float hi) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = rng.uniform(lo, hi);
        }
        return x;
    }

    static float[][] copy(float[][] arrays) {
        float[][] c = new float[arrays.length][];
        for (int i = 0; i < arrays.length; i++) {
            c[i] = arrays[i].clone();
        }
        return c;
    }

    /** Compares whole arrays, so writes outside the documented region are caught as well. */
    static void assertClose(String method, String size, String arg, float[] ref, float[] act,
                            double atol, double rtol) {
        assertEquals(ref.length, act.length);
        for (int i = 0; i < ref.length; i++) {
            float e = ref[i];
            float a = act[i];
            if (Float.floatToIntBits(e) == Float.floatToIntBits(a)) {
                continue;
            }
            double tol = atol + rtol * Math.abs(e);
            if (!(Math.abs((double) e - a) <= tol)) {
                fail(String.format("%s %s, %s[%d]: scalar %s, vector %s, |diff| %.3g > tol %.3g",
                        method, size, arg, i, e, a, Math.abs((double) e - a), tol));
            }
        }
    }

    interface Call {
        void run(Kernels k, float[][] x);
    }

    /** Runs a kernel on identical copies with both implementations and compares every array afterwards. */
    static void compare(String method, String size, float[][] init, double atol, double rtol, Call call) {
        float[][] r = copy(init);
        float[][] v = copy(init);
        call.run(REF, r);
        call.run(vec, v);
        for (int i = 0; i < init.length; i++) {
            assertClose(method, size, "array " + i, r[i], v[i], atol, rtol);
        }
    }

    static double ulpError(float ref, float act) {
        if (Float.isNaN(ref) || Float.isNaN(act)) {
            return Float.isNaN(ref) && Float.isNaN(act) ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs((double) ref - act) / Math.ulp(ref);
    }

    /** Activation check: within {@code ulps} of the reference, or both below MIN_NORMAL (the flush rule). */
    static void assertActivation(String method, String size, float[] x, float[] ref, float[] act, int ulps) {
        for (int i = 0; i < ref.length; i++) {
            if (Math.abs(ref[i]) < Float.MIN_NORMAL && Math.abs(act[i]) < Float.MIN_NORMAL) {
                continue;
            }
            double u = ulpError(ref[i], act[i]);
            if (!(u <= ulps)) {
                fail(String.format("%s %s, index %d, x = %s: scalar %s, vector %s (%.1f ulp > %d)",
                        method, size, i, x[i], ref[i], act[i], u, ulps));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // gemm
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void gemmMatchesScalarOnAllShapesTransposesAndBetas() {
        Rng rng = new Rng(11);
        float[] betas = {0f, 1f, 0.5f};
        int cases = 0;
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (int k : SIZES) {
                    if ((long) m * n * k > 4_000_000L) {
                        continue;
                    }
                    for (int t = 0; t < 4; t++) {
                        for (float beta : betas) {
                            gemmCase(rng, t >= 2, (t & 1) == 1, m, n, k, -0.75f, beta);
                            cases++;
                        }
                    }
                }
            }
        }
        assertTrue(cases > 2000, "ran " + cases + " cases");
    }

    @Test
    void gemmLayerShapesAndNonMultipleColumns() {
        Rng rng = new Rng(12);
        int[][] shapes = {{32, 384, 128}, {64, 300, 100}, {13, 129, 65}, {6, 64, 1}, {200, 770, 33}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                gemmCase(rng, t >= 2, (t & 1) == 1, s[0], s[1], s[2], 1f, 0f);
                gemmCase(rng, t >= 2, (t & 1) == 1, s[0], s[1], s[2], 0.5f, 1f);
            }
        }
    }

    @Test
    void gemmWithZeroAlphaOrEmptyKOnlyScalesC() {
        Rng rng = new Rng(13);
        for (int t = 0; t < 4; t++) {
            gemmCase(rng, t >= 2, (t & 1) == 1, 17, 33, 0, 1f, 0.5f);
            gemmCase(rng, t >= 2, (t & 1) == 1, 17, 33, 0, 1f, 0f);
            gemmCase(rng, t >= 2, (t & 1) == 1, 17, 33, 7, 0f, 0.5f);
        }
    }

    /**
     * One gemm with offsets and leading dimensions larger than needed; C's target region is NaN when beta is 0
     * (it must not leak), and everything outside it must keep its exact bits.
     */
    static void gemmCase(Rng rng, boolean transA, boolean transB, int m, int n, int k, float alpha, float beta) {
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        int aOff = 3;
        int lda = aCols + 2;
        int bOff = 5;
        int ldb = bCols + 3;
        int cOff = 7;
        int ldc = n + 4;
        float[] a = rand(rng, aOff + aRows * lda + 4, -1f, 1f);
        float[] b = rand(rng, bOff + bRows * ldb + 4, -1f, 1f);
        float[] c0 = rand(rng, cOff + m * ldc + 4, -1f, 1f);
        if (beta == 0f) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c0[cOff + i * ldc + j] = Float.NaN;
                }
            }
        }
        float[] cr = c0.clone();
        float[] cv = c0.clone();
        REF.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, cr, cOff, ldc);
        vec.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, cv, cOff, ldc);
        String size = String.format("m=%d n=%d k=%d transA=%b transB=%b alpha=%s beta=%s",
                m, n, k, transA, transB, alpha, beta);
        for (int idx = 0; idx < c0.length; idx++) {
            int rel = idx - cOff;
            int i = Math.floorDiv(rel, ldc);
            int j = Math.floorMod(rel, ldc);
            boolean inside = rel >= 0 && i < m && j < n;
            if (!inside) {
                if (Float.floatToIntBits(cv[idx]) != Float.floatToIntBits(c0[idx])) {
                    fail("gemm " + size + ": element " + idx + " outside C's region changed from " + c0[idx]
                            + " to " + cv[idx]);
                }
                continue;
            }
            double absSum = beta == 0f ? 0 : Math.abs(beta * c0[idx]);
            for (int p = 0; p < k; p++) {
                float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                absSum += Math.abs((double) alpha * av * bv);
            }
            double tol = SUM_RTOL * absSum;
            float e = cr[idx];
            float v = cv[idx];
            if (Float.isNaN(v) || !(Math.abs((double) e - v) <= tol)) {
                fail(String.format("gemm %s, C[%d,%d]: scalar %s, vector %s, |diff| %.3g > tol %.3g",
                        size, i, j, e, v, Math.abs((double) e - v), tol));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Level 1 and 2
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void gemvMatchesScalar() {
        Rng rng = new Rng(21);
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (boolean transA : new boolean[] {false, true}) {
                    for (float beta : new float[] {0f, 1f, 0.5f}) {
                        int lda = n + 3;
                        float[] a = rand(rng, 2 + m * lda, -1f, 1f);
                        float[] x = rand(rng, 5 + (transA ? m : n), -1f, 1f);
                        int ylen = transA ? n : m;
                        float[] y0 = rand(rng, 4 + ylen + 3, -1f, 1f);
                        if (beta == 0f) {
                            java.util.Arrays.fill(y0, 4, 4 + ylen, Float.NaN);
                        }
                        float[] yr = y0.clone();
                        float[] yv = y0.clone();
                        REF.gemv(transA, m, n, 0.75f, a, 2, lda, x, 5, beta, yr, 4);
                        vec.gemv(transA, m, n, 0.75f, a, 2, lda, x, 5, beta, yv, 4);
                        String size = "m=" + m + " n=" + n + " transA=" + transA + " beta=" + beta;
                        for (int i = 0; i < y0.length; i++) {
                            int o = i - 4;
                            if (o < 0 || o >= ylen) {
                                assertEquals(Float.floatToIntBits(y0[i]), Float.floatToIntBits(yv[i]),
                                        "gemv " + size + ": y[" + i + "] outside the output changed");
                                continue;
                            }
                            double absSum = beta == 0f ? 0 : Math.abs(beta * y0[i]);
                            int terms = transA ? m : n;
                            for (int p = 0; p < terms; p++) {
                                float av = transA ? a[2 + p * lda + o] : a[2 + o * lda + p];
                                absSum += Math.abs(0.75 * av * x[5 + p]);
                            }
                            double tol = SUM_RTOL * absSum;
                            if (Float.isNaN(yv[i]) || !(Math.abs((double) yr[i] - yv[i]) <= tol)) {
                                fail(String.format("gemv %s, y[%d]: scalar %s, vector %s, tol %.3g",
                                        size, o, yr[i], yv[i], tol));
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void elementwiseKernelsMatchScalarExactly() {
        Rng rng = new Rng(31);
        for (int n : SIZES) {
            String size = "n=" + n;
            float[][] init = {rand(rng, n + 9, -2f, 2f), rand(rng, n + 9, -2f, 2f), rand(rng, n + 9, -2f, 2f)};
            compare("add", size, init, 0, 0, (k, x) -> k.add(n, x[0], 1, x[1], 4, x[2], 7));
            compare("add in place", size, init, 0, 0, (k, x) -> k.add(n, x[0], 3, x[1], 2, x[0], 3));
            compare("mul", size, init, 0, 0, (k, x) -> k.mul(n, x[0], 2, x[1], 5, x[2], 3));
            compare("mul in place", size, init, 0, 0, (k, x) -> k.mul(n, x[0], 1, x[1], 1, x[1], 1));
            compare("axpy", size, init, 0, 0, (k, x) -> k.axpy(n, -1.25f, x[0], 3, x[1], 6));
            compare("scale", size, init, 0, 0, (k, x) -> k.scale(n, 0.3f, x[2], 8));
            compare("relu", size, init, 0, 0, (k, x) -> k.relu(n, x[0], 2, x[1], 9));
            compare("relu in place", size, init, 0, 0, (k, x) -> k.relu(n, x[2], 4, x[2], 4));
            for (int rows : new int[] {1, 3}) {
                float[][] sr = {rand(rng, 3 + rows * (n + 2), -1f, 1f), rand(rng, n + 6, -1f, 1f)};
                compare("sumRows", size + " rows=" + rows, sr, 0, 0,
                        (k, x) -> k.sumRows(rows, n, x[0], 3, n + 2, x[1], 5));
            }
        }
    }

    @Test
    void adamUpdateMatchesScalarExactly() {
        Rng rng = new Rng(37);
        for (int n : SIZES) {
            float[] g = rand(rng, n + 9, -3f, 3f);
            // Gradients over many scales, exact zeros and a subnormal square, as a long run produces them.
            for (int i = 0; i < g.length; i += 5) {
                g[i] *= (float) Math.pow(10, -(i % 40));
            }
            g[0] = 0f;
            float[][] init = {rand(rng, n + 9, -1f, 1f), g, rand(rng, n + 9, -0.1f, 0.1f), rand(rng, n + 9, 0f, 0.01f)};
            for (int i = 0; i < init[3].length; i += 7) {
                init[3][i] = 0f;
            }
            compare("adam", "n=" + n, init, 0, 0,
                    (k, x) -> k.adam(n, x[0], 2, x[1], 5, x[2], x[3], 3, 1 - 0.9, 1 - 0.999, 1e-3 * 0.0316, 1e-7));
        }
    }

    @Test
    void reluHandlesNaNAndNegativeZeroLikeTheReference() {
        float[] x = new float[40];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (i % 5) {
                case 0 -> Float.NaN;
                case 1 -> -0f;
                case 2 -> Float.NEGATIVE_INFINITY;
                case 3 -> Float.POSITIVE_INFINITY;
                default -> i - 20;
            };
        }
        compare("relu specials", "n=40", new float[][] {x, new float[40]}, 0, 0,
                (k, a) -> k.relu(40, a[0], 0, a[1], 0));
    }

    @Test
    void dotAndSumMatchScalar() {
        Rng rng = new Rng(41);
        for (int n : SIZES) {
            float[] a = rand(rng, n + 5, -1f, 1f);
            float[] b = rand(rng, n + 5, -1f, 1f);
            double absDot = 0;
            double absSum = 0;
            for (int i = 0; i < n; i++) {
                absDot += Math.abs((double) a[2 + i] * b[3 + i]);
                absSum += Math.abs(a[4 + i]);
            }
            float dr = REF.dot(n, a, 2, b, 3);
            float dv = vec.dot(n, a, 2, b, 3);
            assertTrue(Math.abs(dr - dv) <= SUM_RTOL * absDot,
                    "dot n=" + n + ": scalar " + dr + ", vector " + dv + ", tol " + SUM_RTOL * absDot);
            float sr = REF.sum(n, a, 4);
            float sv = vec.sum(n, a, 4);
            assertTrue(Math.abs(sr - sv) <= SUM_RTOL * absSum,
                    "sum n=" + n + ": scalar " + sr + ", vector " + sv + ", tol " + SUM_RTOL * absSum);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Activations
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void sigmoidAndTanhMatchScalarOnAllSizes() {
        Rng rng = new Rng(51);
        for (int n : SIZES) {
            float[] x = rand(rng, n, -12f, 12f);
            float[] sr = new float[n + 3];
            float[] sv = sr.clone();
            REF.sigmoid(n, x, 0, sr, 3);
            vec.sigmoid(n, x, 0, sv, 3);
            assertActivation("sigmoid", "n=" + n, pad(x, 3), sr, sv, SIGMOID_ULPS);
            float[] tr = new float[n + 3];
            float[] tv = tr.clone();
            REF.tanh(n, x, 0, tr, 3);
            vec.tanh(n, x, 0, tv, 3);
            assertActivation("tanh", "n=" + n, pad(x, 3), tr, tv, TANH_ULPS);
            // In place.
            float[] xr = x.clone();
            float[] xv = x.clone();
            REF.sigmoid(n, xr, 0, xr, 0);
            vec.sigmoid(n, xv, 0, xv, 0);
            assertActivation("sigmoid in place", "n=" + n, x, xr, xv, SIGMOID_ULPS);
        }
    }

    static float[] pad(float[] x, int front) {
        float[] p = new float[x.length + front];
        System.arraycopy(x, 0, p, front, x.length);
        return p;
    }

    /**
     * The documented accuracy: 2 million inputs over [-100, 100] (uniform, and log-uniform in magnitude so tiny
     * and huge values are well represented) plus edge cases. Prints the measured maxima.
     */
    @Test
    void activationUlpBounds() {
        Rng rng = new Rng(61);
        int n = 2_000_000;
        float[] x = new float[n];
        float[] edges = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1e-30f, -1e-30f, 1e-8f,
                -1e-8f, 9f, -9f, 10f, -10f, 10.0001f, -10.0001f, 17f, -17f, 20f, -20f, 20.5f, 87f, -87f, -87.33654f,
                -87.34f, -88f, -88.5f, -89f, 88.8f, 89f, -103f, -104f, 200f, -200f, 1e30f, -1e30f, Float.MAX_VALUE,
                -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        System.arraycopy(edges, 0, x, 0, edges.length);
        for (int i = edges.length; i < n; i++) {
            if ((i & 1) == 0) {
                x[i] = rng.uniform(-100f, 100f);
            } else {
                float mag = (float) Math.pow(10, rng.uniform(-12f, 2f));
                x[i] = rng.nextFloat() < 0.5f ? -mag : mag;
            }
        }
        float[] sr = new float[n];
        float[] sv = new float[n];
        float[] tr = new float[n];
        float[] tv = new float[n];
        REF.sigmoid(n, x, 0, sr, 0);
        vec.sigmoid(n, x, 0, sv, 0);
        REF.tanh(n, x, 0, tr, 0);
        vec.tanh(n, x, 0, tv, 0);
        double maxS = 0;
        double maxT = 0;
        double maxFlushed = 0;
        for (int i = 0; i < n; i++) {
            if (Math.abs(sr[i]) >= Float.MIN_NORMAL) {
                maxS = Math.max(maxS, ulpError(sr[i], sv[i]));
            } else {
                maxFlushed = Math.max(maxFlushed, Math.abs((double) sr[i] - sv[i]));
            }
            maxT = Math.max(maxT, ulpError(tr[i], tv[i]));
            assertTrue(sv[i] >= 0f && sv[i] <= 1f, "sigmoid(" + x[i] + ") = " + sv[i]);
            assertTrue(tv[i] >= -1f && tv[i] <= 1f, "tanh(" + x[i] + ") = " + tv[i]);
        }
        System.out.printf("vector %s: sigmoid max %.2f ulp (normal results), max |error| %.3g where the reference"
                + " is subnormal; tanh max %.2f ulp%n", vec.name(), maxS, maxFlushed, maxT);
        assertTrue(maxS <= SIGMOID_ULPS, "sigmoid max error " + maxS + " ulp");
        assertTrue(maxT <= TANH_ULPS, "tanh max error " + maxT + " ulp");
        assertTrue(maxFlushed < Float.MIN_NORMAL, "flushed sigmoid error " + maxFlushed);

        float[] big = {30f, 100f, 1e30f, Float.POSITIVE_INFINITY, -90f, -1e30f, Float.NEGATIVE_INFINITY, Float.NaN,
            30f, 100f, 1e30f, Float.POSITIVE_INFINITY, -90f, -1e30f, Float.NEGATIVE_INFINITY, Float.NaN, 50f};
        float[] s = new float[big.length];
        float[] t = new float[big.length];
        vec.sigmoid(big.length, big, 0, s, 0);
        vec.tanh(big.length, big, 0, t, 0);
        for (int i = 0; i < big.length; i++) {
            float x0 = big[i];
            if (Float.isNaN(x0)) {
                assertTrue(Float.isNaN(s[i]) && Float.isNaN(t[i]), "NaN input must give NaN at " + i);
            } else {
                assertEquals(x0 > 0 ? 1f : 0f, s[i], "sigmoid(" + x0 + ")");
                assertEquals(x0 > 0 ? 1f : -1f, t[i], "tanh(" + x0 + ")");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Fused gate kernels
    // ---------------------------------------------------------------------------------------------------------

    static final int[] BATCHES = {1, 3};

    /** Pre-activations mostly in [-4, 4] with a few saturating values, so clamps are exercised. */
    static float[] preact(Rng rng, int len) {
        float[] x = rand(rng, len, -4f, 4f);
        for (int i = 0; i < len; i += 13) {
            x[i] = rng.uniform(-40f, 40f);
        }
        return x;
    }

    @Test
    void gruResetAfterMatchesScalar() {
        Rng rng = new Rng(71);
        for (int b : BATCHES) {
            for (int h : SIZES) {
                String size = "batch=" + b + " hidden=" + h;
                int xs = 3 * h + 5;
                int hs = h + 2;
                float[][] fwd = {preact(rng, 1 + b * xs), preact(rng, 2 + b * 3 * h), rand(rng, 3 + b * hs, -1f, 1f),
                    rand(rng, 4 + b * 4 * h + 3, -1f, 1f), rand(rng, 5 + b * hs + 1, -1f, 1f)};
                compare("gruResetAfterForward", size, fwd, GATE_ATOL, GATE_RTOL,
                        (k, x) -> k.gruResetAfterForward(b, h, x[0], 1, xs, x[1], 2, x[2], 3, hs, x[3], 4, x[4], 5, hs));
                float[][] bwd = {cache(rng, b, h, 4, 4), rand(rng, 1 + b * hs, -1f, 1f), rand(rng, 2 + b * hs, -1f, 1f),
                    rand(rng, 3 + b * xs, -1f, 1f), rand(rng, 4 + b * 3 * h + 2, -1f, 1f),
                    rand(rng, 5 + b * hs, -1f, 1f)};
                compare("gruResetAfterBackward", size, bwd, 0, 0,
                        (k, x) -> k.gruResetAfterBackward(b, h, x[0], 4, x[1], 1, hs, x[2], 2, hs, x[3], 3, xs,
                                x[4], 4, x[5], 5, hs));
            }
        }
    }

    @Test
    void gruResetBeforeMatchesScalar() {
        Rng rng = new Rng(72);
        for (int b : BATCHES) {
            for (int h : SIZES) {
                String size = "batch=" + b + " hidden=" + h;
                int xs = 3 * h + 5;
                int hs = h + 2;
                float[][] gates = {preact(rng, 1 + b * xs), preact(rng, 2 + b * 3 * h), rand(rng, 3 + b * hs, -1f, 1f),
                    rand(rng, 4 + b * 4 * h + 3, -1f, 1f)};
                compare("gruResetBeforeGates", size, gates, GATE_ATOL, GATE_RTOL,
                        (k, x) -> k.gruResetBeforeGates(b, h, x[0], 1, xs, x[1], 2, x[2], 3, hs, x[3], 4));
                float[][] out = {preact(rng, 1 + b * xs), preact(rng, 2 + b * 3 * h), rand(rng, 3 + b * hs, -1f, 1f),
                    cache(rng, b, h, 4, 4), rand(rng, 5 + b * hs + 1, -1f, 1f)};
                compare("gruResetBeforeOutput", size, out, GATE_ATOL, GATE_RTOL,
                        (k, x) -> k.gruResetBeforeOutput(b, h, x[0], 1, xs, x[1], 2, x[2], 3, hs, x[3], 4, x[4], 5, hs));
                float[][] bo = {cache(rng, b, h, 4, 4), rand(rng, 1 + b * hs, -1f, 1f), rand(rng, 2 + b * hs, -1f, 1f),
                    rand(rng, 3 + b * xs, -1f, 1f), rand(rng, 4 + b * 3 * h + 2, -1f, 1f),
                    rand(rng, 5 + b * hs, -1f, 1f)};
                compare("gruResetBeforeBackwardOutput", size, bo, 0, 0,
                        (k, x) -> k.gruResetBeforeBackwardOutput(b, h, x[0], 4, x[1], 1, hs, x[2], 2, hs, x[3], 3,
                                xs, x[4], 4, x[5], 5, hs));
                float[][] br = {cache(rng, b, h, 4, 4), rand(rng, 1 + b * hs, -1f, 1f), rand(rng, 2 + b * h, -1f, 1f),
                    rand(rng, 3 + b * xs, -1f, 1f), rand(rng, 4 + b * 3 * h + 2, -1f, 1f),
                    rand(rng, 5 + b * hs, -1f, 1f)};
                compare("gruResetBeforeBackwardReset", size, br, 0, 0,
                        (k, x) -> k.gruResetBeforeBackwardReset(b, h, x[0], 4, x[1], 1, hs, x[2], 2, x[3], 3, xs,
                                x[4], 4, x[5], 5, hs));
            }
        }
    }

    /** A cache with {@code blocks} blocks per row, gate-like values in (0, 1) and (-1, 1), at offset off. */
    static float[] cache(Rng rng, int batch, int hidden, int blocks, int off) {
        float[] c = rand(rng, off + batch * blocks * hidden + 3, -1f, 1f);
        for (int i = 0; i < c.length; i += 2) {
            c[i] = rng.nextFloat();
        }
        return c;
    }

    @Test
    void lstmMatchesScalar() {
        Rng rng = new Rng(73);
        for (int b : BATCHES) {
            for (int h : SIZES) {
                String size = "batch=" + b + " hidden=" + h;
                int xs = 4 * h + 5;
                int hs = h + 2;
                float[][] fwd = {preact(rng, 1 + b * xs), preact(rng, 2 + b * 4 * h), rand(rng, 3 + b * hs, -2f, 2f),
                    rand(rng, 4 + b * 5 * h + 3, -1f, 1f), rand(rng, 5 + b * hs + 1, -1f, 1f),
                    rand(rng, 6 + b * hs + 1, -1f, 1f)};
                compare("lstmForward", size, fwd, GATE_ATOL, GATE_RTOL,
                        (k, x) -> k.lstmForward(b, h, x[0], 1, xs, x[1], 2, x[2], 3, hs, x[3], 4, x[4], 5, hs,
                                x[5], 6, hs));
                float[][] bwd = {cache(rng, b, h, 5, 4), rand(rng, 1 + b * hs, -2f, 2f), rand(rng, 2 + b * hs, -1f, 1f),
                    rand(rng, 3 + b * hs, -1f, 1f), rand(rng, 4 + b * xs, -1f, 1f), rand(rng, 5 + b * hs, -1f, 1f)};
                compare("lstmBackward", size, bwd, 0, 0,
                        (k, x) -> k.lstmBackward(b, h, x[0], 4, x[1], 1, hs, x[2], 2, hs, x[3], 3, hs, x[4], 4, xs,
                                x[5], 5, hs));
            }
        }
    }

    @Test
    void rnnMatchesScalar() {
        Rng rng = new Rng(74);
        for (int b : BATCHES) {
            for (int h : SIZES) {
                for (boolean relu : new boolean[] {false, true}) {
                    String size = "batch=" + b + " hidden=" + h + " relu=" + relu;
                    int xs = h + 5;
                    int hs = h + 2;
                    float[][] fwd = {preact(rng, 1 + b * xs), preact(rng, 2 + b * h), rand(rng, 3 + b * hs + 1, -1f, 1f)};
                    compare("rnnForward", size, fwd, relu ? 0 : GATE_ATOL, relu ? 0 : GATE_RTOL,
                            (k, x) -> k.rnnForward(b, h, relu, x[0], 1, xs, x[1], 2, x[2], 3, hs));
                    float[][] bwd = {rand(rng, 1 + b * hs, -1f, 1f), rand(rng, 2 + b * hs, -1f, 1f),
                        rand(rng, 3 + b * h + 2, -1f, 1f)};
                    compare("rnnBackward", size, bwd, 0, 0,
                            (k, x) -> k.rnnBackward(b, h, relu, x[0], 1, hs, x[1], 2, hs, x[2], 3));
                }
            }
        }
    }
}
