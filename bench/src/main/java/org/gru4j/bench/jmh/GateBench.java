package org.gru4j.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.gru4j.kernels.KernelProvider;
import org.gru4j.kernels.Kernels;
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

/** The fused per-step gate kernels (GRU reset-after forward and backward, LSTM forward) at batch x hidden. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GateBench {
    @Param({"32x128", "64x256", "128x512"})
    public String shape;

    private Kernels k;
    private int b;
    private int h;
    private float[] xp;
    private float[] hp;
    private float[] prev;
    private float[] cache;
    private float[] out;
    private float[] out2;
    private float[] dxp;
    private float[] dhp;

    @Setup
    public void setup() {
        String[] s = shape.split("x");
        b = Integer.parseInt(s[0]);
        h = Integer.parseInt(s[1]);
        k = KernelProvider.get();
        xp = Check.random(1, b * 4 * h);
        hp = Check.random(2, b * 4 * h);
        prev = Check.random(3, b * h);
        cache = new float[b * 5 * h];
        out = new float[b * h];
        out2 = new float[b * h];
        dxp = new float[b * 4 * h];
        dhp = new float[b * 4 * h];
        ScalarKernels r = ScalarKernels.INSTANCE;
        float[] rc = new float[cache.length];
        float[] ro = new float[out.length];
        r.gruResetAfterForward(b, h, xp, 0, 3 * h, hp, 0, prev, 0, h, rc, 0, ro, 0, h);
        gruForward();
        Check.close("gruResetAfterForward h", ro, out, 2e-6, 2e-6);
        float[] rc2 = new float[cache.length];
        float[] ro2 = new float[out.length];
        r.lstmForward(b, h, xp, 0, 4 * h, hp, 0, prev, 0, h, rc2, 0, ro2, 0, h, ro, 0, h);
        lstmForward();
        Check.close("lstmForward h", ro, out, 2e-6, 2e-6);
        Check.close("lstmForward c", ro2, out2, 2e-6, 2e-6);
        gruForward();
        float[] rdx = new float[dxp.length];
        float[] rdh = new float[dhp.length];
        float[] rdp = new float[out.length];
        r.gruResetAfterBackward(b, h, cache, 0, prev, 0, h, prev, 0, h, rdx, 0, 3 * h, rdh, 0, rdp, 0, h);
        gruBackward();
        Check.close("gruResetAfterBackward dxp", rdx, dxp, 0, 0);
        Check.close("gruResetAfterBackward dhp", rdh, dhp, 0, 0);
    }

    @Benchmark
    public float[] gruForward() {
        k.gruResetAfterForward(b, h, xp, 0, 3 * h, hp, 0, prev, 0, h, cache, 0, out, 0, h);
        return out;
    }

    @Benchmark
    public float[] gruBackward() {
        k.gruResetAfterBackward(b, h, cache, 0, prev, 0, h, prev, 0, h, dxp, 0, 3 * h, dhp, 0, out2, 0, h);
        return dxp;
    }

    @Benchmark
    public float[] lstmForward() {
        k.lstmForward(b, h, xp, 0, 4 * h, hp, 0, prev, 0, h, cache, 0, out2, 0, h, out, 0, h);
        return out;
    }
}
