package org.gru4j.kernels.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.gru4j.kernels.Kernels;
import org.gru4j.kernels.Parallel;
import org.gru4j.kernels.ScalarKernels;

/**
 * {@link Kernels} on the incubating Vector API, tested element by element against {@link ScalarKernels}.
 *
 * <p>Every loop has the same shape: a vector body up to {@code loopBound}, then a scalar tail that runs the
 * reference code on the remaining elements, so awkward lengths are never silently dropped. The species lives in a
 * {@code static final} field because the JIT only turns vector code into machine instructions when it can see the
 * species as a constant; a non-final species made loops an order of magnitude slower (see KERNELS.md).
 *
 * <h2>Accuracy</h2>
 * {@link #add}, {@link #mul}, {@link #axpy}, {@link #scale}, {@link #relu}, {@link #sumRows}, the backward gate
 * kernels and the relu RNN step perform the reference's float operations in the reference's order (no fused
 * multiply-add), so they match {@link ScalarKernels} bit for bit; the tests assert exact equality. Sums ({@link #dot}, {@link #sum}, {@link #gemm},
 * {@link #gemv}) use several accumulators and fused multiply-add, so they differ from the reference only by
 * summation order: well within {@code 1e-5} of the sum of absolute terms.
 *
 * <p>Determinism: every operation used is exactly specified by Java (add, sub, mul, div, fma, compare, blend,
 * integer shifts, reinterpretation), so results do not depend on whether the interpreter, C1 or C2 runs the code,
 * nor on the thread. That rules out {@code lanewise(EXP)} and {@code lanewise(TANH)}, which C2 computes with Intel
 * SVML and the interpreter with a per-lane StrictMath fallback (they differed in the last bit, so predictions from
 * a fresh thread differed from those of a warm one), and {@code reduceLanes(ADD)}, whose float order is
 * unspecified. {@code KernelDeterminismTest} runs the kernels in child JVMs under -Xint, C1 only and C2 and
 * requires identical bits.
 *
 * <p>The activations are therefore our own: e^x as 2^k e^r with k = round(x / ln 2), a two-part ln 2 reduction
 * and a degree-7 polynomial; sigmoid as 1 / (1 + e^-x); tanh as an odd polynomial below |x| = 0.625 and
 * 1 - 2 / (e^{2|x|} + 1) above. Loop tails run scalar twins of the same operations, so an element gets the same
 * bits in a vector body and in a tail. Measured against the reference (double precision, rounded once) over
 * 2 million inputs in [-100, 100] plus edge cases, in ulps of the reference value: sigmoid at most 2 ulp, tanh at
 * most 1 ulp ({@code VectorKernelsTest.activationUlpBounds} asserts these bounds). Two deliberate differences,
 * both below {@code Float.MIN_NORMAL} in absolute terms: sigmoid returns exactly 0 where the true value is
 * subnormal ({@code x < -126 ln 2}), because subnormal floats make every later product about ten times slower in
 * Java; and inputs are clamped with compare + blend so that large |x| yields exactly 0, 1 or +-1 and never NaN
 * (NaN inputs still give NaN).
 */
public final class VectorKernels implements Kernels {

    /** Loaded reflectively by {@code KernelProvider}. */
    public static final VectorKernels INSTANCE = new VectorKernels();

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Doubles for the optimizer updates, and floats of half that width to widen into them. */
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> SH = VectorSpecies.of(float.class,
            VectorShape.forBitSize(D.vectorBitSize() / 2));

    /**
     * True with 512-bit vectors (AVX-512: 32 vector registers), false with narrower ones (AVX2 has 16): the two
     * register blockings of the micro-kernel. A constant, so C2 keeps only one of them.
     */
    private static final boolean WIDE = S.vectorBitSize() >= 512;
    /**
     * Rows of C per micro-kernel tile. Wide: 5 rows x 4 vectors = 20 accumulators, plus 4 vectors of B and the
     * broadcasts of A, 26 of the 32 vector registers. Six rows (24 accumulators, 30 registers) was as fast when C2
     * allocated them well, but in about half of the JVM runs it kept some accumulators on the stack and shuffled
     * others between registers on every step, which made the whole product 1.5-1.7x slower for the rest of the run
     * (GRU M training on one thread: 300-345 or 505 seq/s, depending on the run). With five rows, 8 of 8 runs
     * compiled the clean loop and ran at 505. Narrow: 6 rows x 2 vectors = 12 accumulators, 15 of 16 registers
     * (with 256-bit vectors forced on the Zen 4 machine, -XX:UseAVX=2: 64 x 512 x 1536 at 64 GFLOP/s with the wide
     * blocking, which spills, against 105 with this one).
     */
    private static final int MR = WIDE ? 5 : 6;
    /** Columns of C per micro-kernel tile: four vectors (wide) or two (narrow). */
    private static final int NR = (WIDE ? 4 : 2) * L;
    /**
     * Longest stretch of k per pass. One packed B panel (KC x NR floats = 128 KiB for the wide blocking) stays in the 1 MiB L2 while the
     * 5-row A panels (10 KiB) stream past it from L1 and L2. Fewer passes mean fewer trips of each tile of C through
     * {@link #storeTile}: against 128, 512 measured 5-9% faster on every product of the standard workloads (one
     * thread: 64 x 512 x 1536 prepacked 105 -> 112 GFLOP/s, X W^T at 6400 x 512 x 1536 100 -> 108, weight
     * gradient 1536 x 6400 x 512 95 -> 100); 1024 and 2048 were slower on the weight gradients.
     */
    private static final int KC = 512;
    /**
     * Rows of A packed per chunk: MC x KC floats = 320 KiB in L2; the chunk's rows of C (160 x n) stay in cache while
     * the k-passes run over them (16 x 5 and 64 x 5 rows measured the same within noise).
     */
    private static final int MC = 32 * MR;
    /**
     * Largest op(B) share (floats) a thread packs whole, for every k-pass at once, so the passes can run inside each
     * row chunk (4 MiB: the input projections and dX products of the standard workloads; not the weight gradients,
     * whose k is batch x steps).
     */
    private static final long WHOLE_B_MAX = 1L << 20;

    /** Sigmoid inputs below this give a true value under Float.MIN_NORMAL (-126 ln 2); flushed to 0. */
    private static final float SIGMOID_FLUSH = -87.33654f;
    /** Above this, 1 / (1 + exp(-x)) rounds to exactly 1 in float; clamping avoids subnormal exp intermediates. */
    private static final float SIGMOID_HI = 20f;
    /** Lower clamp keeping exp(-x) finite; anything below is flushed anyway. */
    private static final float SIGMOID_LO = -88f;
    /** Above this |x|, tanh(x) rounds to exactly +-1 in float. */
    private static final float TANH_SAT = 10f;
    /** Below this |x|, tanh uses its odd polynomial; above, the exponential form (then |tanh| > 0.55). */
    private static final float TANH_SMALL = 0.625f;

    // exp: e^x = 2^k e^r. k = round(x log2 e) is taken by adding 1.5 * 2^23 (whose float ulp is 1), which also
    // leaves k in the low bits of the sum. Valid for x in [EXP_MIN, EXP_MAX]: 2^k stays a normal float.
    static final float EXP_MIN = -87f;
    static final float EXP_MAX = 88f;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float ROUND_MAGIC = 12582912f;
    private static final int MAGIC_BITS = Float.floatToRawIntBits(ROUND_MAGIC);
    private static final float LN2_HI = 0.693145751953125f;
    private static final float LN2_LO = 1.428606765330187045e-06f;
    private static final float E0 = 0.5f;
    private static final float E1 = 0.166666671633720397949219f;
    private static final float E2 = 0.0416664853692054748535156f;
    private static final float E3 = 0.00833336077630519866943359f;
    private static final float E4 = 0.00139304355252534151077271f;
    private static final float E5 = 0.000198527617612853646278381f;
    // tanh(x) = x + x^3 P(x^2) on [0, 0.625]: least-squares fit of the relative error, float coefficients.
    private static final float T0 = -0.3333333134651184f;
    private static final float T1 = 0.1333320587873459f;
    private static final float T2 = -0.053946781903505325f;
    private static final float T3 = 0.02170080691576004f;
    private static final float T4 = -0.00817765574902296f;
    private static final float T5 = 0.0021432002540677786f;

    private static final ScalarKernels REF = ScalarKernels.INSTANCE;
    /** Products smaller than this many multiply-adds run in the caller: a hand-off costs about a microsecond. */
    private static final long PARALLEL_MIN_MACS = 1L << 17;

