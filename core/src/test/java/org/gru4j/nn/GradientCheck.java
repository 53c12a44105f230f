package org.gru4j.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/**
 * Central finite-difference check of a layer's (or any differentiable function's) backward pass.
 *
 * <p><b>Method.</b> With a fixed random {@code R} of the output's shape (uniform in (-1, 1), from {@code seed}) the
 * scalar loss is {@code L = sum_i y_i R_i}, so {@code dL/dy = R} exactly and one backward call gives the whole
 * gradient. For each element {@code v} of the input and of every parameter:
 * <pre>
 *   numeric = (L(v+) - L(v-)) / (v+ - v-),   v+ = fl(v + eps),  v- = fl(v - eps)
 * </pre>
 * where {@code fl} rounds to float. Dividing by the step actually taken ({@code v+ - v-}, computed in double) rather
 * than {@code 2 eps} removes the error of representing {@code v +- eps} in float. {@code L} is summed in double from
 * the float outputs; {@code R} holds float values, so the analytic and numeric checks use the same {@code R}.
 *
 * <p><b>Tolerance</b> {@code |analytic - numeric| <= atol + rtol * |numeric|}. Two errors compete: truncation,
 * about {@code eps^2 |f'''| / 6}, and float round-off in the outputs, about {@code u |y| sqrt(n) / eps} with
 * {@code u = 6e-8} and n output elements. For O(1) values and n up to a few hundred, {@code eps = 1e-2} balances
 * them near 1e-5..1e-4, hence the defaults {@code eps = 1e-2, atol = 5e-4, rtol = 5e-3}. Functions with kinks
 * (relu) need inputs farther than eps from the kink, or a smaller eps with a larger atol; gates that saturate need
 * inputs of moderate size.
 *
 * <p><b>Accumulation.</b> By default the check also calls backward a second time on the same pass and requires
 * every parameter gradient to double: the {@link Layer} contract says backward adds.
 *
 * <p><b>Reuse for recurrent layers.</b> {@link #check(Model, Tensor, List, Options)} takes any forward function
 * that returns a {@link Pass}; a stack of layers, a layer with a mask, or a layer with extra inputs can be wrapped
 * in a lambda. To check the gradient of an extra input (an initial state), hold it in a {@link Parameter} that the
 * lambda reads and pass that parameter in the list. Outputs made of several tensors (sequence and final state) can
 * be checked one at a time, or concatenated inside the lambda.
 */
public final class GradientCheck {

    private GradientCheck() {
    }

    /** One forward evaluation at the current parameter values and a way to backpropagate through it. */
    public interface Pass {
        Tensor output();

        /**
         * Backpropagates {@code gradOutput}, adds parameter gradients and returns the input gradient (or null when
         * the input is not differentiable).
         */
        Tensor backward(Tensor gradOutput);
    }

    /** A differentiable function of one tensor; it must read parameter values afresh on each call. */
    @FunctionalInterface
    public interface Model {
        Pass forward(Tensor input);
    }

    /** A pass from an output and its backward function. */
    public static Pass pass(Tensor output, UnaryOperator<Tensor> backward) {
        return new Pass() {
            @Override
            public Tensor output() {
                return output;
            }

            @Override
            public Tensor backward(Tensor gradOutput) {
                return backward.apply(gradOutput);
            }
        };
    }

    /**
     * A model running one layer with a mask and a fresh context per call. For dropout, give a supplier that returns
     * {@code Context.training(new Rng(seed))} with a fixed seed so every evaluation draws the same mask.
     */
    public static Model of(Layer layer, Mask mask, Supplier<Context> ctx) {
        return x -> {
            Forward f = layer.forward(x, mask, ctx.get());
            return pass(f.output(), dy -> layer.backward(f, dy));
        };
    }

    /** Checks one built layer at inference with default options. */
    public static Report check(Layer layer, Tensor input, Mask mask) {
        return check(layer, input, mask, () -> Context.INFERENCE, new Options());
    }

    /** Checks one built layer: its input gradient (when backward returns one) and all trainable parameters. */
    public static Report check(Layer layer, Tensor input, Mask mask, Supplier<Context> ctx, Options opt) {
        if (!layer.isBuilt()) {
            throw new IllegalStateException(layer.name() + ": build the layer before checking it");
        }
        return check(of(layer, mask, ctx), input, trainable(layer.parameters()), opt);
    }

