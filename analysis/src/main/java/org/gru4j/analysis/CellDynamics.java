package org.gru4j.analysis;

import java.util.List;
import org.gru4j.nn.Parameter;
import org.gru4j.nn.recurrent.GRUCell;
import org.gru4j.nn.recurrent.LSTMCell;
import org.gru4j.nn.recurrent.RecurrentCell;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.nn.recurrent.SimpleRNNCell;

/**
 * One step of a built recurrent cell as {@link Dynamics}, in double, with its exact state Jacobian and its gate
 * activations. The parameters are copied (widened to double) when the adapter is made, so later training does not
 * change it.
 *
 * <p>The equations are those of {@code docs/gru-math.md}; {@code x} is the input, {@code h} the previous state and
 * {@code W_h*} rows of {@code weight_hh}. Jacobians {@code J = ds'/ds}:
 * <pre>
 * GRU (both):      J = diag(z) + diag(1 - z) dn/dh + diag(h - n) dz/dh,   dz/dh = diag(z(1-z)) W_hz
 *                  dr/dh = diag(r(1-r)) W_hr
 *   reset after:   dn/dh = diag(1 - n^2) [diag(W_hn h + b_hn) dr/dh + diag(r) W_hn]
 *   reset before:  dn/dh = diag(1 - n^2) W_hn [diag(r) + diag(h) dr/dh]
 * LSTM, s = (h, c):
 *   dc'/dh = diag(c f(1-f)) W_hf + diag(g i(1-i)) W_hi + diag(i (1-g^2)) W_hg,   dc'/dc = diag(f)
 *   dh'/dh = diag(tanh(c') o(1-o)) W_ho + diag(o (1 - tanh^2 c')) dc'/dh,       dh'/dc = diag(o (1 - tanh^2 c') f)
 *   J = [[dh'/dh, dh'/dc], [dc'/dh, dc'/dc]]
 * SimpleRNN:       J = diag(act'(a)) W_hh, a = W_ih x + W_hh h + b; relu'(0) is taken as 0, as the layer's backward
 * </pre>
 */
public final class CellDynamics implements Dynamics {
    /** The cell formulations this adapter knows. */
    public enum Kind {
        GRU_RESET_AFTER, GRU_RESET_BEFORE, LSTM, RNN_TANH, RNN_RELU
    }

    private final Kind kind;
    private final int h;
    private final int in;
    private final int gh;
    /** (G*H, I) row-major. */
    private final double[] wih;
    /** (G*H, H) row-major. */
    private final double[] whh;
    /** Input-side bias, or the single bias. */
    private final double[] bih;
    /** Recurrent-side bias; zeros for single-bias cells. */
    private final double[] bhh;

    private CellDynamics(Kind kind, RecurrentCell cell) {
        this.kind = kind;
        this.h = cell.units();
        this.in = cell.inputSize();
        this.gh = cell.gates() * h;
        this.wih = widen(cell.weightIh());
        this.whh = widen(cell.weightHh());
        this.bih = widen(cell.biasIh());
        this.bhh = cell.biasHh() == null ? new double[gh] : widen(cell.biasHh());
    }

    /** Adapts a built cell (GRU either formulation, LSTM, SimpleRNN tanh or relu). */
    public static CellDynamics of(RecurrentCell cell) {
        if (cell.inputSize() <= 0 || cell.weightIh() == null) {
            throw new IllegalStateException("expected a built cell, got an unbuilt " + cell.typeName());
        }
        Kind kind;
        if (cell instanceof GRUCell g) {
            kind = g.resetAfter() ? Kind.GRU_RESET_AFTER : Kind.GRU_RESET_BEFORE;
        } else if (cell instanceof LSTMCell) {
            kind = Kind.LSTM;
        } else if (cell instanceof SimpleRNNCell r) {
            kind = r.relu() ? Kind.RNN_RELU : Kind.RNN_TANH;
        } else {
            throw new IllegalArgumentException("expected a GRU, LSTM or SimpleRNN cell, got " + cell.typeName());
        }
        return new CellDynamics(kind, cell);
    }

    /** Adapts a built layer's cell. */
    public static CellDynamics of(RecurrentLayer layer) {
        if (!layer.isBuilt()) {
            throw new IllegalStateException(layer.name() + ": expected a built layer");
        }
        return of(layer.cell());
    }

    private static double[] widen(Parameter p) {
        double[] d = new double[p.size()];
        float[] v = p.values();
        for (int i = 0; i < d.length; i++) {
            d[i] = v[p.offset() + i];
        }
        return d;
    }

