package org.gru4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.gru4j.kernels.KernelProvider;
import org.gru4j.kernels.Parallel;
import org.gru4j.loss.MeanSquaredError;
import org.gru4j.nn.Context;
import org.gru4j.nn.Parameter;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.LSTM;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.nn.recurrent.RecurrentStepper;
import org.gru4j.nn.recurrent.SimpleRNN;
import org.gru4j.optim.Adam;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/**
 * The gru4j side of {@code shared/bench/torch_bench.py}: same flags, same workloads, same JSON line, so the two can
 * be run alternately and compared as ratios.
 *
 * <ul>
 *   <li>infer: the layer stack's forward pass in inference mode on {@code (batch, seq, input)}.</li>
 *   <li>train: forward in training mode, MSE of the last output against a fixed random target, backward (full
 *       BPTT; no gradient for the input data, as in torch_bench.py where x does not require grad), one Adam step
 *       (learning rate 1e-3); gradients are zeroed before each step.</li>
 *   <li>stream: one step with the state carried ({@link RecurrentStepper}), batch {@code --batch} (use 1);
 *       2000 steps per repetition, the time per step is {@code step_us}.</li>
 * </ul>
 * Forward FLOPs are {@code 2 B T G H (I + H)} (G = 3 GRU, 4 LSTM, 1 RNN), training counts 3x forward, as
 * torch_bench.py does (also for more than one layer). {@code seq_per_s} is {@code batch / median time}. The
 * warm-up is at least {@code --warmup} runs and at least 3 seconds, because the JIT compiles the kernels in that
 * time (PyTorch's kernels are compiled ahead of time; its 5 warm-up runs suffice).
 */
public final class Bench {
    /** Steps per timed repetition in stream mode, as torch_bench.py. */
    static final int STREAM_STEPS = 2000;
    /** Shortest warm-up, see {@link #warmUp}. */
    static final long WARMUP_NANOS = 3_000_000_000L;

    private Bench() {
    }

    /** Benchmark settings, validated; the defaults are torch_bench.py's. */
    public static final class Options {
        public String cell = "gru";
        public String mode = "infer";
        public int batch = 32;
        public int seq = 50;
        public int input = 32;
        public int hidden = 128;
        public int layers = 1;
        public int threads = 2;
        public int warmup = 5;
        public int reps = 15;
        public boolean json;

