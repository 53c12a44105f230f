package org.gru4j.nn.recurrent;

import org.gru4j.kernels.GateActivation;
import org.gru4j.kernels.Kernels;
import org.gru4j.kernels.ScalarKernels;

/**
 * Long short-term memory cell (Hochreiter and Schmidhuber 1997, with the forget gate of Gers et al. 2000), no
 * peepholes and no projection. Gate blocks are ordered <b>i, f, g, o</b> as in PyTorch (Keras calls them i, f, c, o:
 * the same order):
 *
 * <pre>
 *   i = sigmoid(W_ii x + W_hi h + b_i)     f = sigmoid(W_if x + W_hf h + b_f)
 *   g = tanh(W_ig x + W_hg h + b_g)        o = sigmoid(W_io x + W_ho h + b_o)
 *   c' = f * c + i * g                     h' = o * tanh(c')
 * </pre>
 *
 * One bias {@code bias = [b_i; b_f; b_g; b_o]}; PyTorch's {@code bias_ih + bias_hh} loads as its sum. States are
 * {@code (h, c)}.
 */
public final class LSTMCell extends RecurrentCell {

    private final GateActivation gate;

    public LSTMCell(int units) {
        this(units, GateActivation.SIGMOID);
    }

    /** @param gate the activation of i, f and o (Keras's {@code recurrent_activation}) */
    public LSTMCell(int units, GateActivation gate) {
        super(units);
        this.gate = gate;
    }

    /** The activation of the i, f and o gates. */
    public GateActivation gateActivation() {
        return gate;
    }

    @Override
    public LSTMCell freshCopy() {
        return new LSTMCell(units, gate);
    }

    @Override
    public int gates() {
        return 4;
    }

    @Override
    public int stateCount() {
        return 2;
    }

    @Override
    public int cacheWidth() {
        return 5 * units;
    }

    @Override
    public boolean twoBiases() {
        return false;
    }

    @Override
    public String typeName() {
        return "LSTM";
    }

    @Override
    boolean separateRecurrentGradient() {
        return false;
    }

    @Override
    void forwardStep(Kernels k, Kernels.Packed[] w, int batch, float[] xp, int xpOff, float[][] states, int prevOff, int nextOff,
                     float[] hIn, int hInOff, float[] cache, int cacheOff, float[] hp) {
        int h = units;
        int gh = 4 * h;
        k.gemm(false, batch, 1f, hIn, hInOff, h, w[0], 0f, hp, 0, gh);
        if (gate == GateActivation.SIGMOID) {
            k.lstmForward(batch, h, xp, xpOff, gh, hp, 0, states[1], prevOff, h, cache, cacheOff,
                    states[1], nextOff, h, states[0], nextOff, h);
        } else {
            ScalarKernels.lstmForward(gate, batch, h, xp, xpOff, gh, hp, 0, states[1], prevOff, h, cache, cacheOff,
                    states[1], nextOff, h, states[0], nextOff, h);
        }
    }

    @Override
    void backwardStep(Kernels k, Kernels.Packed[] w, int batch, float[][] states, int prevOff, int nextOff, float[] hIn, int hInOff,
                      float[] cache, int cacheOff, float[][] dState, float[][] dStatePrev, float[] dRec,
                      float[] dxp, float[] dhp, int dOff, float[] scratch) {
        int h = units;
        int gh = 4 * h;
        if (gate == GateActivation.SIGMOID) {
            k.lstmBackward(batch, h, cache, cacheOff, states[1], prevOff, h, dState[0], 0, h, dState[1], 0, h,
                    dxp, dOff, gh, dStatePrev[1], 0, h);
        } else {
            ScalarKernels.lstmBackward(gate, batch, h, cache, cacheOff, states[1], prevOff, h, dState[0], 0, h,
                    dState[1], 0, h, dxp, dOff, gh, dStatePrev[1], 0, h);
        }
        // h reaches the next step only through the recurrent product.
        java.util.Arrays.fill(dStatePrev[0], 0, batch * h, 0f);
        k.gemm(false, batch, 1f, dxp, dOff, gh, w[0], 0f, dRec, 0, h);
    }
}
