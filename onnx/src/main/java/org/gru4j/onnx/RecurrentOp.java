package org.gru4j.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gru4j.io.ModelFormatException;
import org.gru4j.kernels.GateActivation;
import org.gru4j.nn.Context;
import org.gru4j.nn.Mask;
import org.gru4j.nn.Parameter;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.LSTM;
import org.gru4j.nn.recurrent.RecurrentCell;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.nn.recurrent.SimpleRNN;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/**
 * An ONNX GRU, LSTM or RNN node run by gru4j {@link RecurrentLayer}s, one per direction. This is the only place
 * where ONNX's gate order becomes gru4j's: GRU blocks z, r, h become r, z, n; LSTM blocks i, o, f, c become
 * i, f, g, o. {@code B = [Wb, Rb]} becomes {@code bias_ih = Wb, bias_hh = Rb} for the reset-after GRU
 * ({@code linear_before_reset=1}) and the single {@code bias = Wb + Rb} otherwise.
 *
 * <p>Semantics are ONNX's: {@code X (T, B, I)} time-major, {@code Y (T, D, B, H)} with zeros past each sequence's
 * length, {@code Y_h} and {@code Y_c (D, B, H)} the states after each sequence's last real step. gru4j's masking
 * (state carried over padded steps) gives exactly these states for right padding; the outputs at padded steps are
 * then zeroed. A sequence of length 0 gets zeros in {@code Y_h} and {@code Y_c}, not its initial state: the spec
 * leaves this case open and ONNX Runtime's GRU and LSTM write zeros.
 */
final class RecurrentOp {
    static final Set<String> ATTRIBUTES = Set.of("hidden_size", "direction", "linear_before_reset", "activations",
            "activation_alpha", "activation_beta", "clip", "input_forget", "layout");

    private final String op;
    private final RecurrentLayer[] layers;
    private final boolean[] reverse;
    private final int hidden;

    private RecurrentOp(String op, RecurrentLayer[] layers, boolean[] reverse, int hidden) {
        this.op = op;
        this.layers = layers;
        this.reverse = reverse;
        this.hidden = hidden;
    }

    List<RecurrentLayer> layers() {
        return List.of(layers);
    }

    /** gru4j block {@code k} is ONNX block {@code perm[k]}. */
    private static int[] gru4jFromOnnx(String op) {
        switch (op) {
            case "GRU":
                return new int[] {1, 0, 2};
            case "LSTM":
                return new int[] {0, 2, 3, 1};
            default:
                return new int[] {0};
        }
    }

