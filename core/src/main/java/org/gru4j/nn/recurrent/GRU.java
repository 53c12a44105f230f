package org.gru4j.nn.recurrent;

import org.gru4j.kernels.GateActivation;

/**
 * Keras-style GRU layer: {@code new GRU(128).returnSequences(true)}. Reset gate after the recurrent product by
 * default (PyTorch, cuDNN, Keras {@code reset_after=True}); {@code new GRU(128, false)} gives the 2014 paper's
 * formulation; {@code new GRU(128).layerNorm(true)} the layer-normalized GRU. See {@link GRUCell} and
 * {@link LayerNormGRUCell} for the exact equations and {@link RecurrentLayer} for sequences, states, masking and
 * direction.
 */
public class GRU extends RecurrentLayer {
    private final boolean resetAfter;
    private GateActivation gate = GateActivation.SIGMOID;
    private boolean layerNorm;

    public GRU(int units) {
        this(units, true);
    }

    /** @param resetAfter true: reset gate after the recurrent product (default); false: before it (Cho et al.) */
    public GRU(int units, boolean resetAfter) {
        super(new GRUCell(units, resetAfter), Names.next("gru"));
        this.resetAfter = resetAfter;
    }

    /** Sets the activation of the r and z gates (Keras's {@code recurrent_activation}); default sigmoid. */
    public GRU gateActivation(GateActivation g) {
        if (g == null) {
            throw new IllegalArgumentException(name() + ": gate activation must not be null");
        }
        checkNotBuilt();
        this.gate = g;
        replaceCell(makeCell());
        return this;
    }

    public GateActivation gateActivation() {
        return gate;
    }

    /**
     * With {@code true}, normalizes the input and recurrent projections of each gate block (layer normalization,
     * Ba et al. 2016); see {@link LayerNormGRUCell} for the equations and parameters. Only with the reset gate
     * after the recurrent product (the default). Off by default.
     *
     * @throws IllegalArgumentException on a reset-before GRU
     */
    public GRU layerNorm(boolean on) {
        if (on && !resetAfter) {
            throw new IllegalArgumentException(name() + ": layerNorm needs the reset-after GRU (new GRU(units)), "
                    + "got reset_after=false; the normalization of W_hn (r * h) would change with r");
        }
        checkNotBuilt();
        this.layerNorm = on;
        replaceCell(makeCell());
        return this;
    }

    /** True when the projections are layer-normalized. */
    public boolean layerNorm() {
        return layerNorm;
    }

    /** True for the reset-after formulation. */
    public boolean resetAfter() {
        return resetAfter;
    }

    private RecurrentCell makeCell() {
        return layerNorm ? new LayerNormGRUCell(units(), gate) : new GRUCell(units(), resetAfter, gate);
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

    @Override
    public GRU kernelRegularizer(double l1, double l2) {
        super.kernelRegularizer(l1, l2);
        return this;
    }

    @Override
    public GRU recurrentRegularizer(double l1, double l2) {
        super.recurrentRegularizer(l1, l2);
        return this;
    }

    @Override
    public GRU biasRegularizer(double l1, double l2) {
        super.biasRegularizer(l1, l2);
        return this;
    }
}
