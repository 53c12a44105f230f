package org.gru4j.nn.recurrent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.gru4j.nn.Context;
import org.gru4j.nn.Forward;
import org.gru4j.nn.Layer;
import org.gru4j.nn.Mask;
import org.gru4j.nn.Parameter;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/**
 * A stack of recurrent layers shaped like PyTorch's {@code nn.GRU}, {@code nn.LSTM} and {@code nn.RNN}
 * ({@code num_layers}, {@code bidirectional}, {@code batch_first=True}), so a PyTorch state_dict loads directly:
 *
 * <pre>
 *   RecurrentStack gru = RecurrentStack.gru(inputSize, hidden, numLayers, bidirectional, new Rng(seed));
 *   gru.loadStateDict(PyTorch.readStateDict(path, "gru."));   // weight_ih_l0, weight_hh_l0, bias_ih_l0, ...
 *   RecurrentStack.Result r = gru.run(x, h0, null, null, Context.INFERENCE);
 * </pre>
 *
 * <p>Layer {@code k} reads the input ({@code k = 0}) or the concatenated outputs of layer {@code k-1}'s directions.
 * States are {@code (numLayers * D, batch, hidden)}, index {@code layer * D + direction}, as in PyTorch.
 * Parameter names are PyTorch's: {@code weight_ih_l{k}}, {@code weight_hh_l{k}}, {@code bias_ih_l{k}},
 * {@code bias_hh_l{k}}, with suffix {@code _reverse} for the backward direction. Cells with a single bias (all but
 * the reset-after GRU, see {@link RecurrentCell}) name it {@code bias_l{k}} and load PyTorch's two biases as their
 * sum, which computes the same function.
 */
public final class RecurrentStack implements Layer {
    /** The cell of every layer. */
    public enum Kind {
        /** PyTorch nn.GRU: reset gate after the recurrent product. */
        GRU,
        /** GRU with the reset gate before the recurrent product (Cho et al. 2014); not in PyTorch. */
        GRU_RESET_BEFORE,
        LSTM,
        RNN_TANH,
        RNN_RELU
    }

    private final Kind kind;
    private final int inputSize;
    private final int hidden;
    private final int numLayers;
    private final boolean bidirectional;
    private final List<Layer> layers = new ArrayList<>();
    private String name;

    /** Builds the stack with PyTorch's default initialization, uniform in +-1/sqrt(hidden), drawn from {@code rng}. */
    public RecurrentStack(Kind kind, int inputSize, int hidden, int numLayers, boolean bidirectional, Rng rng) {
        if (inputSize <= 0 || hidden <= 0 || numLayers <= 0) {
            throw new IllegalArgumentException("inputSize, hidden and numLayers must be positive, got " + inputSize
                    + ", " + hidden + ", " + numLayers);
        }
        this.kind = kind;
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.numLayers = numLayers;
        this.bidirectional = bidirectional;
        this.name = Names.next(kind.name().toLowerCase(java.util.Locale.ROOT).replace("_reset_before", ""));
        int in = inputSize;
        for (int k = 0; k < numLayers; k++) {
            RecurrentLayer base = new RecurrentLayer(newCell(), "l" + k).returnSequences(true)
                    .init(RecurrentLayer.Init.PYTORCH);
            Layer layer = bidirectional ? new Bidirectional(base, MergeMode.CONCAT).name("l" + k) : base;
            layer.build(new int[] {-1, in}, rng);
            layers.add(layer);
            in = bidirectional ? 2 * hidden : hidden;
        }
    }

    public static RecurrentStack gru(int inputSize, int hidden, int numLayers, boolean bidirectional, Rng rng) {
        return new RecurrentStack(Kind.GRU, inputSize, hidden, numLayers, bidirectional, rng);
    }

    public static RecurrentStack lstm(int inputSize, int hidden, int numLayers, boolean bidirectional, Rng rng) {
        return new RecurrentStack(Kind.LSTM, inputSize, hidden, numLayers, bidirectional, rng);
    }

    public static RecurrentStack rnn(int inputSize, int hidden, int numLayers, boolean bidirectional, boolean relu,
                                     Rng rng) {
        return new RecurrentStack(relu ? Kind.RNN_RELU : Kind.RNN_TANH, inputSize, hidden, numLayers, bidirectional,
                rng);
    }

