package org.gru4j.analysis;

import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.tensor.Tensor;

/** Turns a layer's batch-first float input and initial states into double arrays in processing order. */
final class Sequences {
    private Sequences() {
    }

    /** {@code x (batch, steps, features)} as {@code [batch][step][feature]}, reversed in time for goBackwards. */
    static double[][][] inputs(RecurrentLayer layer, Tensor x) {
        int features = layer.cell().inputSize();
        x.requireShape(layer.name() + " input (batch, steps, features)", -1, -1, features);
        int batch = x.dim(0);
        int steps = x.dim(1);
        float[] d = x.data();
        double[][][] out = new double[batch][steps][features];
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < steps; s++) {
                int t = layer.goBackwards() ? steps - 1 - s : s;
                for (int f = 0; f < features; f++) {
                    out[b][s][f] = d[(b * steps + t) * features + f];
                }
            }
        }
        return out;
    }

    /**
     * Initial states {@code [batch][stateSize]}: zeros when {@code init} is null, else the layer's
     * {@code [h]} or {@code [h, c]} tensors of shape {@code (batch, units)} concatenated per row.
     */
    static double[][] initialStates(RecurrentLayer layer, Tensor[] init, int batch) {
        int h = layer.units();
        int ns = layer.stateCount();
        double[][] out = new double[batch][ns * h];
        if (init == null) {
            return out;
        }
        if (init.length != ns) {
            throw new IllegalArgumentException(layer.name() + ": expected " + ns + " initial state tensor(s), got "
                    + init.length);
        }
        for (int k = 0; k < ns; k++) {
            init[k].requireShape(layer.name() + " initial state " + k + " (batch, units)", batch, h);
            float[] d = init[k].data();
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < h; j++) {
                    out[b][k * h + j] = d[b * h + j];
                }
            }
        }
        return out;
    }
}