    /** The trainable parameters of several layers, in order. */
    public static List<Parameter> trainable(List<Parameter> params) {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : params) {
            if (p.trainable()) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Checks {@code model} at {@code input}: the input gradient (unless backward returns null) and the gradient of
     * every parameter in {@code params}.
     *
     * @return statistics of the comparison
     * @throws AssertionError listing, for the first failures, tensor name, index, analytic and numeric values
     */
    public static Report check(Model model, Tensor input, List<Parameter> params, Options opt) {
        for (Parameter p : params) {
            p.zeroGrad();
        }
        Pass pass = model.forward(input);
        Tensor r = randomLike(pass.output(), opt.seed);
        Tensor dx = pass.backward(r);
        List<float[]> analytic = new ArrayList<>();
        for (Parameter p : params) {
            analytic.add(p.gradTensor().data());
        }
        List<String> failures = new ArrayList<>();
        Stats stats = new Stats();
        if (opt.checkAccumulation) {
            pass.backward(r);
            for (int k = 0; k < params.size(); k++) {
                float[] twice = params.get(k).gradTensor().data();
                float[] once = analytic.get(k);
                for (int i = 0; i < once.length; i++) {
                    // The second call adds in a different order (old + products rather than products alone), so
                    // allow round-off; a backward that overwrites is off by a factor of 2 and fails clearly.
                    if (!(Math.abs(twice[i] - 2 * once[i]) <= 1e-4 * Math.abs(2 * once[i]) + 1e-7)) {
                        failures.add(String.format(Locale.ROOT, "%s[%s]: backward does not accumulate: after one "
                                + "call %.6g, after two %.6g", params.get(k).name(),
                                index(params.get(k).shape(), i), once[i], twice[i]));
                        break;
                    }
                }
            }
        }
        Rng pick = new Rng(opt.seed + 1);
        if (dx != null) {
            dx.requireShape("input gradient", input.shape());
            compare("input", input.shape(), input.data(), 0, input.size(), dx.data(), model, input, r, opt, pick,
                    stats, failures);
        }
        for (int k = 0; k < params.size(); k++) {
            Parameter p = params.get(k);
            compare(p.name(), p.shape(), p.values(), p.offset(), p.size(), analytic.get(k), model, input, r, opt,
                    pick, stats, failures);
        }
        for (Parameter p : params) {
            p.zeroGrad();
        }
        if (!failures.isEmpty()) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "gradient check failed for %d of %d elements (eps %g, atol %g, rtol %g):%n", failures.size(),
                    stats.checked, opt.eps, opt.atol, opt.rtol));
            for (int i = 0; i < Math.min(failures.size(), 25); i++) {
                sb.append("  ").append(failures.get(i)).append(System.lineSeparator());
            }
            throw new AssertionError(sb.toString());
        }
        return new Report(stats.checked, stats.maxAbsError, stats.maxScaledError);
    }

    private static void compare(String name, int[] shape, float[] values, int offset, int size, float[] analytic,
                                Model model, Tensor input, Tensor r, Options opt, Rng pick, Stats stats,
                                List<String> failures) {
        int count = Math.min(size, opt.maxPerTensor);
        for (int c = 0; c < count; c++) {
            // All elements in order when allowed; otherwise a seeded random subset (with repeats, which is harmless).
            int i = count == size ? c : pick.nextInt(size);
            float orig = values[offset + i];
            float plus = (float) (orig + opt.eps);
            float minus = (float) (orig - opt.eps);
            values[offset + i] = plus;
            double lp = loss(model.forward(input).output(), r);
            values[offset + i] = minus;
            double lm = loss(model.forward(input).output(), r);
            values[offset + i] = orig;
            double numeric = (lp - lm) / ((double) plus - (double) minus);
            double a = analytic[i];
            double err = Math.abs(a - numeric);
            double tol = opt.atol + opt.rtol * Math.abs(numeric);
            stats.checked++;
            stats.maxAbsError = Math.max(stats.maxAbsError, err);
            stats.maxScaledError = Math.max(stats.maxScaledError, err / tol);
            if (!(err <= tol)) {
                failures.add(String.format(Locale.ROOT, "%s[%s]: analytic %.7g, numeric %.7g, |diff| %.3g > tol %.3g",
                        name, index(shape, i), a, numeric, err, tol));
            }
        }
    }

    /** {@code sum_i y_i r_i} in double. */
    private static double loss(Tensor y, Tensor r) {
        y.requireShape("output", r.shape());
        float[] yd = y.data();
        float[] rd = r.data();
        double s = 0;
        for (int i = 0; i < yd.length; i++) {
            s += (double) yd[i] * rd[i];
        }
        return s;
    }

    private static Tensor randomLike(Tensor y, long seed) {
        Rng rng = new Rng(seed);
        float[] d = new float[y.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.uniform(-1f, 1f);
        }
        return Tensor.of(d, y.shape());
    }

    private static String index(int[] shape, int flat) {
        int[] idx = new int[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = shape[i] == 0 ? 0 : flat % shape[i];
            flat = shape[i] == 0 ? 0 : flat / shape[i];
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < idx.length; i++) {
            sb.append(i > 0 ? ", " : "").append(idx[i]);
        }
        return sb.toString();
    }

    private static final class Stats {
        int checked;
        double maxAbsError;
        double maxScaledError;
    }

    /**
     * What a check compared: the number of elements, the largest {@code |analytic - numeric|} and the largest
     * ratio of that error to its tolerance (below 1 means passed; the margin shows how close it came).
     */
    public static final class Report {
        public final int checked;
        public final double maxAbsError;
        public final double maxErrorOverTolerance;

        Report(int checked, double maxAbsError, double maxErrorOverTolerance) {
            this.checked = checked;
            this.maxAbsError = maxAbsError;
            this.maxErrorOverTolerance = maxErrorOverTolerance;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d elements, max |diff| %.3g, max diff/tol %.3f", checked,
                    maxAbsError, maxErrorOverTolerance);
        }
    }

    /** Step and tolerances; see the class documentation for the defaults. */
    public static final class Options {
        double eps = 1e-2;
        double atol = 5e-4;
        double rtol = 5e-3;
        long seed = 12345;
        boolean checkAccumulation = true;
        int maxPerTensor = Integer.MAX_VALUE;

        public Options eps(double v) {
            eps = v;
            return this;
        }

        public Options atol(double v) {
            atol = v;
            return this;
        }

        public Options rtol(double v) {
            rtol = v;
            return this;
        }

        /** Seed of the random output weights R and of the element subset. */
        public Options seed(long v) {
            seed = v;
            return this;
        }

        public Options checkAccumulation(boolean v) {
            checkAccumulation = v;
            return this;
        }

        /** Checks at most this many elements of each tensor (a seeded random subset); large layers stay fast. */
        public Options maxPerTensor(int v) {
            maxPerTensor = v;
            return this;
        }
    }
}
