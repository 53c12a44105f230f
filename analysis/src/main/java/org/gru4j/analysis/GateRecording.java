package org.gru4j.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gru4j.io.Json;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.tensor.Tensor;

/**
 * Everything a recurrent layer computed on a batch, step by step, recomputed in double from its parameters: the
 * gate activations, the hidden states and (LSTM) the cell states, with saturation statistics of the gates.
 *
 * <p>Steps are in processing order (reversed for {@code goBackwards}, like the layer's own output). Masks are not
 * applied: every step of every row is recorded as if real.
 *
 * @param cellType   "GRU", "LSTM" or "SimpleRNN"
 * @param gateNames  r, z, n (GRU); i, f, g, o (LSTM); a (SimpleRNN, the activation, equal to h)
 * @param gates      {@code [gate][batch][step][unit]}
 * @param hidden     {@code [batch][step + 1][unit]}: index 0 is the initial state, index {@code s + 1} the state
 *                   after step {@code s}
 * @param cell       LSTM cell states, laid out like {@code hidden}; null for other cells
 * @param saturation gate saturation with the default thresholds
 */
public record GateRecording(String cellType, List<String> gateNames, double[][][][] gates, double[][][] hidden,
                            double[][][] cell, Saturation saturation) {

    /** Records a built layer on {@code x (batch, steps, features)} from zero initial states. */
    public static GateRecording record(RecurrentLayer layer, Tensor x) {
        return record(layer, x, null);
    }

    /**
     * Records a built layer on {@code x (batch, steps, features)}.
     *
     * @param initialState null for zeros, or the layer's initial states ({@code [h]} or {@code [h, c]}, each
     *                     {@code (batch, units)})
     */
    public static GateRecording record(RecurrentLayer layer, Tensor x, Tensor[] initialState) {
        CellDynamics d = CellDynamics.of(layer);
        double[][][] in = Sequences.inputs(layer, x);
        int batch = in.length;
        int steps = batch == 0 ? 0 : in[0].length;
        double[][] init = Sequences.initialStates(layer, initialState, batch);
        int h = d.units();
        int ng = d.gateNames().size();
        boolean lstm = d.kind() == CellDynamics.Kind.LSTM;
        double[][][][] gates = new double[ng][batch][steps][h];
        double[][][] hidden = new double[batch][steps + 1][];
        double[][][] cell = lstm ? new double[batch][steps + 1][] : null;
        double[][] g = new double[ng][h];
        for (int b = 0; b < batch; b++) {
            double[] s = init[b];
            store(s, h, lstm, hidden[b], cell == null ? null : cell[b], 0);
            for (int t = 0; t < steps; t++) {
                s = d.gates(s, in[b][t], g);
                for (int k = 0; k < ng; k++) {
                    System.arraycopy(g[k], 0, gates[k][b][t], 0, h);
                }
                store(s, h, lstm, hidden[b], cell == null ? null : cell[b], t + 1);
            }
        }
        Saturation sat = Saturation.of(d.gateNames(), d.tanhGates(), gates, Saturation.DEFAULT_HIGH,
                Saturation.DEFAULT_LOW);
        return new GateRecording(d.typeName(), d.gateNames(), gates, hidden, cell, sat);
    }

    private static void store(double[] s, int h, boolean lstm, double[][] hidden, double[][] cell, int t) {
        hidden[t] = java.util.Arrays.copyOfRange(s, 0, h);
        if (lstm) {
            cell[t] = java.util.Arrays.copyOfRange(s, h, 2 * h);
        }
    }

    /** The values of one gate, {@code [batch][step][unit]}, by name, e.g. {@code gate("z")}. */
    public double[][][] gate(String name) {
        int k = gateNames.indexOf(name);
        if (k < 0) {
            throw new IllegalArgumentException("expected one of " + gateNames + ", got " + name);
        }
        return gates[k];
    }

    /** The hidden states after each step of all rows, {@code (batch * steps) x units}, e.g. for {@link Pca#fit}. */
    public double[][] statesAfterSteps() {
        int batch = hidden.length;
        int steps = batch == 0 ? 0 : hidden[0].length - 1;
        double[][] out = new double[batch * steps][];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                out[b * steps + t] = hidden[b][t + 1];
            }
        }
        return out;
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cell_type", cellType);
        m.put("gate_names", gateNames);
        Map<String, Object> gm = new LinkedHashMap<>();
        for (int k = 0; k < gateNames.size(); k++) {
            gm.put(gateNames.get(k), rows(gates[k]));
        }
        m.put("gates", gm);
        m.put("hidden", rows(hidden));
        if (cell != null) {
            m.put("cell", rows(cell));
        }
        m.put("saturation", saturation.toMap());
        return Json.write(m);
    }

    private static List<Object> rows(double[][][] a) {
        List<Object> out = new java.util.ArrayList<>(a.length);
        for (double[][] m : a) {
            out.add(JsonValues.matrix(m));
        }
        return out;
    }
}
