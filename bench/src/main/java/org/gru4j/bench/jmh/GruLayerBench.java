package org.gru4j.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.gru4j.kernels.Parallel;
import org.gru4j.kernels.ScalarKernels;
import org.gru4j.nn.Context;
import org.gru4j.nn.Parameter;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
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
 * A GRU layer's forward (inference and training mode) and backward at the S and M workloads. Setup checks the
 * forward output against a time loop written here on {@link ScalarKernels}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GruLayerBench {
    /** "batch x seq x input x hidden". */
    @Param({"32x50x32x128", "64x100x128x256"})
    public String shape;
    @Param({"2"})
    public int threads;

    private GRU layer;
    private Tensor x;
    private Tensor grad;
    private RecurrentLayer.Result trained;
    private Context training;

    @Setup
    public void setup() {
        String[] s = shape.split("x");
        int b = Integer.parseInt(s[0]);
        int t = Integer.parseInt(s[1]);
        int in = Integer.parseInt(s[2]);
        int h = Integer.parseInt(s[3]);
        Parallel.setThreads(threads);
        layer = new GRU(h);
        layer.init(RecurrentLayer.Init.PYTORCH);
        layer.build(new int[] {t, in}, new Rng(0));
        x = Tensor.of(Check.random(1, b * t * in), b, t, in);
        grad = Tensor.of(Check.random(2, b * h), b, h);
        training = Context.training(new Rng(3));
        float[] out = layer.run(x, null, null, Context.INFERENCE).output().data();
        Check.close("GRU forward " + shape, scalarForward(b, t, in, h), out, 1e-5, 1e-4);
        trained = layer.run(x, null, null, training);
    }

    /** The layer's time loop on the scalar reference: h_t from x_t and h_{t-1}, gates r, z, n (reset after). */
    private float[] scalarForward(int b, int t, int in, int h) {
        ScalarKernels k = ScalarKernels.INSTANCE;
        Parameter wih = layer.cell().weightIh();
        Parameter whh = layer.cell().weightHh();
        Parameter bih = layer.cell().biasIh();
        Parameter bhh = layer.cell().biasHh();
        int gh = 3 * h;
        float[] state = new float[b * h];
        float[] next = new float[b * h];
        float[] xt = new float[b * in];
        float[] xp = new float[b * gh];
        float[] hp = new float[b * gh];
        float[] cache = new float[b * 4 * h];
        for (int s = 0; s < t; s++) {
            for (int r = 0; r < b; r++) {
                System.arraycopy(x.data(), (r * t + s) * in, xt, r * in, in);
                System.arraycopy(bih.values(), bih.offset(), xp, r * gh, gh);
                System.arraycopy(bhh.values(), bhh.offset(), hp, r * gh, gh);
            }
            k.gemm(false, true, b, gh, in, 1f, xt, 0, in, wih.values(), wih.offset(), in, 1f, xp, 0, gh);
            k.gemm(false, true, b, gh, h, 1f, state, 0, h, whh.values(), whh.offset(), h, 1f, hp, 0, gh);
            k.gruResetAfterForward(b, h, xp, 0, gh, hp, 0, state, 0, h, cache, 0, next, 0, h);
            float[] tmp = state;
            state = next;
            next = tmp;
        }
        return state;
    }

    @Benchmark
    public Tensor forwardInference() {
        return layer.run(x, null, null, Context.INFERENCE).output();
    }

    @Benchmark
    public RecurrentLayer.Result forwardTraining() {
        return layer.run(x, null, null, training);
    }

    @Benchmark
    public Tensor backward() {
        return layer.backward(trained, grad, null).input();
    }
}
