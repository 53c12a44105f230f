package org.gru4j.nn.recurrent;

/**
 * Keras-style simple RNN layer, tanh by default: {@code new SimpleRNN(32)} or {@code new SimpleRNN(32, true)} for
 * relu. See {@link SimpleRNNCell} and {@link RecurrentLayer}.
 */
public class SimpleRNN extends RecurrentLayer {
    public SimpleRNN(int units) {
        this(units, false);
    }

    /** @param relu true for relu, false for tanh */
    public SimpleRNN(int units, boolean relu) {
        super(new SimpleRNNCell(units, relu), Names.next("simple_rnn"));
    }

    @Override
    public SimpleRNN name(String n) {
        super.name(n);
        return this;
    }

    @Override
    public SimpleRNN returnSequences(boolean v) {
        super.returnSequences(v);
        return this;
    }

    @Override
    public SimpleRNN returnState(boolean v) {
        super.returnState(v);
        return this;
    }

    @Override
    public SimpleRNN goBackwards(boolean v) {
        super.goBackwards(v);
        return this;
    }

    @Override
    public SimpleRNN dropout(double rate) {
        super.dropout(rate);
        return this;
    }

    @Override
    public SimpleRNN recurrentDropout(double rate) {
        super.recurrentDropout(rate);
        return this;
    }

    @Override
    public SimpleRNN init(Init scheme) {
        super.init(scheme);
        return this;
    }

    @Override
    public SimpleRNN kernelRegularizer(double l1, double l2) {
        super.kernelRegularizer(l1, l2);
        return this;
    }

    @Override
    public SimpleRNN recurrentRegularizer(double l1, double l2) {
        super.recurrentRegularizer(l1, l2);
        return this;
    }

    @Override
    public SimpleRNN biasRegularizer(double l1, double l2) {
        super.biasRegularizer(l1, l2);
        return this;
    }
}
