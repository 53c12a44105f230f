package org.gru4j.nn.recurrent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.gru4j.kernels.KernelProvider;
import org.gru4j.kernels.Kernels;
import org.gru4j.kernels.Parallel;
import org.gru4j.nn.Context;
import org.gru4j.nn.Forward;
import org.gru4j.nn.GraphForward;
import org.gru4j.nn.GraphLayer;
import org.gru4j.nn.Layer;
import org.gru4j.nn.Mask;
import org.gru4j.nn.Parameter;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/**
 * A recurrent layer: runs a {@link RecurrentCell} over a batch of sequences, forward and backward (backpropagation
 * through time), for every cell type. Input {@code (batch, steps, features)}; output {@code (batch, steps, units)}
 * with {@link #returnSequences} or {@code (batch, units)} (the last output) without; with {@link #returnState} the
 * final states are available from {@link #run}.
 *
 * <p>How a call is arranged (the GRU's speed comes from this): the input is laid out time-major once; the input
 * projection of all steps is one matrix product {@code XP = X W_ih^T + b}; each step does one recurrent product and
 * one fused gate kernel; the backward sweep does one product and one kernel per step and stores the pre-activation
 * gradients of all steps, so {@code dW_ih}, {@code dW_hh}, the biases and {@code dX} each come from one product
 * after the sweep. Nothing is allocated inside the time loop.
 *
 * <p>Conventions, as in Keras:
 * <ul>
 *   <li>{@code goBackwards}: the sequence is processed from the last step to the first, and the returned sequence is
 *       in processing order (reversed); {@link Bidirectional} re-aligns it.</li>
 *   <li>Masking: at a masked step the state is carried forward unchanged and the output repeats the previous
 *       step's output (zeros before the first real step). The last output is the output of the last real step.</li>
 *   <li>Initial states default to zeros; given ones are {@code (batch, units)} each: {@code [h]}, or {@code [h, c]}
 *       for LSTM.</li>
 * </ul>
 *
 * <p>A layer keeps no state from one call to the next except spare work buffers (see {@code Buffers}; each call
 * takes its own set), so concurrent calls from several threads are safe once it is built and its weights are not
 * being changed.
 */
public class RecurrentLayer implements Layer, GraphLayer {
    /** How parameters are initialized at {@link #build}. */
    public enum Init {
        /** Keras: glorot_uniform input kernel, orthogonal recurrent kernel, zero biases. */
        KERAS,
        /** PyTorch: every weight and bias uniform in (-1/sqrt(units), 1/sqrt(units)). */
        PYTORCH
    }

    protected RecurrentCell cell;
    private String name;
    private boolean returnSequences;
    private boolean returnState;
    private boolean goBackwards;
    private Init init = Init.KERAS;
    private float dropout;
    private float recurrentDropout;
    private double[] kernelPenalty = {0, 0};
    private double[] recurrentPenalty = {0, 0};
    private double[] biasPenalty = {0, 0};
    private boolean built;

    public RecurrentLayer(RecurrentCell cell, String name) {
        this.cell = cell;
        this.name = name;
    }

    /** A new, unbuilt layer of the same cell type and configuration, with the given name. */
    public RecurrentLayer freshCopy(String newName) {
        RecurrentLayer c = new RecurrentLayer(cell.freshCopy(), newName);
        c.returnSequences = returnSequences;
        c.returnState = returnState;
        c.goBackwards = goBackwards;
        c.init = init;
        c.dropout = dropout;
        c.recurrentDropout = recurrentDropout;
        c.kernelPenalty = kernelPenalty.clone();
        c.recurrentPenalty = recurrentPenalty.clone();
        c.biasPenalty = biasPenalty.clone();
        return c;
    }

    public RecurrentCell cell() {
        return cell;
    }

    @Override
    public String name() {
        return name;
    }

    public RecurrentLayer name(String n) {
        checkNotBuilt();
        this.name = n;
        return this;
    }

    public RecurrentLayer returnSequences(boolean v) {
        checkNotBuilt();
        this.returnSequences = v;
        return this;
    }

    public RecurrentLayer returnState(boolean v) {
        checkNotBuilt();
        this.returnState = v;
        return this;
    }

    public RecurrentLayer goBackwards(boolean v) {
        checkNotBuilt();
        this.goBackwards = v;
        return this;
    }

    public RecurrentLayer init(Init scheme) {
        checkNotBuilt();
        this.init = scheme;
        return this;
    }

