package org.gru4j.keras;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gru4j.io.ModelFormatException;
import org.gru4j.model.Model;
import org.gru4j.model.Node;
import org.gru4j.model.Sequential;
import org.gru4j.nn.Activation;
import org.gru4j.nn.Dense;
import org.gru4j.nn.Dropout;
import org.gru4j.nn.Embedding;
import org.gru4j.nn.Layer;
import org.gru4j.nn.init.Initializers;
import org.gru4j.nn.recurrent.Bidirectional;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.LSTM;
import org.gru4j.nn.recurrent.MergeMode;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.nn.recurrent.SimpleRNN;
import org.gru4j.util.Rng;

/**
 * Turns a parsed Keras model config plus a {@link KerasWeightSource} into built gru4j layers. Handles:
 * <ul>
 *   <li>Sequential configs of Keras 2.1 ({@code "config": [layers]}) and later ({@code "config": {"layers": [...]}}),
 *       with the input shape on an InputLayer ({@code batch_input_shape}, Keras 3 {@code batch_shape}) or on the
 *       first layer ({@code batch_input_shape}, Keras 3 {@code build_config.input_shape});</li>
 *   <li>functional configs ({@code Model}, {@code Functional}) whose layers form a chain from one input to one output:
 *       Keras 2 {@code inbound_nodes [[["name", 0, 0, {}]]]} and Keras 3 {@code [{"args": [keras_tensor]}]};</li>
 *   <li>Keras 3's wrapped layer objects ({@code module}, {@code class_name}, {@code config}, {@code registered_name}).</li>
 * </ul>
 */
final class KerasModelReader {
    static final List<String> SUPPORTED_LAYERS = List.of("InputLayer", "GRU", "CuDNNGRU", "LSTM", "CuDNNLSTM",
            "SimpleRNN", "Bidirectional", "Embedding", "Dense", "Dropout", "Masking", "Activation");
    static final List<String> SUPPORTED_ACTIVATIONS = List.of("linear", "sigmoid", "tanh", "relu", "softmax");

    private final String file;
    private final String kerasVersion;
    private final String format;
    private final KerasWeightSource weights;
    private final Rng rng = new Rng(0); // every parameter is overwritten from the file; build only needs a generator
    private final Set<String> names = new HashSet<>();

    KerasModelReader(String file, String kerasVersion, String format, KerasWeightSource weights) {
        this.file = file;
        this.kerasVersion = kerasVersion;
        this.format = format;
        this.weights = weights;
    }

    @SuppressWarnings("unchecked")
    KerasModel read(Map<String, Object> root) throws ModelFormatException {
        String cls = str(root, "class_name", "model config");
        Object cfg = root.get("config");
        switch (cls) {
            case "Sequential": {
                List<Object> layers = cfg instanceof List ? (List<Object>) cfg : list(map(cfg, "config"), "layers");
                return sequential(root, layers);
            }
            case "Model":
            case "Functional":
                return functional(root, map(cfg, "config"));
            default:
                throw new UnsupportedKerasFeatureException(file + ": model class '" + cls
                        + "' is not supported; supported: Sequential, Model, Functional");
        }
    }

    private KerasModel sequential(Map<String, Object> root, List<Object> layers) throws ModelFormatException {
        List<KerasModel.Step> steps = new ArrayList<>();
        int[] inputShape = null;
        String inputName = "input";
        String prev = inputName;
        int[] shape = null;
        for (int i = 0; i < layers.size(); i++) {
            Map<String, Object> entry = map(layers.get(i), "layer " + i);
            String cls = str(entry, "class_name", "layer " + i);
            Map<String, Object> c = map(entry.get("config"), "layer " + i + " config");
            if (i == 0 || cls.equals("InputLayer")) {
                if (shape == null) {
                    inputShape = declaredInputShape(entry, c);
                    shape = inputShape;
                }
                if (cls.equals("InputLayer")) {
                    inputName = layerName(entry, c);
                    prev = inputName;
                    continue;
                }
            }
            if (shape == null) {
                throw new ModelFormatException(file + ": the Sequential model declares no input shape");
            }
            Built b = create(entry, shape);
            steps.add(new KerasModel.Step(b.name, cls, b.layer, prev, b.zeroMasked));
            prev = b.name;
            shape = b.outShape;
        }
        if (steps.isEmpty()) {
            throw new ModelFormatException(file + ": the model has no layers");
        }
        Sequential seq = new Sequential(modelName(root), 0L).input(inputShape);
        for (KerasModel.Step s : steps) {
            seq.add(s.layer());
        }
        seq.build();
        return new KerasModel(kerasVersion, format, root, inputName, inputShape, steps, prev, seq);
    }

