package org.gru4j.kernels;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.gru4j.util.Rng;

/**
 * Quick throughput check of gemm at the GRU shapes, not a unit test. Layers call {@code X * W^T} with W stored
 * (3H x I), so every shape runs with transB = true. Each measurement warms up for about a second first, because the
 * first calls run interpreted (KERNELS.md, lesson 6). Two figures per kernel: per wall-clock second and per second
 * of this thread's CPU time; the second stays meaningful when other processes share the cores.
 *
 * <p>Judge the figures against the core's own fma peak, not against KERNELS.md: the development VM is an AMD Zen 4
 * (EPYC, family 25 model 17), which executes a 512-bit fma on two 256-bit pipes, so one core peaks at one 512-bit
 * fma per cycle. A register-only loop of 12 independent 512-bit fma chains measured 111-117 GFLOP/s there.
 *
 * <pre>
 * mvn -q -pl core test-compile
 * java --add-modules jdk.incubator.vector -cp core/target/classes:core/target/test-classes \
 *      org.gru4j.kernels.GemmThroughput [seconds per measurement]
 * </pre>
 */
public final class GemmThroughput {

    private GemmThroughput() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        int[][] shapes = {{32, 128, 384}, {64, 256, 768}, {128, 512, 1536}, {6400, 128, 768}};
        Kernels vec = KernelProvider.vectorModulePresent() ? KernelProvider.vector() : null;
        System.out.printf("GFLOP/s, C = X * W^T, best of 5 runs (wall / CPU time)%n");
        System.out.printf("%-16s %20s %20s%n", "M x K x N", "scalar", vec == null ? "(no vector)" : vec.name());
        for (int[] s : shapes) {
            double[] scalar = gflops(ScalarKernels.INSTANCE, s[0], s[1], s[2], Math.min(seconds, 0.5));
            double[] vector = vec == null ? new double[] {Double.NaN, Double.NaN}
                    : gflops(vec, s[0], s[1], s[2], seconds);
            System.out.printf("%-16s %9.1f / %8.1f %9.1f / %8.1f%n", s[0] + "x" + s[1] + "x" + s[2],
                    scalar[0], scalar[1], vector[0], vector[1]);
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** GFLOP/s of C = X * W^T (X: m x k, W: n x k), {wall, cpu}, best of five timed runs after a warm-up. */
    static double[] gflops(Kernels kern, int m, int k, int n, double seconds) {
        Rng rng = new Rng(1);
        float[] x = new float[m * k];
        float[] w = new float[n * k];
        float[] c = new float[m * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.uniform(-1f, 1f);
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.uniform(-1f, 1f);
        }
        double flop = 2.0 * m * n * k;
        run(kern, m, k, n, x, w, c, seconds);
        double[] best = new double[2];
        for (int r = 0; r < 5; r++) {
            double[] rate = run(kern, m, k, n, x, w, c, seconds / 5);
            best[0] = Math.max(best[0], rate[0] * flop / 1e9);
            best[1] = Math.max(best[1], rate[1] * flop / 1e9);
        }
        return best;
    }

    /** Calls per wall second and per CPU second over about {@code seconds}. */
    private static double[] run(Kernels kern, int m, int k, int n, float[] x, float[] w, float[] c, double seconds) {
        long budget = (long) (seconds * 1e9);
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long calls = 0;
        long now;
        do {
            kern.gemm(false, true, m, n, k, 1f, x, 0, k, w, 0, k, 0f, c, 0, n);
            calls++;
            now = System.nanoTime();
        } while (now - start < budget);
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        return new double[] {calls / ((now - start) / 1e9), calls / (cpu / 1e9)};
    }
}