    /**
     * Fraction of input features dropped while training (Keras's {@code dropout}). The mask is drawn once per
     * sequence and reused at every step (variational dropout, Gal and Ghahramani 2016); kept values are scaled by
     * {@code 1 / (1 - rate)}.
     */
    public RecurrentLayer dropout(double rate) {
        checkNotBuilt();
        this.dropout = checkRate(rate);
        return this;
    }

    /**
     * Fraction of the previous hidden state dropped in the recurrent products while training (Keras's
     * {@code recurrent_dropout}), one mask per sequence for all steps and gates. The state update itself
     * ({@code z * h} in a GRU) uses the undropped state, as Keras's GRU does. PyTorch has no equivalent.
     */
    public RecurrentLayer recurrentDropout(double rate) {
        checkNotBuilt();
        this.recurrentDropout = checkRate(rate);
        return this;
    }

    /**
     * L1 and L2 penalties on the input weights {@code weight_ih} (Keras's {@code kernel_regularizer=L1L2(l1, l2)}):
     * the training loss adds {@code l1 * sum |w| + l2 * sum w^2} (no 1/2, as Keras).
     */
    public RecurrentLayer kernelRegularizer(double l1, double l2) {
        checkNotBuilt();
        this.kernelPenalty = checkPenalty("kernelRegularizer", l1, l2);
        return this;
    }

    /** The same penalties on the recurrent weights {@code weight_hh} (Keras's {@code recurrent_regularizer}). */
    public RecurrentLayer recurrentRegularizer(double l1, double l2) {
        checkNotBuilt();
        this.recurrentPenalty = checkPenalty("recurrentRegularizer", l1, l2);
        return this;
    }

    /**
     * The same penalties on the biases (Keras's {@code bias_regularizer}): {@code bias}, or {@code bias_ih} and
     * {@code bias_hh}; for the layer-normalized GRU, the normalizations' shifts {@code ln_*_beta}, which are its
     * biases (the gains are not penalized).
     */
    public RecurrentLayer biasRegularizer(double l1, double l2) {
        checkNotBuilt();
        this.biasPenalty = checkPenalty("biasRegularizer", l1, l2);
        return this;
    }

    private double[] checkPenalty(String what, double l1, double l2) {
        if (!(l1 >= 0 && l2 >= 0 && l1 < Double.POSITIVE_INFINITY && l2 < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(name + ": " + what + " expects finite l1 >= 0 and l2 >= 0, got l1="
                    + l1 + ", l2=" + l2);
        }
        return new double[] {l1, l2};
    }

    /** {@code {l1, l2}} of {@link #kernelRegularizer}. */
    public double[] kernelRegularizer() {
        return kernelPenalty.clone();
    }

    /** {@code {l1, l2}} of {@link #recurrentRegularizer}. */
    public double[] recurrentRegularizer() {
        return recurrentPenalty.clone();
    }

    /** {@code {l1, l2}} of {@link #biasRegularizer}. */
    public double[] biasRegularizer() {
        return biasPenalty.clone();
    }

    private float checkRate(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(name + ": dropout rate must be in [0, 1), got " + rate);
        }
        return (float) rate;
    }

    public double dropoutRate() {
        return dropout;
    }

    public double recurrentDropoutRate() {
        return recurrentDropout;
    }

    public boolean returnSequences() {
        return returnSequences;
    }

    public boolean returnState() {
        return returnState;
    }

    public boolean goBackwards() {
        return goBackwards;
    }

    public int units() {
        return cell.units();
    }

    /** Swaps in a differently configured cell of the same kind; only before build. */
    protected final void replaceCell(RecurrentCell c) {
        checkNotBuilt();
        this.cell = c;
    }

    protected final void checkNotBuilt() {
        if (built) {
            throw new IllegalStateException(name + ": configuration cannot change after build");
        }
    }

    @Override
    public int[] build(int[] inputShape, Rng rng) {
        if (inputShape.length != 2) {
            throw new ShapeException(name + ": expected input shape (steps, features), got "
                    + Tensor.shapeString(inputShape));
        }
        int features = inputShape[1];
        if (built) {
            if (features != cell.inputSize()) {
                throw new ShapeException(name + ": built for " + cell.inputSize() + " input features, got "
                        + features);
            }
        } else {
            if (features <= 0) {
                throw new ShapeException(name + ": input needs at least one feature, got " + features);
            }
            cell.create(features);
            initialize(rng);
            cell.weightIh().setRegularization(kernelPenalty[0], kernelPenalty[1]);
            cell.weightHh().setRegularization(recurrentPenalty[0], recurrentPenalty[1]);
            for (Parameter b : cell.biases()) {
                b.setRegularization(biasPenalty[0], biasPenalty[1]);
            }
            built = true;
        }
        return returnSequences ? new int[] {inputShape[0], cell.units()} : new int[] {cell.units()};
    }

