package org.gru4j.kernels;

/**
 * The numerical kernels every layer runs on. Two implementations exist: {@link ScalarKernels}, the plain-Java
 * reference (the specification and the fallback), and {@code org.gru4j.kernels.vector.VectorKernels}, built on the
 * incubating Vector API. {@link KernelProvider#get()} picks one at start.
 *
 * <p>Conventions: all matrices are row-major {@code float[]} regions given as (array, offset, leading dimension).
 * Each method writes only the elements it names, so callers can point into larger buffers. Unless said otherwise,
 * output regions may not overlap inputs, except where a method says "in place".
 */
public interface Kernels {

    /** Short name printed by benchmarks and the one-time notice, e.g. "scalar" or "vector-512". */
    String name();

    /**
     * General matrix product, row-major: {@code C = alpha * op(A) * op(B) + beta * C} with {@code C} of size
     * {@code m x n}, {@code op(A)} of size {@code m x k} and {@code op(B)} of size {@code k x n}.
     *
     * <p>{@code op(A) = A} when {@code transA} is false (A stored {@code m x k}, row stride {@code lda >= k}),
     * otherwise {@code op(A) = A^T} (A stored {@code k x m}, {@code lda >= m}); likewise for B. When {@code beta == 0}
     * the old contents of C are not read (NaN in C does not leak), as in BLAS; {@code beta == 1} accumulates.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    /**
     * A right-hand side {@code op(B)} ({@code k x n}) prepared once for many products, e.g. the recurrent weights for
     * every step of a call. It is a copy: later changes to B are not seen, so prepare again after a weight update.
     */
    interface Packed {
        /** Rows of op(B). */
        int k();

        /** Columns of op(B). */
        int n();
    }

    /** Prepares {@code op(B)} for {@link #gemm(boolean, int, float, float[], int, int, Packed, float, float[], int, int)}. */
    Packed pack(boolean transB, int k, int n, float[] b, int bOff, int ldb);

    /**
     * {@link #pack(boolean, int, int, float[], int, int)} into the storage of {@code reuse} when that came from this
     * implementation and is large enough (so a caller that packs the same weights every call allocates nothing);
     * otherwise into new storage. {@code reuse} (may be null) must not be used afterwards, only the result.
     */
    default Packed pack(boolean transB, int k, int n, float[] b, int bOff, int ldb, Packed reuse) {
        return pack(transB, k, n, b, bOff, ldb);
    }

    /**
     * {@link #gemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[], int,
     * int)} with a prepared right-hand side; gives the same bits as the unprepared product.
     */
    void gemm(boolean transA, int m, float alpha, float[] a, int aOff, int lda, Packed b,
              float beta, float[] c, int cOff, int ldc);

    /**
     * Matrix-vector product {@code y = alpha * op(A) * x + beta * y}, A stored {@code m x n} with row stride
     * {@code lda}; {@code op(A)} is A ({@code y} has m entries, {@code x} n) or A^T ({@code y} n, {@code x} m).
     */
    void gemv(boolean transA, int m, int n, float alpha, float[] a, int aOff, int lda,
              float[] x, int xOff, float beta, float[] y, int yOff);