    private KerasModel functional(Map<String, Object> root, Map<String, Object> cfg) throws ModelFormatException {
        List<Object> layers = list(cfg, "layers");
        String in = single(cfg.get("input_layers"), "input_layers");
        String out = single(cfg.get("output_layers"), "output_layers");
        List<KerasModel.Step> steps = new ArrayList<>();
        java.util.Map<String, int[]> shapes = new java.util.HashMap<>();
        int[] inputShape = null;
        for (int i = 0; i < layers.size(); i++) {
            Map<String, Object> entry = map(layers.get(i), "layer " + i);
            String cls = str(entry, "class_name", "layer " + i);
            Map<String, Object> c = map(entry.get("config"), "layer " + i + " config");
            String name = layerName(entry, c);
            if (cls.equals("InputLayer")) {
                if (!name.equals(in)) {
                    throw new UnsupportedKerasFeatureException(file + ": input layer " + name + " is not the model "
                            + "input " + in + "; only models with one input are supported");
                }
                inputShape = declaredInputShape(entry, c);
                shapes.put(name, inputShape);
                continue;
            }
            String src = inbound(entry, name);
            int[] shape = shapes.get(src);
            if (shape == null) {
                throw new ModelFormatException(file + ": layer " + name + " reads '" + src
                        + "', which is not defined before it");
            }
            Built b = create(entry, shape);
            steps.add(new KerasModel.Step(b.name, cls, b.layer, src, b.zeroMasked));
            shapes.put(b.name, b.outShape);
        }
        if (inputShape == null) {
            throw new ModelFormatException(file + ": the functional model has no InputLayer named " + in);
        }
        if (!shapes.containsKey(out) || out.equals(in)) {
            throw new ModelFormatException(file + ": output layer '" + out + "' is not a layer of the model");
        }
        Map<String, Node> nodes = new java.util.HashMap<>();
        Node input = Node.input(in, inputShape);
        nodes.put(in, input);
        for (KerasModel.Step s : steps) {
            nodes.put(s.name(), nodes.get(s.input()).then(s.layer()));
        }
        Model model = new Model(modelName(root), List.of(input), List.of(nodes.get(out)), 0L);
        return new KerasModel(kerasVersion, format, root, in, inputShape, steps, out, model);
    }

    @SuppressWarnings("unchecked")
    private static String modelName(Map<String, Object> root) {
        Object c = root.get("config");
        Object n = c instanceof Map ? ((Map<String, Object>) c).get("name") : null;
        return n instanceof String ? (String) n : "keras_model";
    }

    /** The name of the one tensor a functional layer reads (Keras 2 and Keras 3 forms). */
    @SuppressWarnings("unchecked")
    private String inbound(Map<String, Object> entry, String name) throws ModelFormatException {
        Object nodes = entry.get("inbound_nodes");
        if (!(nodes instanceof List) || ((List<Object>) nodes).size() != 1) {
            throw new UnsupportedKerasFeatureException(file + ": layer " + name + " is called "
                    + (nodes instanceof List ? ((List<Object>) nodes).size() : 0)
                    + " times; only layers called exactly once (no shared layers) are supported");
        }
        Object node = ((List<Object>) nodes).get(0);
        List<String> sources = new ArrayList<>();
        if (node instanceof Map) {
            collectKerasHistory(((Map<String, Object>) node).get("args"), sources);
        } else if (node instanceof List) {
            for (Object t : (List<Object>) node) {
                if (t instanceof List && !((List<Object>) t).isEmpty() && ((List<Object>) t).get(0) instanceof String) {
                    sources.add((String) ((List<Object>) t).get(0));
                }
            }
        }
        if (sources.size() != 1) {
            throw new UnsupportedKerasFeatureException(file + ": layer " + name + " has " + sources.size()
                    + " inputs " + sources + "; only single-input layers (a chain) are supported");
        }
        return sources.get(0);
    }

