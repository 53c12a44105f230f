package org.gru4j.nn.recurrent;

import org.gru4j.kernels.Kernels;

/**
 * The Elman recurrent cell: {@code h' = act(W_ih x + W_hh h + b)} with {@code act} tanh (default) or relu. One bias;
 * PyTorch's {@code bias_ih + bias_hh} loads as its sum.
 */
public final class SimpleRNNCell extends RecurrentCell {
    private final boolean relu;

    public SimpleRNNCell(int units, boolean relu) {
        super(units);
        this.relu = relu;
    }

    /** True for relu, false for tanh. */
    public boolean relu() {
        return relu;
    }

    @Override
    public SimpleRNNCell freshCopy() {
        return new SimpleRNNCell(units, relu);
    }

    @Override
    public int gates() {
        return 1;
    }

    @Override
    public int cacheWidth() {
        return 0;
    }

    @Override
    public boolean twoBiases() {
        return false;
    }

    @Override
    public String typeName() {
        return "SimpleRNN";
    }

    @Override
    boolean separateRecurrentGradient() {
        return false;
    }

    @Override
    void forwardStep(Kernels k, Kernels.Packed[] w, int batch, float[] xp, int xpOff, float[][] states, int prevOff, int nextOff,
                     float[] hIn, int hInOff, float[] cache, int cacheOff, float[] hp) {
        int h = units;
        k.gemm(false, batch, 1f, hIn, hInOff, h, w[0], 0f, hp, 0, h);
        k.rnnForward(batch, h, relu, xp, xpOff, h, hp, 0, states[0], nextOff, h);
    }

    @Override
    void backwardStep(Kernels k, Kernels.Packed[] w, int batch, float[][] states, int prevOff, int nextOff, float[] hIn, int hInOff,
                      float[] cache, int cacheOff, float[][] dState, float[][] dStatePrev, float[] dRec,
                      float[] dxp, float[] dhp, int dOff, float[] scratch) {
        int h = units;
        k.rnnBackward(batch, h, relu, states[0], nextOff, h, dState[0], 0, h, dxp, dOff);
        java.util.Arrays.fill(dStatePrev[0], 0, batch * h, 0f);
        k.gemm(false, batch, 1f, dxp, dOff, h, w[0], 0f, dRec, 0, h);
    }
}
