package org.gru4j.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.gru4j.nn.GraphLayer;
import org.gru4j.nn.Layer;
import org.gru4j.tensor.Tensor;

/**
 * A symbolic tensor of a functional model: a model input, or one output of a layer applied to other nodes.
 * Building a graph runs nothing; {@link Model}'s constructor builds the layers in the order they were applied.
 *
 * <pre>
 *   Node tokens = Node.input("tokens", -1);                        // (batch, steps) token ids
 *   Node emb = tokens.then(new Embedding(5000, 64, true));
 *   Node[] enc = Node.call(new GRU(128).returnState(true), emb);  // [last output, final state]
 *   Node dec = Node.call(new GRU(128).returnSequences(true), decoderIn, enc[1])[0];
 * </pre>
 */
public final class Node {
    private static final AtomicLong ORDER = new AtomicLong();

    final String name;
    final int[] declaredShape;
    final Call producer;
    final int index;
    int[] shape;

    private Node(String name, int[] declaredShape, Call producer, int index) {
        this.name = name;
        this.declaredShape = declaredShape;
        this.producer = producer;
        this.index = index;
        this.shape = declaredShape;
    }

    /**
     * A model input of the given shape without the batch dimension; -1 marks a size that varies (usually the
     * number of steps): {@code input(-1, 8)} for sequences of 8 features, {@code input(-1)} for token ids.
     */
    public static Node input(String name, int... shape) {
        return new Node(name, shape.clone(), null, 0);
    }

    public static Node input(int... shape) {
        return input("input", shape);
    }

    /** Applies a one-input, one-output layer to this node. */
    public Node then(Layer layer) {
        Node[] out = call(GraphLayer.of(layer), this);
        if (out.length != 1) {
            throw new IllegalArgumentException(layer.name() + " has " + out.length + " outputs; use Node.call");
        }
        return out[0];
    }

    /**
     * Applies a layer to one or more nodes and returns its outputs. The number of outputs is known once the layer
     * is built, so it is fixed here from the layer's configuration: recurrent layers with {@code returnState}
     * return the output followed by their final states.
     */
    public static Node[] call(GraphLayer layer, Node... inputs) {
        if (inputs.length == 0) {
            throw new IllegalArgumentException(layer.name() + ": a layer needs at least one input node");
        }
        Call c = new Call(layer, Arrays.asList(inputs.clone()), ORDER.getAndIncrement());
        int n = Call.outputCount(layer, inputs.length);
        Node[] out = new Node[n];
        for (int i = 0; i < n; i++) {
            out[i] = new Node(layer.name() + (n > 1 ? "[" + i + "]" : ""), null, c, i);
        }
        c.outputs = List.of(out);
        return out;
    }

    /** The shape without the batch dimension, known once the model is built (else null for layer outputs). */
    public int[] shape() {
        return shape == null ? null : shape.clone();
    }

    public String name() {
        return name;
    }

    boolean isInput() {
        return producer == null;
    }

    @Override
    public String toString() {
        return name + (shape == null ? "" : Tensor.shapeString(shape));
    }

    /** One application of a layer to nodes. */
    static final class Call {
        final GraphLayer layer;
        final List<Node> inputs;
        final long order;
        List<Node> outputs = new ArrayList<>();

        Call(GraphLayer layer, List<Node> inputs, long order) {
            this.layer = layer;
            this.inputs = inputs;
            this.order = order;
        }

        static int outputCount(GraphLayer layer, int inputs) {
            if (layer instanceof org.gru4j.nn.recurrent.RecurrentLayer) {
                org.gru4j.nn.recurrent.RecurrentLayer r = (org.gru4j.nn.recurrent.RecurrentLayer) layer;
                return r.returnState() ? 1 + r.stateCount() : 1;
            }
            if (layer instanceof org.gru4j.nn.recurrent.Bidirectional) {
                org.gru4j.nn.recurrent.RecurrentLayer f = ((org.gru4j.nn.recurrent.Bidirectional) layer).forwardLayer();
                return f.returnState() ? 1 + 2 * f.stateCount() : 1;
            }
            if (layer instanceof MultiOutput) {
                return ((MultiOutput) layer).outputCount(inputs);
            }
            return 1;
        }
    }

    /** Implemented by graph layers with more than one output, so graphs know the count before building. */
    public interface MultiOutput {
        int outputCount(int inputCount);
    }
}