    /** {@code out[i] = a[i] + b[i]} for {@code i < n}; out may alias a or b. */
    void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff);

    /** {@code out[i] = a[i] * b[i]}; out may alias a or b. */
    void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff);

    /** {@code y[i] += alpha * x[i]}. */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** {@code x[i] *= alpha}, in place. */
    void scale(int n, float alpha, float[] x, int xOff);

    /** Sum of {@code a[i] * b[i]}. */
    float dot(int n, float[] a, int aOff, float[] b, int bOff);

    /** Sum of {@code a[i]}. */
    float sum(int n, float[] a, int aOff);

    /**
     * Adds each of {@code rows} rows of {@code x} (row stride {@code ldx}) into {@code acc[0..cols)}: the column
     * sums used for bias gradients.
     */
    void sumRows(int rows, int cols, float[] x, int xOff, int ldx, float[] acc, int accOff);

    /**
     * One Adam update of {@code n} parameters in Keras's form, every operation in double and in this order, the
     * results rounded to float once:
     * <pre>
     *   m = m + (g - m) * c1          (c1 = 1 - beta1)
     *   v = v + (g * g - v) * c2      (c2 = 1 - beta2)
     *   p = p - lrT * m / (sqrt(v) + epsilon)
     * </pre>
     * with m, v and p read from {@code m[mvOff + i]}, {@code v[mvOff + i]}, {@code p[pOff + i]} and g from
     * {@code g[gOff + i]}. Every implementation gives the same bits (each step is one IEEE operation).
     */
    void adam(int n, float[] p, int pOff, float[] g, int gOff, float[] m, float[] v, int mvOff, double c1, double c2,
              double lrT, double epsilon);

    /** {@code out[i] = 1 / (1 + exp(-x[i]))}; out may alias x. */
    void sigmoid(int n, float[] x, int xOff, float[] out, int outOff);

    /** {@code out[i] = tanh(x[i])}; out may alias x. */
    void tanh(int n, float[] x, int xOff, float[] out, int outOff);

    /** {@code out[i] = max(x[i], 0)}; out may alias x. */
    void relu(int n, float[] x, int xOff, float[] out, int outOff);

    // ---------------------------------------------------------------------------------------------------------
    // Fused recurrent gate kernels. One call handles one time step for `batch` rows. In every kernel, row b of a
    // strided argument starts at off + b * stride; "packed" arguments have stride (gates * hidden).
    // GRU gate blocks are ordered r, z, n; LSTM blocks i, f, g, o (the PyTorch order, see docs/gru-math.md).
    // ---------------------------------------------------------------------------------------------------------

    /**
     * GRU step, reset gate after the recurrent product (PyTorch, cuDNN, Keras {@code reset_after=True}).
     * <pre>
     *   r = sigmoid(xp_r + hp_r),  z = sigmoid(xp_z + hp_z)
     *   n = tanh(xp_n + r * hp_n)
     *   h = (1 - z) * n + z * hPrev
     * </pre>
     * where {@code xp = W_ih x + b_ih} (row stride {@code xpStride}) and {@code hp = W_hh hPrev + b_hh}
     * (packed, 3H). Writes {@code cache} (packed, 4H per row: r, z, n, hp_n) and {@code h}.
     */
    void gruResetAfterForward(int batch, int hidden,
                              float[] xp, int xpOff, int xpStride,
                              float[] hp, int hpOff,
                              float[] hPrev, int hPrevOff, int hPrevStride,
                              float[] cache, int cacheOff,
                              float[] h, int hOff, int hStride);

    /**
     * Backward of {@link #gruResetAfterForward}. Given {@code dh = dL/dh} (row stride {@code dhStride}), writes the
     * gradients of the pre-activations on the input side {@code dxp} (3H, row stride {@code dxpStride}) and the
     * recurrent side {@code dhp} (packed 3H; equal to dxp except the n block, which is {@code dn_pre * r}), and
     * overwrites {@code dhPrev} with the direct path {@code dh * z} (the caller adds {@code dhp * W_hh}).
     */
    void gruResetAfterBackward(int batch, int hidden,
                               float[] cache, int cacheOff,
                               float[] hPrev, int hPrevOff, int hPrevStride,
                               float[] dh, int dhOff, int dhStride,
                               float[] dxp, int dxpOff, int dxpStride,
                               float[] dhp, int dhpOff,
                               float[] dhPrev, int dhPrevOff, int dhPrevStride);

    /**
     * First half of a GRU step with the reset gate before the recurrent product (Cho et al. 2014, Keras
     * {@code reset_after=False}). With {@code hp} holding the r and z blocks of {@code W_hh hPrev + b_hh}
     * (packed, row stride 3H; the n block is left for the caller):
     * <pre>
     *   r = sigmoid(xp_r + hp_r),  z = sigmoid(xp_z + hp_z),  rh = r * hPrev
     * </pre>
     * writes r and z into {@code cache} (packed 4H per row: r, z, n, rh) and rh into its fourth block.
     */
    void gruResetBeforeGates(int batch, int hidden,
                             float[] xp, int xpOff, int xpStride,
                             float[] hp, int hpOff,
                             float[] hPrev, int hPrevOff, int hPrevStride,
                             float[] cache, int cacheOff);

    /**
     * Second half of the reset-before step: with {@code hp}'s n block holding {@code W_hn rh + b_hn},
     * <pre>
     *   n = tanh(xp_n + hp_n),  h = (1 - z) * n + z * hPrev
     * </pre>
     * writes n into the cache's third block and h.
     */
    void gruResetBeforeOutput(int batch, int hidden,
                              float[] xp, int xpOff, int xpStride,
                              float[] hp, int hpOff,
                              float[] hPrev, int hPrevOff, int hPrevStride,
                              float[] cache, int cacheOff,
                              float[] h, int hOff, int hStride);

    /**
     * First half of the reset-before backward: from {@code dh}, writes {@code dz_pre} and {@code dn_pre} into the z
     * and n blocks of {@code dxp} (row stride dxpStride) and of {@code dhp} (packed 3H), and overwrites
     * {@code dhPrev} with {@code dh * z}. The caller then computes {@code drh = dn_pre * W_hn} and calls
     * {@link #gruResetBeforeBackwardReset}.
     */
    void gruResetBeforeBackwardOutput(int batch, int hidden,
                                      float[] cache, int cacheOff,
                                      float[] hPrev, int hPrevOff, int hPrevStride,
                                      float[] dh, int dhOff, int dhStride,
                                      float[] dxp, int dxpOff, int dxpStride,
                                      float[] dhp, int dhpOff,
                                      float[] dhPrev, int dhPrevOff, int dhPrevStride);

    /**
     * Second half of the reset-before backward: given {@code drh = dL/d(r * hPrev)} (packed H), writes
     * {@code dr_pre = drh * hPrev * r * (1 - r)} into the r blocks of dxp and dhp and adds {@code drh * r} to
     * {@code dhPrev}.
     */
    void gruResetBeforeBackwardReset(int batch, int hidden,
                                     float[] cache, int cacheOff,
                                     float[] hPrev, int hPrevOff, int hPrevStride,
                                     float[] drh, int drhOff,
                                     float[] dxp, int dxpOff, int dxpStride,
                                     float[] dhp, int dhpOff,
                                     float[] dhPrev, int dhPrevOff, int dhPrevStride);

    /**
     * LSTM step (no peepholes):
     * <pre>
     *   i = sigmoid(p_i), f = sigmoid(p_f), g = tanh(p_g), o = sigmoid(p_o)   with p = xp + hp
     *   c = f * cPrev + i * g,   h = o * tanh(c)
     * </pre>
     * Writes {@code cache} (packed 5H per row: i, f, g, o, tanh(c)), {@code c} and {@code h}.
     */
    void lstmForward(int batch, int hidden,
                     float[] xp, int xpOff, int xpStride,
                     float[] hp, int hpOff,
                     float[] cPrev, int cPrevOff, int cPrevStride,
                     float[] cache, int cacheOff,
                     float[] c, int cOff, int cStride,
                     float[] h, int hOff, int hStride);

    /**
     * Backward of {@link #lstmForward}. Given {@code dh} and {@code dc} (the gradient reaching c from the next
     * step and the final state), writes the pre-activation gradient {@code dp} (4H, row stride dpStride; equal
     * on the input and recurrent sides) and overwrites {@code dcPrev} with {@code (dc + dh * o * (1 - tanh(c)^2)) * f}.
     */
    void lstmBackward(int batch, int hidden,
                      float[] cache, int cacheOff,
                      float[] cPrev, int cPrevOff, int cPrevStride,
                      float[] dh, int dhOff, int dhStride,
                      float[] dc, int dcOff, int dcStride,
                      float[] dp, int dpOff, int dpStride,
                      float[] dcPrev, int dcPrevOff, int dcPrevStride);

    /**
     * Simple RNN step {@code h = act(xp + hp)} with {@code act} tanh, or relu when {@code relu} is true.
     */
    void rnnForward(int batch, int hidden, boolean relu,
                    float[] xp, int xpOff, int xpStride,
                    float[] hp, int hpOff,
                    float[] h, int hOff, int hStride);

    /**
     * Backward of {@link #rnnForward}: {@code dp = dh * act'(.)}, computed from the step's output {@code h}
     * ({@code 1 - h^2} for tanh, {@code h > 0} for relu). {@code dp} is packed H.
     */
    void rnnBackward(int batch, int hidden, boolean relu,
                     float[] h, int hOff, int hStride,
                     float[] dh, int dhOff, int dhStride,
                     float[] dp, int dpOff);
}