    private void initialize(Rng rng) {
        Initialization.initialize(cell, init, rng);
    }

    @Override
    public boolean isBuilt() {
        return built;
    }

    @Override
    public List<Parameter> parameters() {
        if (!built) {
            return List.of();
        }
        return cell.parameters();
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        return Layer.super.namedParameters();
    }

    @Override
    public String typeName() {
        return cell.typeName();
    }

    /**
     * Graph form: inputs {@code [x]} or {@code [x, initial states...]}; outputs {@code [y]}, plus the final states
     * when {@link #returnState} is set (Keras's {@code output, state_h[, state_c]}).
     */
    @Override
    public List<int[]> build(List<int[]> inputShapes, Rng rng) {
        checkStateInputs(inputShapes.size());
        List<int[]> out = new ArrayList<>();
        out.add(build(inputShapes.get(0), rng));
        for (int i = 1; i < inputShapes.size(); i++) {
            if (inputShapes.get(i).length != 1 || inputShapes.get(i)[0] != cell.units()) {
                throw new ShapeException(name + ": initial state " + (i - 1) + " must have shape (" + cell.units()
                        + ",), got " + Tensor.shapeString(inputShapes.get(i)));
            }
        }
        if (returnState) {
            for (int i = 0; i < stateCount(); i++) {
                out.add(new int[] {cell.units()});
            }
        }
        return out;
    }

    private void checkStateInputs(int n) {
        if (n != 1 && n != 1 + stateCount()) {
            throw new IllegalArgumentException(name + ": takes the sequence, optionally followed by " + stateCount()
                    + " initial state(s); got " + n + " inputs");
        }
    }

    @Override
    public GraphForward forward(List<Tensor> inputs, List<Mask> masks, Context ctx) {
        checkStateInputs(inputs.size());
        Tensor[] init = inputs.size() > 1 ? inputs.subList(1, inputs.size()).toArray(new Tensor[0]) : null;
        Result r = run(inputs.get(0), init, masks.get(0), ctx);
        List<Tensor> outs = new ArrayList<>();
        List<Mask> outMasks = new ArrayList<>();
        outs.add(r.output());
        outMasks.add(r.mask());
        if (returnState) {
            outs.addAll(Arrays.asList(r.finalStates()));
            for (int i = 0; i < stateCount(); i++) {
                outMasks.add(null);
            }
        }
        return new GraphForward(outs, outMasks, new Object[] {r, inputs.size()}, r::release);
    }

    @Override
    public List<Tensor> backward(GraphForward fwd, List<Tensor> gradOutputs) {
        Object[] c = (Object[]) fwd.cache();
        Result r = (Result) c[0];
        int nIn = (Integer) c[1];
        Tensor[] gFinal = null;
        if (gradOutputs.size() > 1) {
            gFinal = gradOutputs.subList(1, gradOutputs.size()).toArray(new Tensor[0]);
        }
        Gradients g = backward(r, gradOutputs.get(0), gFinal);
        List<Tensor> out = new ArrayList<>();
        out.add(g.input());
        if (nIn > 1) {
            out.addAll(Arrays.asList(g.initialStates()));
        }
        return out;
    }

    /** A streaming runner for {@code batch} parallel streams, starting from zero states. */
    public RecurrentStepper stepper(int batch) {
        return new RecurrentStepper(this, batch);
    }

    /** Number of state tensors: 1 ({@code h}), or 2 ({@code h, c}) for LSTM. */
    public int stateCount() {
        return cell.stateCount();
    }

    @Override
    public Forward forward(Tensor input, Mask mask, Context ctx) {
        return run(input, null, mask, ctx);
    }

    @Override
    public Tensor backward(Forward fwd, Tensor gradOutput) {
        return backward((Result) fwd, gradOutput, null).input();
    }

