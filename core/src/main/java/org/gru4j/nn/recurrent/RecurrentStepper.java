package org.gru4j.nn.recurrent;

import java.util.Arrays;
import org.gru4j.kernels.KernelProvider;
import org.gru4j.kernels.Kernels;
import org.gru4j.nn.Parameter;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;

/**
 * Streaming inference: runs a built recurrent layer one step at a time, carrying the state between calls, for
 * inputs that arrive point by point (a sensor, a text being typed, a generator sampling its next token).
 *
 * <pre>
 *   RecurrentStepper s = gru.stepper(1);
 *   float[] h = new float[gru.units()];
 *   for (float[] x : stream) { s.step(x, h); ... }      // allocation-free
 *   s.resetStates();
 * </pre>
 *
 * <p>Step t returns exactly what {@link RecurrentLayer#run} returns at step t of the whole sequence (same kernels,
 * same order of operations). All buffers are allocated once here; {@link #step(float[], float[])} allocates
 * nothing. A stepper belongs to one thread; make one per stream.
 *
 * <p>The weights are packed for the kernels once, here (a layer call likewise packs them once per call): after
 * they change (a training step, loading weights) call {@link #refreshWeights()} or make a new stepper.
 */
public final class RecurrentStepper {
    private final RecurrentLayer layer;
    private final RecurrentCell cell;
    private final int batch;
    private final int in;
    private final int h;
    private final int gh;
    private final float[][] states;
    private final float[] xp;
    private final float[] hp;
    private final float[] cache;
    private Kernels.Packed wih;
    private Kernels.Packed[] whh;
    private int cur;

    RecurrentStepper(RecurrentLayer layer, int batch) {
        if (!layer.isBuilt()) {
            throw new IllegalStateException(layer.name() + ": build the layer before streaming");
        }
        if (layer.goBackwards()) {
            throw new IllegalArgumentException(layer.name() + ": a layer that reads backwards cannot stream");
        }
        if (batch <= 0) {
            throw new IllegalArgumentException("batch must be positive, got " + batch);
        }
        this.layer = layer;
        this.cell = layer.cell();
        this.batch = batch;
        this.in = cell.inputSize();
        this.h = cell.units();
        this.gh = cell.gates() * h;
        this.states = new float[cell.stateCount()][2 * batch * h];
        this.xp = new float[batch * gh];
        this.hp = new float[batch * gh];
        this.cache = new float[batch * cell.cacheWidth()];
        refreshWeights();
    }

    /** Packs the layer's current weights for the following steps. */
    public void refreshWeights() {
        Kernels k = KernelProvider.get();
        Parameter w = cell.weightIh();
        wih = k.pack(true, in, gh, w.values(), w.offset(), in, wih);
        whh = cell.packRecurrent(k, true, whh);
    }

    public int batch() {
        return batch;
    }

    /**
     * One step: {@code x} holds {@code batch x features} inputs (row-major), {@code out} receives the
     * {@code batch x units} outputs. Allocation-free.
     */
    public void step(float[] x, float[] out) {
        if (x.length != batch * in || out.length != batch * h) {
            throw new ShapeException(layer.name() + " step: expected " + batch * in + " inputs and room for "
                    + batch * h + " outputs, got " + x.length + " and " + out.length);
        }
        Kernels k = KernelProvider.get();
        // x W_ih^T, then + bias: the layer's order, so the bits are the layer's for any input size.
        k.gemm(false, batch, 1f, x, 0, in, wih, 0f, xp, 0, gh);
        Parameter bias = cell.biasIh();
        if (bias != null) {
            for (int b = 0; b < batch; b++) {
                k.add(gh, xp, b * gh, bias.values(), bias.offset(), xp, b * gh);
            }
        }
        int prev = cur * batch * h;
        int next = (1 - cur) * batch * h;
        cell.forwardStep(k, whh, batch, xp, 0, states, prev, next, states[0], prev, cache, 0, hp);
        System.arraycopy(states[0], next, out, 0, batch * h);
        cur = 1 - cur;
    }

    /** One step on a {@code (batch, features)} tensor, returning {@code (batch, units)}. */
    public Tensor step(Tensor x) {
        x.requireShape(layer.name() + " step input (batch, features)", batch, in);
        float[] out = new float[batch * h];
        step(x.data(), out);
        return Tensor.of(out, batch, h);
    }

    /** Zeros the state, as at the start of a new stream. */
    public void resetStates() {
        for (float[] s : states) {
            Arrays.fill(s, 0f);
        }
        cur = 0;
    }

    /** The current states, {@code (batch, units)} each: {@code [h]} or {@code [h, c]}. */
    public Tensor[] states() {
        Tensor[] out = new Tensor[states.length];
        for (int i = 0; i < states.length; i++) {
            out[i] = Tensor.of(Arrays.copyOfRange(states[i], cur * batch * h, (cur + 1) * batch * h), batch, h);
        }
        return out;
    }

    /** Sets the states, e.g. to continue from a batch run's final states. */
    public void setStates(Tensor... s) {
        if (s.length != states.length) {
            throw new ShapeException(layer.name() + ": expected " + states.length + " state tensor(s), got " + s.length);
        }
        for (int i = 0; i < s.length; i++) {
            s[i].requireShape(layer.name() + " state " + i + " (batch, units)", batch, h);
            System.arraycopy(s[i].data(), 0, states[i], cur * batch * h, batch * h);
        }
    }
}