    @SuppressWarnings("unchecked")
    private static void collectKerasHistory(Object o, List<String> out) {
        if (o instanceof Map) {
            Map<String, Object> m = (Map<String, Object>) o;
            if ("__keras_tensor__".equals(m.get("class_name")) && m.get("config") instanceof Map) {
                Object h = ((Map<String, Object>) m.get("config")).get("keras_history");
                if (h instanceof List && !((List<Object>) h).isEmpty()) {
                    out.add(String.valueOf(((List<Object>) h).get(0)));
                }
                return;
            }
            m.values().forEach(v -> collectKerasHistory(v, out));
        } else if (o instanceof List) {
            ((List<Object>) o).forEach(v -> collectKerasHistory(v, out));
        }
    }

    /** {@code [["x", 0, 0]]} or Keras 3's bare {@code ["x", 0, 0]}: exactly one tensor. */
    @SuppressWarnings("unchecked")
    private String single(Object o, String what) throws ModelFormatException {
        if (o instanceof List && !((List<Object>) o).isEmpty()) {
            List<Object> l = (List<Object>) o;
            if (l.get(0) instanceof String) {
                return (String) l.get(0);
            }
            if (l.size() == 1 && l.get(0) instanceof List && !((List<Object>) l.get(0)).isEmpty()) {
                return String.valueOf(((List<Object>) l.get(0)).get(0));
            }
            throw new UnsupportedKerasFeatureException(file + ": " + what + " lists " + l.size()
                    + " tensors; only models with one input and one output are supported");
        }
        throw new ModelFormatException(file + ": functional model config has no " + what);
    }

    /** Shape without batch from {@code batch_shape}, {@code batch_input_shape} or {@code build_config}. */
    @SuppressWarnings("unchecked")
    private int[] declaredInputShape(Map<String, Object> entry, Map<String, Object> c) throws ModelFormatException {
        Object s = c.get("batch_shape");
        if (s == null) {
            s = c.get("batch_input_shape");
        }
        if (s == null && entry.get("build_config") instanceof Map) {
            s = ((Map<String, Object>) entry.get("build_config")).get("input_shape");
        }
        if (s == null && "Embedding".equals(entry.get("class_name"))) {
            Object len = c.get("input_length");
            return new int[] {len instanceof Number ? ((Number) len).intValue() : -1};
        }
        if (!(s instanceof List) || ((List<Object>) s).size() < 2) {
            throw new ModelFormatException(file + ": layer " + layerName(entry, c)
                    + " declares no input shape (batch_shape / batch_input_shape)");
        }
        List<Object> l = (List<Object>) s;
        int[] shape = new int[l.size() - 1];
        for (int i = 1; i < l.size(); i++) {
            shape[i - 1] = l.get(i) == null ? -1 : ((Number) l.get(i)).intValue();
        }
        return shape;
    }

    private static final class Built {
        final String name;
        final Layer layer;
        final int[] outShape;
        final boolean zeroMasked;

        Built(String name, Layer layer, int[] outShape, boolean zeroMasked) {
            this.name = name;
            this.layer = layer;
            this.outShape = outShape;
            this.zeroMasked = zeroMasked;
        }
    }

