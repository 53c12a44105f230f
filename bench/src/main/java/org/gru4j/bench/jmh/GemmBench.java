package org.gru4j.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.gru4j.kernels.KernelProvider;
import org.gru4j.kernels.Kernels;
import org.gru4j.kernels.Parallel;
import org.gru4j.kernels.ScalarKernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The GRU's matrix products: per-step recurrent products {@code H_prev W_hh^T} (B x 3H x H) with the weights packed
 * once, and the input projection of all steps {@code X W_ih^T} (T*B x 3H x I), at the S, M and L shapes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBench {
    /** "m x n x k": steps S, M, L, then the M input projection. */
    @Param({"32x384x128", "64x768x256", "128x1536x512", "6400x768x128"})
    public String shape;
    @Param({"1", "2"})
    public int threads;

    private Kernels k;
    private int m;
    private int n;
    private int kk;
    private float[] a;
    private float[] w;
    private float[] c;
    private Kernels.Packed packed;

    @Setup
    public void setup() {
        String[] s = shape.split("x");
        m = Integer.parseInt(s[0]);
        n = Integer.parseInt(s[1]);
        kk = Integer.parseInt(s[2]);
        k = KernelProvider.get();
        Parallel.setThreads(threads);
        a = Check.random(1, m * kk);
        w = Check.random(2, n * kk);
        c = new float[m * n];
        packed = k.pack(true, kk, n, w, 0, kk);
        float[] ref = new float[m * n];
        ScalarKernels.INSTANCE.gemm(false, true, m, n, kk, 1f, a, 0, kk, w, 0, kk, 0f, ref, 0, n);
        k.gemm(false, m, 1f, a, 0, kk, packed, 0f, c, 0, n);
        Check.close("packed gemm " + shape, ref, c, 1e-5 * kk, 0);
        k.gemm(false, true, m, n, kk, 1f, a, 0, kk, w, 0, kk, 0f, c, 0, n);
        Check.close("gemm " + shape, ref, c, 1e-5 * kk, 0);
    }

    @Benchmark
    public float[] packedWeights() {
        k.gemm(false, m, 1f, a, 0, kk, packed, 0f, c, 0, n);
        return c;
    }

    @Benchmark
    public float[] transposedWeights() {
        k.gemm(false, true, m, n, kk, 1f, a, 0, kk, w, 0, kk, 0f, c, 0, n);
        return c;
    }
}