    public Kind kind() {
        return kind;
    }

    /** Hidden units H. */
    public int units() {
        return h;
    }

    /** "GRU", "LSTM" or "SimpleRNN". */
    public String typeName() {
        return switch (kind) {
            case GRU_RESET_AFTER, GRU_RESET_BEFORE -> "GRU";
            case LSTM -> "LSTM";
            case RNN_TANH, RNN_RELU -> "SimpleRNN";
        };
    }

    /** Gate names in storage order: r, z, n (GRU); i, f, g, o (LSTM); a (the RNN's activation). */
    public List<String> gateNames() {
        return switch (kind) {
            case GRU_RESET_AFTER, GRU_RESET_BEFORE -> List.of("r", "z", "n");
            case LSTM -> List.of("i", "f", "g", "o");
            case RNN_TANH, RNN_RELU -> List.of("a");
        };
    }

    /**
     * Which gates are tanh-valued (GRU n, LSTM g, the tanh RNN's output), so saturation is judged on
     * {@code (v + 1) / 2}; the others are sigmoids, and the relu RNN's output is unbounded.
     */
    public boolean[] tanhGates() {
        return switch (kind) {
            case GRU_RESET_AFTER, GRU_RESET_BEFORE -> new boolean[] {false, false, true};
            case LSTM -> new boolean[] {false, false, true, false};
            case RNN_TANH -> new boolean[] {true};
            case RNN_RELU -> new boolean[] {false};
        };
    }

    @Override
    public int stateSize() {
        return kind == Kind.LSTM ? 2 * h : h;
    }

    @Override
    public int inputSize() {
        return in;
    }

    @Override
    public void step(double[] state, double[] input, double[] next) {
        evaluate(state, input, new double[gh], next);
    }

    /**
     * Computes the gate activations of one step: {@code out[k][j]} is gate k of unit j, in {@link #gateNames()}
     * order (for the RNN the single "gate" is the new state), and returns the next state.
     */
    public double[] gates(double[] state, double[] input, double[][] out) {
        double[] g = new double[gh];
        double[] next = new double[stateSize()];
        evaluate(state, input, g, next);
        for (int k = 0; k < gh / h; k++) {
            System.arraycopy(g, k * h, out[k], 0, h);
        }
        return next;
    }

    /** Gate activations into {@code g} (G*H, gate blocks in order) and the next state into {@code next}. */
    private void evaluate(double[] state, double[] x, double[] g, double[] next) {
        checkState(state);
        if (x != null && x.length != in) {
            throw new IllegalArgumentException(typeName() + ": expected an input of length " + in + ", got "
                    + x.length);
        }
        // ax = W_ih x + b_ih, ah = W_hh h + b_hh (for reset-before, the n block of ah is filled in later).
        double[] ax = new double[gh];
        double[] ah = new double[gh];
        for (int r = 0; r < gh; r++) {
            double a = bih[r];
            if (x != null) {
                for (int j = 0; j < in; j++) {
                    a += wih[r * in + j] * x[j];
                }
            }
            ax[r] = a;
            double b = bhh[r];
            for (int j = 0; j < h; j++) {
                b += whh[r * h + j] * state[j];
            }
            ah[r] = b;
        }
        switch (kind) {
            case GRU_RESET_AFTER, GRU_RESET_BEFORE -> {
                for (int i = 0; i < h; i++) {
                    g[i] = sigmoid(ax[i] + ah[i]);
                    g[h + i] = sigmoid(ax[h + i] + ah[h + i]);
                }
                for (int i = 0; i < h; i++) {
                    double an;
                    if (kind == Kind.GRU_RESET_AFTER) {
                        an = ax[2 * h + i] + g[i] * ah[2 * h + i];
                    } else {
                        an = ax[2 * h + i];
                        for (int j = 0; j < h; j++) {
                            an += whh[(2 * h + i) * h + j] * g[j] * state[j];
                        }
                    }
                    double n = Math.tanh(an);
                    double z = g[h + i];
                    g[2 * h + i] = n;
                    next[i] = (1 - z) * n + z * state[i];
                }
            }
            case LSTM -> {
                for (int i = 0; i < h; i++) {
                    double ig = sigmoid(ax[i] + ah[i]);
                    double fg = sigmoid(ax[h + i] + ah[h + i]);
                    double gg = Math.tanh(ax[2 * h + i] + ah[2 * h + i]);
                    double og = sigmoid(ax[3 * h + i] + ah[3 * h + i]);
                    g[i] = ig;
                    g[h + i] = fg;
                    g[2 * h + i] = gg;
                    g[3 * h + i] = og;
                    double c = fg * state[h + i] + ig * gg;
                    next[h + i] = c;
                    next[i] = og * Math.tanh(c);
                }
            }
            case RNN_TANH, RNN_RELU -> {
                for (int i = 0; i < h; i++) {
                    double a = ax[i] + ah[i];
                    double v = kind == Kind.RNN_TANH ? Math.tanh(a) : Math.max(a, 0);
                    g[i] = v;
                    next[i] = v;
                }
            }
        }
    }