        /** Parses torch_bench.py's flags; throws IllegalArgumentException saying what is wrong. */
        public static Options parse(String... args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String key = a;
                String val = null;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 0) {
                    key = a.substring(0, eq);
                    val = a.substring(eq + 1);
                }
                if (key.equals("--json")) {
                    if (val != null) {
                        throw new IllegalArgumentException("--json takes no value, got '" + a + "'");
                    }
                    o.json = true;
                    continue;
                }
                if (val == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(a + " needs a value");
                    }
                    val = args[++i];
                }
                switch (key) {
                    case "--cell" -> o.cell = val;
                    case "--mode" -> o.mode = val;
                    case "--batch" -> o.batch = integer(key, val);
                    case "--seq" -> o.seq = integer(key, val);
                    case "--input" -> o.input = integer(key, val);
                    case "--hidden" -> o.hidden = integer(key, val);
                    case "--layers" -> o.layers = integer(key, val);
                    case "--threads" -> o.threads = integer(key, val);
                    case "--warmup" -> o.warmup = integer(key, val);
                    case "--reps" -> o.reps = integer(key, val);
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'; expected --cell, --mode,"
                            + " --batch, --seq, --input, --hidden, --layers, --threads, --warmup, --reps or --json");
                }
            }
            o.validate();
            return o;
        }

        private static int integer(String key, String val) {
            try {
                return Integer.parseInt(val.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " expects an integer, got '" + val + "'");
            }
        }

        /** Checks every field; throws IllegalArgumentException naming the first bad one. */
        public Options validate() {
            if (!List.of("gru", "lstm", "rnn").contains(cell)) {
                throw new IllegalArgumentException("--cell must be gru, lstm or rnn, got '" + cell + "'");
            }
            if (!List.of("infer", "train", "stream").contains(mode)) {
                throw new IllegalArgumentException("--mode must be infer, train or stream, got '" + mode + "'");
            }
            positive("--batch", batch);
            positive("--seq", seq);
            positive("--input", input);
            positive("--hidden", hidden);
            positive("--layers", layers);
            positive("--threads", threads);
            positive("--reps", reps);
            if (warmup < 0) {
                throw new IllegalArgumentException("--warmup must be >= 0, got " + warmup);
            }
            return this;
        }

        private static void positive(String key, int v) {
            if (v <= 0) {
                throw new IllegalArgumentException(key + " must be positive, got " + v);
            }
        }

        int gates() {
            return switch (cell) {
                case "gru" -> 3;
                case "lstm" -> 4;
                default -> 1;
            };
        }
    }

    /** One benchmark's outcome; {@link #toJson()} is torch_bench.py's line. */
    public static final class Result {
        public final Options options;
        /** Sequences per second: batch / median time (stream: batch per median step). */
        public final double seqPerS;
        public final double gflops;
        /** Median microseconds per step, stream mode only (NaN otherwise). */
        public final double stepUs;
        /** Median seconds per repetition (per step in stream mode). */
        public final double medianSeconds;
        public final double minSeconds;
        public final double maxSeconds;
        public final String impl;
        public final String kernels;

        Result(Options o, double[] seconds, double flopsPerRep, String impl, String kernels) {
            this.options = o;
            double[] s = seconds.clone();
            Arrays.sort(s);
            int n = s.length;
            this.medianSeconds = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
            this.minSeconds = s[0];
            this.maxSeconds = s[n - 1];
            this.seqPerS = o.batch / medianSeconds;
            this.gflops = flopsPerRep / medianSeconds / 1e9;
            this.stepUs = o.mode.equals("stream") ? medianSeconds * 1e6 : Double.NaN;
            this.impl = impl;
            this.kernels = kernels;
        }

        /** One JSON object with torch_bench.py's keys plus {@code kernels}. */
        public String toJson() {
            Options o = options;
            StringBuilder b = new StringBuilder("{");
            b.append("\"impl\": ").append(quote(impl));
            b.append(", \"cell\": ").append(quote(o.cell));
            b.append(", \"mode\": ").append(quote(o.mode));
            b.append(", \"batch\": ").append(o.batch);
            b.append(", \"seq\": ").append(o.seq);
            b.append(", \"input\": ").append(o.input);
            b.append(", \"hidden\": ").append(o.hidden);
            b.append(", \"layers\": ").append(o.layers);
            b.append(", \"threads\": ").append(o.threads);
            b.append(", \"reps\": ").append(o.reps);
            if (o.mode.equals("stream")) {
                b.append(", \"step_us\": ").append(number(stepUs));
            }
            b.append(", \"seq_per_s\": ").append(number(seqPerS));
            b.append(", \"gflops\": ").append(number(gflops));
            b.append(", \"kernels\": ").append(quote(kernels));
            return b.append('}').toString();
        }

        /** A readable table, one {@code key: value} per line like torch_bench.py without --json. */
        public String toTable() {
            StringBuilder b = new StringBuilder();
            row(b, "impl", impl);
            row(b, "kernels", kernels);
            row(b, "cell", options.cell);
            row(b, "mode", options.mode);
            row(b, "batch", options.batch);
            row(b, "seq", options.seq);
            row(b, "input", options.input);
            row(b, "hidden", options.hidden);
            row(b, "layers", options.layers);
            row(b, "threads", options.threads);
            row(b, "reps", options.reps);
            if (options.mode.equals("stream")) {
                row(b, "step_us", String.format(Locale.ROOT, "%.3f (min %.3f, max %.3f)", stepUs, minSeconds * 1e6,
                        maxSeconds * 1e6));
            } else {
                row(b, "time_ms", String.format(Locale.ROOT, "%.3f (min %.3f, max %.3f)", medianSeconds * 1e3,
                        minSeconds * 1e3, maxSeconds * 1e3));
            }
            row(b, "seq_per_s", String.format(Locale.ROOT, "%.1f", seqPerS));
            row(b, "gflops", String.format(Locale.ROOT, "%.2f", gflops));
            return b.toString();
        }

        private static void row(StringBuilder b, String k, Object v) {
            b.append(String.format(Locale.ROOT, "%10s: %s%n", k, v));
        }

        private static String quote(String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }

        private static String number(double v) {
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                return "null";
            }
            return Double.toString(v);
        }
    }

    /** "gru4j-" and the version of this build. */
    public static String implName() {
        Properties p = new Properties();
        try (InputStream in = Bench.class.getResourceAsStream("/gru4j-bench.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "development"
        }
        String v = p.getProperty("version", "development");
        return "gru4j-" + (v.startsWith("${") ? "development" : v);
    }

    /** Runs one benchmark with {@code options.threads} kernel threads (restored afterwards). */
    public static Result run(Options o) {
        o.validate();
        int before = Parallel.threads();
        Parallel.setThreads(o.threads);
        try {
            return o.mode.equals("stream") ? stream(o) : sequence(o);
        } finally {
            Parallel.setThreads(before);
        }
    }

    static RecurrentLayer layer(Options o, boolean returnSequences) {
        return switch (o.cell) {
            case "gru" -> new GRU(o.hidden).init(RecurrentLayer.Init.PYTORCH).returnSequences(returnSequences);
            case "lstm" -> new LSTM(o.hidden).init(RecurrentLayer.Init.PYTORCH).returnSequences(returnSequences);
            default -> new SimpleRNN(o.hidden).init(RecurrentLayer.Init.PYTORCH).returnSequences(returnSequences);
        };
    }

    static Tensor random(Rng rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rng.nextGaussian();
        }
        return t;
    }

    /**
     * At least {@code reps} untimed runs and at least {@link #WARMUP_NANOS} (unless the warm-up is 0): the JIT
     * needs about a second before the vector kernels run compiled (KERNELS.md), far more than 5 repetitions of a
     * small workload.
     */
    static void warmUp(Runnable once, int reps) {
        long start = System.nanoTime();
        for (int i = 0; i < reps || (reps > 0 && System.nanoTime() - start < WARMUP_NANOS); i++) {
            once.run();
        }
    }

    private static Result sequence(Options o) {
        Rng rng = new Rng(0);
        RecurrentLayer[] stack = new RecurrentLayer[o.layers];
        List<Parameter> params = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int l = 0; l < o.layers; l++) {
            stack[l] = layer(o, l < o.layers - 1);
            stack[l].build(new int[] {o.seq, l == 0 ? o.input : o.hidden}, rng);
            for (Parameter p : stack[l].parameters()) {
                params.add(p);
                names.add("layer" + l + "/" + p.name());
            }
        }
        Tensor x = random(rng, o.batch, o.seq, o.input);
        Tensor target = random(rng, o.batch, o.hidden);
        Tensor grad = Tensor.zeros(o.batch, o.hidden);
        MeanSquaredError mse = new MeanSquaredError();
        Adam adam = new Adam(1e-3);
        adam.build(params, names);
        boolean train = o.mode.equals("train");
        Context ctx = train ? Context.training(new Rng(1)) : Context.INFERENCE;
        RecurrentLayer.Result[] results = new RecurrentLayer.Result[o.layers];
        Runnable once = () -> {
            Tensor h = x;
            if (train) {
                for (Parameter p : params) {
                    p.zeroGrad();
                }
            }
            for (int l = 0; l < o.layers; l++) {
                results[l] = stack[l].run(h, null, null, ctx);
                h = results[l].output();
            }
            if (train) {
                mse.compute(h, target, null, grad);
                Tensor g = grad;
                for (int l = o.layers - 1; l >= 0; l--) {
                    // The first layer's input is data: no gradient for it (torch_bench.py's x has no grad either).
                    g = stack[l].backward(results[l], g, null, l > 0).input();
                    results[l].release();
                }
                adam.step(params);
            }
        };
        warmUp(once, o.warmup);
        double[] seconds = new double[o.reps];
        for (int r = 0; r < o.reps; r++) {
            long t0 = System.nanoTime();
            once.run();
            seconds[r] = (System.nanoTime() - t0) * 1e-9;
        }
        double flops = 2.0 * o.batch * o.seq * o.gates() * o.hidden * (o.input + o.hidden) * (train ? 3 : 1);
        return new Result(o, seconds, flops, implName(), KernelProvider.get().name());
    }

    private static Result stream(Options o) {
        Rng rng = new Rng(0);
        RecurrentLayer cell = layer(o, false);
        cell.build(new int[] {1, o.input}, rng);
        RecurrentStepper stepper = cell.stepper(o.batch);
        float[] x = random(rng, o.batch, o.input).data();
        float[] out = new float[o.batch * o.hidden];
        warmUp(() -> {
            for (int i = 0; i < STREAM_STEPS; i++) {
                stepper.step(x, out);
            }
        }, Math.max(1, o.warmup));
        double[] seconds = new double[o.reps];
        for (int r = 0; r < o.reps; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < STREAM_STEPS; i++) {
                stepper.step(x, out);
            }
            seconds[r] = (System.nanoTime() - t0) * 1e-9 / STREAM_STEPS;
        }
        double flops = 2.0 * o.batch * o.gates() * o.hidden * (o.input + o.hidden);
        return new Result(o, seconds, flops, implName(), KernelProvider.get().name());
    }

    /** Command line: torch_bench.py's flags; with --json the last line is the JSON object. */
    public static void main(String[] args) {
        PrintStream out = System.out;
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Result r = run(o);
        out.println(o.json ? r.toJson() : r.toTable());
    }
}
