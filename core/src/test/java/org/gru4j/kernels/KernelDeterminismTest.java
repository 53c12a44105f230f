package org.gru4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels give the same bits whatever the compilation state of their code (interpreter, C1, C2), from
 * any thread, on the first call as on the thousandth, and whether an element falls in a vector body or a scalar
 * tail. This is why the activations are built from exactly rounded operations only (see VectorKernels).
 */
class KernelDeterminismTest {

    static Kernels vec;

    @BeforeAll
    static void load() {
        assumeTrue(KernelProvider.vectorModulePresent(), "jdk.incubator.vector is not loaded: vector tests skipped");
        vec = KernelProvider.vector();
    }

    @Test
    void sameBitsInInterpreterC1AndC2() throws Exception {
        long here = warmHash();
        String expected = "hash=" + Long.toHexString(here);
        // Interpreter only: every vector operation runs its Java fallback.
        assertEquals(expected, child("-Xint", "1"), "interpreter");
        // C1 only (no vector intrinsics), after enough rounds for C1 to compile everything.
        assertEquals(expected, child("-XX:TieredStopAtLevel=1", "300"), "C1");
        // C2 straight away (intrinsics, SVML available), compiled in the foreground.
        assertEquals(expected, child("-XX:-TieredCompilation -Xbatch -XX:CompileThreshold=200", "600"), "C2");
        // The default tiered JVM, cold first round compared with later ones inside the child.
        assertEquals(expected, child("", "400"), "tiered");
    }

    private static long warmHash() {
        long h = DeterminismProbe.hash(vec);
        for (int i = 0; i < 300; i++) {
            assertEquals(h, DeterminismProbe.hash(vec), "round " + i);
        }
        return h;
    }

    private static String child(String jvmFlags, String rounds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        // The children must get the same vector width as this JVM (a run with -XX:UseAVX=2 tests 256-bit vectors).
        for (String f : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (f.startsWith("-XX:UseAVX=") || f.startsWith("-XX:MaxVectorSize=")) {
                cmd.add(f);
            }
        }
        for (String f : jvmFlags.split(" ")) {
            if (!f.isEmpty()) {
                cmd.add(f);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(DeterminismProbe.class.getName());
        cmd.add(rounds);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child JVM timed out");
        assertEquals(0, p.exitValue(), "child JVM " + jvmFlags + " failed:\n" + out);
        String last = "";
        for (String line : out.split("\\R")) {
            if (line.startsWith("hash=")) {
                last = line;
            }
        }
        return last;
    }

    @Test
    void sameBitsFromFreshThreads() throws Exception {
        long expected = DeterminismProbe.hash(vec);
        for (int round = 0; round < 5; round++) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Long>> fs = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    fs.add(pool.submit(() -> DeterminismProbe.hash(vec)));
                }
                for (Future<Long> f : fs) {
                    assertEquals(expected, f.get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    /**
     * Products split over 1, 2 or 3 threads, and with the right-hand side packed once, give the same bits (the
     * layer shapes and awkward ones, each transpose; large enough that the split really happens).
     */
    @Test
    void productsDoNotDependOnThreadsOrPacking() {
        Rng rng = new Rng(9);
        int before = Parallel.threads();
        int[][] shapes = {{32, 384, 128}, {1, 384, 128}, {64, 768, 256}, {1600, 32, 384}, {130, 200, 300},
            {384, 128, 1600}};
        try {
            for (int[] sh : shapes) {
                int m = sh[0];
                int n = sh[1];
                int k = sh[2];
                for (int t = 0; t < 4; t++) {
                    boolean ta = t >= 2;
                    boolean tb = (t & 1) == 1;
                    float[] a = DeterminismProbe.rand(rng, m * k, -1f, 1f);
                    float[] b = DeterminismProbe.rand(rng, k * n, -1f, 1f);
                    float[] c0 = DeterminismProbe.rand(rng, m * n, -1f, 1f);
                    float[] ref = null;
                    for (int threads : new int[] {1, 2, 3}) {
                        Parallel.setThreads(threads);
                        float[] c = c0.clone();
                        vec.gemm(ta, tb, m, n, k, 0.5f, a, 0, ta ? m : k, b, 0, tb ? k : n, 1f, c, 0, n);
                        float[] cp = c0.clone();
                        vec.gemm(ta, m, 0.5f, a, 0, ta ? m : k, vec.pack(tb, k, n, b, 0, tb ? k : n), 1f, cp, 0, n);
                        if (ref == null) {
                            ref = c;
                        }
                        String what = m + "x" + n + "x" + k + " transA=" + ta + " transB=" + tb + " threads="
                                + threads;
                        assertEquals(DeterminismProbe.fold(0, ref), DeterminismProbe.fold(0, c), what);
                        assertEquals(DeterminismProbe.fold(0, ref), DeterminismProbe.fold(0, cp), what + " packed");
                    }
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** An element gives the same bits in a vector body as in a scalar tail: each call here is tail-only. */
    @Test
    void vectorBodyAndScalarTailAgree() {
        Rng rng = new Rng(5);
        int n = 4099;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i % 3 == 0 ? rng.uniform(-100f, 100f) : rng.uniform(-3f, 3f);
        }
        x[0] = Float.NaN;
        x[1] = -0f;
        x[2] = 0.625f;
        float[] sBody = new float[n];
        float[] tBody = new float[n];
        vec.sigmoid(n, x, 0, sBody, 0);
        vec.tanh(n, x, 0, tBody, 0);
        float[] one = new float[1];
        for (int i = 0; i < n; i++) {
            vec.sigmoid(1, x, i, one, 0);
            assertEquals(Float.floatToRawIntBits(sBody[i]), Float.floatToRawIntBits(one[0]), "sigmoid(" + x[i] + ")");
            vec.tanh(1, x, i, one, 0);
            assertEquals(Float.floatToRawIntBits(tBody[i]), Float.floatToRawIntBits(one[0]), "tanh(" + x[i] + ")");
        }
        assertTrue(Float.isNaN(sBody[0]) && Float.isNaN(tBody[0]), "NaN in gives NaN out");
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(tBody[1]), "tanh(-0) = -0");
    }
}