    /** Creates, builds and loads one layer. */
    private Built create(Map<String, Object> entry, int[] inShape) throws ModelFormatException {
        String cls = str(entry, "class_name", "layer");
        Map<String, Object> c = map(entry.get("config"), cls + " config");
        String name = layerName(entry, c);
        if (!names.add(name)) {
            throw new ModelFormatException(file + ": two layers named " + name);
        }
        String where = file + ": " + name + " (" + cls + ")";
        Layer layer;
        boolean zeroMasked = false;
        switch (cls) {
            case "Dropout":
                layer = new Dropout(num(c, "rate", 0.0), name);
                break;
            case "Dense": {
                boolean useBias = bool(c, "use_bias", true);
                layer = Dense.builder(intValue(c, "units", where)).name(name)
                        .activation(activation(c.get("activation"), where, "activation")).useBias(useBias).build();
                break;
            }
            case "Activation":
                layer = new ActivationLayer(activation(c.get("activation"), where, "activation"), name);
                break;
            case "Masking":
                layer = new Masking(num(c, "mask_value", 0.0), name);
                break;
            case "Embedding":
                layer = new Embedding(intValue(c, "input_dim", where), intValue(c, "output_dim", where),
                        bool(c, "mask_zero", false), Initializers.zeros(), name);
                break;
            case "GRU":
            case "CuDNNGRU":
            case "LSTM":
            case "CuDNNLSTM":
            case "SimpleRNN": {
                RecurrentLayer r = recurrent(cls, c, name, where);
                zeroMasked = bool(c, "zero_output_for_mask", false) && r.returnSequences();
                layer = r;
                break;
            }
            case "Bidirectional": {
                Map<String, Object> inner = map(c.get("layer"), where + " layer");
                String innerCls = str(inner, "class_name", where + " layer");
                Map<String, Object> ic = map(inner.get("config"), where + " layer config");
                if (!List.of("GRU", "CuDNNGRU", "LSTM", "CuDNNLSTM", "SimpleRNN").contains(innerCls)) {
                    throw new UnsupportedKerasFeatureException(where + ": wrapped layer class '" + innerCls
                            + "' is not supported; supported: GRU, CuDNNGRU, LSTM, CuDNNLSTM, SimpleRNN");
                }
                String innerName = layerName(inner, ic);
                RecurrentLayer r = recurrent(innerCls, ic, innerName, where + " layer " + innerName);
                layer = new Bidirectional(r, mergeMode(c.get("merge_mode"), where)).name(name);
                // Keras (2.2.3 and later, tf.keras, Keras 3) forces zero_output_for_mask = return_sequences on both
                // halves of a Bidirectional layer; older Keras repeated the previous output like a plain RNN.
                zeroMasked = r.returnSequences() && (bool(ic, "zero_output_for_mask", false)
                        || KerasImport.versionAtLeast(kerasVersion, 2, 2, 3));
                break;
            }
            case "InputLayer":
                throw new UnsupportedKerasFeatureException(where + ": an InputLayer in the middle of a Sequential "
                        + "model is not supported");
            default:
                throw new UnsupportedKerasFeatureException(where + ": layer class '" + cls
                        + "' is not supported; supported: " + String.join(", ", SUPPORTED_LAYERS));
        }
        int[] out;
        try {
            out = layer.build(inShape, rng);
        } catch (IllegalArgumentException e) { // ShapeException included
            throw new ModelFormatException(where + ": cannot take input shape "
                    + org.gru4j.tensor.Tensor.shapeString(inShape) + ": " + e.getMessage(), e);
        }
        loadWeights(cls, c, name, layer, where);
        return new Built(name, layer, out, zeroMasked);
    }

    @SuppressWarnings("unchecked")
    private void loadWeights(String cls, Map<String, Object> c, String name, Layer layer, String where)
            throws ModelFormatException {
        boolean bidi = layer instanceof Bidirectional;
        List<KerasArray> w = weights.weights(name, bidi);
        switch (cls) {
            case "Dense":
                KerasConversion.loadDense((Dense) layer, w, where);
                break;
            case "Embedding":
                KerasConversion.loadEmbedding((Embedding) layer, w, where);
                break;
            case "Bidirectional": {
                Bidirectional b = (Bidirectional) layer;
                Map<String, Object> inner = (Map<String, Object>) c.get("layer");
                Map<String, Object> ic = (Map<String, Object>) inner.get("config");
                String innerCls = (String) inner.get("class_name");
                if (w.size() % 2 != 0) {
                    throw new ModelFormatException(where + ": expected the same number of forward and backward "
                            + "weights, got " + w.size() + " arrays");
                }
                // Keras lists the forward layer's weights first, then the backward layer's.
                int half = w.size() / 2;
                loadRecurrent(innerCls, ic, b.forwardLayer(), w.subList(0, half), where + " forward");
                loadRecurrent(innerCls, ic, b.backwardLayer(), w.subList(half, w.size()), where + " backward");
                break;
            }
            case "GRU":
            case "CuDNNGRU":
            case "LSTM":
            case "CuDNNLSTM":
            case "SimpleRNN":
                loadRecurrent(cls, c, (RecurrentLayer) layer, w, where);
                break;
            default:
                if (!w.isEmpty()) {
                    throw new ModelFormatException(where + ": expected no weights, got " + w.size() + " arrays");
                }
        }
    }

