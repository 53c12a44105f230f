package org.gru4j.nn;

import java.util.List;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/**
 * A differentiable layer: a forward function that records what backward needs, and a backward function that
 * turns the gradient of the output into the gradient of the input while adding parameter gradients into each
 * {@link Parameter}'s gradient array.
 *
 * <p>Shapes exclude the batch dimension: {@code [features]} for vectors, {@code [steps, features]} for sequences,
 * with -1 for a length that varies from call to call.
 *
 * <p>Life cycle: construct with configuration; {@link #build} once the input shape is known, which creates and
 * initializes the parameters from the given generator; then any number of forward/backward calls. Backward
 * must be called with the {@link Forward} of the same layer, in reverse order of the forward calls of a model.
 */
public interface Layer {

    /** The layer's name, unique within a model; parameter names are prefixed with it in model files. */
    String name();

    /**
     * Creates and initializes the parameters for inputs of shape {@code inputShape} (no batch dimension) and
     * returns the output shape. Calling it again with the same shape does nothing.
     *
     * @throws org.gru4j.tensor.ShapeException if the layer cannot take that shape
     */
    int[] build(int[] inputShape, Rng rng);

    /** True once {@link #build} has run. */
    boolean isBuilt();

    /** The trainable and non-trainable parameters, in a fixed order. Empty for parameterless layers. */
    List<Parameter> parameters();

    /**
     * The parameters keyed by a name unique within this layer, in the order of {@link #parameters()}. Layers that
     * hold other layers prefix their parameters' names with a path, e.g. {@code forward/weight_ih}. A model names
     * a parameter {@code layerName/key}.
     */
    default java.util.Map<String, Parameter> namedParameters() {
        java.util.Map<String, Parameter> m = new java.util.LinkedHashMap<>();
        for (Parameter p : parameters()) {
            if (m.put(p.name(), p) != null) {
                throw new IllegalStateException(name() + ": two parameters named " + p.name());
            }
        }
        return m;
    }

    /**
     * Runs the layer on a batch.
     *
     * @param input a batch, first dimension the batch size
     * @param mask  which time steps are real, or null
     */
    Forward forward(Tensor input, Mask mask, Context ctx);

    /**
     * Backpropagates {@code gradOutput} (shape of {@code fwd.output()}), adds parameter gradients and returns
     * the gradient of the input, or null when the input is not differentiable (token ids).
     */
    Tensor backward(Forward fwd, Tensor gradOutput);
}
