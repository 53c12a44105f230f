package org.gru4j.nn.recurrent;

import org.gru4j.kernels.GateActivation;

/**
 * Keras-style LSTM layer: {@code new LSTM(64).returnSequences(true)}. See {@link LSTMCell} for the equations and
 * {@link RecurrentLayer} for sequences, states, masking and direction.
 */
public class LSTM extends RecurrentLayer {
    public LSTM(int units) {
        super(new LSTMCell(units), Names.next("lstm"));
    }

    /** Sets the activation of the i, f and o gates (Keras's {@code recurrent_activation}); default sigmoid. */
    public LSTM gateActivation(GateActivation g) {
        replaceCell(new LSTMCell(units(), g));
        return this;
    }

    public GateActivation gateActivation() {
        return ((LSTMCell) cell).gateActivation();
    }

    @Override
    public LSTM name(String n) {
        super.name(n);
        return this;
    }

    @Override
    public LSTM returnSequences(boolean v) {
        super.returnSequences(v);
        return this;
    }

    @Override
    public LSTM returnState(boolean v) {
        super.returnState(v);
        return this;
    }

    @Override
    public LSTM goBackwards(boolean v) {
        super.goBackwards(v);
        return this;
    }

    @Override
    public LSTM dropout(double rate) {
        super.dropout(rate);
        return this;
    }

    @Override
    public LSTM recurrentDropout(double rate) {
        super.recurrentDropout(rate);
        return this;
    }

    @Override
    public LSTM init(Init scheme) {
        super.init(scheme);
        return this;
    }

    @Override
    public LSTM kernelRegularizer(double l1, double l2) {
        super.kernelRegularizer(l1, l2);
        return this;
    }

    @Override
    public LSTM recurrentRegularizer(double l1, double l2) {
        super.recurrentRegularizer(l1, l2);
        return this;
    }

    @Override
    public LSTM biasRegularizer(double l1, double l2) {
        super.biasRegularizer(l1, l2);
        return this;
    }
}