    /**
     * Runs the layer.
     *
     * @param x            {@code (batch, steps, features)}
     * @param initialState null for zeros, or {@link #stateCount()} tensors of shape {@code (batch, units)}
     * @param mask         null, or which steps are real ({@code batch x steps})
     */
    public Result run(Tensor x, Tensor[] initialState, Mask mask, Context ctx) {
        if (!built) {
            throw new IllegalStateException(name + ": not built; call build(inputShape, rng) or add it to a model");
        }
        x.requireShape(name + " input (batch, steps, features)", -1, -1, cell.inputSize());
        Kernels k = KernelProvider.get();
        int batch = x.dim(0);
        int steps = x.dim(1);
        int in = cell.inputSize();
        int h = cell.units();
        int gh = cell.gates() * h;
        int cw = cell.cacheWidth();
        int ns = cell.stateCount();
        if (mask != null) {
            mask.require(batch, steps);
            if (mask.allValid()) {
                mask = null;
            }
        }
        boolean keep = ctx.training();
        Buffers buf = takeBuffers();

        float[] xt = buf.xt = fit(buf.xt, steps * batch * in);
        toTimeMajor(x.data(), batch, steps, in, goBackwards, xt);
        float[] inputMask = keep && dropout > 0 ? dropoutMask(ctx, batch, in, dropout) : null;
        if (inputMask != null) {
            for (int r = 0; r < steps * batch; r++) {
                k.mul(in, xt, r * in, inputMask, (r % batch) * in, xt, r * in);
            }
        }
        float[] stateMask = keep && recurrentDropout > 0 ? dropoutMask(ctx, batch, h, recurrentDropout) : null;
        float[] xp = buf.xp = fit(buf.xp, steps * batch * gh);
        Parameter wih = cell.weightIh();
        // XP = X W_ih^T here; the bias is added row by row in the time loop, just before a step uses its rows
        // (on the thread that owns them, while they are in cache). x + b equals b + x bit for bit.
        k.gemm(false, true, steps * batch, gh, in, 1f, xt, 0, in, wih.values(), wih.offset(), in, 0f, xp, 0, gh);

        if (initialState != null && initialState.length != ns) {
            throw new ShapeException(name + ": expected " + ns + " initial state tensor(s), got "
                    + initialState.length);
        }
        if (buf.states == null || buf.states.length != ns) {
            buf.states = new float[ns][];
        }
        float[][] states = buf.states;
        for (int s = 0; s < ns; s++) {
            states[s] = fit(states[s], (steps + 1) * batch * h);
            if (initialState != null) {
                initialState[s].requireShape(name + " initial state " + s + " (batch, units)", batch, h);
                System.arraycopy(initialState[s].data(), 0, states[s], 0, batch * h);
            } else {
                Arrays.fill(states[s], 0, batch * h, 0f);
            }
        }
        float[] cache = buf.cache = fit(buf.cache, (keep ? steps : 1) * batch * cw);
        Kernels.Packed[] w = buf.forwardWeights = cell.packRecurrent(k, true, buf.forwardWeights);
        float[] hIn = stateMask == null ? states[0] : (buf.hIn = fit(buf.hIn, steps * batch * h));
        Mask m = mask;
        Parallel.Job loop = (part, parts) -> {
            int b0 = (int) ((long) batch * part / parts);
            int b1 = (int) ((long) batch * (part + 1) / parts);
            if (b0 < b1) {
                forwardRows(k, w, b0, b1, batch, steps, xp, states, hIn, stateMask, cache, keep, m);
            }
        };
        runRows(loop, batch, gh * h);

        Tensor output = returnSequences ? sequenceOutput(states[0], batch, steps, h, mask)
                : lastOutput(states[0], batch, steps, h, mask);
        Tensor[] finals = new Tensor[ns];
        for (int s = 0; s < ns; s++) {
            float[] f = new float[batch * h];
            System.arraycopy(states[s], steps * batch * h, f, 0, batch * h);
            finals[s] = Tensor.of(f, batch, h);
        }
        Mask outMask = returnSequences ? mask : null;
        Saved saved = null;
        if (keep) {
            saved = new Saved(batch, steps, xt, states, hIn, cache, mask, inputMask, stateMask, buf);
        } else {
            giveBack(buf);
        }
        return new Result(output, outMask, finals, saved, this);
    }

