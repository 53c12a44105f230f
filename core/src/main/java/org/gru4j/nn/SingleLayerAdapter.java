package org.gru4j.nn;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/** Lets a one-input, one-output {@link Layer} take part in a functional model. */
final class SingleLayerAdapter implements GraphLayer {
    private final Layer layer;

    SingleLayerAdapter(Layer layer) {
        this.layer = layer;
    }

    @Override
    public String name() {
        return layer.name();
    }

    @Override
    public List<int[]> build(List<int[]> inputShapes, Rng rng) {
        if (inputShapes.size() != 1) {
            throw new IllegalArgumentException(layer.name() + " takes one input, got " + inputShapes.size());
        }
        return List.of(layer.build(inputShapes.get(0), rng));
    }

    @Override
    public boolean isBuilt() {
        return layer.isBuilt();
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        return layer.namedParameters();
    }

    @Override
    public String typeName() {
        return Layers.typeName(layer);
    }

    @Override
    public GraphForward forward(List<Tensor> inputs, List<Mask> masks, Context ctx) {
        Forward f = layer.forward(inputs.get(0), masks.get(0), ctx);
        return new GraphForward(List.of(f.output()), Collections.singletonList(f.mask()), f, f::release);
    }

    @Override
    public List<Tensor> backward(GraphForward fwd, List<Tensor> gradOutputs) {
        Tensor g = gradOutputs.get(0);
        if (g == null) {
            g = Tensor.zeros(fwd.outputs().get(0).shape());
        }
        return Arrays.asList(layer.backward((Forward) fwd.cache(), g));
    }

    @Override
    public Object owner() {
        return layer;
    }
}
