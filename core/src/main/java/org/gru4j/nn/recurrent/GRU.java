package org.gru4j.nn.recurrent;

import org.gru4j.kernels.GateActivation;

/**
 * Keras-style GRU layer: {@code new GRU(128).returnSequences(true)}. Reset gate after the recurrent product by
 * default (PyTorch, cuDNN, Keras {@code reset_after=True}); {@code new GRU(128, false)} gives the 2014 paper's
 * formulation. See {@link GRUCell} for the exact equations and {@link RecurrentLayer} for sequences, states,
 * masking and direction.
 */
public class GRU extends RecurrentLayer {
    public GRU(int units) {
        this(units, true);
    }

    /** @param resetAfter true: reset gate after the recurrent product (default); false: before it (Cho et al.) */
    public GRU(int units, boolean resetAfter) {
        super(new GRUCell(units, resetAfter), Names.next("gru"));
    }

    /** Sets the activation of the r and z gates (Keras's {@code recurrent_activation}); default sigmoid. */
    public GRU gateActivation(GateActivation g) {
        replaceCell(new GRUCell(units(), resetAfter(), g));
        return this;
    }

    public GateActivation gateActivation() {
        return ((GRUCell) cell).gateActivation();
    }

    /** True for the reset-after formulation. */
    public boolean resetAfter() {
        return ((GRUCell) cell).resetAfter();
    }

    @Override
    public GRU name(String n) {
        super.name(n);
        return this;
    }

    @Override
    public GRU returnSequences(boolean v) {
        super.returnSequences(v);
        return this;
    }

    @Override
    public GRU returnState(boolean v) {
        super.returnState(v);
        return this;
    }

    @Override
    public GRU goBackwards(boolean v) {
        super.goBackwards(v);
        return this;
    }

    @Override
    public GRU dropout(double rate) {
        super.dropout(rate);
        return this;
    }

    @Override
    public GRU recurrentDropout(double rate) {
        super.recurrentDropout(rate);
        return this;
    }

    @Override
    public GRU init(Init scheme) {
        super.init(scheme);
        return this;
    }
}