    /**
     * Builds the layers from a node whose W, R and B are constants.
     *
     * @param where "file: node 'name' (GRU)", for messages
     */
    static RecurrentOp compile(OnnxProto.Node n, Value w, Value r, Value b, String where)
            throws ModelFormatException {
        String op = n.opType;
        int gates = op.equals("GRU") ? 3 : op.equals("LSTM") ? 4 : 1;
        if (w == null || r == null) {
            throw new ModelFormatException(where + ": W and R must be initializers or constants");
        }
        if (w.rank() != 3 || r.rank() != 3 || !w.isFloat() || !r.isFloat()) {
            throw new ModelFormatException(where + ": W and R must be float (D, G*H, .) tensors, got " + w + " and "
                    + r);
        }
        int d = w.shape[0];
        int gh = w.shape[1];
        int in = w.shape[2];
        int h = gh / gates;
        String direction = OnnxModel.stringAttr(n, "direction", "forward");
        int expectD = direction.equals("bidirectional") ? 2 : 1;
        if (!direction.equals("forward") && !direction.equals("reverse") && !direction.equals("bidirectional")) {
            throw new ModelFormatException(where + ": direction '" + direction + "' is not forward, reverse or "
                    + "bidirectional");
        }
        long hs = OnnxModel.intAttr(n, "hidden_size", h);
        if (gh % gates != 0 || h <= 0 || in <= 0 || hs != h || d != expectD
                || r.shape[0] != d || r.shape[1] != gh || r.shape[2] != h) {
            throw new ModelFormatException(where + ": expected W (" + expectD + ", " + gates + "*" + hs + ", I) and R ("
                    + expectD + ", " + gates + "*" + hs + ", " + hs + "), got W " + w + " and R " + r);
        }
        if (b != null && (!b.isFloat() || b.rank() != 2 || b.shape[0] != d || b.shape[1] != 2 * gh)) {
            throw new ModelFormatException(where + ": expected B (" + d + ", " + 2 * gh + "), got " + b);
        }
        if (OnnxModel.intAttr(n, "layout", 0) != 0) {
            throw new ModelFormatException(where + ": layout=1 (batch-major) is not supported; use layout=0");
        }
        if (n.attributes.containsKey("clip")) {
            throw new ModelFormatException(where + ": attribute clip is not supported (gru4j never clips)");
        }
        if (OnnxModel.intAttr(n, "input_forget", 0) != 0) {
            throw new ModelFormatException(where + ": input_forget=1 (coupled input and forget gates) is not "
                    + "supported");
        }
        boolean lbr = OnnxModel.intAttr(n, "linear_before_reset", 0) != 0;
        GateActivation[] gateAct = new GateActivation[d];
        boolean[] relu = new boolean[d];
        activations(n, op, d, gateAct, relu, where);

        int[] perm = gru4jFromOnnx(op);
        RecurrentLayer[] layers = new RecurrentLayer[d];
        boolean[] reverse = new boolean[d];
        for (int k = 0; k < d; k++) {
            reverse[k] = direction.equals("reverse") || k == 1;
            RecurrentLayer l;
            switch (op) {
                case "GRU":
                    l = new GRU(h, lbr).gateActivation(gateAct[k]);
                    break;
                case "LSTM":
                    l = new LSTM(h).gateActivation(gateAct[k]);
                    break;
                default:
                    l = new SimpleRNN(h, relu[k]);
                    break;
            }
            l.name(n.name.isEmpty() ? op : n.name + (d == 2 ? (k == 0 ? "_forward" : "_backward") : ""))
                    .returnSequences(true).goBackwards(reverse[k]);
            l.build(new int[] {-1, in}, new Rng(0));
            RecurrentCell c = l.cell();
            float[] wih = new float[gh * in];
            float[] whh = new float[gh * h];
            float[] wb = new float[gh];
            float[] rb = new float[gh];
            for (int j = 0; j < gates; j++) {
                int src = perm[j];
                System.arraycopy(w.f, (k * gh + src * h) * in, wih, j * h * in, h * in);
                System.arraycopy(r.f, (k * gh + src * h) * h, whh, j * h * h, h * h);
                if (b != null) {
                    System.arraycopy(b.f, k * 2 * gh + src * h, wb, j * h, h);
                    System.arraycopy(b.f, k * 2 * gh + gh + src * h, rb, j * h, h);
                }
            }
            c.weightIh().set(Tensor.of(wih, gh, in));
            c.weightHh().set(Tensor.of(whh, gh, h));
            Parameter bhh = c.biasHh();
            if (bhh != null) {
                c.biasIh().set(Tensor.of(wb, gh));
                bhh.set(Tensor.of(rb, gh));
            } else {
                // Both biases are only ever added in these cells: one bias computes the same function.
                for (int i = 0; i < gh; i++) {
                    wb[i] += rb[i];
                }
                c.biasIh().set(Tensor.of(wb, gh));
            }
            layers[k] = l;
        }
        return new RecurrentOp(op, layers, reverse, h);
    }

    private static void activations(OnnxProto.Node n, String op, int d, GateActivation[] gate, boolean[] relu,
                                    String where) throws ModelFormatException {
        java.util.Arrays.fill(gate, GateActivation.SIGMOID);
        OnnxProto.Attribute a = n.attributes.get("activations");
        if (a == null) {
            return;
        }
        int per = op.equals("GRU") ? 2 : op.equals("LSTM") ? 3 : 1;
        if (a.strings.size() != per * d) {
            throw new ModelFormatException(where + ": expected " + per * d + " activations, got " + a.strings);
        }
        OnnxProto.Attribute alphaAttr = n.attributes.get("activation_alpha");
        OnnxProto.Attribute betaAttr = n.attributes.get("activation_beta");
        List<Float> alphas = alphaAttr == null ? List.of() : alphaAttr.floats;
        List<Float> betas = betaAttr == null ? List.of() : betaAttr.floats;
        int ai = 0;
        int bi = 0;
        for (int k = 0; k < d; k++) {
            for (int j = 0; j < per; j++) {
                String name = a.strings.get(k * per + j);
                boolean gatePosition = op.equals("RNN") ? false : j == 0;
                if (name.equalsIgnoreCase("HardSigmoid") && gatePosition) {
                    // alpha and beta are consumed in order by the activations that take them.
                    float alpha = ai < alphas.size() ? alphas.get(ai++) : 0.2f;
                    float beta = bi < betas.size() ? betas.get(bi++) : 0.5f;
                    if (Math.abs(beta - 0.5f) > 1e-6f) {
                        throw new ModelFormatException(where + ": HardSigmoid beta " + beta + " is not supported "
                                + "(gru4j has beta 0.5 with alpha 0.2 or 1/6)");
                    }
                    if (Math.abs(alpha - 0.2f) <= 1e-6f) {
                        gate[k] = GateActivation.HARD_SIGMOID_KERAS2;
                    } else if (Math.abs(alpha - 1f / 6f) <= 1e-6f) {
                        gate[k] = GateActivation.HARD_SIGMOID_KERAS3;
                    } else {
                        throw new ModelFormatException(where + ": HardSigmoid alpha " + alpha + " is not supported "
                                + "(gru4j has 0.2 and 1/6)");
                    }
                } else if (name.equalsIgnoreCase("Sigmoid") && gatePosition) {
                    gate[k] = GateActivation.SIGMOID;
                } else if (name.equalsIgnoreCase("Tanh") && !gatePosition) {
                    continue;
                } else if (name.equalsIgnoreCase("Relu") && op.equals("RNN")) {
                    relu[k] = true;
                } else {
                    throw new ModelFormatException(where + ": activation '" + name + "' at position " + j
                            + " is not supported; supported: " + (op.equals("RNN") ? "Tanh or Relu"
                            : "Sigmoid or HardSigmoid (alpha 0.2 or 1/6, beta 0.5) for the gates, Tanh elsewhere"));
                }
            }
        }
    }

