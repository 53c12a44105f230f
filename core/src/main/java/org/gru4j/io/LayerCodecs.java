package org.gru4j.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gru4j.kernels.GateActivation;
import org.gru4j.nn.Activation;
import org.gru4j.nn.Dense;
import org.gru4j.nn.Attention;
import org.gru4j.nn.Dropout;
import org.gru4j.nn.Embedding;
import org.gru4j.nn.init.Initializers;
import org.gru4j.nn.recurrent.Bidirectional;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.GRUCell;
import org.gru4j.nn.recurrent.LSTM;
import org.gru4j.nn.recurrent.LSTMCell;
import org.gru4j.nn.recurrent.MergeMode;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.nn.recurrent.RecurrentStack;
import org.gru4j.nn.recurrent.SimpleRNN;
import org.gru4j.nn.recurrent.SimpleRNNCell;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/**
 * The registry of {@link LayerCodec}s, by type name. Built in: {@code Dense}, {@code Embedding}, {@code Dropout},
 * {@code Attention}, {@code GRU}, {@code LSTM}, {@code SimpleRNN}, {@code Bidirectional} and {@code RecurrentStack}; other modules
 * add theirs with {@link #register}. The configuration keys of each built-in type are listed in
 * {@code docs/model-format.md}.
 *
 * <p>Loaded layers are initialized cheaply (recurrent layers with the uniform PyTorch scheme rather than Keras's
 * orthogonal one, whose cost grows with the cube of the units), because the file's weights replace the initial
 * values anyway.
 */
public final class LayerCodecs {
    private static final List<LayerCodec> CODECS = new CopyOnWriteArrayList<>();

    static {
        CODECS.add(new DenseCodec());
        CODECS.add(new EmbeddingCodec());
        CODECS.add(new DropoutCodec());
        CODECS.add(new RecurrentCodec("GRU"));
        CODECS.add(new RecurrentCodec("LSTM"));
        CODECS.add(new RecurrentCodec("SimpleRNN"));
        CODECS.add(new BidirectionalCodec());
        CODECS.add(new StackCodec());
        CODECS.add(new AttentionCodec());
    }

    private LayerCodecs() {
    }

    /**
     * Adds a codec. It is asked before the ones registered earlier, so a codec for a subclass of a built-in layer
     * takes precedence (the built-in codecs match exact classes anyway).
     *
     * @throws IllegalArgumentException if another codec already has the same type name
     */
    public static synchronized void register(LayerCodec codec) {
        for (LayerCodec c : CODECS) {
            if (c.type().equals(codec.type())) {
                throw new IllegalArgumentException("a layer codec for type '" + codec.type() + "' is already "
                        + "registered (" + c.getClass().getName() + ")");
            }
        }
        CODECS.add(0, codec);
    }

    /** The codec for type name {@code type}, or null. */
    public static LayerCodec forType(String type) {
        for (LayerCodec c : CODECS) {
            if (c.type().equals(type)) {
                return c;
            }
        }
        return null;
    }