    private RecurrentCell newCell() {
        switch (kind) {
            case GRU:
                return new GRUCell(hidden, true);
            case GRU_RESET_BEFORE:
                return new GRUCell(hidden, false);
            case LSTM:
                return new LSTMCell(hidden);
            case RNN_RELU:
                return new SimpleRNNCell(hidden, true);
            default:
                return new SimpleRNNCell(hidden, false);
        }
    }

    /** Renames the stack (its parameters are named inside the model after it); model files restore names. */
    public RecurrentStack name(String n) {
        if (n == null || n.isBlank()) {
            throw new IllegalArgumentException("a layer name must not be blank");
        }
        this.name = n;
        return this;
    }

    public Kind kind() {
        return kind;
    }

    public int numLayers() {
        return numLayers;
    }

    public int inputSize() {
        return inputSize;
    }

    public int hidden() {
        return hidden;
    }

    public boolean bidirectional() {
        return bidirectional;
    }

    private int directions() {
        return bidirectional ? 2 : 1;
    }

    private int stateCount() {
        return kind == Kind.LSTM ? 2 : 1;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] build(int[] inputShape, Rng rng) {
        if (inputShape.length != 2 || inputShape[1] != inputSize) {
            throw new ShapeException(name + ": expected input shape (steps, " + inputSize + "), got "
                    + Tensor.shapeString(inputShape));
        }
        return new int[] {inputShape[0], directions() * hidden};
    }

    @Override
    public boolean isBuilt() {
        return true;
    }

