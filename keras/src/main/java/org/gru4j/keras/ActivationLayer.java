package org.gru4j.keras;

import org.gru4j.nn.AbstractLayer;
import org.gru4j.nn.Activation;
import org.gru4j.nn.Context;
import org.gru4j.nn.Forward;
import org.gru4j.nn.Mask;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/**
 * Keras {@code Activation(...)} as a layer: {@link Activation} applied to any input shape (softmax on the last axis).
 * The mask passes through.
 */
public final class ActivationLayer extends AbstractLayer {
    private final Activation activation;

    public ActivationLayer(Activation activation, String name) {
        super(name, "activation");
        this.activation = activation;
    }

    public Activation activation() {
        return activation;
    }

    @Override
    protected int[] buildLayer(int[] inputShape, Rng rng) {
        return inputShape.clone();
    }

    @Override
    public Forward forward(Tensor input, Mask mask, Context ctx) {
        requireInput(input);
        int cols = input.dim(-1);
        float[] y = new float[input.size()];
        activation.forward(input.size() / cols, cols, input.data(), 0, y, 0);
        Tensor out = Tensor.of(y, input.shape());
        return new Forward(out, mask, out);
    }

    @Override
    public Tensor backward(Forward fwd, Tensor gradOutput) {
        requireGradShape(fwd, gradOutput);
        Tensor y = (Tensor) fwd.cache();
        int cols = y.dim(-1);
        float[] d = new float[y.size()];
        activation.backward(y.size() / cols, cols, y.data(), 0, gradOutput.data(), 0, d, 0);
        return Tensor.of(d, y.shape());
    }
}
