package org.gru4j.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.gru4j.nn.GraphLayer;
import org.gru4j.nn.Layer;
import org.gru4j.tensor.Tensor;

/**
 * A plain stack of layers, each feeding the next, as Keras's {@code Sequential}:
 *
 * <pre>
 *   Sequential model = new Sequential();
 *   model.input(-1, 1);                                   // optional: (steps, features), -1 = any length
 *   model.add(new GRU(128).returnSequences(true));
 *   model.add(new Dense(1, Activation.SIGMOID));
 *   model.compile(new Adam(), new BinaryCrossentropy(), "accuracy");
 *   model.fit(xTrain, yTrain, FitOptions.epochs(10).batchSize(32).validationData(xVal, yVal));
 * </pre>
 *
 * Without {@link #input}, the model is built when it first sees data, from that data's shape.
 */
public class Sequential extends Model {
    private final List<Layer> layers = new ArrayList<>();
    private int[] inputShape;

    public Sequential() {
        this("sequential", DEFAULT_SEED);
    }

    /** A sequential model whose initial weights come from {@code seed}. */
    public Sequential(long seed) {
        this("sequential", seed);
    }

    public Sequential(String name, long seed) {
        super(name, seed);
    }

    /** Declares the input shape without the batch dimension; -1 for a size that varies. */
    public Sequential input(int... shape) {
        requireNotBuilt();
        this.inputShape = shape.clone();
        return this;
    }

    public Sequential add(Layer layer) {
        requireNotBuilt();
        layers.add(layer);
        return this;
    }

    public List<Layer> sequentialLayers() {
        return Collections.unmodifiableList(layers);
    }

    private void requireNotBuilt() {
        if (isBuilt()) {
            throw new IllegalStateException(name() + " is already built; layers and input shape are fixed");
        }
    }

    /** Builds from the declared input shape. */
    public Sequential build() {
        if (inputShape == null) {
            throw new IllegalStateException(name() + ": declare the input shape with input(...) or call fit/predict");
        }
        if (!isBuilt()) {
            buildFrom(inputShape);
        }
        return this;
    }

    private void buildFrom(int[] shape) {
        if (layers.isEmpty()) {
            throw new IllegalStateException(name() + " has no layers");
        }
        Node in = Node.input("input", shape);
        Node x = in;
        for (Layer l : layers) {
            x = Node.call(GraphLayer.of(l), x)[0];
        }
        define(List.of(in), List.of(x));
    }

    @Override
    protected void ensureBuilt(List<Tensor> xs) {
        if (isBuilt()) {
            return;
        }
        if (inputShape != null) {
            buildFrom(inputShape);
            return;
        }
        int[] s = xs.get(0).shape();
        int[] shape = new int[s.length - 1];
        System.arraycopy(s, 1, shape, 0, shape.length);
        if (shape.length >= 2 || (shape.length == 1 && layers.get(0) instanceof org.gru4j.nn.Embedding)) {
            // Sequences: any number of steps, as Keras's input_shape=(None, features).
            shape[0] = -1;
        }
        buildFrom(shape);
    }
}