    @Override
    public void jacobian(double[] s, double[] x, double[][] jac) {
        double[] g = new double[gh];
        double[] next = new double[stateSize()];
        evaluate(s, x, g, next);
        switch (kind) {
            case GRU_RESET_AFTER -> {
                for (int i = 0; i < h; i++) {
                    double r = g[i];
                    double z = g[h + i];
                    double n = g[2 * h + i];
                    double dn = 1 - n * n;
                    double hn = bhh[2 * h + i];
                    for (int k = 0; k < h; k++) {
                        hn += whh[(2 * h + i) * h + k] * s[k];
                    }
                    double dr = r * (1 - r);
                    double dz = z * (1 - z);
                    for (int j = 0; j < h; j++) {
                        double dnj = dn * (hn * dr * whh[i * h + j] + r * whh[(2 * h + i) * h + j]);
                        double dzj = dz * whh[(h + i) * h + j];
                        jac[i][j] = (1 - z) * dnj + (s[i] - n) * dzj + (i == j ? z : 0);
                    }
                }
            }
            case GRU_RESET_BEFORE -> {
                // d(r * h)_k / dh_j = r_k delta_kj + h_k r_k (1 - r_k) W_hr[k][j]
                double[][] drh = new double[h][h];
                for (int k = 0; k < h; k++) {
                    double r = g[k];
                    for (int j = 0; j < h; j++) {
                        drh[k][j] = s[k] * r * (1 - r) * whh[k * h + j] + (k == j ? r : 0);
                    }
                }
                for (int i = 0; i < h; i++) {
                    double z = g[h + i];
                    double n = g[2 * h + i];
                    double dn = 1 - n * n;
                    double dz = z * (1 - z);
                    for (int j = 0; j < h; j++) {
                        double a = 0;
                        for (int k = 0; k < h; k++) {
                            a += whh[(2 * h + i) * h + k] * drh[k][j];
                        }
                        double dzj = dz * whh[(h + i) * h + j];
                        jac[i][j] = (1 - z) * dn * a + (s[i] - n) * dzj + (i == j ? z : 0);
                    }
                }
            }
            case LSTM -> {
                for (int i = 0; i < h; i++) {
                    double ig = g[i];
                    double fg = g[h + i];
                    double gg = g[2 * h + i];
                    double og = g[3 * h + i];
                    double c = s[h + i];
                    double tc = Math.tanh(next[h + i]);
                    double dtc = og * (1 - tc * tc);
                    double ci = gg * ig * (1 - ig);
                    double cf = c * fg * (1 - fg);
                    double cg = ig * (1 - gg * gg);
                    double ho = tc * og * (1 - og);
                    for (int j = 0; j < h; j++) {
                        double dcdh = cf * whh[(h + i) * h + j] + ci * whh[i * h + j] + cg * whh[(2 * h + i) * h + j];
                        jac[h + i][j] = dcdh;
                        jac[i][j] = ho * whh[(3 * h + i) * h + j] + dtc * dcdh;
                        jac[h + i][h + j] = i == j ? fg : 0;
                        jac[i][h + j] = i == j ? dtc * fg : 0;
                    }
                }
            }
            case RNN_TANH, RNN_RELU -> {
                for (int i = 0; i < h; i++) {
                    double v = g[i];
                    double d = kind == Kind.RNN_TANH ? 1 - v * v : (v > 0 ? 1 : 0);
                    for (int j = 0; j < h; j++) {
                        jac[i][j] = d * whh[i * h + j];
                    }
                }
            }
        }
    }

    private void checkState(double[] state) {
        if (state.length != stateSize()) {
            throw new IllegalArgumentException(typeName() + ": expected a state of length " + stateSize()
                    + (kind == Kind.LSTM ? " (h then c)" : "") + ", got " + state.length);
        }
    }

    private static double sigmoid(double a) {
        return 1 / (1 + Math.exp(-a));
    }
}
