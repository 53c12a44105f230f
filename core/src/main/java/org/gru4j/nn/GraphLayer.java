package org.gru4j.nn;

import java.util.List;
import java.util.Map;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/**
 * A layer with any number of inputs and outputs, for functional models: a recurrent layer taking initial states
 * and returning its final states, a concatenation, an attention block. Single-input, single-output
 * {@link Layer}s take part through {@link #of(Layer)}.
 *
 * <p>The contract is {@link Layer}'s: build once from the input shapes (no batch dimension), forward records what
 * backward needs in the returned {@link GraphForward}, backward adds parameter gradients and returns one
 * gradient per input (null for inputs that are not differentiable). A null entry in {@code gradOutputs} means
 * that output does not reach the loss.
 */
public interface GraphLayer {

    String name();

    /** Output shapes for these input shapes; creates the parameters on the first call. */
    List<int[]> build(List<int[]> inputShapes, Rng rng);

    boolean isBuilt();

    /** Parameters by a name unique within this layer. */
    Map<String, Parameter> namedParameters();

    /** A short type name for summaries, e.g. "GRU" or "Concatenate". */
    String typeName();

    GraphForward forward(List<Tensor> inputs, List<Mask> masks, Context ctx);

    List<Tensor> backward(GraphForward fwd, List<Tensor> gradOutputs);

    /** The object that owns the parameters: the layer itself, or the layer an adapter wraps (shared layers). */
    default Object owner() {
        return this;
    }

    /** The layer itself if it is a graph layer, else an adapter for a one-input, one-output layer. */
    static GraphLayer of(Layer layer) {
        if (layer instanceof GraphLayer) {
            return (GraphLayer) layer;
        }
        return new SingleLayerAdapter(layer);
    }
}
