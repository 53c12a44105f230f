package org.gru4j.optim;

/** The learning rate as a function of the optimizer's iteration count (0 before the first step). */
public interface LearningRateSchedule {

    /** The learning rate for the update made when {@code step} updates have already been made. */
    double at(long step);

    /** A fixed learning rate. */
    static LearningRateSchedule constant(double learningRate) {
        return new ConstantLearningRate(learningRate);
    }
}