    /**
     * Per-thread packing buffers for gemm, grown only when too small, so a warm gemm allocates nothing. Thread-local
     * rather than per instance because {@link #INSTANCE} is shared by every thread.
     */
    private static final class Scratch {
        float[] a = new float[0];
        float[] b = new float[0];
        final float[] tile = new float[MR * NR];
        final GemmJob job = new GemmJob();
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private VectorKernels() {
    }

    /*
     * Runs the activations once, in the interpreter, before anything is compiled. Without this, in about half of
     * the JVM runs C2 compiled the tanh loop with its vector operations left as calls into the
     * Java fallback (allocating a boxed vector per operation, 1.6 GB/s of garbage): workload S inference took
     * 4.3 ms per batch on one thread instead of 2.8, and 2.2 instead of 1.6 on two. With these few calls first,
     * 8 of 8 runs were fast. Inputs span both tanh branches, the sigmoid clamps, zeros and a vector tail.
     */
    static {
        int n = 3 * L + 5;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i - n / 2) * (24f / n);
        }
        x[0] = 0f;
        x[1] = -0f;
        for (int rep = 0; rep < 2; rep++) {
            INSTANCE.tanh(n, x, 0, y, 0);
            INSTANCE.sigmoid(n, x, 0, y, 0);
            tanhOfSum(1, n, x, 0, 0, y, 0, 0, y, 0, 0);
            sigmoidOfSum(1, n, x, 0, 0, x, 0, 0, y, 0, 0);
        }
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    // ---------------------------------------------------------------------------------------------------------
    // gemm
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Register-blocked product in the GotoBLAS/BLIS arrangement. k is cut into passes of at most {@link #KC}; per
     * pass, op(B) is packed into panels of KC x {@link #NR} (transposing when transB, zero-padding the column tail)
     * and op(A), times alpha, into panels of KC x {@link #MR} (transposing when transA, zero rows past m). The
     * micro-kernel then streams unit-stride whatever the transposes are. Passes after the first accumulate
     * (beta = 1), so with beta = 0 C is written before it is ever read. Every tile passes through a small buffer into
     * C, where only its valid rows and columns are merged, so nothing needs masks. Once B is packed, row chunks are
     * independent: {@link #gemmRows} is the unit a parallel version can split.
     *
     * <p>Measured on the Zen 4 development VM (one 512-bit fma per cycle; 111-117 GFLOP/s register-only peak), X W^T
     * at 6400 x 128 x 768 runs at 95-100 GFLOP/s, 128 x 512 x 1536 at 84-86. With transB the per-call transpose of
     * B costs a third at m = 32 (56 against 81 GFLOP/s untransposed): packing the weights once per update, not per
     * call, is the next step. A gather-based transpose (vgatherdps) was tried and was slower.
     */
    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (k <= 0 || alpha == 0f) {
            // Only the beta scaling remains: the reference does exactly that.
            REF.gemm(transA, transB, m, n, 0, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        GemmJob job = SCRATCH.get().job;
        job.set(transA, m, n, k, alpha, a, aOff, lda, null, transB, b, bOff, ldb, beta, c, cOff, ldc);
        job.execute();
    }

    /**
     * op(B) in the micro-kernel's layout, for every k-pass: pass {@code p0} starts at {@code p0 * panels * NR}, and
     * within it panel q is {@code kp x NR} at {@code q * NR * kp}, exactly what {@link #gemm} builds per call.
     */
    static final class Panels implements Packed {
        final int k;
        final int n;
        final float[] data;

        Panels(int k, int n, float[] data) {
            this.k = k;
            this.n = n;
            this.data = data;
        }

        @Override
        public int k() {
            return k;
        }

        @Override
        public int n() {
            return n;
        }
    }

    @Override
    public Packed pack(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        return pack(transB, k, n, b, bOff, ldb, null);
    }

    @Override
    public Packed pack(boolean transB, int k, int n, float[] b, int bOff, int ldb, Packed reuse) {
        int panels = (n + NR - 1) / NR;
        int size = Math.max(0, panels * NR * k);
        // Every element of the first size floats is written below (column tails as zeros), so old contents are harmless.
        float[] data = reuse instanceof Panels p && p.data.length >= size ? p.data : new float[size];
        if (k > 0 && n > 0) {
            int kc = kc(k);
            for (int p0 = 0; p0 < k; p0 += kc) {
                int kp = Math.min(kc, k - p0);
                packPanels(transB, b, bOff, ldb, n, p0, kp, 0, panels, data, p0 * panels * NR);
            }
        }
        return new Panels(k, n, data);
    }

    @Override
    public void gemm(boolean transA, int m, float alpha, float[] a, int aOff, int lda, Packed b,
                     float beta, float[] c, int cOff, int ldc) {
        Panels p = (Panels) b;
        if (m <= 0 || p.n <= 0) {
            return;
        }
        if (p.k <= 0 || alpha == 0f) {
            REF.gemm(transA, false, m, p.n, 0, alpha, a, aOff, lda, p.data, 0, p.n, beta, c, cOff, ldc);
            return;
        }
        GemmJob job = SCRATCH.get().job;
        job.set(transA, m, p.n, p.k, alpha, a, aOff, lda, p, false, null, 0, 0, beta, c, cOff, ldc);
        job.execute();
    }

    /** Length of the k-passes: at most {@link #KC}, equal lengths. */
    private static int kc(int k) {
        int passes = (k + KC - 1) / KC;
        return (k + passes - 1) / passes;
    }

    /** Packs panels [q0, q1) of one k-pass of op(B); panel q goes to {@code dst + (q - q0) * NR * kp}. */
    private static void packPanels(boolean transB, float[] b, int bOff, int ldb, int n, int p0, int kp,
                                   int q0, int q1, float[] bp, int dst) {
        int panels = (n + NR - 1) / NR;
        for (int q = q0; q < q1; q++) {
            int w = q == panels - 1 ? n - q * NR : NR;
            int d = dst + (q - q0) * NR * kp;
            if (transB) {
                packBTransposed(b, bOff + q * NR * ldb + p0, ldb, kp, w, bp, d);
            } else {
                packB(b, bOff + p0 * ldb + q * NR, ldb, kp, w, bp, d);
            }
        }
    }

    private static float[] grow(float[] buf, int size) {
        return buf.length >= size ? buf : new float[Math.max(size, buf.length + (buf.length >> 1))];
    }

    /**
     * One product, cut into parts for {@link Parallel}: either ranges of column panels or ranges of MR-row tiles,
     * never k. Each element of C is computed by the same micro-kernel over the same k-passes whatever part owns it,
     * so the bits do not depend on the thread count. One reusable instance per calling thread (no allocation).
     */
    private static final class GemmJob implements Parallel.Job {
        boolean transA;
        int m;
        int n;
        int k;
        float alpha;
        float[] a;
        int aOff;
        int lda;
        Panels packed;
        boolean transB;
        float[] b;
        int bOff;
        int ldb;
        float beta;
        float[] c;
        int cOff;
        int ldc;
        boolean splitRows;

        void set(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda, Panels packed,
                 boolean transB, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
            this.transA = transA;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.packed = packed;
            this.transB = transB;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.beta = beta;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
        }

        void execute() {
            int panels = (n + NR - 1) / NR;
            int tiles = (m + MR - 1) / MR;
            int parts = 1;
            if ((long) m * n * k >= PARALLEL_MIN_MACS && !Parallel.busy()) {
                parts = Math.min(Parallel.threads(), Math.max(panels, tiles));
            }
            // Column panels split B (the weights) between cores, so each core packs all of A. For tall products
            // (input projections, weight gradients, dX: m > n) split rows instead, so each core packs only its
            // share of A (m = 1600, k = 32, n = 384: 2 threads ran no faster than one with the column split);
            // also rows when there are too few panels to balance.
            boolean tall = m > n && tiles >= 4 * parts;
            splitRows = parts > 1 && tiles >= parts && (tall || (panels % parts != 0 && panels < 3 * parts));
            try {
                Parallel.run(this, parts);
            } finally {
                a = null;
                b = null;
                c = null;
                packed = null;
            }
        }

        @Override
        public void run(int part, int parts) {
            int panels = (n + NR - 1) / NR;
            int q0 = 0;
            int q1 = panels;
            int r0 = 0;
            int r1 = m;
            if (splitRows) {
                int tiles = (m + MR - 1) / MR;
                r0 = (int) ((long) tiles * part / parts) * MR;
                r1 = Math.min(m, (int) ((long) tiles * (part + 1) / parts) * MR);
            } else {
                q0 = (int) ((long) panels * part / parts);
                q1 = (int) ((long) panels * (part + 1) / parts);
            }
            if (r0 >= r1 || q0 >= q1) {
                return;
            }
            Scratch s = SCRATCH.get();
            int kc = kc(k);
            s.a = grow(s.a, MC * kc);
            int width = (q1 - q0) * NR;
            if (packed != null || (long) width * k <= WHOLE_B_MAX) {
                // All k-passes of B at hand (prepacked, or packed here at once): run the passes inside each row
                // chunk, so that chunk of C stays in cache between passes instead of going through memory once per
                // pass (12800 x 1536 x 512: 170 -> ~200 GFLOP/s on 2 cores). Same operations per element, same bits.
                float[] bp = packed != null ? packed.data : s.b;
                if (packed == null) {
                    s.b = bp = grow(s.b, width * k);
                    for (int p0 = 0; p0 < k; p0 += kc) {
                        packPanels(transB, b, bOff, ldb, n, p0, Math.min(kc, k - p0), q0, q1, bp, p0 * width);
                    }
                }
                for (int ic = r0; ic < r1; ic += MC) {
                    int icEnd = Math.min(r1, ic + MC);
                    for (int p0 = 0; p0 < k; p0 += kc) {
                        int kp = Math.min(kc, k - p0);
                        int base = packed != null ? p0 * panels * NR : p0 * width - q0 * NR * kp;
                        gemmRows(ic, icEnd, q0, q1, transA, n, p0, kp, alpha, a, aOff, lda, p0 == 0 ? beta : 1f, c,
                                cOff, ldc, s, bp, base);
                    }
                }
                return;
            }
            s.b = grow(s.b, width * kc);
            for (int p0 = 0; p0 < k; p0 += kc) {
                int kp = Math.min(kc, k - p0);
                packPanels(transB, b, bOff, ldb, n, p0, kp, q0, q1, s.b, 0);
                gemmRows(r0, r1, q0, q1, transA, n, p0, kp, alpha, a, aOff, lda, p0 == 0 ? beta : 1f, c, cOff, ldc,
                        s, s.b, -q0 * NR * kp);
            }
        }
    }

    /**
     * Rows [rowStart, rowEnd) and column panels [q0, q1) of C for the k-pass [p0, p0 + kp); panel q of that pass of
     * op(B) is at {@code bp[bBase + q * NR * kp]}.
     */
    private static void gemmRows(int rowStart, int rowEnd, int q0, int q1, boolean transA, int n, int p0, int kp,
                                 float alpha, float[] a, int aOff, int lda,
                                 float beta, float[] c, int cOff, int ldc, Scratch s, float[] bp, int bBase) {
        float[] ap = s.a;
        for (int ic = rowStart; ic < rowEnd; ic += MC) {
            int icEnd = Math.min(rowEnd, ic + MC);
            for (int i0 = ic; i0 < icEnd; i0 += MR) {
                packA(transA, alpha, a, aOff, lda, i0, Math.min(MR, icEnd - i0), p0, kp, ap, (i0 - ic) * kp);
            }
            for (int q = q0; q < q1; q++) {
                int j0 = q * NR;
                int w = Math.min(NR, n - j0);
                int bo = bBase + q * NR * kp;
                for (int i0 = ic; i0 < icEnd; i0 += MR) {
                    int mr = Math.min(MR, icEnd - i0);
                    // Each element's sum is the same fma chain in both kernels, so the choice does not change bits.
                    if (!WIDE) {
                        microKernelNarrow(kp, ap, (i0 - ic) * kp, bp, bo, s.tile);
                    } else if (mr == 1) {
                        microKernel1(kp, ap, (i0 - ic) * kp, bp, bo, s.tile);
                    } else {
                        microKernel(kp, ap, (i0 - ic) * kp, bp, bo, s.tile);
                    }
                    storeTile(s.tile, beta, c, cOff + i0 * ldc + j0, ldc, mr, w);
                }
            }
        }
    }

    /** One row of C, four vectors wide: the streaming (batch 1) case, without the five idle rows of the tile. */
    private static void microKernel1(int k, float[] ap, int ao, float[] b, int bo, float[] tile) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int p = 0; p < k; p++, ao += MR, bo += NR) {
            FloatVector x = FloatVector.broadcast(S, ap[ao]);
            c0 = FloatVector.fromArray(S, b, bo).fma(x, c0);
            c1 = FloatVector.fromArray(S, b, bo + L).fma(x, c1);
            c2 = FloatVector.fromArray(S, b, bo + 2 * L).fma(x, c2);
            c3 = FloatVector.fromArray(S, b, bo + 3 * L).fma(x, c3);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, L);
        c2.intoArray(tile, 2 * L);
        c3.intoArray(tile, 3 * L);
    }

    /** ap[dst + p * MR + r] = alpha * op(A)[i0 + r, p0 + p] for p < kp, zero for r >= mr. */
    private static void packA(boolean transA, float alpha, float[] a, int aOff, int lda, int i0, int mr,
                              int p0, int kp, float[] ap, int dst) {
        if (!transA) {
            for (int r = 0; r < mr; r++) {
                int src = aOff + (i0 + r) * lda + p0;
                for (int p = 0, d = dst + r; p < kp; p++, d += MR) {
                    ap[d] = alpha * a[src + p];
                }
            }
        } else {
            for (int p = 0; p < kp; p++) {
                int src = aOff + (p0 + p) * lda + i0;
                int d = dst + p * MR;
                for (int r = 0; r < mr; r++) {
                    ap[d + r] = alpha * a[src + r];
                }
            }
        }
        for (int r = mr; r < MR; r++) {
            for (int p = 0, d = dst + r; p < kp; p++, d += MR) {
                ap[d] = 0f;
            }
        }
    }

    /** Panel of op(B) = B^T: bp[dst + p * NR + jj] = B[jj, p] for jj < w (B rows from src), zero beyond. */
    private static void packBTransposed(float[] b, int src, int ldb, int k, int w, float[] bp, int dst) {
        for (int jj = 0; jj < w; jj++) {
            int s = src + jj * ldb;
            for (int p = 0, d = dst + jj; p < k; p++, d += NR) {
                bp[d] = b[s + p];
            }
        }
        for (int jj = w; jj < NR; jj++) {
            for (int p = 0, d = dst + jj; p < k; p++, d += NR) {
                bp[d] = 0f;
            }
        }
    }

    /** Panel of op(B) = B: bp[dst + p * NR + jj] = B[p, jj] for jj < w (columns from src), zero beyond. */
    private static void packB(float[] b, int src, int ldb, int k, int w, float[] bp, int dst) {
        if (w == NR) {
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, src + p * ldb, bp, dst + p * NR, NR);
            }
            return;
        }
        for (int p = 0; p < k; p++) {
            int s = src + p * ldb;
            int d = dst + p * NR;
            for (int jj = 0; jj < w; jj++) {
                bp[d + jj] = b[s + jj];
            }
            for (int jj = w; jj < NR; jj++) {
                bp[d + jj] = 0f;
            }
        }
    }

    /**
     * One MR x NR tile: 20 independent accumulators, each step loads 4 vectors of B and broadcasts 5 elements of
     * packed A. Written out by hand because the JIT keeps only named locals in registers. The loop counts in the
     * index of A so that C2 removes A's bounds checks from the loop.
     * The sums go to {@code tile}, not straight into C: a beta-dependent store helper taking the vectors was too
     * large to inline and boxed them (-XX:+PrintInlining: NodeCountInliningCutoff).
     */
    private static void microKernel(int k, float[] ap, int ao, float[] b, int bo, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00, c43 = c00;
        for (int ai = ao, bi = bo, end = ao + k * MR; ai < end; ai += MR, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
            FloatVector x = FloatVector.broadcast(S, ap[ai]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            c13 = b3.fma(x, c13);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            c23 = b3.fma(x, c23);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            c33 = b3.fma(x, c33);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            c42 = b2.fma(x, c42);
            c43 = b3.fma(x, c43);
        }
        // Stored here, not through a helper: C2 ran out of inlining budget for a helper in this large method and
        // boxed the vectors passed to it.
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c02.intoArray(tile, 2 * L);
        c03.intoArray(tile, 3 * L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c12.intoArray(tile, NR + 2 * L);
        c13.intoArray(tile, NR + 3 * L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c22.intoArray(tile, 2 * NR + 2 * L);
        c23.intoArray(tile, 2 * NR + 3 * L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c32.intoArray(tile, 3 * NR + 2 * L);
        c33.intoArray(tile, 3 * NR + 3 * L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c42.intoArray(tile, 4 * NR + 2 * L);
        c43.intoArray(tile, 4 * NR + 3 * L);
    }

    /**
     * The narrow blocking (vectors below 512 bits): one 6 x 2-vector tile, 12 accumulators, so that it fits the 16
     * registers of AVX2 with the 2 vectors of B and a broadcast. Same fma chain per element as the wide kernels.
     */
    private static void microKernelNarrow(int k, float[] ap, int ao, float[] b, int bo, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00;
        FloatVector c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00;
        FloatVector c50 = c00, c51 = c00;
        for (int ai = ao, bi = bo, end = ao + k * MR; ai < end; ai += MR, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, ap[ai]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
    }

    /**
     * Merges the first mr rows and w columns of the tile into C: C = tile (beta 0, C never read), C + tile
     * (beta 1) or beta * C + tile. Full-width rows go by vectors, a column tail element by element, so no masked
     * memory access is needed anywhere.
     */
    private static void storeTile(float[] tile, float beta, float[] c, int co, int ldc, int mr, int w) {
        for (int r = 0; r < mr; r++) {
            int cr = co + r * ldc;
            int t = r * NR;
            if (w == NR) {
                for (int v = 0; v < NR; v += L) {
                    FloatVector acc = FloatVector.fromArray(S, tile, t + v);
                    if (beta == 0f) {
                        acc.intoArray(c, cr + v);
                    } else if (beta == 1f) {
                        FloatVector.fromArray(S, c, cr + v).add(acc).intoArray(c, cr + v);
                    } else {
                        FloatVector.fromArray(S, c, cr + v).fma(FloatVector.broadcast(S, beta), acc)
                                .intoArray(c, cr + v);
                    }
                }
            } else {
                for (int jj = 0; jj < w; jj++) {
                    float acc = tile[t + jj];
                    c[cr + jj] = beta == 0f ? acc : beta == 1f ? c[cr + jj] + acc : beta * c[cr + jj] + acc;
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Level 1 and 2
    // ---------------------------------------------------------------------------------------------------------

    /** Row-wise dot products for A; for A^T, one axpy per row of A so every access stays unit-stride. */
    @Override
    public void gemv(boolean transA, int m, int n, float alpha, float[] a, int aOff, int lda,
                     float[] x, int xOff, float beta, float[] y, int yOff) {
        if (!transA) {
            for (int i = 0; i < m; i++) {
                float d = alpha * dot(n, a, aOff + i * lda, x, xOff);
                y[yOff + i] = beta == 0f ? d : beta * y[yOff + i] + d;
            }
        } else {
            if (beta == 0f) {
                for (int j = 0; j < n; j++) {
                    y[yOff + j] = 0f;
                }
            } else if (beta != 1f) {
                scale(n, beta, y, yOff);
            }
            for (int i = 0; i < m; i++) {
                axpy(n, alpha * x[xOff + i], a, aOff + i * lda, y, yOff);
            }
        }
    }

    @Override
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, a, aOff + i).add(FloatVector.fromArray(S, b, bOff + i))
                    .intoArray(out, outOff + i);
        }
        REF.add(n - i, a, aOff + i, b, bOff + i, out, outOff + i);
    }

    @Override
    public void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, a, aOff + i).mul(FloatVector.fromArray(S, b, bOff + i))
                    .intoArray(out, outOff + i);
        }
        REF.mul(n - i, a, aOff + i, b, bOff + i, out, outOff + i);
    }

    /** Uses mul then add, not fma, so results equal the reference bit for bit. */
    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector xv = FloatVector.fromArray(S, x, xOff + i);
            FloatVector.fromArray(S, y, yOff + i).add(xv.mul(alpha)).intoArray(y, yOff + i);
        }
        REF.axpy(n - i, alpha, x, xOff + i, y, yOff + i);
    }

    /**
     * Eight doubles per step (on 512-bit vectors): floats are widened from a half-width float vector, each of the
     * reference's double operations is one lanewise operation, and the results are narrowed back, so the bits are
     * the reference's. Measured: 21k parameters took 0.32 ms per step in a training loop with the scalar loop.
     */
    @Override
    public void adam(int n, float[] p, int pOff, float[] g, int gOff, float[] m, float[] v, int mvOff, double c1,
                     double c2, double lrT, double epsilon) {
        int lanes = D.length();
        int bound = n - n % lanes;
        int i = 0;
        for (; i < bound; i += lanes) {
            DoubleVector gi = widen(g, gOff + i);
            DoubleVector mOld = widen(m, mvOff + i);
            DoubleVector vOld = widen(v, mvOff + i);
            DoubleVector mi = mOld.add(gi.sub(mOld).mul(c1));
            DoubleVector vi = vOld.add(gi.mul(gi).sub(vOld).mul(c2));
            narrow(mi, m, mvOff + i);
            narrow(vi, v, mvOff + i);
            narrow(widen(p, pOff + i).sub(mi.mul(lrT).div(vi.lanewise(VectorOperators.SQRT).add(epsilon))), p,
                    pOff + i);
        }
        REF.adam(n - i, p, pOff + i, g, gOff + i, m, v, mvOff + i, c1, c2, lrT, epsilon);
    }

    private static DoubleVector widen(float[] a, int off) {
        return (DoubleVector) FloatVector.fromArray(SH, a, off).convertShape(VectorOperators.F2D, D, 0);
    }

    private static void narrow(DoubleVector x, float[] a, int off) {
        ((FloatVector) x.convertShape(VectorOperators.D2F, SH, 0)).intoArray(a, off);
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOff) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).mul(alpha).intoArray(x, xOff + i);
        }
        REF.scale(n - i, alpha, x, xOff + i);
    }

