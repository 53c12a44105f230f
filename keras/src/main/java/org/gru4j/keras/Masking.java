package org.gru4j.keras;

import org.gru4j.nn.AbstractLayer;
import org.gru4j.nn.Context;
import org.gru4j.nn.Forward;
import org.gru4j.nn.Mask;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/**
 * Keras {@code Masking(mask_value)}: a step of a {@code (batch, steps, features)} input is padding when every one of
 * its features equals {@code maskValue}. The output is the input with padding steps set to zero (Keras multiplies
 * by the mask, which matters only when {@code maskValue != 0}) and carries the new mask; an incoming mask is
 * ignored, as in Keras.
 */
public final class Masking extends AbstractLayer {
    private final float maskValue;

    public Masking(double maskValue, String name) {
        super(name, "masking");
        this.maskValue = (float) maskValue;
    }

    public float maskValue() {
        return maskValue;
    }

    @Override
    protected int[] buildLayer(int[] inputShape, Rng rng) {
        if (inputShape.length != 2) {
            throw new ShapeException(name() + ": expected input shape (steps, features), got "
                    + Tensor.shapeString(inputShape));
        }
        return inputShape.clone();
    }

    @Override
    public Forward forward(Tensor input, Mask mask, Context ctx) {
        requireInput(input);
        int b = input.dim(0);
        int t = input.dim(1);
        int f = input.dim(2);
        float[] x = input.data();
        float[] y = x.clone();
        boolean[] valid = new boolean[b * t];
        for (int s = 0; s < b * t; s++) {
            for (int j = 0; j < f && !valid[s]; j++) {
                valid[s] = x[s * f + j] != maskValue;
            }
            if (!valid[s]) {
                java.util.Arrays.fill(y, s * f, (s + 1) * f, 0f);
            }
        }
        Mask m = Mask.of(b, t, valid);
        return new Forward(Tensor.of(y, input.shape()), m, m);
    }

    @Override
    public Tensor backward(Forward fwd, Tensor gradOutput) {
        requireGradShape(fwd, gradOutput);
        Mask m = (Mask) fwd.cache();
        int f = gradOutput.dim(2);
        float[] g = gradOutput.data().clone();
        for (int b = 0; b < m.batch(); b++) {
            for (int t = 0; t < m.steps(); t++) {
                if (!m.valid(b, t)) {
                    int o = (b * m.steps() + t) * f;
                    java.util.Arrays.fill(g, o, o + f, 0f);
                }
            }
        }
        return Tensor.of(g, gradOutput.shape());
    }
}
