package org.gru4j.nn.recurrent;

import org.gru4j.kernels.GateActivation;
import org.gru4j.kernels.Kernels;
import org.gru4j.kernels.ScalarKernels;

/**
 * The gated recurrent unit of Cho et al. (2014), in both formulations in use. Gate blocks are ordered
 * <b>r, z, n</b> (reset, update, candidate), as in PyTorch and cuDNN; Keras orders them z, r, h and is converted at
 * import. With {@code x = x_t}, {@code h = h_{t-1}}, {@code W_i* } rows of {@code weight_ih} and {@code W_h*} rows
 * of {@code weight_hh}:
 *
 * <pre>
 *   r  = sigmoid(W_ir x + b_ir + W_hr h + b_hr)
 *   z  = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
 *   n  = tanh(W_in x + b_in + r * (W_hn h + b_hn))      reset after  (PyTorch, cuDNN, Keras reset_after=True)
 *   n  = tanh(W_in x + b_n  + W_hn (r * h))             reset before (Cho et al. 2014, Keras reset_after=False)
 *   h' = (1 - z) * n + z * h
 * </pre>
 *
 * <p>The update gate z weights the <em>old</em> state, as in PyTorch and Keras. Many texts write
 * {@code h' = (1 - z) * h + z * n}: the same cell with z and 1 - z swapped (their z is our 1 - z).
 *
 * <p>Biases: reset-after keeps two, {@code bias_ih = [b_ir; b_iz; b_in]} and {@code bias_hh = [b_hr; b_hz; b_hn]},
 * because {@code b_hn} sits inside the reset product. Reset-before has one, {@code bias = [b_r; b_z; b_n]}: a
 * PyTorch-style pair loads as its sum. So GRU(5) on 4 inputs has 165 parameters reset-after and 150 reset-before,
 * like Keras.
 */
public final class GRUCell extends RecurrentCell {
    private final boolean resetAfter;
    private final GateActivation gate;

    public GRUCell(int units, boolean resetAfter) {
        this(units, resetAfter, GateActivation.SIGMOID);
    }

    /**
     * @param gate the activation of r and z (Keras's {@code recurrent_activation}); anything but the sigmoid runs
     *             on the scalar reference path
     */
    public GRUCell(int units, boolean resetAfter, GateActivation gate) {
        super(units);
        this.resetAfter = resetAfter;
        this.gate = gate;
    }

    /** The activation of the r and z gates. */
    public GateActivation gateActivation() {
        return gate;
    }

    /** True for the PyTorch/cuDNN/Keras-default formulation, false for the 2014 paper's. */
    public boolean resetAfter() {
        return resetAfter;
    }

    @Override
    public GRUCell freshCopy() {
        return new GRUCell(units, resetAfter, gate);
    }

    @Override
    public int gates() {
        return 3;
    }

    @Override
    public int cacheWidth() {
        return 4 * units;
    }

    @Override
    public boolean twoBiases() {
        return resetAfter;
    }

    @Override
    public String typeName() {
        return "GRU";
    }

    @Override
    boolean separateRecurrentGradient() {
        return resetAfter;
    }

    /** Reset-before multiplies by two blocks of W_hh: [r; z] (w[0]) and n (w[1]). */
    @Override
    Kernels.Packed[] packRecurrent(Kernels k, boolean forward, Kernels.Packed[] reuse) {
        if (resetAfter) {
            return super.packRecurrent(k, forward, reuse);
        }
        int h = units;
        float[] w = weightHh.values();
        int w0 = weightHh.offset();
        Kernels.Packed r0 = reused(reuse, 0);
        Kernels.Packed r1 = reused(reuse, 1);
        if (forward) {
            return new Kernels.Packed[] {k.pack(true, h, 2 * h, w, w0, h, r0),
                    k.pack(true, h, h, w, w0 + 2 * h * h, h, r1)};
        }
        return new Kernels.Packed[] {k.pack(false, 2 * h, h, w, w0, h, r0),
                k.pack(false, h, h, w, w0 + 2 * h * h, h, r1)};
    }