    @Override
    public List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** The parameters under PyTorch's names (single biases as {@code bias_l{k}[_reverse]}). */
    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        for (int k = 0; k < numLayers; k++) {
            for (int d = 0; d < directions(); d++) {
                RecurrentCell c = cell(k, d);
                String suffix = "_l" + k + (d == 1 ? "_reverse" : "");
                m.put("weight_ih" + suffix, c.weightIh());
                m.put("weight_hh" + suffix, c.weightHh());
                if (c.biasHh() != null) {
                    m.put("bias_ih" + suffix, c.biasIh());
                    m.put("bias_hh" + suffix, c.biasHh());
                } else {
                    m.put("bias" + suffix, c.biasIh());
                }
            }
        }
        return m;
    }

    /** The cell of layer {@code k}, direction {@code d} (0 forward, 1 backward). */
    public RecurrentCell cell(int k, int d) {
        Layer l = layers.get(k);
        if (l instanceof Bidirectional) {
            Bidirectional bi = (Bidirectional) l;
            return (d == 0 ? bi.forwardLayer() : bi.backwardLayer()).cell();
        }
        if (d != 0) {
            throw new IllegalArgumentException("direction " + d + " of a unidirectional stack");
        }
        return ((RecurrentLayer) l).cell();
    }

    /**
     * Loads a PyTorch state_dict of this module (keys without the module prefix, e.g. {@code weight_ih_l0}),
     * strictly: every expected key must be present with PyTorch's shape, and no other key may appear. Biases of
     * single-bias cells are loaded as {@code bias_ih + bias_hh}. Nothing is changed unless everything checks out.
     *
     * @throws ShapeException        for a tensor of the wrong shape (naming key, expected and given shape)
     * @throws IllegalArgumentException for missing or unexpected keys (listing them)
     */
    public void loadStateDict(Map<String, Tensor> stateDict) {
        Map<String, Tensor> pending = new LinkedHashMap<>();
        TreeSet<String> expected = new TreeSet<>();
        for (int k = 0; k < numLayers; k++) {
            for (int d = 0; d < directions(); d++) {
                RecurrentCell c = cell(k, d);
                String suffix = "_l" + k + (d == 1 ? "_reverse" : "");
                int gh = c.gates() * hidden;
                for (String key : new String[] {"weight_ih", "weight_hh", "bias_ih", "bias_hh"}) {
                    expected.add(key + suffix);
                }
                Tensor wih = need(stateDict, "weight_ih" + suffix, gh, c.inputSize());
                Tensor whh = need(stateDict, "weight_hh" + suffix, gh, hidden);
                Tensor bih = need(stateDict, "bias_ih" + suffix, gh);
                Tensor bhh = need(stateDict, "bias_hh" + suffix, gh);
                pending.put("weight_ih" + suffix, wih);
                pending.put("weight_hh" + suffix, whh);
                if (c.biasHh() != null) {
                    pending.put("bias_ih" + suffix, bih);
                    pending.put("bias_hh" + suffix, bhh);
                } else {
                    float[] sum = new float[gh];
                    for (int i = 0; i < gh; i++) {
                        sum[i] = bih.data()[i] + bhh.data()[i];
                    }
                    pending.put("bias" + suffix, Tensor.of(sum, gh));
                }
            }
        }
        TreeSet<String> unexpected = new TreeSet<>(stateDict.keySet());
        unexpected.removeAll(expected);
        if (!unexpected.isEmpty()) {
            throw new IllegalArgumentException(name + ": unexpected key(s) in state_dict " + unexpected
                    + "; expected " + expected);
        }
        Map<String, Parameter> params = namedParameters();
        pending.forEach((key, t) -> params.get(key).set(t));
    }

    private Tensor need(Map<String, Tensor> sd, String key, int... shape) {
        Tensor t = sd.get(key);
        if (t == null) {
            throw new IllegalArgumentException(name + ": missing key '" + key + "' in state_dict; it has "
                    + new TreeSet<>(sd.keySet()));
        }
        t.requireShape(name + " state_dict tensor '" + key + "'", shape);
        return t;
    }

    /**
     * This module's weights as a PyTorch state_dict (keys without prefix). A single bias is exported as
     * {@code bias_ih} with a zero {@code bias_hh}.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        namedParameters().forEach((key, p) -> {
            if (key.startsWith("bias_l")) {
                String suffix = key.substring("bias".length());
                m.put("bias_ih" + suffix, p.valueTensor());
                m.put("bias_hh" + suffix, Tensor.zeros(p.shape()));
            } else {
                m.put(key, p.valueTensor());
            }
        });
        return m;
    }

    @Override
    public Forward forward(Tensor input, Mask mask, Context ctx) {
        return run(input, null, null, mask, ctx);
    }

    @Override
    public Tensor backward(Forward fwd, Tensor gradOutput) {
        return backward((Result) fwd, gradOutput, null, null).input();
    }

    /**
     * Runs the stack.
     *
     * @param x  {@code (batch, steps, inputSize)}
     * @param h0 null for zeros, or {@code (numLayers * D, batch, hidden)}
     * @param c0 LSTM only: null for zeros, or like {@code h0}
     */
    public Result run(Tensor x, Tensor h0, Tensor c0, Mask mask, Context ctx) {
        int batch = x.dim(0);
        int ld = numLayers * directions();
        if (h0 != null) {
            h0.requireShape(name + " h0 (layers * directions, batch, hidden)", ld, batch, hidden);
        }
        if (c0 != null) {
            if (kind != Kind.LSTM) {
                throw new IllegalArgumentException(name + ": c0 is only for LSTM");
            }
            c0.requireShape(name + " c0 (layers * directions, batch, hidden)", ld, batch, hidden);
        }
        List<Forward> records = new ArrayList<>();
        Tensor in = x;
        Tensor[] hn = new Tensor[ld];
        Tensor[] cn = new Tensor[ld];
        for (int k = 0; k < numLayers; k++) {
            Tensor[] init = initialStates(h0, c0, k, batch);
            Layer l = layers.get(k);
            Forward f;
            Tensor[] finals;
            if (l instanceof Bidirectional) {
                Bidirectional.Result r = ((Bidirectional) l).run(in, init, mask, ctx);
                f = r;
                finals = r.finalStates();
            } else {
                RecurrentLayer.Result r = ((RecurrentLayer) l).run(in, init, mask, ctx);
                f = r;
                finals = r.finalStates();
            }
            int ns = stateCount();
            for (int d = 0; d < directions(); d++) {
                hn[k * directions() + d] = finals[d * ns];
                if (ns == 2) {
                    cn[k * directions() + d] = finals[d * ns + 1];
                }
            }
            records.add(f);
            in = f.output();
        }
        return new Result(in, mask, records, stack(hn, batch), kind == Kind.LSTM ? stack(cn, batch) : null);
    }

    /**
     * Backpropagation through the stack. Returns the input gradient and the gradients of {@code h0} (and
     * {@code c0}) as {@code (numLayers * D, batch, hidden)} tensors.
     */
    public StackGradients backward(Result r, Tensor gradOutput, Tensor gradHn, Tensor gradCn) {
        int batch = r.output().dim(0);
        int ld = numLayers * directions();
        int ns = stateCount();
        Tensor g = gradOutput;
        Tensor[] dh0 = new Tensor[ld];
        Tensor[] dc0 = new Tensor[ld];
        for (int k = numLayers - 1; k >= 0; k--) {
            Tensor[] gFinal = new Tensor[directions() * ns];
            for (int d = 0; d < directions(); d++) {
                gFinal[d * ns] = slice(gradHn, k * directions() + d, batch);
                if (ns == 2) {
                    gFinal[d * ns + 1] = slice(gradCn, k * directions() + d, batch);
                }
            }
            Layer l = layers.get(k);
            RecurrentLayer.Gradients lg = l instanceof Bidirectional
                    ? ((Bidirectional) l).backward((Bidirectional.Result) r.records.get(k), g, gFinal)
                    : ((RecurrentLayer) l).backward((RecurrentLayer.Result) r.records.get(k), g, gFinal);
            Tensor[] di = lg.initialStates();
            for (int d = 0; d < directions(); d++) {
                dh0[k * directions() + d] = di[d * ns];
                if (ns == 2) {
                    dc0[k * directions() + d] = di[d * ns + 1];
                }
            }
            g = lg.input();
        }
        return new StackGradients(g, stack(dh0, batch), ns == 2 ? stack(dc0, batch) : null);
    }

    private Tensor[] initialStates(Tensor h0, Tensor c0, int k, int batch) {
        if (h0 == null && c0 == null) {
            return null;
        }
        int ns = stateCount();
        Tensor[] init = new Tensor[directions() * ns];
        for (int d = 0; d < directions(); d++) {
            int idx = k * directions() + d;
            init[d * ns] = h0 != null ? slice(h0, idx, batch) : Tensor.zeros(batch, hidden);
            if (ns == 2) {
                init[d * ns + 1] = c0 != null ? slice(c0, idx, batch) : Tensor.zeros(batch, hidden);
            }
        }
        return init;
    }

    private Tensor slice(Tensor states, int idx, int batch) {
        if (states == null) {
            return null;
        }
        float[] out = new float[batch * hidden];
        System.arraycopy(states.data(), idx * batch * hidden, out, 0, out.length);
        return Tensor.of(out, batch, hidden);
    }

    private Tensor stack(Tensor[] parts, int batch) {
        float[] out = new float[parts.length * batch * hidden];
        for (int i = 0; i < parts.length; i++) {
            System.arraycopy(parts[i].data(), 0, out, i * batch * hidden, batch * hidden);
        }
        return Tensor.of(out, parts.length, batch, hidden);
    }

    /** One call of the stack: the top layer's output sequence and the final states of every layer. */
    public static final class Result extends Forward {
        private final List<Forward> records;
        private final Tensor hn;
        private final Tensor cn;

        Result(Tensor output, Mask mask, List<Forward> records, Tensor hn, Tensor cn) {
            super(output, mask, null);
            this.records = records;
            this.hn = hn;
            this.cn = cn;
        }

        /** Final hidden states, {@code (numLayers * D, batch, hidden)}. */
        public Tensor hn() {
            return hn;
        }

        /** Final cell states (LSTM), or null. */
        public Tensor cn() {
            return cn;
        }

        /** Releases every layer's record. */
        @Override
        public void release() {
            for (Forward f : records) {
                f.release();
            }
        }
    }

    /** Gradients of a stack call's inputs. */
    public static final class StackGradients {
        private final Tensor input;
        private final Tensor h0;
        private final Tensor c0;

        StackGradients(Tensor input, Tensor h0, Tensor c0) {
            this.input = input;
            this.h0 = h0;
            this.c0 = c0;
        }

        public Tensor input() {
            return input;
        }

        public Tensor h0() {
            return h0;
        }

        /** LSTM only, else null. */
        public Tensor c0() {
            return c0;
        }
    }
}