    /**
     * Runs the node.
     *
     * @param lens  sequence_lens (B) or null
     * @param h0    initial_h (D, B, H) or null
     * @param c0    initial_c (D, B, H) or null (LSTM)
     * @return {@code [Y, Y_h]} or {@code [Y, Y_h, Y_c]} for LSTM
     */
    List<Value> run(Value x, Value lens, Value h0, Value c0) {
        if (x.rank() != 3 || !x.isFloat()) {
            throw new IllegalArgumentException("X must be float (steps, batch, features), got " + x);
        }
        int steps = x.shape[0];
        int batch = x.shape[1];
        int d = layers.length;
        int h = hidden;
        Tensor xb = Ops.transpose(x, new long[] {1, 0, 2}).toTensor();
        Mask mask = null;
        int[] len = null;
        if (lens != null) {
            if (lens.rank() != 1 || lens.shape[0] != batch) {
                throw new IllegalArgumentException("sequence_lens must be (" + batch + "), got " + lens);
            }
            len = new int[batch];
            for (int b = 0; b < batch; b++) {
                long v = lens.getLong(b);
                if (v < 0 || v > steps) {
                    throw new IllegalArgumentException("sequence_lens[" + b + "] = " + v + " is not in [0, " + steps
                            + "]");
                }
                len[b] = (int) v;
            }
            mask = Mask.fromLengths(len, steps);
        }
        float[] y = new float[steps * d * batch * h];
        float[] yh = new float[d * batch * h];
        float[] yc = new float[d * batch * h];
        boolean lstm = op.equals("LSTM");
        for (int k = 0; k < d; k++) {
            Tensor[] init = null;
            if (h0 != null || c0 != null) {
                init = new Tensor[lstm ? 2 : 1];
                init[0] = direction(h0, k, d, batch, h);
                if (lstm) {
                    init[1] = direction(c0, k, d, batch, h);
                }
            }
            RecurrentLayer.Result res = layers[k].run(xb, init, mask, Context.INFERENCE);
            float[] out = res.output().data();
            for (int b = 0; b < batch; b++) {
                int real = len == null ? steps : len[b];
                for (int t = 0; t < real; t++) {
                    // A backwards layer returns its outputs in processing order: step t sits at T-1-t.
                    int s = reverse[k] ? steps - 1 - t : t;
                    System.arraycopy(out, (b * steps + s) * h, y, ((t * d + k) * batch + b) * h, h);
                }
            }
            Tensor[] finals = res.finalStates();
            for (int b = 0; b < batch; b++) {
                // An empty sequence has no last output: zeros, as ONNX Runtime gives (the spec leaves it open) and
                // as gru4j's last output of a fully masked sample is; its carried initial state is not an output.
                if (len != null && len[b] == 0) {
                    continue;
                }
                System.arraycopy(finals[0].data(), b * h, yh, (k * batch + b) * h, h);
                if (lstm) {
                    System.arraycopy(finals[1].data(), b * h, yc, (k * batch + b) * h, h);
                }
            }
        }
        List<Value> outs = new ArrayList<>();
        outs.add(Value.floats(y, steps, d, batch, h));
        outs.add(Value.floats(yh, d, batch, h));
        if (lstm) {
            outs.add(Value.floats(yc, d, batch, h));
        }
        return outs;
    }

    private static Tensor direction(Value s, int k, int d, int batch, int h) {
        if (s == null) {
            return Tensor.zeros(batch, h);
        }
        if (s.rank() != 3 || s.shape[0] != d || s.shape[1] != batch || s.shape[2] != h) {
            throw new IllegalArgumentException("initial state must be (" + d + ", " + batch + ", " + h + "), got "
                    + s);
        }
        float[] v = new float[batch * h];
        float[] src = s.floatsCopy();
        System.arraycopy(src, k * batch * h, v, 0, batch * h);
        return Tensor.of(v, batch, h);
    }
}