    /**
     * The codec that writes {@code layer}.
     *
     * @throws IllegalArgumentException naming the layer's class when no codec handles it
     */
    public static LayerCodec forLayer(Object layer) {
        for (LayerCodec c : CODECS) {
            if (c.handles(layer)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no model-file codec for layer class " + layer.getClass().getName()
                + "; known types: " + types() + " (add one with LayerCodecs.register)");
    }

    /** The registered type names. */
    public static List<String> types() {
        List<String> out = new ArrayList<>();
        for (LayerCodec c : CODECS) {
            out.add(c.type());
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static long multiply(LayerConfig cfg, long... factors) throws ModelFormatException {
        long p = 1;
        for (long f : factors) {
            try {
                p = Math.multiplyExact(p, f);
            } catch (ArithmeticException e) {
                throw cfg.fail("parameter count overflows a 64-bit integer");
            }
        }
        return p;
    }

    static void requireInputs(LayerConfig cfg, List<int[]> shapes, int... allowedCounts) throws ModelFormatException {
        for (int n : allowedCounts) {
            if (shapes.size() == n) {
                return;
            }
        }
        throw cfg.fail("expected " + java.util.Arrays.toString(allowedCounts) + " input(s), the graph gives "
                + shapes.size());
    }

    /** The last dimension of {@code shape}, which must be a known positive size. */
    static int features(LayerConfig cfg, int[] shape, int rankMin, int rankMax) throws ModelFormatException {
        if (shape.length < rankMin || shape.length > rankMax || shape[shape.length - 1] <= 0) {
            throw cfg.fail("cannot take inputs of shape " + Tensor.shapeString(shape));
        }
        return shape[shape.length - 1];
    }

    // ------------------------------------------------------------------------------------------------ codecs

    private static final class DenseCodec implements LayerCodec {
        @Override
        public String type() {
            return "Dense";
        }

        @Override
        public boolean handles(Object layer) {
            return layer.getClass() == Dense.class;
        }

        @Override
        public Map<String, Object> toConfig(Object layer) {
            Dense d = (Dense) layer;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("units", d.units());
            m.put("activation", d.activation().kerasName());
            m.put("use_bias", d.useBias());
            return m;
        }

        @Override
        public long parameterCount(LayerConfig cfg, List<int[]> in) throws ModelFormatException {
            requireInputs(cfg, in, 1);
            int f = features(cfg, in.get(0), 1, 2);
            long units = cfg.integer("units", 1, Integer.MAX_VALUE);
            return multiply(cfg, units, f) + (cfg.bool("use_bias") ? units : 0);
        }

        @Override
        public Object create(String name, LayerConfig cfg) throws ModelFormatException {
            cfg.requireOnly("units", "activation", "use_bias");
            Activation a = Activation.byName(cfg.choice("activation", activationNames()));
            return Dense.builder(cfg.integer("units", 1, Integer.MAX_VALUE)).name(name).activation(a)
                    .useBias(cfg.bool("use_bias")).build();
        }

        private static List<String> activationNames() {
            List<String> out = new ArrayList<>();
            for (Activation a : Activation.values()) {
                out.add(a.kerasName());
            }
            return out;
        }
    }

    private static final class EmbeddingCodec implements LayerCodec {
        @Override
        public String type() {
            return "Embedding";
        }

        @Override
        public boolean handles(Object layer) {
            return layer.getClass() == Embedding.class;
        }

        @Override
        public Map<String, Object> toConfig(Object layer) {
            Embedding e = (Embedding) layer;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("vocab_size", e.vocabSize());
            m.put("dim", e.dim());
            m.put("mask_zero", e.maskZero());
            return m;
        }

        @Override
        public long parameterCount(LayerConfig cfg, List<int[]> in) throws ModelFormatException {
            requireInputs(cfg, in, 1);
            if (in.get(0).length != 1) {
                throw cfg.fail("expected token ids of shape (steps), got " + Tensor.shapeString(in.get(0)));
            }
            return multiply(cfg, cfg.integer("vocab_size", 1, Integer.MAX_VALUE),
                    cfg.integer("dim", 1, Integer.MAX_VALUE));
        }

        @Override
        public Object create(String name, LayerConfig cfg) throws ModelFormatException {
            cfg.requireOnly("vocab_size", "dim", "mask_zero");
            return new Embedding(cfg.integer("vocab_size", 1, Integer.MAX_VALUE),
                    cfg.integer("dim", 1, Integer.MAX_VALUE), cfg.bool("mask_zero"), Initializers.zeros(), name);
        }
    }

    /** Luong attention: two inputs, decoder states {@code (steps, Hd)} and encoder outputs {@code (steps, He)}. */
    private static final class AttentionCodec implements LayerCodec {
        @Override
        public String type() {
            return "Attention";
        }

        @Override
        public boolean handles(Object layer) {
            return layer.getClass() == Attention.class;
        }

        @Override
        public Map<String, Object> toConfig(Object layer) {
            return new LinkedHashMap<>(Map.of("units", ((Attention) layer).units()));
        }

        @Override
        public long parameterCount(LayerConfig cfg, List<int[]> in) throws ModelFormatException {
            requireInputs(cfg, in, 2);
            long hd = features(cfg, in.get(0), 2, 2);
            long he = features(cfg, in.get(1), 2, 2);
            long units = cfg.integer("units", 1, Integer.MAX_VALUE);
            // score_kernel (Hd, He), kernel (units, He + Hd), bias (units)
            return Math.addExact(Math.addExact(multiply(cfg, hd, he), multiply(cfg, units, he + hd)), units);
        }

        @Override
        public Object create(String name, LayerConfig cfg) throws ModelFormatException {
            cfg.requireOnly("units");
            return new Attention(cfg.integer("units", 1, Integer.MAX_VALUE), name);
        }
    }

    private static final class DropoutCodec implements LayerCodec {
        @Override
        public String type() {
            return "Dropout";
        }

        @Override
        public boolean handles(Object layer) {
            return layer.getClass() == Dropout.class;
        }

        @Override
        public Map<String, Object> toConfig(Object layer) {
            // The float itself: Float.toString round-trips through the JSON double back to the same float.
            return new LinkedHashMap<>(Map.of("rate", ((Dropout) layer).rate()));
        }

        @Override
        public long parameterCount(LayerConfig cfg, List<int[]> in) throws ModelFormatException {
            requireInputs(cfg, in, 1);
            return 0;
        }

        @Override
        public Object create(String name, LayerConfig cfg) throws ModelFormatException {
            cfg.requireOnly("rate");
            double rate = cfg.number("rate");
            if (!(rate >= 0 && rate < 1)) {
                throw cfg.fail("'rate': expected a number in [0, 1), found " + rate);
            }
            return new Dropout(rate, name);
        }
    }

    /** GRU, LSTM and SimpleRNN, told apart by their cell (a Bidirectional's copies are plain RecurrentLayers). */
    private static final class RecurrentCodec implements LayerCodec {
        private static final List<String> GATES = List.of("sigmoid", "hard_sigmoid_keras2", "hard_sigmoid_keras3");
        private final String type;

        RecurrentCodec(String type) {
            this.type = type;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public boolean handles(Object layer) {
            Class<?> c = layer.getClass();
            if (!(layer instanceof RecurrentLayer r)
                    || (c != RecurrentLayer.class && c != GRU.class && c != LSTM.class && c != SimpleRNN.class)) {
                return false;
            }
            switch (type) {
                case "GRU":
                    return r.cell() instanceof GRUCell;
                case "LSTM":
                    return r.cell() instanceof LSTMCell;
                default:
                    return r.cell() instanceof SimpleRNNCell;
            }
        }

        @Override
        public Map<String, Object> toConfig(Object layer) {
            RecurrentLayer r = (RecurrentLayer) layer;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("units", r.units());
            if (r.cell() instanceof GRUCell g) {
                m.put("reset_after", g.resetAfter());
                m.put("gate_activation", g.gateActivation().name().toLowerCase(Locale.ROOT));
            } else if (r.cell() instanceof LSTMCell l) {
                m.put("gate_activation", l.gateActivation().name().toLowerCase(Locale.ROOT));
            } else {
                m.put("activation", ((SimpleRNNCell) r.cell()).relu() ? "relu" : "tanh");
            }
            m.put("return_sequences", r.returnSequences());
            m.put("return_state", r.returnState());
            m.put("go_backwards", r.goBackwards());
            // Rates are floats inside the layer; written widened, they parse back to the same float.
            m.put("dropout", r.dropoutRate());
            m.put("recurrent_dropout", r.recurrentDropoutRate());
            return m;
        }

        private int gates() {
            return type.equals("GRU") ? 3 : type.equals("LSTM") ? 4 : 1;
        }

        @Override
        public long parameterCount(LayerConfig cfg, List<int[]> in) throws ModelFormatException {
            requireInputs(cfg, in, 1, 1 + (type.equals("LSTM") ? 2 : 1));
            if (in.get(0).length != 2) {
                throw cfg.fail("expected sequences of shape (steps, features), got " + Tensor.shapeString(in.get(0)));
            }
            int f = features(cfg, in.get(0), 2, 2);
            return count(cfg, f);
        }

        /** {@code G*H*(F + H + biases)}, as {@link org.gru4j.nn.recurrent.RecurrentCell} lays them out. */
        long count(LayerConfig cfg, int features) throws ModelFormatException {
            long h = cfg.integer("units", 1, Integer.MAX_VALUE);
            int biases = type.equals("GRU") && cfg.bool("reset_after") ? 2 : 1;
            return multiply(cfg, gates(), h, (long) features + h + biases);
        }

        @Override
        public Object create(String name, LayerConfig cfg) throws ModelFormatException {
            int units = cfg.integer("units", 1, Integer.MAX_VALUE);
            RecurrentLayer r;
            switch (type) {
                case "GRU":
                    cfg.requireOnly("units", "reset_after", "gate_activation", "return_sequences", "return_state",
                            "go_backwards", "dropout", "recurrent_dropout");
                    r = new GRU(units, cfg.bool("reset_after")).gateActivation(gate(cfg));
                    break;
                case "LSTM":
                    cfg.requireOnly("units", "gate_activation", "return_sequences", "return_state", "go_backwards",
                            "dropout", "recurrent_dropout");
                    r = new LSTM(units).gateActivation(gate(cfg));
                    break;
                default:
                    cfg.requireOnly("units", "activation", "return_sequences", "return_state", "go_backwards",
                            "dropout", "recurrent_dropout");
                    r = new SimpleRNN(units, cfg.choice("activation", List.of("tanh", "relu")).equals("relu"));
                    break;
            }
            return r.name(name).returnSequences(cfg.bool("return_sequences")).returnState(cfg.bool("return_state"))
                    .goBackwards(cfg.bool("go_backwards")).dropout(rate(cfg, "dropout"))
                    .recurrentDropout(rate(cfg, "recurrent_dropout")).init(RecurrentLayer.Init.PYTORCH);
        }

        private static double rate(LayerConfig cfg, String key) throws ModelFormatException {
            double r = cfg.number(key);
            if (!(r >= 0 && r < 1)) {
                throw cfg.fail("'" + key + "': expected a number in [0, 1), found " + r);
            }
            return r;
        }

        private static GateActivation gate(LayerConfig cfg) throws ModelFormatException {
            return GateActivation.valueOf(cfg.choice("gate_activation", GATES).toUpperCase(Locale.ROOT));
        }
    }

    private static final class BidirectionalCodec implements LayerCodec {
        private static final List<String> MODES = List.of("concat", "sum", "mul", "ave");

        @Override
        public String type() {
            return "Bidirectional";
        }

        @Override
        public boolean handles(Object layer) {
            return layer.getClass() == Bidirectional.class;
        }

        @Override
        public Map<String, Object> toConfig(Object layer) {
            Bidirectional b = (Bidirectional) layer;
            // The forward copy carries the wrapped layer's configuration (the backward copy flips go_backwards).
            RecurrentLayer inner = b.forwardLayer();
            LayerCodec c = forLayer(inner);
            Map<String, Object> wrapped = new LinkedHashMap<>();
            wrapped.put("class", c.type());
            wrapped.put("config", c.toConfig(inner));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("layer", wrapped);
            m.put("merge_mode", b.mergeMode().name().toLowerCase(Locale.ROOT));
            return m;
        }

        /** The codec of the wrapped layer: only the recurrent types, so configurations cannot nest further. */
        private static RecurrentCodec inner(LayerConfig w) throws ModelFormatException {
            w.requireOnly("class", "config");
            String t = w.choice("class", List.of("GRU", "LSTM", "SimpleRNN"));
            return new RecurrentCodec(t);
        }

        @Override
        public long parameterCount(LayerConfig cfg, List<int[]> in) throws ModelFormatException {
            LayerConfig w = cfg.object("layer");
            RecurrentCodec c = inner(w);
            int states = c.type().equals("LSTM") ? 2 : 1;
            requireInputs(cfg, in, 1, 1 + 2 * states);
            if (in.get(0).length != 2) {
                throw cfg.fail("expected sequences of shape (steps, features), got " + Tensor.shapeString(in.get(0)));
            }
            return multiply(cfg, 2, c.count(w.object("config"), features(cfg, in.get(0), 2, 2)));
        }

        @Override
        public Object create(String name, LayerConfig cfg) throws ModelFormatException {
            cfg.requireOnly("layer", "merge_mode");
            LayerConfig w = cfg.object("layer");
            RecurrentLayer r = (RecurrentLayer) inner(w).create(name, w.object("config"));
            MergeMode mode = MergeMode.valueOf(cfg.choice("merge_mode", MODES).toUpperCase(Locale.ROOT));
            return new Bidirectional(r, mode).name(name);
        }
    }

    private static final class StackCodec implements LayerCodec {
        @Override
        public String type() {
            return "RecurrentStack";
        }

        @Override
        public boolean handles(Object layer) {
            return layer.getClass() == RecurrentStack.class;
        }

        @Override
        public Map<String, Object> toConfig(Object layer) {
            RecurrentStack s = (RecurrentStack) layer;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", s.kind().name().toLowerCase(Locale.ROOT));
            m.put("input_size", s.inputSize());
            m.put("hidden", s.hidden());
            m.put("num_layers", s.numLayers());
            m.put("bidirectional", s.bidirectional());
            return m;
        }

        private static RecurrentStack.Kind kind(LayerConfig cfg) throws ModelFormatException {
            List<String> names = new ArrayList<>();
            for (RecurrentStack.Kind k : RecurrentStack.Kind.values()) {
                names.add(k.name().toLowerCase(Locale.ROOT));
            }
            return RecurrentStack.Kind.valueOf(cfg.choice("kind", names).toUpperCase(Locale.ROOT));
        }

        @Override
        public long parameterCount(LayerConfig cfg, List<int[]> in) throws ModelFormatException {
            requireInputs(cfg, in, 1);
            RecurrentStack.Kind kind = kind(cfg);
            long input = cfg.integer("input_size", 1, Integer.MAX_VALUE);
            long h = cfg.integer("hidden", 1, Integer.MAX_VALUE);
            // A stack of a million layers in a tiny file is rejected here: each layer needs weights in the file.
            int layers = cfg.integer("num_layers", 1, 1 << 16);
            int d = cfg.bool("bidirectional") ? 2 : 1;
            if (in.get(0).length != 2 || in.get(0)[1] != input) {
                throw cfg.fail("expected inputs of shape (steps, " + input + "), got " + Tensor.shapeString(in.get(0)));
            }
            int gates = kind == RecurrentStack.Kind.LSTM ? 4 : kind.name().startsWith("GRU") ? 3 : 1;
            int biases = kind == RecurrentStack.Kind.GRU ? 2 : 1;
            long total = 0;
            for (int k = 0; k < layers; k++) {
                long f = k == 0 ? input : d * h;
                total += multiply(cfg, d, gates, h, f + h + biases);
                if (total < 0) {
                    throw cfg.fail("parameter count overflows a 64-bit integer");
                }
            }
            return total;
        }

        @Override
        public Object create(String name, LayerConfig cfg) throws ModelFormatException {
            cfg.requireOnly("kind", "input_size", "hidden", "num_layers", "bidirectional");
            return new RecurrentStack(kind(cfg), cfg.integer("input_size", 1, Integer.MAX_VALUE),
                    cfg.integer("hidden", 1, Integer.MAX_VALUE), cfg.integer("num_layers", 1, 1 << 16),
                    cfg.bool("bidirectional"), new Rng(0)).name(name);
        }
    }
}
