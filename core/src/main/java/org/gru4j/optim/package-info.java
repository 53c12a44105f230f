/**
 * Optimizers with Keras 3 update rules, learning-rate schedules and gradient clipping.
 *
 * <p><b>Life cycle.</b> An optimizer is constructed with its hyper-parameters (Keras defaults in the no-argument
 * constructors). The first {@link org.gru4j.optim.Optimizer#step} (or an explicit
 * {@link org.gru4j.optim.Optimizer#build}) fixes the list of trainable parameters and allocates the state; every
 * later step must pass the same parameters in the same order. Each step: clip the gradients, apply decoupled weight
 * decay, update every trainable parameter from its gradient, then count the iteration. The learning rate of a step
 * is the schedule at the iteration count before that step (0 for the first), as in Keras.
 *
 * <p><b>State.</b> Each kind of state ("momentum", "velocity", ...) is one flat float array over all trainable
 * parameters; {@link org.gru4j.optim.Optimizer#state()} exposes it as named views {@code "<parameter>/<slot>"} for
 * checkpoints, and {@link org.gru4j.optim.Optimizer#restore} with {@link org.gru4j.optim.Optimizer#iterations()}
 * resumes bit for bit.
 *
 * <p><b>Precision.</b> Values and state are float32 like Keras's default; each element's update is evaluated in
 * double and rounded once, so results agree with Keras to float rounding, not bit for bit.
 */
package org.gru4j.optim;
