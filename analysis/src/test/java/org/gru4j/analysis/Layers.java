package org.gru4j.analysis;

import org.gru4j.nn.Parameter;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.LSTM;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.nn.recurrent.SimpleRNN;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/** Small layers of every cell kind with random weights, and random inputs, for the tests. */
final class Layers {
    static final String[] KINDS = {"gru", "gru_reset_before", "lstm", "rnn_tanh", "rnn_relu"};

    private Layers() {
    }

    static RecurrentLayer unbuilt(String kind, int units) {
        return switch (kind) {
            case "gru" -> new GRU(units);
            case "gru_reset_before" -> new GRU(units, false);
            case "lstm" -> new LSTM(units);
            case "rnn_tanh" -> new SimpleRNN(units);
            case "rnn_relu" -> new SimpleRNN(units, true);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /**
     * A built layer whose every weight and bias is uniform in (-scale, scale): large enough that the gates are
     * far from linear, so a wrong Jacobian term shows.
     */
    static RecurrentLayer random(String kind, int units, int inputs, double scale, long seed) {
        RecurrentLayer layer = unbuilt(kind, units).returnSequences(true);
        Rng rng = new Rng(seed);
        layer.build(new int[] {5, inputs}, rng);
        for (Parameter p : layer.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                p.values()[p.offset() + i] = (float) (scale * (2 * rng.nextDouble() - 1));
            }
        }
        return layer;
    }

    static Tensor input(int batch, int steps, int features, long seed) {
        Rng rng = new Rng(seed);
        float[] d = new float[batch * steps * features];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.uniform(-1f, 1f);
        }
        return Tensor.of(d, batch, steps, features);
    }

    static double[] vector(int n, double scale, Rng rng) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * (2 * rng.nextDouble() - 1);
        }
        return v;
    }

    /** Sets every value of the named parameter. */
    static void set(RecurrentLayer layer, String name, double... values) {
        for (Parameter p : layer.parameters()) {
            if (p.name().equals(name)) {
                if (values.length != p.size()) {
                    throw new IllegalArgumentException(name + ": expected " + p.size() + " values, got "
                            + values.length);
                }
                for (int i = 0; i < values.length; i++) {
                    p.values()[p.offset() + i] = (float) values[i];
                }
                return;
            }
        }
        throw new IllegalArgumentException("no parameter " + name);
    }
}