    @Override
    void forwardStep(Kernels k, Kernels.Packed[] w, int batch, float[] xp, int xpOff, float[][] states, int prevOff, int nextOff,
                     float[] hIn, int hInOff, float[] cache, int cacheOff, float[] hp) {
        int h = units;
        int gh = 3 * h;
        float[] hs = states[0];
        if (resetAfter) {
            initRecurrentProjection(batch, hp);
            k.gemm(false, batch, 1f, hIn, hInOff, h, w[0], 1f, hp, 0, gh);
            if (gate == GateActivation.SIGMOID) {
                k.gruResetAfterForward(batch, h, xp, xpOff, gh, hp, 0, hs, prevOff, h, cache, cacheOff,
                        hs, nextOff, h);
            } else {
                ScalarKernels.gruResetAfterForward(gate, batch, h, xp, xpOff, gh, hp, 0, hs, prevOff, h, cache,
                        cacheOff, hs, nextOff, h);
            }
        } else {
            k.gemm(false, batch, 1f, hIn, hInOff, h, w[0], 0f, hp, 0, gh);
            // rh = r * hIn: the reset gate acts on the recurrent-product input.
            if (gate == GateActivation.SIGMOID) {
                k.gruResetBeforeGates(batch, h, xp, xpOff, gh, hp, 0, hIn, hInOff, h, cache, cacheOff);
            } else {
                ScalarKernels.gruResetBeforeGates(gate, batch, h, xp, xpOff, gh, hp, 0, hIn, hInOff, h, cache,
                        cacheOff);
            }
            // n block of the recurrent projection: W_hn (r * h), from the rh block of the cache.
            k.gemm(false, batch, 1f, cache, cacheOff + 3 * h, 4 * h, w[1], 0f, hp, 2 * h, gh);
            k.gruResetBeforeOutput(batch, h, xp, xpOff, gh, hp, 0, hs, prevOff, h, cache, cacheOff,
                    hs, nextOff, h);
        }
    }

    @Override
    void backwardStep(Kernels k, Kernels.Packed[] w, int batch, float[][] states, int prevOff, int nextOff, float[] hIn, int hInOff,
                      float[] cache, int cacheOff, float[][] dState, float[][] dStatePrev, float[] dRec,
                      float[] dxp, float[] dhp, int dOff, float[] scratch) {
        int h = units;
        int gh = 3 * h;
        float[] hs = states[0];
        float[] dh = dState[0];
        float[] dPrev = dStatePrev[0];
        if (resetAfter) {
            if (gate == GateActivation.SIGMOID) {
                k.gruResetAfterBackward(batch, h, cache, cacheOff, hs, prevOff, h, dh, 0, h, dxp, dOff, gh, dhp,
                        dOff, dPrev, 0, h);
            } else {
                ScalarKernels.gruResetAfterBackward(gate, batch, h, cache, cacheOff, hs, prevOff, h, dh, 0, h, dxp,
                        dOff, gh, dhp, dOff, dPrev, 0, h);
            }
            k.gemm(false, batch, 1f, dhp, dOff, gh, w[0], 0f, dRec, 0, h);
        } else {
            if (gate == GateActivation.SIGMOID) {
                k.gruResetBeforeBackwardOutput(batch, h, cache, cacheOff, hs, prevOff, h, dh, 0, h, dxp, dOff, gh,
                        dhp, dOff, dPrev, 0, h);
            } else {
                ScalarKernels.gruResetBeforeBackwardOutput(gate, batch, h, cache, cacheOff, hs, prevOff, h, dh, 0, h,
                        dxp, dOff, gh, dhp, dOff, dPrev, 0, h);
            }
            // d(r * h) = dn_pre * W_hn
            k.gemm(false, batch, 1f, dhp, dOff + 2 * h, gh, w[1], 0f, scratch, 0, h);
            java.util.Arrays.fill(dRec, 0, batch * h, 0f);
            if (gate == GateActivation.SIGMOID) {
                k.gruResetBeforeBackwardReset(batch, h, cache, cacheOff, hIn, hInOff, h, scratch, 0, dxp, dOff, gh,
                        dhp, dOff, dRec, 0, h);
            } else {
                ScalarKernels.gruResetBeforeBackwardReset(gate, batch, h, cache, cacheOff, hIn, hInOff, h, scratch,
                        0, dxp, dOff, gh, dhp, dOff, dRec, 0, h);
            }
            k.gemm(false, batch, 1f, dhp, dOff, gh, w[0], 1f, dRec, 0, h);
        }
    }

    @Override
    void accumulateRecurrentWeightGradient(Kernels k, int rows, float[] dhp, float[] hPrev, float[] cache) {
        if (resetAfter) {
            super.accumulateRecurrentWeightGradient(k, rows, dhp, hPrev, cache);
            return;
        }
        int h = units;
        int gh = 3 * h;
        float[] g = weightHh.grads();
        int g0 = weightHh.offset();
        k.gemm(true, false, 2 * h, h, rows, 1f, dhp, 0, gh, hPrev, 0, h, 1f, g, g0, h);
        k.gemm(true, false, h, h, rows, 1f, dhp, 2 * h, gh, cache, 3 * h, 4 * h, 1f, g, g0 + 2 * h * h, h);
    }
}