    /**
     * Backpropagation through time. Adds the parameter gradients and returns the gradients of the input and the
     * initial states.
     *
     * @param gradOutput      gradient of {@code result.output()}, or null
     * @param gradFinalStates gradients of the final states (entries may be null), or null
     */
    public Gradients backward(Result result, Tensor gradOutput, Tensor[] gradFinalStates) {
        return backward(result, gradOutput, gradFinalStates, true);
    }

    /**
     * {@link #backward(Result, Tensor, Tensor[])}, optionally without the input gradient: with
     * {@code inputGradient} false, {@link Gradients#input()} is null and the product {@code dX = dXP W_ih} (as large
     * as the input projection) is skipped, as frameworks do for a first layer whose input is data.
     */
    public Gradients backward(Result result, Tensor gradOutput, Tensor[] gradFinalStates, boolean inputGradient) {
        Saved sv = result.saved;
        if (sv == null) {
            throw new IllegalStateException(name + ": backward needs a forward pass run in training mode");
        }
        Kernels k = KernelProvider.get();
        int batch = sv.batch;
        int steps = sv.steps;
        int in = cell.inputSize();
        int h = cell.units();
        int gh = cell.gates() * h;
        int cw = cell.cacheWidth();
        int ns = cell.stateCount();
        Mask mask = sv.mask;

        float[][] dState = new float[ns][batch * h];
        if (gradFinalStates != null) {
            for (int s = 0; s < ns && s < gradFinalStates.length; s++) {
                if (gradFinalStates[s] != null) {
                    gradFinalStates[s].requireShape(name + " gradient of final state " + s, batch, h);
                    System.arraycopy(gradFinalStates[s].data(), 0, dState[s], 0, batch * h);
                }
            }
        }
        float[] dOut = null;
        if (gradOutput != null) {
            gradOutput.requireShape(name + " output gradient", result.output().shape());
            dOut = gradOutput.data();
            if (!returnSequences) {
                for (int b = 0; b < batch; b++) {
                    if (mask == null || anyValid(mask, b, steps)) {
                        k.axpy(h, 1f, dOut, b * h, dState[0], b * h);
                    }
                }
            }
        }
        Buffers buf = sv.buffers(name);
        float[] dxp = buf.dxp = fit(buf.dxp, steps * batch * gh);
        float[] dhp = cell.separateRecurrentGradient() ? (buf.dhp = fit(buf.dhp, steps * batch * gh)) : dxp;
        Kernels.Packed[] w = buf.backwardWeights = cell.packRecurrent(k, false, buf.backwardWeights);
        float[] dO = dOut;
        float[][] dS = dState;
        Parallel.Job loop = (part, parts) -> {
            int b0 = (int) ((long) batch * part / parts);
            int b1 = (int) ((long) batch * (part + 1) / parts);
            if (b0 < b1) {
                backwardRows(k, w, b0, b1, sv, dO, dS, dxp, dhp);
            }
        };
        runRows(loop, batch, gh * h);

        int rows = steps * batch;
        Parameter wih = cell.weightIh();
        k.gemm(true, false, gh, in, rows, 1f, dxp, 0, gh, sv.xt, 0, in, 1f, wih.grads(), wih.offset(), in);
        Parameter bih = cell.biasIh();
        if (bih != null) {
            k.sumRows(rows, gh, dxp, 0, gh, bih.grads(), bih.offset());
        }
        cell.accumulateRecurrentWeightGradient(k, rows, dhp, sv.hIn, sv.cache);
        Parameter bhh = cell.biasHh();
        if (bhh != null) {
            k.sumRows(rows, gh, dhp, 0, gh, bhh.grads(), bhh.offset());
        }
        Tensor dx = null;
        if (inputGradient) {
            float[] dxt = buf.dxt = fit(buf.dxt, rows * in);
            k.gemm(false, false, rows, in, gh, 1f, dxp, 0, gh, wih.values(), wih.offset(), in, 0f, dxt, 0, in);
            if (sv.inputMask != null) {
                for (int r = 0; r < rows; r++) {
                    k.mul(in, dxt, r * in, sv.inputMask, (r % batch) * in, dxt, r * in);
                }
            }
            dx = Tensor.of(fromTimeMajor(dxt, batch, steps, in, goBackwards), batch, steps, in);
        }
        Tensor[] dInit = new Tensor[ns];
        for (int j = 0; j < ns; j++) {
            dInit[j] = Tensor.of(dState[j], batch, h);
        }
        return new Gradients(dx, dInit);
    }