    /** Four accumulators hide the fma latency; one reduction after the loop. */
    @Override
    public float dot(int n, float[] a, int aOff, float[] b, int bOff) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int bound4 = n - n % (4 * L);
        int i = 0;
        for (; i < bound4; i += 4 * L) {
            s0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), s0);
            s1 = FloatVector.fromArray(S, a, aOff + i + L).fma(FloatVector.fromArray(S, b, bOff + i + L), s1);
            s2 = FloatVector.fromArray(S, a, aOff + i + 2 * L)
                    .fma(FloatVector.fromArray(S, b, bOff + i + 2 * L), s2);
            s3 = FloatVector.fromArray(S, a, aOff + i + 3 * L)
                    .fma(FloatVector.fromArray(S, b, bOff + i + 3 * L), s3);
        }
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            s0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), s0);
        }
        float s = sumLanes(s0.add(s1).add(s2.add(s3)));
        return s + REF.dot(n - i, a, aOff + i, b, bOff + i);
    }

    /**
     * Lane 0 + lane 1 + ... in that order. Not {@code reduceLanes(ADD)}: its order is unspecified for floats, so
     * compiled and interpreted code could round differently.
     */
    private static float sumLanes(FloatVector v) {
        float s = v.lane(0);
        for (int l = 1; l < L; l++) {
            s += v.lane(l);
        }
        return s;
    }

    @Override
    public float sum(int n, float[] a, int aOff) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int bound4 = n - n % (4 * L);
        int i = 0;
        for (; i < bound4; i += 4 * L) {
            s0 = s0.add(FloatVector.fromArray(S, a, aOff + i));
            s1 = s1.add(FloatVector.fromArray(S, a, aOff + i + L));
            s2 = s2.add(FloatVector.fromArray(S, a, aOff + i + 2 * L));
            s3 = s3.add(FloatVector.fromArray(S, a, aOff + i + 3 * L));
        }
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            s0 = s0.add(FloatVector.fromArray(S, a, aOff + i));
        }
        float s = sumLanes(s0.add(s1).add(s2.add(s3)));
        return s + REF.sum(n - i, a, aOff + i);
    }

    /** Row by row in the reference's order, so the column sums match it bit for bit. */
    @Override
    public void sumRows(int rows, int cols, float[] x, int xOff, int ldx, float[] acc, int accOff) {
        for (int r = 0; r < rows; r++) {
            add(cols, acc, accOff, x, xOff + r * ldx, acc, accOff);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Activations: one loop method per function, the math written out (see sigmoidRows).
    // ---------------------------------------------------------------------------------------------------------

    /**
     * {@code out = sigmoid(a + b)}, or {@code sigmoid(a)} when b is null, over {@code width} floats of each of
     * {@code rows} rows. Every vector sigmoid of this class is computed here, every vector tanh in
     * {@link #tanhRows}.
     *
     * <p>e^x for x in [{@link #EXP_MIN}, {@link #EXP_MAX}] (callers clamp): x = k ln 2 + r with k = round(x / ln 2)
     * and |r| <= ln 2 / 2 (Cody-Waite, ln 2 in two parts, each step one fma), e^r by a degree-7 polynomial (SLEEF's
     * expf coefficients), times 2^k built in the exponent bits. Only add, mul, fma, integer add and shift and
     * reinterpretation: each is exactly specified, so interpreter, C1 and C2 give the same bits. NaN propagates
     * through r. sigmoid(x) = 1 / (e^-x + 1) with x clamped to [{@link #SIGMOID_LO}, {@link #SIGMOID_HI}], flushed
     * to 0 below {@link #SIGMOID_FLUSH}. tanh: for |x| < {@link #TANH_SMALL}, {@code x + x^3 P(x^2)} (odd; P fitted
     * to the relative error of tanh; zeros returned as they are, so tanh(-0) = -0); above,
     * {@code 1 - 2 / (e^{2|x|} + 1)} with the sign put back; beyond {@link #TANH_SAT} exactly +-1.
     *
     * <p>Why the math is written out in the loop bodies, e^x twice, instead of small helpers: whether C2 inlines a
     * helper depends on the call-site profile it sees when it compiles the caller, so from one JVM run to the next
     * a helper like {@code tanh(FloatVector)} was sometimes called out of line ("callee is too large" in
     * -XX:+PrintInlining), with every vector boxed: 1.6 GB/s of garbage and workload S 1.5x slower in those runs.
     * These methods have no calls to inline but the Vector API's own and are too large to be inlined into their
     * callers. Why one method per function, with no branch inside the loop: when sigmoid and tanh shared one method
     * (a branch on the function) and b was added under {@code if (b != null)}, C2 left the final vector store of
     * tanh as a Java call in about 3 of 4 JVM runs ("failed to inline (intrinsic)"), and the GRU gate kernels ran
     * 3x slower for the rest of the run (1.0 against 3.1 ms for 100 steps of 8 x 512). A null b is now a mask that
     * is all false, so the loop has no branch to profile; 8 of 8 runs compiled it fully.
     */
    private static void sigmoidRows(int rows, int width, float[] a, int aOff, int aStride, float[] b, int bOff,
                                    int bStride, float[] out, int outOff, int outStride) {
        int bound = S.loopBound(width);
        // b == null adds nothing: its lanes are masked off (a is read in its place), which keeps -0 as it is.
        VectorMask<Float> addB = S.maskAll(b != null);
        float[] bb = b != null ? b : a;
        int bbOff = b != null ? bOff : aOff;
        int bbStride = b != null ? bStride : aStride;
        for (int row = 0; row < rows; row++) {
            int a0 = aOff + row * aStride;
            int b0 = bbOff + row * bbStride;
            int o0 = outOff + row * outStride;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector x = FloatVector.fromArray(S, a, a0 + j);
                x = x.blend(x.add(FloatVector.fromArray(S, bb, b0 + j)), addB);
                FloatVector c = x.blend(SIGMOID_HI, x.compare(VectorOperators.GT, SIGMOID_HI));
                c = c.blend(SIGMOID_LO, c.compare(VectorOperators.LT, SIGMOID_LO)).neg();
                FloatVector t = c.fma(LOG2E, ROUND_MAGIC);
                FloatVector k = t.sub(ROUND_MAGIC);
                FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), c);
                r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
                FloatVector u = r.fma(E5, E4);
                u = u.fma(r, FloatVector.broadcast(S, E3));
                u = u.fma(r, FloatVector.broadcast(S, E2));
                u = u.fma(r, FloatVector.broadcast(S, E1));
                u = u.fma(r, FloatVector.broadcast(S, E0));
                FloatVector p = r.mul(r).fma(u, r).add(1f);
                FloatVector scale = ((IntVector) t.reinterpretAsInts()).sub(MAGIC_BITS - 127)
                        .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
                FloatVector e = p.mul(scale);
                FloatVector y = FloatVector.broadcast(S, 1f).div(e.add(1f));
                y.blend(0f, x.compare(VectorOperators.LT, SIGMOID_FLUSH)).intoArray(out, o0 + j);
            }
            for (; j < width; j++) {
                out[o0 + j] = sigmoidScalar(b != null ? a[a0 + j] + b[b0 + j] : a[a0 + j]);
            }
        }
    }

    /** {@code out = tanh(a + b)}, or {@code tanh(a)} when b is null: see {@link #sigmoidRows}. */
    private static void tanhRows(int rows, int width, float[] a, int aOff, int aStride, float[] b, int bOff,
                                 int bStride, float[] out, int outOff, int outStride) {
        int bound = S.loopBound(width);
        // b == null adds nothing: its lanes are masked off (a is read in its place), which keeps -0 as it is.
        VectorMask<Float> addB = S.maskAll(b != null);
        float[] bb = b != null ? b : a;
        int bbOff = b != null ? bOff : aOff;
        int bbStride = b != null ? bStride : aStride;
        for (int row = 0; row < rows; row++) {
            int a0 = aOff + row * aStride;
            int b0 = bbOff + row * bbStride;
            int o0 = outOff + row * outStride;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector x = FloatVector.fromArray(S, a, a0 + j);
                x = x.blend(x.add(FloatVector.fromArray(S, bb, b0 + j)), addB);
                FloatVector abs = x.abs();
                FloatVector s2 = x.mul(x);
                FloatVector q = s2.fma(T5, T4);
                q = q.fma(s2, FloatVector.broadcast(S, T3));
                q = q.fma(s2, FloatVector.broadcast(S, T2));
                q = q.fma(s2, FloatVector.broadcast(S, T1));
                q = q.fma(s2, FloatVector.broadcast(S, T0));
                // x + x^3 P: the correction is small, so its rounding error is scaled down. 0 + (-0) is +0: keep
                // zeros as x.
                FloatVector small = x.mul(s2).fma(q, x).blend(x, x.compare(VectorOperators.EQ, 0f));
                FloatVector ac = abs.blend(TANH_SAT, abs.compare(VectorOperators.GT, TANH_SAT));
                FloatVector c = ac.add(ac);
                FloatVector t = c.fma(LOG2E, ROUND_MAGIC);
                FloatVector k = t.sub(ROUND_MAGIC);
                FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), c);
                r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
                FloatVector u = r.fma(E5, E4);
                u = u.fma(r, FloatVector.broadcast(S, E3));
                u = u.fma(r, FloatVector.broadcast(S, E2));
                u = u.fma(r, FloatVector.broadcast(S, E1));
                u = u.fma(r, FloatVector.broadcast(S, E0));
                FloatVector p = r.mul(r).fma(u, r).add(1f);
                FloatVector scale = ((IntVector) t.reinterpretAsInts()).sub(MAGIC_BITS - 127)
                        .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
                FloatVector e = p.mul(scale);
                FloatVector big = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
                big = big.blend(big.neg(), x.compare(VectorOperators.LT, 0f));
                big.blend(small, abs.compare(VectorOperators.LT, TANH_SMALL)).intoArray(out, o0 + j);
            }
            for (; j < width; j++) {
                out[o0 + j] = tanhScalar(b != null ? a[a0 + j] + b[b0 + j] : a[a0 + j]);
            }
        }
    }

    /** Scalar twin of the vector e^x in {@link #sigmoidRows}: the same operations in the same order, for loop tails. */
    static float expScalar(float x) {
        float t = Math.fma(x, LOG2E, ROUND_MAGIC);
        float k = t - ROUND_MAGIC;
        float r = Math.fma(k, -LN2_HI, x);
        r = Math.fma(k, -LN2_LO, r);
        float u = Math.fma(r, E5, E4);
        u = Math.fma(u, r, E3);
        u = Math.fma(u, r, E2);
        u = Math.fma(u, r, E1);
        u = Math.fma(u, r, E0);
        float p = Math.fma(r * r, u, r) + 1f;
        float scale = Float.intBitsToFloat((Float.floatToRawIntBits(t) - (MAGIC_BITS - 127)) << 23);
        return p * scale;
    }

    /** Scalar twin of the vector sigmoid in {@link #sigmoidRows}. */
    static float sigmoidScalar(float x) {
        float t = x > SIGMOID_HI ? SIGMOID_HI : x;
        t = t < SIGMOID_LO ? SIGMOID_LO : t;
        float y = 1f / (expScalar(-t) + 1f);
        return x < SIGMOID_FLUSH ? 0f : y;
    }

    /** Scalar twin of the vector tanh in {@link #tanhRows}. */
    static float tanhScalar(float x) {
        float a = Math.abs(x);
        if (a < TANH_SMALL) {
            float s = x * x;
            float q = Math.fma(s, T5, T4);
            q = Math.fma(q, s, T3);
            q = Math.fma(q, s, T2);
            q = Math.fma(q, s, T1);
            q = Math.fma(q, s, T0);
            return x == 0f ? x : Math.fma(x * s, q, x);
        }
        float ac = a > TANH_SAT ? TANH_SAT : a;
        float big = 1f - 2f / (expScalar(ac + ac) + 1f);
        return x < 0f ? -big : big;
    }

    private static FloatVector reluV(FloatVector x) {
        // v > 0 ? v : 0, as the reference: NaN and -0 become +0.
        return FloatVector.zero(S).blend(x, x.compare(VectorOperators.GT, 0f));
    }

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] out, int outOff) {
        int bound = S.loopBound(n);
        sigmoidRows(1, n, x, xOff, 0, null, 0, 0, out, outOff, 0);
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] out, int outOff) {
        int bound = S.loopBound(n);
        tanhRows(1, n, x, xOff, 0, null, 0, 0, out, outOff, 0);
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] out, int outOff) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            reluV(FloatVector.fromArray(S, x, xOff + i)).intoArray(out, outOff + i);
        }
        REF.relu(n - i, x, xOff + i, out, outOff + i);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Fused gate kernels: vectorized along the hidden dimension of each batch row; the scalar tails repeat the
    // reference's per-element statements for the last hidden % L units.
    // ---------------------------------------------------------------------------------------------------------

    @Override
    public void gruResetAfterForward(int batch, int hidden,
                                     float[] xp, int xpOff, int xpStride,
                                     float[] hp, int hpOff,
                                     float[] hPrev, int hPrevOff, int hPrevStride,
                                     float[] cache, int cacheOff,
                                     float[] h, int hOff, int hStride) {
        int g3 = 3 * hidden;
        int g4 = 4 * hidden;
        int block = blockRows(g4);
        for (int b0 = 0; b0 < batch; b0 += block) {
            int rows = Math.min(block, batch - b0);
            int x0 = xpOff + b0 * xpStride;
            int p0 = hpOff + b0 * g3;
            int c0 = cacheOff + b0 * g4;
            // r and z are adjacent in xp, hp and the cache: one sigmoid pass over 2H per row.
            sigmoidOfSum(rows, 2 * hidden, xp, x0, xpStride, hp, p0, g3, cache, c0, g4);
            gruResetAfterOutput(rows, hidden, xp, x0, xpStride, hp, p0, hPrev, hPrevOff + b0 * hPrevStride,
                    hPrevStride, cache, c0, h, hOff + b0 * hStride, hStride);
        }
    }

    /** Floats of cache rows per block of {@link #blockRows}: 2048 measured best of 512 to 8192 at H = 128 and 512. */
    private static final int BLOCK_FLOATS = 2048;

    /**
     * Rows per block of a multi-pass step kernel whose cache rows are {@code width} floats wide: the passes run over
     * one block before the next, so the block's rows stay in the core's own caches between passes instead of going
     * out to L3 (B = 64, H = 512: over 1 MB per pass; the gate kernels took 9.2 ms per 100 steps unblocked, 7.7 ms
     * in blocks). Same operations per element, so the same bits.
     */
    private static int blockRows(int width) {
        return Math.max(1, BLOCK_FLOATS / width);
    }

    /**
     * Second part of {@link #gruResetAfterForward}: n from the cached r, then h; writes n, hp_n and h. The
     * pre-activation of n goes into n's cache slot, {@link #tanhRows} turns it into n in place, then h.
     */
    private static void gruResetAfterOutput(int batch, int hidden,
                                            float[] xp, int xpOff, int xpStride,
                                            float[] hp, int hpOff,
                                            float[] hPrev, int hPrevOff, int hPrevStride,
                                            float[] cache, int cacheOff,
                                            float[] h, int hOff, int hStride) {
        int g3 = 3 * hidden;
        int g4 = 4 * hidden;
        int bound = S.loopBound(hidden);
        for (int b = 0; b < batch; b++) {
            int x0 = xpOff + b * xpStride;
            int p0 = hpOff + b * g3;
            int c0 = cacheOff + b * g4;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector r = FloatVector.fromArray(S, cache, c0 + j);
                FloatVector hpn = FloatVector.fromArray(S, hp, p0 + 2 * hidden + j);
                FloatVector.fromArray(S, xp, x0 + 2 * hidden + j).add(r.mul(hpn))
                        .intoArray(cache, c0 + 2 * hidden + j);
                hpn.intoArray(cache, c0 + 3 * hidden + j);
            }
            for (; j < hidden; j++) {
                float hpn = hp[p0 + 2 * hidden + j];
                cache[c0 + 2 * hidden + j] = xp[x0 + 2 * hidden + j] + cache[c0 + j] * hpn;
                cache[c0 + 3 * hidden + j] = hpn;
            }
        }
        tanhRows(batch, hidden, cache, cacheOff + 2 * hidden, g4, null, 0, 0, cache, cacheOff + 2 * hidden, g4);
        interpolate(batch, hidden, cache, cacheOff, g4, hPrev, hPrevOff, hPrevStride, h, hOff, hStride);
    }

    /**
     * The GRU's new state {@code h = n + z * (hPrev - n)} (= (1 - z) n + z hPrev) from the cached z (at
     * {@code cacheOff + H}) and n (at {@code cacheOff + 2H}) of each row.
     */
    private static void interpolate(int batch, int hidden, float[] cache, int cacheOff, int cacheStride,
                                    float[] hPrev, int hPrevOff, int hPrevStride, float[] h, int hOff, int hStride) {
        int bound = S.loopBound(hidden);
        for (int b = 0; b < batch; b++) {
            int z0 = cacheOff + b * cacheStride + hidden;
            int n0 = z0 + hidden;
            int hp0 = hPrevOff + b * hPrevStride;
            int h0 = hOff + b * hStride;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector z = FloatVector.fromArray(S, cache, z0 + j);
                FloatVector n = FloatVector.fromArray(S, cache, n0 + j);
                n.add(z.mul(FloatVector.fromArray(S, hPrev, hp0 + j).sub(n))).intoArray(h, h0 + j);
            }
            for (; j < hidden; j++) {
                float n = cache[n0 + j];
                h[h0 + j] = n + cache[z0 + j] * (hPrev[hp0 + j] - n);
            }
        }
    }

    /** {@code out = sigmoid(a + b)} over {@code width} floats of each of {@code rows} rows. */
    private static void sigmoidOfSum(int rows, int width, float[] a, int aOff, int aStride, float[] b, int bOff,
                                     int bStride, float[] out, int outOff, int outStride) {
        sigmoidRows(rows, width, a, aOff, aStride, b, bOff, bStride, out, outOff, outStride);
    }

    /** {@code out = tanh(a + b)}, as {@link #sigmoidOfSum}. */
    private static void tanhOfSum(int rows, int width, float[] a, int aOff, int aStride, float[] b, int bOff,
                                  int bStride, float[] out, int outOff, int outStride) {
        tanhRows(rows, width, a, aOff, aStride, b, bOff, bStride, out, outOff, outStride);
    }

    @Override
    public void gruResetAfterBackward(int batch, int hidden,
                                      float[] cache, int cacheOff,
                                      float[] hPrev, int hPrevOff, int hPrevStride,
                                      float[] dh, int dhOff, int dhStride,
                                      float[] dxp, int dxpOff, int dxpStride,
                                      float[] dhp, int dhpOff,
                                      float[] dhPrev, int dhPrevOff, int dhPrevStride) {
        int g3 = 3 * hidden;
        int g4 = 4 * hidden;
        int bound = S.loopBound(hidden);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int b = 0; b < batch; b++) {
            int c0 = cacheOff + b * g4;
            int hp0 = hPrevOff + b * hPrevStride;
            int d0 = dhOff + b * dhStride;
            int dx0 = dxpOff + b * dxpStride;
            int dp0 = dhpOff + b * g3;
            int dhp0 = dhPrevOff + b * dhPrevStride;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector r = FloatVector.fromArray(S, cache, c0 + j);
                FloatVector z = FloatVector.fromArray(S, cache, c0 + hidden + j);
                FloatVector n = FloatVector.fromArray(S, cache, c0 + 2 * hidden + j);
                FloatVector hpn = FloatVector.fromArray(S, cache, c0 + 3 * hidden + j);
                FloatVector g = FloatVector.fromArray(S, dh, d0 + j);
                FloatVector oneMinusZ = one.sub(z);
                FloatVector dnPre = g.mul(oneMinusZ).mul(one.sub(n.mul(n)));
                FloatVector dzPre = g.mul(FloatVector.fromArray(S, hPrev, hp0 + j).sub(n)).mul(z.mul(oneMinusZ));
                FloatVector drPre = dnPre.mul(hpn).mul(r.mul(one.sub(r)));
                drPre.intoArray(dxp, dx0 + j);
                dzPre.intoArray(dxp, dx0 + hidden + j);
                dnPre.intoArray(dxp, dx0 + 2 * hidden + j);
                drPre.intoArray(dhp, dp0 + j);
                dzPre.intoArray(dhp, dp0 + hidden + j);
                dnPre.mul(r).intoArray(dhp, dp0 + 2 * hidden + j);
                g.mul(z).intoArray(dhPrev, dhp0 + j);
            }
            for (; j < hidden; j++) {
                float r = cache[c0 + j];
                float z = cache[c0 + hidden + j];
                float n = cache[c0 + 2 * hidden + j];
                float hpn = cache[c0 + 3 * hidden + j];
                float g = dh[d0 + j];
                float dnPre = g * (1f - z) * (1f - n * n);
                float dzPre = g * (hPrev[hp0 + j] - n) * (z * (1f - z));
                float drPre = dnPre * hpn * (r * (1f - r));
                dxp[dx0 + j] = drPre;
                dxp[dx0 + hidden + j] = dzPre;
                dxp[dx0 + 2 * hidden + j] = dnPre;
                dhp[dp0 + j] = drPre;
                dhp[dp0 + hidden + j] = dzPre;
                dhp[dp0 + 2 * hidden + j] = dnPre * r;
                dhPrev[dhp0 + j] = g * z;
            }
        }
    }

    @Override
    public void gruResetBeforeGates(int batch, int hidden,
                                    float[] xp, int xpOff, int xpStride,
                                    float[] hp, int hpOff,
                                    float[] hPrev, int hPrevOff, int hPrevStride,
                                    float[] cache, int cacheOff) {
        int g3 = 3 * hidden;
        int g4 = 4 * hidden;
        int block = blockRows(g4);
        for (int b0 = 0; b0 < batch; b0 += block) {
            int rows = Math.min(block, batch - b0);
            gruResetBeforeGatesRows(rows, hidden, xp, xpOff + b0 * xpStride, xpStride, hp, hpOff + b0 * g3,
                    hPrev, hPrevOff + b0 * hPrevStride, hPrevStride, cache, cacheOff + b0 * g4);
        }
    }

    private static void gruResetBeforeGatesRows(int batch, int hidden,
                                                float[] xp, int xpOff, int xpStride,
                                                float[] hp, int hpOff,
                                                float[] hPrev, int hPrevOff, int hPrevStride,
                                                float[] cache, int cacheOff) {
        int g3 = 3 * hidden;
        int g4 = 4 * hidden;
        sigmoidOfSum(batch, 2 * hidden, xp, xpOff, xpStride, hp, hpOff, g3, cache, cacheOff, g4);
        int bound = S.loopBound(hidden);
        for (int b = 0; b < batch; b++) {
            int c0 = cacheOff + b * g4;
            int hp0 = hPrevOff + b * hPrevStride;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector.fromArray(S, cache, c0 + j).mul(FloatVector.fromArray(S, hPrev, hp0 + j))
                        .intoArray(cache, c0 + 3 * hidden + j);
            }
            for (; j < hidden; j++) {
                cache[c0 + 3 * hidden + j] = cache[c0 + j] * hPrev[hp0 + j];
            }
        }
    }

    @Override
    public void gruResetBeforeOutput(int batch, int hidden,
                                     float[] xp, int xpOff, int xpStride,
                                     float[] hp, int hpOff,
                                     float[] hPrev, int hPrevOff, int hPrevStride,
                                     float[] cache, int cacheOff,
                                     float[] h, int hOff, int hStride) {
        int g3 = 3 * hidden;
        int g4 = 4 * hidden;
        int block = blockRows(g4);
        for (int b0 = 0; b0 < batch; b0 += block) {
            int rows = Math.min(block, batch - b0);
            int c0 = cacheOff + b0 * g4;
            tanhRows(rows, hidden, xp, xpOff + b0 * xpStride + 2 * hidden, xpStride, hp,
                    hpOff + b0 * g3 + 2 * hidden, g3, cache, c0 + 2 * hidden, g4);
            interpolate(rows, hidden, cache, c0, g4, hPrev, hPrevOff + b0 * hPrevStride, hPrevStride, h,
                    hOff + b0 * hStride, hStride);
        }
    }

    @Override
    public void gruResetBeforeBackwardOutput(int batch, int hidden,
                                             float[] cache, int cacheOff,
                                             float[] hPrev, int hPrevOff, int hPrevStride,
                                             float[] dh, int dhOff, int dhStride,
                                             float[] dxp, int dxpOff, int dxpStride,
                                             float[] dhp, int dhpOff,
                                             float[] dhPrev, int dhPrevOff, int dhPrevStride) {
        int g3 = 3 * hidden;
        int g4 = 4 * hidden;
        int bound = S.loopBound(hidden);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int b = 0; b < batch; b++) {
            int c0 = cacheOff + b * g4;
            int hp0 = hPrevOff + b * hPrevStride;
            int d0 = dhOff + b * dhStride;
            int dx0 = dxpOff + b * dxpStride;
            int dp0 = dhpOff + b * g3;
            int dhp0 = dhPrevOff + b * dhPrevStride;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector z = FloatVector.fromArray(S, cache, c0 + hidden + j);
                FloatVector n = FloatVector.fromArray(S, cache, c0 + 2 * hidden + j);
                FloatVector g = FloatVector.fromArray(S, dh, d0 + j);
                FloatVector oneMinusZ = one.sub(z);
                FloatVector dnPre = g.mul(oneMinusZ).mul(one.sub(n.mul(n)));
                FloatVector dzPre = g.mul(FloatVector.fromArray(S, hPrev, hp0 + j).sub(n)).mul(z.mul(oneMinusZ));
                dzPre.intoArray(dxp, dx0 + hidden + j);
                dnPre.intoArray(dxp, dx0 + 2 * hidden + j);
                dzPre.intoArray(dhp, dp0 + hidden + j);
                dnPre.intoArray(dhp, dp0 + 2 * hidden + j);
                g.mul(z).intoArray(dhPrev, dhp0 + j);
            }
            for (; j < hidden; j++) {
                float z = cache[c0 + hidden + j];
                float n = cache[c0 + 2 * hidden + j];
                float g = dh[d0 + j];
                float dnPre = g * (1f - z) * (1f - n * n);
                float dzPre = g * (hPrev[hp0 + j] - n) * (z * (1f - z));
                dxp[dx0 + hidden + j] = dzPre;
                dxp[dx0 + 2 * hidden + j] = dnPre;
                dhp[dp0 + hidden + j] = dzPre;
                dhp[dp0 + 2 * hidden + j] = dnPre;
                dhPrev[dhp0 + j] = g * z;
            }
        }
    }

    @Override
    public void gruResetBeforeBackwardReset(int batch, int hidden,
                                            float[] cache, int cacheOff,
                                            float[] hPrev, int hPrevOff, int hPrevStride,
                                            float[] drh, int drhOff,
                                            float[] dxp, int dxpOff, int dxpStride,
                                            float[] dhp, int dhpOff,
                                            float[] dhPrev, int dhPrevOff, int dhPrevStride) {
        int g3 = 3 * hidden;
        int g4 = 4 * hidden;
        int bound = S.loopBound(hidden);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int b = 0; b < batch; b++) {
            int c0 = cacheOff + b * g4;
            int hp0 = hPrevOff + b * hPrevStride;
            int dr0 = drhOff + b * hidden;
            int dx0 = dxpOff + b * dxpStride;
            int dp0 = dhpOff + b * g3;
            int dhp0 = dhPrevOff + b * dhPrevStride;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector r = FloatVector.fromArray(S, cache, c0 + j);
                FloatVector g = FloatVector.fromArray(S, drh, dr0 + j);
                FloatVector drPre = g.mul(FloatVector.fromArray(S, hPrev, hp0 + j)).mul(r.mul(one.sub(r)));
                drPre.intoArray(dxp, dx0 + j);
                drPre.intoArray(dhp, dp0 + j);
                FloatVector.fromArray(S, dhPrev, dhp0 + j).add(g.mul(r)).intoArray(dhPrev, dhp0 + j);
            }
            for (; j < hidden; j++) {
                float r = cache[c0 + j];
                float g = drh[dr0 + j];
                float drPre = g * hPrev[hp0 + j] * (r * (1f - r));
                dxp[dx0 + j] = drPre;
                dhp[dp0 + j] = drPre;
                dhPrev[dhp0 + j] += g * r;
            }
        }
    }

    @Override
    public void lstmForward(int batch, int hidden,
                            float[] xp, int xpOff, int xpStride,
                            float[] hp, int hpOff,
                            float[] cPrev, int cPrevOff, int cPrevStride,
                            float[] cache, int cacheOff,
                            float[] c, int cOff, int cStride,
                            float[] h, int hOff, int hStride) {
        int g4 = 4 * hidden;
        int g5 = 5 * hidden;
        int block = blockRows(g5);
        for (int b0 = 0; b0 < batch; b0 += block) {
            int rows = Math.min(block, batch - b0);
            int x0 = xpOff + b0 * xpStride;
            int p0 = hpOff + b0 * g4;
            int k0 = cacheOff + b0 * g5;
            // One activation per pass (see sigmoidOfSum): i and f are adjacent, then g, then o, then the cell update.
            sigmoidOfSum(rows, 2 * hidden, xp, x0, xpStride, hp, p0, g4, cache, k0, g5);
            tanhOfSum(rows, hidden, xp, x0 + 2 * hidden, xpStride, hp, p0 + 2 * hidden, g4, cache, k0 + 2 * hidden,
                    g5);
            sigmoidOfSum(rows, hidden, xp, x0 + 3 * hidden, xpStride, hp, p0 + 3 * hidden, g4, cache,
                    k0 + 3 * hidden, g5);
            lstmCellUpdate(rows, hidden, cPrev, cPrevOff + b0 * cPrevStride, cPrevStride, cache, k0, c,
                    cOff + b0 * cStride, cStride, h, hOff + b0 * hStride, hStride);
        }
    }

    /** Last passes of {@link #lstmForward}: c = f * cPrev + i * g, tanh(c) into the cache, h = o * tanh(c). */
    private static void lstmCellUpdate(int batch, int hidden,
                                       float[] cPrev, int cPrevOff, int cPrevStride,
                                       float[] cache, int cacheOff,
                                       float[] c, int cOff, int cStride,
                                       float[] h, int hOff, int hStride) {
        int g5 = 5 * hidden;
        int bound = S.loopBound(hidden);
        for (int b = 0; b < batch; b++) {
            int k0 = cacheOff + b * g5;
            int cp0 = cPrevOff + b * cPrevStride;
            int c0 = cOff + b * cStride;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector i = FloatVector.fromArray(S, cache, k0 + j);
                FloatVector f = FloatVector.fromArray(S, cache, k0 + hidden + j);
                FloatVector g = FloatVector.fromArray(S, cache, k0 + 2 * hidden + j);
                f.mul(FloatVector.fromArray(S, cPrev, cp0 + j)).add(i.mul(g)).intoArray(c, c0 + j);
            }
            for (; j < hidden; j++) {
                c[c0 + j] = cache[k0 + hidden + j] * cPrev[cp0 + j] + cache[k0 + j] * cache[k0 + 2 * hidden + j];
            }
        }
        tanhRows(batch, hidden, c, cOff, cStride, null, 0, 0, cache, cacheOff + 4 * hidden, g5);
        for (int b = 0; b < batch; b++) {
            int k0 = cacheOff + b * g5;
            int h0 = hOff + b * hStride;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector.fromArray(S, cache, k0 + 3 * hidden + j).mul(FloatVector.fromArray(S, cache,
                        k0 + 4 * hidden + j)).intoArray(h, h0 + j);
            }
            for (; j < hidden; j++) {
                h[h0 + j] = cache[k0 + 3 * hidden + j] * cache[k0 + 4 * hidden + j];
            }
        }
    }

    @Override
    public void lstmBackward(int batch, int hidden,
                             float[] cache, int cacheOff,
                             float[] cPrev, int cPrevOff, int cPrevStride,
                             float[] dh, int dhOff, int dhStride,
                             float[] dc, int dcOff, int dcStride,
                             float[] dp, int dpOff, int dpStride,
                             float[] dcPrev, int dcPrevOff, int dcPrevStride) {
        int g5 = 5 * hidden;
        int bound = S.loopBound(hidden);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int b = 0; b < batch; b++) {
            int k0 = cacheOff + b * g5;
            int cp0 = cPrevOff + b * cPrevStride;
            int d0 = dhOff + b * dhStride;
            int dc0 = dcOff + b * dcStride;
            int p0 = dpOff + b * dpStride;
            int dcp0 = dcPrevOff + b * dcPrevStride;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector i = FloatVector.fromArray(S, cache, k0 + j);
                FloatVector f = FloatVector.fromArray(S, cache, k0 + hidden + j);
                FloatVector g = FloatVector.fromArray(S, cache, k0 + 2 * hidden + j);
                FloatVector o = FloatVector.fromArray(S, cache, k0 + 3 * hidden + j);
                FloatVector tc = FloatVector.fromArray(S, cache, k0 + 4 * hidden + j);
                FloatVector gh = FloatVector.fromArray(S, dh, d0 + j);
                FloatVector gc = FloatVector.fromArray(S, dc, dc0 + j)
                        .add(gh.mul(o).mul(one.sub(tc.mul(tc))));
                gc.mul(g).mul(i.mul(one.sub(i))).intoArray(dp, p0 + j);
                gc.mul(FloatVector.fromArray(S, cPrev, cp0 + j)).mul(f.mul(one.sub(f)))
                        .intoArray(dp, p0 + hidden + j);
                gc.mul(i).mul(one.sub(g.mul(g))).intoArray(dp, p0 + 2 * hidden + j);
                gh.mul(tc).mul(o.mul(one.sub(o))).intoArray(dp, p0 + 3 * hidden + j);
                gc.mul(f).intoArray(dcPrev, dcp0 + j);
            }
            for (; j < hidden; j++) {
                float i = cache[k0 + j];
                float f = cache[k0 + hidden + j];
                float g = cache[k0 + 2 * hidden + j];
                float o = cache[k0 + 3 * hidden + j];
                float tc = cache[k0 + 4 * hidden + j];
                float gh = dh[d0 + j];
                float gc = dc[dc0 + j] + gh * o * (1f - tc * tc);
                dp[p0 + j] = gc * g * (i * (1f - i));
                dp[p0 + hidden + j] = gc * cPrev[cp0 + j] * (f * (1f - f));
                dp[p0 + 2 * hidden + j] = gc * i * (1f - g * g);
                dp[p0 + 3 * hidden + j] = gh * tc * (o * (1f - o));
                dcPrev[dcp0 + j] = gc * f;
            }
        }
    }

    @Override
    public void rnnForward(int batch, int hidden, boolean relu,
                           float[] xp, int xpOff, int xpStride,
                           float[] hp, int hpOff,
                           float[] h, int hOff, int hStride) {
        for (int b = 0; b < batch; b++) {
            int x0 = xpOff + b * xpStride;
            int p0 = hpOff + b * hidden;
            int h0 = hOff + b * hStride;
            // The pre-activation is one add: form it in h, then apply the activation in place (out may alias x).
            add(hidden, xp, x0, hp, p0, h, h0);
            if (relu) {
                relu(hidden, h, h0, h, h0);
            } else {
                tanh(hidden, h, h0, h, h0);
            }
        }
    }

    @Override
    public void rnnBackward(int batch, int hidden, boolean relu,
                            float[] h, int hOff, int hStride,
                            float[] dh, int dhOff, int dhStride,
                            float[] dp, int dpOff) {
        int bound = S.loopBound(hidden);
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector zero = FloatVector.zero(S);
        for (int b = 0; b < batch; b++) {
            int h0 = hOff + b * hStride;
            int d0 = dhOff + b * dhStride;
            int p0 = dpOff + b * hidden;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector y = FloatVector.fromArray(S, h, h0 + j);
                FloatVector g = FloatVector.fromArray(S, dh, d0 + j);
                FloatVector d = relu ? zero.blend(g, y.compare(VectorOperators.GT, 0f))
                        : g.mul(one.sub(y.mul(y)));
                d.intoArray(dp, p0 + j);
            }
            for (; j < hidden; j++) {
                float y = h[h0 + j];
                float g = dh[d0 + j];
                dp[p0 + j] = relu ? (y > 0f ? g : 0f) : g * (1f - y * y);
            }
        }
    }
}