    private void loadRecurrent(String cls, Map<String, Object> c, RecurrentLayer r, List<KerasArray> w, String where)
            throws ModelFormatException {
        boolean cudnn = cls.startsWith("CuDNN");
        boolean useBias = cudnn || bool(c, "use_bias", true);
        switch (cls) {
            case "GRU":
            case "CuDNNGRU":
                KerasConversion.loadGru(r, w, useBias, cudnn, where);
                break;
            case "LSTM":
            case "CuDNNLSTM":
                KerasConversion.loadLstm(r, w, useBias, cudnn, where);
                break;
            default:
                KerasConversion.loadSimpleRnn(r, w, useBias, where);
        }
    }

    /** An unbuilt recurrent layer with every Keras option checked. */
    private RecurrentLayer recurrent(String cls, Map<String, Object> c, String name, String where)
            throws ModelFormatException {
        int units = intValue(c, "units", where);
        requireFalse(c, "stateful", where, "stateless layers (stateful=False)");
        requireFalse(c, "return_state", where, "return_state=False (the state outputs are not imported)");
        requireFalse(c, "time_major", where, "batch-major input (time_major=False)");
        // unroll only changes how Keras builds its graph, not the numbers; dropout and recurrent_dropout are
        // training-time only; implementation 0/1/2 are the same equations.
        boolean cudnn = cls.startsWith("CuDNN");
        RecurrentLayer r;
        switch (cls) {
            case "GRU":
            case "CuDNNGRU": {
                if (!cudnn) {
                    requireActivation(c, "activation", "tanh", where);
                }
                // Keras <= 2.1.4 has no reset_after (it means False); Keras 3 defaults to True. CuDNNGRU is reset-after.
                boolean resetAfter = cudnn || bool(c, "reset_after", KerasImport.majorVersion(kerasVersion) >= 3);
                r = new GRU(units, resetAfter);
                break;
            }
            case "LSTM":
            case "CuDNNLSTM":
                if (!cudnn) {
                    requireActivation(c, "activation", "tanh", where);
                }
                r = new LSTM(units);
                break;
            default: {
                String act = activationName(c.get("activation"), where);
                if (!act.equals("tanh") && !act.equals("relu")) {
                    throw new UnsupportedKerasFeatureException(where + ": activation '" + act
                            + "' is not supported; supported: tanh, relu");
                }
                r = new SimpleRNN(units, act.equals("relu"));
            }
        }
        r.name(name).returnSequences(bool(c, "return_sequences", false)).goBackwards(bool(c, "go_backwards", false));
        if (!cls.equals("SimpleRNN")) {
            String ra = cudnn ? "sigmoid" : activationName(c.get("recurrent_activation"), where);
            KerasImport.applyRecurrentActivation(r, ra, kerasVersion, where);
        }
        return r;
    }

    private MergeMode mergeMode(Object o, String where) throws ModelFormatException {
        String m = o instanceof String ? ((String) o).toLowerCase(Locale.ROOT) : String.valueOf(o);
        switch (m) {
            case "concat":
                return MergeMode.CONCAT;
            case "sum":
                return MergeMode.SUM;
            case "mul":
                return MergeMode.MUL;
            case "ave":
                return MergeMode.AVE;
            default:
                throw new UnsupportedKerasFeatureException(where + ": merge_mode '" + m
                        + "' is not supported; supported: concat, sum, mul, ave");
        }
    }