    private static boolean anyValid(Mask mask, int b, int steps) {
        for (int t = 0; t < steps; t++) {
            if (mask.valid(b, t)) {
                return true;
            }
        }
        return false;
    }

    private Tensor sequenceOutput(float[] hs, int batch, int steps, int h, Mask mask) {
        float[] out = new float[batch * steps * h];
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < steps; s++) {
                int dst = (b * steps + s) * h;
                int t = goBackwards ? steps - 1 - s : s;
                if (mask == null || mask.valid(b, t)) {
                    System.arraycopy(hs, ((s + 1) * batch + b) * h, out, dst, h);
                } else if (s > 0) {
                    System.arraycopy(out, dst - h, out, dst, h);
                }
            }
        }
        return Tensor.of(out, batch, steps, h);
    }

    private Tensor lastOutput(float[] hs, int batch, int steps, int h, Mask mask) {
        float[] out = new float[batch * h];
        for (int b = 0; b < batch; b++) {
            if (mask == null || anyValid(mask, b, steps)) {
                System.arraycopy(hs, (steps * batch + b) * h, out, b * h, h);
            }
        }
        return Tensor.of(out, batch, h);
    }

    /** (B, T, F) batch-major to (T, B, F) in processing order, into the first B T F floats of {@code out}. */
    static void toTimeMajor(float[] x, int batch, int steps, int f, boolean reverse, float[] out) {
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            for (int b = 0; b < batch; b++) {
                System.arraycopy(x, (b * steps + t) * f, out, (s * batch + b) * f, f);
            }
        }
    }

    /** Inverse of {@link #toTimeMajor}: a new (B, T, F) array from the first B T F floats of {@code xt}. */
    static float[] fromTimeMajor(float[] xt, int batch, int steps, int f, boolean reverse) {
        float[] out = new float[batch * steps * f];
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            for (int b = 0; b < batch; b++) {
                System.arraycopy(xt, (s * batch + b) * f, out, (b * steps + t) * f, f);
            }
        }
        return out;
    }

    /** Inverted-dropout mask, one row per sequence: 0 or {@code 1 / (1 - rate)}. */
    private static float[] dropoutMask(Context ctx, int batch, int width, float rate) {
        float[] m = new float[batch * width];
        float keepScale = 1f / (1f - rate);
        org.gru4j.util.Rng rng = ctx.rng();
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextFloat() >= rate ? keepScale : 0f;
        }
        return m;
    }

    /** Rows per thread below which a call runs in one part (the gemm micro-kernel's row tile). */
    private static final int MIN_ROWS_PER_THREAD = 6;
    /** Multiply-adds per step below which splitting the batch costs more than it saves (the gemm's threshold). */
    private static final long MIN_STEP_MACS = 1L << 17;

    /**
     * Runs {@code loop} over the batch rows, cut into one part per kernel thread. Rows of a recurrent layer are
     * independent for the whole sequence, so each thread runs the complete time loop (recurrent products, gate
     * kernels, masking) for its own rows: one hand-off per call instead of one per step, and the gate kernels run
     * on every core. The products inside then run as one part each ({@link Parallel#busy}). Each row gets the same
     * operations whichever thread runs it, so results do not depend on the thread count. Small batches (fewer
     * than 6 rows per thread, one micro-kernel tile) stay in one part, whose products split by columns instead.
     */
    private void runRows(Parallel.Job loop, int batch, long macsPerRowStep) {
        int n = cell.rowsIndependent() ? Math.min(Parallel.threads(), batch / MIN_ROWS_PER_THREAD) : 1;
        if (n > 1 && batch * macsPerRowStep >= MIN_STEP_MACS) {
            Parallel.run(loop, n);
        } else {
            loop.run(0, 1);
        }
    }

    /** The forward time loop for batch rows [b0, b1). */
    private void forwardRows(Kernels k, Kernels.Packed[] w, int b0, int b1, int batch, int steps, float[] xp,
                             float[][] states, float[] hIn, float[] stateMask, float[] cache, boolean keep,
                             Mask mask) {
        int h = cell.units();
        int gh = cell.gates() * h;
        int cw = cell.cacheWidth();
        int rows = b1 - b0;
        float[] hp = new float[rows * gh];
        for (int s = 0; s < steps; s++) {
            int prev = (s * batch + b0) * h;
            int next = prev + batch * h;
            if (stateMask != null) {
                k.mul(rows * h, states[0], prev, stateMask, b0 * h, hIn, prev);
            }
            Parameter bias = cell.biasIh();
            if (bias != null) {
                for (int r = (s * batch + b0) * gh; r < (s * batch + b1) * gh; r += gh) {
                    k.add(gh, xp, r, bias.values(), bias.offset(), xp, r);
                }
            }
            cell.forwardStep(k, w, rows, xp, (s * batch + b0) * gh, states, prev, next, hIn, prev, cache,
                    ((keep ? s * batch : 0) + b0) * cw, hp);
            if (mask != null) {
                int t = goBackwards ? steps - 1 - s : s;
                for (int b = b0; b < b1; b++) {
                    if (!mask.valid(b, t)) {
                        for (float[] st : states) {
                            System.arraycopy(st, prev + (b - b0) * h, st, next + (b - b0) * h, h);
                        }
                    }
                }
            }
        }
    }

    /**
     * The backward time loop for batch rows [b0, b1), with its own state-gradient buffers (row b at
     * {@code (b - b0) * h}): starts from, and leaves its result in, rows b0..b1 of {@code dStateAll}.
     */
    private void backwardRows(Kernels k, Kernels.Packed[] w, int b0, int b1, Saved sv, float[] dOut,
                              float[][] dStateAll, float[] dxp, float[] dhp) {
        int batch = sv.batch;
        int steps = sv.steps;
        int h = cell.units();
        int gh = cell.gates() * h;
        int cw = cell.cacheWidth();
        int ns = cell.stateCount();
        int rows = b1 - b0;
        Mask mask = sv.mask;
        float[][] dState = new float[ns][rows * h];
        float[][] dPrev = new float[ns][rows * h];
        for (int j = 0; j < ns; j++) {
            System.arraycopy(dStateAll[j], b0 * h, dState[j], 0, rows * h);
        }
        float[] carry = mask != null && returnSequences ? new float[rows * h] : null;
        float[][] bypass = mask != null ? new float[ns][rows * h] : null;
        float[] scratch = new float[rows * h];
        float[] dRec = new float[rows * h];
        for (int s = steps - 1; s >= 0; s--) {
            int t = goBackwards ? steps - 1 - s : s;
            if (returnSequences && dOut != null) {
                for (int b = b0; b < b1; b++) {
                    int src = (b * steps + s) * h;
                    int l = (b - b0) * h;
                    if (carry == null) {
                        k.axpy(h, 1f, dOut, src, dState[0], l);
                    } else {
                        // A masked step's output is the previous output: its gradient travels back to the last
                        // real step, not into the state.
                        k.axpy(h, 1f, dOut, src, carry, l);
                        if (mask.valid(b, t)) {
                            k.axpy(h, 1f, carry, l, dState[0], l);
                            java.util.Arrays.fill(carry, l, l + h, 0f);
                        }
                    }
                }
            }
            if (mask != null) {
                for (int b = b0; b < b1; b++) {
                    if (!mask.valid(b, t)) {
                        int l = (b - b0) * h;
                        for (int j = 0; j < ns; j++) {
                            System.arraycopy(dState[j], l, bypass[j], l, h);
                            java.util.Arrays.fill(dState[j], l, l + h, 0f);
                        }
                    }
                }
            }
            int prev = (s * batch + b0) * h;
            cell.backwardStep(k, w, rows, sv.states, prev, prev + batch * h, sv.hIn, prev, sv.cache,
                    (s * batch + b0) * cw, dState, dPrev, dRec, dxp, dhp, (s * batch + b0) * gh, scratch);
            if (sv.stateMask != null) {
                k.mul(rows * h, dRec, 0, sv.stateMask, b0 * h, dRec, 0);
            }
            k.axpy(rows * h, 1f, dRec, 0, dPrev[0], 0);
            if (mask != null) {
                for (int b = b0; b < b1; b++) {
                    if (!mask.valid(b, t)) {
                        int l = (b - b0) * h;
                        for (int j = 0; j < ns; j++) {
                            k.axpy(h, 1f, bypass[j], l, dPrev[j], l);
                        }
                    }
                }
            }
            float[][] tmp = dState;
            dState = dPrev;
            dPrev = tmp;
        }
        for (int j = 0; j < ns; j++) {
            System.arraycopy(dState[j], 0, dStateAll[j], b0 * h, rows * h);
        }
    }

    /**
     * The large arrays of a call (time-major input, input projection, states, cache, packed recurrent weights and,
     * in backward, the pre-activation gradients), kept by the layer and reused by its later calls, so that a warm
     * layer allocates only its outputs. Without this one call at workload L allocated about 150 MB, mostly as
     * humongous objects for the collector: timings spread by 1.5x between runs and the heap grew to several times
     * the working set. A set belongs to one call at a time: an inference call gives it back when it returns, a
     * training call when its record is released ({@link Forward#release}, which the training loops call after a
     * step's backward; a record never released leaves its set to the collector). Arrays may be longer than a call needs; every use is bounded by explicit sizes, and each call
     * writes every element it later reads.
     */
    static final class Buffers {
        float[] xt;
        float[] xp;
        float[][] states;
        float[] hIn;
        float[] cache;
        float[] dxp;
        float[] dhp;
        float[] dxt;
        Kernels.Packed[] forwardWeights;
        Kernels.Packed[] backwardWeights;
    }

    /** Spare buffer sets; two cover a layer used twice per training step (shared layers) and one idle predictor. */
    private final ArrayDeque<Buffers> spare = new ArrayDeque<>();
    private static final int MAX_SPARE = 2;

    private Buffers takeBuffers() {
        synchronized (spare) {
            Buffers b = spare.pollFirst();
            return b != null ? b : new Buffers();
        }
    }

    private void giveBack(Buffers b) {
        synchronized (spare) {
            if (spare.size() < MAX_SPARE) {
                spare.addFirst(b);
            }
        }
    }

    /** {@code a} when it holds at least n floats, else a new array of n. */
    private static float[] fit(float[] a, int n) {
        return a != null && a.length >= n ? a : new float[n];
    }

    /** What a forward call kept for backward (training mode only). */
    private static final class Saved {
        final int batch;
        final int steps;
        final float[] xt;
        final float[][] states;
        final float[] hIn;
        final float[] cache;
        final Mask mask;
        final float[] inputMask;
        final float[] stateMask;
        private Buffers buffers;

        Saved(int batch, int steps, float[] xt, float[][] states, float[] hIn, float[] cache, Mask mask,
              float[] inputMask, float[] stateMask, Buffers buffers) {
            this.buffers = buffers;
            this.batch = batch;
            this.steps = steps;
            this.xt = xt;
            this.states = states;
            this.hIn = hIn;
            this.cache = cache;
            this.mask = mask;
            this.inputMask = inputMask;
            this.stateMask = stateMask;
        }

        /** The call's buffers, for its backward; fails once the record has been released. */
        synchronized Buffers buffers(String layer) {
            if (buffers == null) {
                throw new IllegalStateException(layer + ": this forward record was released (Forward.release), so"
                        + " its saved activations now belong to later calls; run forward again before backward");
            }
            return buffers;
        }

        /** Hands the buffers back (once); later backward calls on this record fail. */
        synchronized Buffers release() {
            Buffers b = buffers;
            buffers = null;
            return b;
        }
    }

    /** The record of one call: output, final states, and (in training) what backward needs. */
    public static final class Result extends Forward {
        private final Tensor[] finalStates;
        private final Saved saved;
        private final RecurrentLayer layer;

        Result(Tensor output, Mask mask, Tensor[] finalStates, Saved saved, RecurrentLayer layer) {
            super(output, mask, null);
            this.finalStates = finalStates;
            this.saved = saved;
            this.layer = layer;
        }

        /**
         * Gives the activations saved for backward to the layer's later calls (see {@link Forward#release}); a
         * training loop calls this after the last backward of a step. Later backward calls on this record fail.
         */
        @Override
        public void release() {
            if (saved != null) {
                Buffers b = saved.release();
                if (b != null) {
                    layer.giveBack(b);
                }
            }
        }

        /** Final states, {@code (batch, units)} each: {@code [h]} or {@code [h, c]}. */
        public Tensor[] finalStates() {
            return finalStates.clone();
        }
    }

    /** Gradients of a recurrent call's inputs. */
    public static final class Gradients {
        private final Tensor input;
        private final Tensor[] initialStates;

        public Gradients(Tensor input, Tensor[] initialStates) {
            this.input = input;
            this.initialStates = initialStates;
        }

        /** dL/dx, {@code (batch, steps, features)}; null when backward was asked not to compute it. */
        public Tensor input() {
            return input;
        }

        /** dL/d(initial state), one per state. */
        public Tensor[] initialStates() {
            return initialStates.clone();
        }
    }
}