    private Activation activation(Object o, String where, String option) throws ModelFormatException {
        String n = activationName(o, where);
        if (!SUPPORTED_ACTIVATIONS.contains(n)) {
            throw new UnsupportedKerasFeatureException(where + ": " + option + " '" + n + "' is not supported; "
                    + "supported: " + String.join(", ", SUPPORTED_ACTIVATIONS));
        }
        return Activation.byName(n);
    }

    /** Activation names are strings in every Keras version we read; a serialized object means a custom function. */
    @SuppressWarnings("unchecked")
    private String activationName(Object o, String where) throws ModelFormatException {
        if (o == null) {
            return "linear";
        }
        if (o instanceof String) {
            return ((String) o).toLowerCase(Locale.ROOT);
        }
        if (o instanceof Map && ((Map<String, Object>) o).get("config") instanceof String) {
            return ((String) ((Map<String, Object>) o).get("config")).toLowerCase(Locale.ROOT);
        }
        throw new UnsupportedKerasFeatureException(where + ": custom activation " + o + " is not supported");
    }

    private void requireActivation(Map<String, Object> c, String key, String want, String where)
            throws ModelFormatException {
        String got = activationName(c.get(key), where);
        if (!got.equals(want)) {
            throw new UnsupportedKerasFeatureException(where + ": " + key + " '" + got + "' is not supported; "
                    + "supported: " + want);
        }
    }

    private void requireFalse(Map<String, Object> c, String key, String where, String supported)
            throws ModelFormatException {
        if (bool(c, key, false)) {
            throw new UnsupportedKerasFeatureException(where + ": " + key + "=True is not supported; supported: "
                    + supported);
        }
    }

    private String layerName(Map<String, Object> entry, Map<String, Object> c) throws ModelFormatException {
        Object n = c.get("name");
        if (n == null) {
            n = entry.get("name");
        }
        if (!(n instanceof String) || ((String) n).isEmpty()) {
            throw new ModelFormatException(file + ": a " + entry.get("class_name") + " layer has no name");
        }
        return (String) n;
    }

    // --- typed access to parsed JSON, with messages that name the file ---

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object o, String what) throws ModelFormatException {
        if (!(o instanceof Map)) {
            throw new ModelFormatException(file + ": " + what + " should be a JSON object, got " + describe(o));
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Map<String, Object> m, String key) throws ModelFormatException {
        Object o = m.get(key);
        if (!(o instanceof List)) {
            throw new ModelFormatException(file + ": '" + key + "' should be a JSON array, got " + describe(o));
        }
        return (List<Object>) o;
    }

    private String str(Map<String, Object> m, String key, String what) throws ModelFormatException {
        Object o = m.get(key);
        if (!(o instanceof String)) {
            throw new ModelFormatException(file + ": " + what + " has no string '" + key + "', got " + describe(o));
        }
        return (String) o;
    }

    private int intValue(Map<String, Object> m, String key, String where) throws ModelFormatException {
        Object o = m.get(key);
        if (!(o instanceof Number) || ((Number) o).doubleValue() != ((Number) o).intValue()
                || ((Number) o).intValue() <= 0) {
            throw new ModelFormatException(where + ": '" + key + "' should be a positive integer, got "
                    + describe(o));
        }
        return ((Number) o).intValue();
    }

    private static double num(Map<String, Object> m, String key, double dflt) {
        Object o = m.get(key);
        return o instanceof Number ? ((Number) o).doubleValue() : dflt;
    }

    private static boolean bool(Map<String, Object> m, String key, boolean dflt) {
        Object o = m.get(key);
        return o instanceof Boolean ? (Boolean) o : dflt;
    }

    private static String describe(Object o) {
        return o == null ? "nothing" : o.getClass().getSimpleName() + " " + String.valueOf(o).lines().findFirst()
                .map(s -> s.length() > 60 ? s.substring(0, 60) + "..." : s).orElse("");
    }
}
