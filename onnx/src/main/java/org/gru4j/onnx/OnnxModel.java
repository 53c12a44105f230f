package org.gru4j.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.gru4j.io.ModelFormatException;
import org.gru4j.nn.Activation;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.tensor.Tensor;

/**
 * An ONNX graph loaded by {@link OnnxImport}, run node by node: recurrent operators by gru4j
 * {@link RecurrentLayer}s (weights converted once at load), everything else by small tensor operators with ONNX
 * semantics. Every node was checked at load (operator, attributes, constant weights, inputs defined before use),
 * so running can only fail on inputs of the wrong shape, with an {@link IllegalArgumentException} naming the node.
 *
 * <p>Inputs and outputs are gru4j {@link Tensor}s; an integer graph input (token ids, {@code sequence_lens}) takes a
 * tensor of integral floats, as gru4j's {@code Embedding} does. Immutable once loaded: any number of threads may run
 * it at once.
 */
public final class OnnxModel {
    /** The operators this runtime executes. */
    public static final Set<String> SUPPORTED = Set.copyOf(new TreeSet<>(List.of("GRU", "LSTM", "RNN", "Gemm",
            "MatMul", "Add", "Sub", "Mul", "Div", "Gather", "Transpose", "Sigmoid", "Tanh", "Relu", "Softmax",
            "Squeeze", "Unsqueeze", "Slice", "Concat", "Reshape", "Shape", "ConstantOfShape", "Constant", "Cast",
            "Range", "Less", "Greater", "Equal", "Not", "Where", "ReduceSum", "Identity", "Dropout")));

    private static final Map<String, Set<String>> ATTRIBUTES = new HashMap<>();

    static {
        for (String op : SUPPORTED) {
            ATTRIBUTES.put(op, Set.of());
        }
        ATTRIBUTES.put("GRU", RecurrentOp.ATTRIBUTES);
        ATTRIBUTES.put("LSTM", RecurrentOp.ATTRIBUTES);
        ATTRIBUTES.put("RNN", RecurrentOp.ATTRIBUTES);
        ATTRIBUTES.put("Gemm", Set.of("alpha", "beta", "transA", "transB"));
        ATTRIBUTES.put("Gather", Set.of("axis"));
        ATTRIBUTES.put("Transpose", Set.of("perm"));
        ATTRIBUTES.put("Softmax", Set.of("axis"));
        ATTRIBUTES.put("Squeeze", Set.of("axes"));
        ATTRIBUTES.put("Unsqueeze", Set.of("axes"));
        ATTRIBUTES.put("Slice", Set.of("starts", "ends", "axes"));
        ATTRIBUTES.put("Concat", Set.of("axis"));
        ATTRIBUTES.put("Reshape", Set.of("allowzero"));
        ATTRIBUTES.put("ConstantOfShape", Set.of("value"));
        ATTRIBUTES.put("Constant", Set.of("value", "value_float", "value_floats", "value_int", "value_ints"));
        ATTRIBUTES.put("Cast", Set.of("to", "saturate"));
        ATTRIBUTES.put("ReduceSum", Set.of("axes", "keepdims", "noop_with_empty_axes"));
        ATTRIBUTES.put("Dropout", Set.of("ratio", "seed"));
    }

    @FunctionalInterface
    private interface Step {
        void run(Map<String, Value> env);
    }

    private final List<String> inputs;
    private final Map<String, Integer> inputTypes;
    private final List<String> outputs;
    private final Map<String, Value> constants;
    private final List<Step> steps;
    private final List<String> stepNames;
    private final List<RecurrentLayer> recurrentLayers;
    private final long opset;

    private OnnxModel(List<String> inputs, Map<String, Integer> inputTypes, List<String> outputs,
                      Map<String, Value> constants, List<Step> steps, List<String> stepNames,
                      List<RecurrentLayer> recurrentLayers, long opset) {
        this.inputs = inputs;
        this.inputTypes = inputTypes;
        this.outputs = outputs;
        this.constants = constants;
        this.steps = steps;
        this.stepNames = stepNames;
        this.recurrentLayers = recurrentLayers;
        this.opset = opset;
    }

    /** The graph inputs that must be fed (initializers listed as inputs excluded), in file order. */
    public List<String> inputNames() {
        return inputs;
    }

    public List<String> outputNames() {
        return outputs;
    }

    /** The default-domain operator set the file declares. */
    public long opset() {
        return opset;
    }

    /** The gru4j layers that run the file's recurrent nodes, in node order (two per bidirectional node). */
    public List<RecurrentLayer> recurrentLayers() {
        return recurrentLayers;
    }

    /** Runs a single-input model and returns its first output. */
    public Tensor predict(Tensor x) {
        return run(feed(x, null)).get(outputs.get(0));
    }

    /**
     * Runs a model whose second input holds sequence lengths (as written by {@link OnnxExport} with
     * {@code sequence_lens}) and returns its first output.
     */
    public Tensor predict(Tensor x, int[] lengths) {
        return run(feed(x, lengths)).get(outputs.get(0));
    }

    private Map<String, Tensor> feed(Tensor x, int[] lengths) {
        int want = lengths == null ? 1 : 2;
        if (inputs.size() != want) {
            throw new IllegalArgumentException("the model has inputs " + inputs + "; use run(Map) to feed them");
        }
        Map<String, Tensor> in = new HashMap<>();
        in.put(inputs.get(0), x);
        if (lengths != null) {
            float[] l = new float[lengths.length];
            for (int i = 0; i < l.length; i++) {
                l[i] = lengths[i];
            }
            in.put(inputs.get(1), Tensor.of(l, l.length));
        }
        return in;
    }

    /** Runs the graph on named inputs and returns every graph output by name. */
    public Map<String, Tensor> run(Map<String, Tensor> feeds) {
        Map<String, Value> env = new HashMap<>(constants);
        for (String name : inputs) {
            Tensor t = feeds.get(name);
            if (t == null) {
                throw new IllegalArgumentException("missing input '" + name + "'; the model takes " + inputs);
            }
            int type = inputTypes.getOrDefault(name, OnnxProto.FLOAT);
            if (type == OnnxProto.FLOAT || type == OnnxProto.DOUBLE) {
                env.put(name, Value.of(t));
            } else {
                float[] f = t.data();
                long[] l = new long[f.length];
                for (int i = 0; i < f.length; i++) {
                    if (f[i] != Math.rint(f[i])) {
                        throw new IllegalArgumentException("input '" + name + "' is an integer tensor, got " + f[i]);
                    }
                    l[i] = (long) f[i];
                }
                env.put(name, Value.longs(l, t.shape()));
            }
        }
        for (String name : feeds.keySet()) {
            if (!inputs.contains(name)) {
                throw new IllegalArgumentException("unknown input '" + name + "'; the model takes " + inputs);
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            try {
                steps.get(i).run(env);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(stepNames.get(i) + ": " + e.getMessage(), e);
            }
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : outputs) {
            out.put(name, env.get(name).toTensor());
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ compile

    static long intAttr(OnnxProto.Node n, String name, long dflt) {
        OnnxProto.Attribute a = n.attributes.get(name);
        return a == null ? dflt : a.i;
    }

    static String stringAttr(OnnxProto.Node n, String name, String dflt) {
        OnnxProto.Attribute a = n.attributes.get(name);
        return a == null ? dflt : a.s;
    }

    private static long[] intsAttr(OnnxProto.Node n, String name) {
        OnnxProto.Attribute a = n.attributes.get(name);
        if (a == null) {
            return null;
        }
        long[] v = new long[a.ints.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.ints.get(i);
        }
        return v;
    }

    static Value toValue(OnnxProto.TensorData t, String where) throws ModelFormatException {
        if (t.dims.length > 8) {
            throw new ModelFormatException(where + ": tensor '" + t.name + "' has rank " + t.dims.length
                    + ", more than 8");
        }
        int[] shape = new int[t.dims.length];
        for (int i = 0; i < shape.length; i++) {
            // The decoder checked the product of the dims against the data; with a zero dim another may still be huge.
            if (t.dims[i] > Integer.MAX_VALUE) {
                throw new ModelFormatException(where + ": tensor '" + t.name + "' has dimension " + t.dims[i]);
            }
            shape[i] = (int) t.dims[i];
        }
        if (t.floats != null) {
            return Value.floats(t.floats, shape);
        }
        if (t.longs != null) {
            return Value.longs(t.longs, shape);
        }
        throw new ModelFormatException(where + ": tensor '" + t.name + "' has data type " + t.dataType
                + "; supported: FLOAT (1), DOUBLE (11), INT8 (3), UINT8 (2), INT32 (6), INT64 (7), BOOL (9)");
    }

    static OnnxModel compile(OnnxProto.Model m, String file) throws ModelFormatException {
        if (m.graph == null) {
            throw new ModelFormatException(file + ": no graph");
        }
        Long opset = m.opsets.containsKey("") ? m.opsets.get("") : m.opsets.get("ai.onnx");
        if (opset == null) {
            throw new ModelFormatException(file + ": no opset_import for the default ONNX domain");
        }
        if (opset < 7 || opset > 23) {
            throw new ModelFormatException(file + ": opset " + opset + " is not supported (7 to 23)");
        }
        OnnxProto.Graph g = m.graph;
        Map<String, Value> constants = new HashMap<>();
        for (OnnxProto.TensorData t : g.initializers) {
            constants.put(t.name, toValue(t, file));
        }
        List<String> inputs = new ArrayList<>();
        Map<String, Integer> types = new HashMap<>();
        Set<String> defined = new java.util.HashSet<>(constants.keySet());
        for (OnnxProto.ValueInfo v : g.inputs) {
            if (constants.containsKey(v.name)) {
                continue; // an initializer listed as input (IR < 4 style): a constant with a default
            }
            if (v.name.isEmpty() || !defined.add(v.name)) {
                throw new ModelFormatException(file + ": graph input '" + v.name + "' is empty or repeated");
            }
            inputs.add(v.name);
            types.put(v.name, v.elemType);
        }
        List<Step> steps = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<RecurrentLayer> recurrent = new ArrayList<>();
        for (int i = 0; i < g.nodes.size(); i++) {
            OnnxProto.Node n = g.nodes.get(i);
            String where = file + ": node '" + (n.name.isEmpty() ? "#" + i : n.name) + "' (" + n.opType + ")";
            if (!n.domain.isEmpty() && !n.domain.equals("ai.onnx")) {
                throw new ModelFormatException(where + ": operator domain '" + n.domain + "' is not supported; "
                        + "supported: the default ONNX domain with " + new TreeSet<>(SUPPORTED));
            }
            if (!SUPPORTED.contains(n.opType)) {
                throw new ModelFormatException(where + ": operator " + n.opType + " is not supported; supported: "
                        + new TreeSet<>(SUPPORTED));
            }
            for (String a : n.attributes.keySet()) {
                if (!ATTRIBUTES.get(n.opType).contains(a)) {
                    throw new ModelFormatException(where + ": attribute '" + a + "' is not supported; supported: "
                            + new TreeSet<>(ATTRIBUTES.get(n.opType)));
                }
            }
            for (String in : n.inputs) {
                if (!in.isEmpty() && !defined.contains(in)) {
                    throw new ModelFormatException(where + ": input '" + in + "' is not defined before this node");
                }
            }
            if (n.outputs.isEmpty()) {
                throw new ModelFormatException(where + ": no outputs");
            }
            Step s = compileNode(n, constants, recurrent, where, opset);
            if (n.opType.equals("Constant")) {
                defined.add(n.output(0));
            } else {
                steps.add(s);
                names.add(where.substring(file.length() + 2));
            }
            for (String out : n.outputs) {
                if (!out.isEmpty()) {
                    defined.add(out);
                }
            }
        }
        List<String> outputs = new ArrayList<>();
        for (OnnxProto.ValueInfo v : g.outputs) {
            if (!defined.contains(v.name)) {
                throw new ModelFormatException(file + ": graph output '" + v.name + "' is never computed");
            }
            outputs.add(v.name);
        }
        if (outputs.isEmpty()) {
            throw new ModelFormatException(file + ": the graph has no outputs");
        }
        return new OnnxModel(List.copyOf(inputs), types, List.copyOf(outputs), constants, steps, names,
                List.copyOf(recurrent), opset);
    }

    private static int inputCount(OnnxProto.Node n, int min, int max, String where) throws ModelFormatException {
        int count = n.inputs.size();
        if (count < min || count > max || n.input(0).isEmpty() && min > 0) {
            throw new ModelFormatException(where + ": expected " + (min == max ? "" + min : min + " to " + max)
                    + " inputs, got " + n.inputs);
        }
        for (int i = 0; i < min; i++) {
            if (n.input(i).isEmpty()) {
                throw new ModelFormatException(where + ": required input " + i + " is empty");
            }
        }
        return count;
    }

    private static Value opt(Map<String, Value> env, String name) {
        return name.isEmpty() ? null : env.get(name);
    }

    private static long[] optLongs(Map<String, Value> env, String name) {
        Value v = opt(env, name);
        return v == null ? null : v.longs();
    }

    private static Step compileNode(OnnxProto.Node n, Map<String, Value> constants, List<RecurrentLayer> recurrent,
                                    String where, long opset) throws ModelFormatException {
        String out = n.output(0);
        String a0 = n.input(0);
        String a1 = n.input(1);
        switch (n.opType) {
            case "Identity":
            case "Dropout": {
                inputCount(n, 1, 3, where);
                return env -> env.put(out, env.get(a0));
            }
            case "Constant": {
                inputCount(n, 0, 0, where);
                constants.put(out, constantValue(n, where));
                return null;
            }
            case "Add":
            case "Sub":
            case "Mul":
            case "Div":
            case "Less":
            case "Greater":
            case "Equal": {
                inputCount(n, 2, 2, where);
                Ops.Binary op = Ops.Binary.valueOf(n.opType.toUpperCase(java.util.Locale.ROOT));
                return env -> env.put(out, Ops.binary(op, env.get(a0), env.get(a1)));
            }
            case "Not":
                inputCount(n, 1, 1, where);
                return env -> env.put(out, Ops.not(env.get(a0)));
            case "Where": {
                inputCount(n, 3, 3, where);
                String a2 = n.input(2);
                return env -> env.put(out, Ops.where(env.get(a0), env.get(a1), env.get(a2)));
            }
            case "Sigmoid":
            case "Tanh":
            case "Relu": {
                inputCount(n, 1, 1, where);
                Activation act = Activation.valueOf(n.opType.toUpperCase(java.util.Locale.ROOT));
                return env -> env.put(out, Ops.activation(act, env.get(a0)));
            }
            case "Softmax": {
                inputCount(n, 1, 1, where);
                // Before opset 13 Softmax flattened the dims from `axis` (default 1) on; on the last axis that is the
                // same function, and other axes are rejected when the rank is known.
                long axis = intAttr(n, "axis", opset >= 13 ? -1 : 1);
                return env -> env.put(out, Ops.softmax(env.get(a0), axis));
            }
            case "Cast": {
                inputCount(n, 1, 1, where);
                long to = intAttr(n, "to", -1);
                if (to != OnnxProto.FLOAT && to != OnnxProto.DOUBLE && to != OnnxProto.INT32 && to != OnnxProto.INT64
                        && to != OnnxProto.BOOL && to != OnnxProto.INT8 && to != OnnxProto.UINT8) {
                    throw new ModelFormatException(where + ": Cast to data type " + to + " is not supported");
                }
                return env -> env.put(out, Ops.cast(env.get(a0), to));
            }
            case "Transpose": {
                inputCount(n, 1, 1, where);
                long[] perm = intsAttr(n, "perm");
                return env -> env.put(out, Ops.transpose(env.get(a0), perm));
            }
            case "Shape": {
                inputCount(n, 1, 1, where);
                return env -> {
                    int[] s = env.get(a0).shape;
                    long[] l = new long[s.length];
                    for (int i = 0; i < s.length; i++) {
                        l[i] = s[i];
                    }
                    env.put(out, Value.longs(l, s.length));
                };
            }
            case "Gather": {
                inputCount(n, 2, 2, where);
                long axis = intAttr(n, "axis", 0);
                return env -> env.put(out, Ops.gather(env.get(a0), env.get(a1), axis));
            }
            case "Concat": {
                inputCount(n, 1, Integer.MAX_VALUE, where);
                if (!n.attributes.containsKey("axis")) {
                    throw new ModelFormatException(where + ": attribute axis is required");
                }
                long axis = intAttr(n, "axis", 0);
                List<String> ins = List.copyOf(n.inputs);
                return env -> {
                    List<Value> parts = new ArrayList<>();
                    for (String s : ins) {
                        parts.add(env.get(s));
                    }
                    env.put(out, Ops.concat(parts, axis));
                };
            }
            case "Reshape": {
                inputCount(n, 2, 2, where);
                boolean allowZero = intAttr(n, "allowzero", 0) != 0;
                return env -> env.put(out, Ops.reshapeSpec(env.get(a0), env.get(a1).longs(), allowZero));
            }
            case "Squeeze":
            case "Unsqueeze": {
                inputCount(n, 1, 2, where);
                long[] attrAxes = intsAttr(n, "axes");
                boolean squeeze = n.opType.equals("Squeeze");
                if (!squeeze && attrAxes == null && a1.isEmpty()) {
                    throw new ModelFormatException(where + ": Unsqueeze needs axes");
                }
                return env -> {
                    long[] axes = attrAxes != null ? attrAxes : optLongs(env, a1);
                    env.put(out, squeeze ? Ops.squeeze(env.get(a0), axes) : Ops.unsqueeze(env.get(a0), axes));
                };
            }
            case "Slice": {
                if (opset < 10) {
                    inputCount(n, 1, 1, where);
                    long[] starts = intsAttr(n, "starts");
                    long[] ends = intsAttr(n, "ends");
                    long[] axes = intsAttr(n, "axes");
                    if (starts == null || ends == null) {
                        throw new ModelFormatException(where + ": attributes starts and ends are required");
                    }
                    return env -> env.put(out, Ops.slice(env.get(a0), starts, ends, axes, null));
                }
                inputCount(n, 3, 5, where);
                String a2 = n.input(2);
                String a3 = n.input(3);
                String a4 = n.input(4);
                return env -> env.put(out, Ops.slice(env.get(a0), env.get(a1).longs(), env.get(a2).longs(),
                        optLongs(env, a3), optLongs(env, a4)));
            }
            case "ConstantOfShape": {
                inputCount(n, 1, 1, where);
                OnnxProto.Attribute v = n.attributes.get("value");
                Value fill = v == null ? null : toValue(requireTensor(v, where), where);
                if (fill != null && fill.size() != 1) {
                    throw new ModelFormatException(where + ": value must hold one element, got " + fill);
                }
                return env -> env.put(out, Ops.constantOfShape(env.get(a0), fill));
            }
            case "Range": {
                inputCount(n, 3, 3, where);
                String a2 = n.input(2);
                return env -> env.put(out, Ops.range(env.get(a0), env.get(a1), env.get(a2)));
            }
            case "ReduceSum": {
                inputCount(n, 1, 2, where);
                long[] attrAxes = intsAttr(n, "axes");
                boolean keep = intAttr(n, "keepdims", 1) != 0;
                if (intAttr(n, "noop_with_empty_axes", 0) != 0) {
                    throw new ModelFormatException(where + ": noop_with_empty_axes=1 is not supported");
                }
                return env -> env.put(out, Ops.reduceSum(env.get(a0), attrAxes != null ? attrAxes
                        : optLongs(env, a1), keep));
            }
            case "MatMul":
                inputCount(n, 2, 2, where);
                return env -> env.put(out, Ops.matMul(env.get(a0), env.get(a1)));
            case "Gemm": {
                inputCount(n, 2, 3, where);
                String a2 = n.input(2);
                OnnxProto.Attribute alphaA = n.attributes.get("alpha");
                OnnxProto.Attribute betaA = n.attributes.get("beta");
                float alpha = alphaA == null ? 1f : alphaA.f;
                float beta = betaA == null ? 1f : betaA.f;
                boolean ta = intAttr(n, "transA", 0) != 0;
                boolean tb = intAttr(n, "transB", 0) != 0;
                return env -> env.put(out, Ops.gemm(env.get(a0), env.get(a1), opt(env, a2), alpha, beta, ta, tb));
            }
            case "GRU":
            case "RNN":
            case "LSTM":
                return recurrentStep(n, constants, recurrent, where);
            default:
                throw new AssertionError(n.opType);
        }
    }

    private static Step recurrentStep(OnnxProto.Node n, Map<String, Value> constants, List<RecurrentLayer> recurrent,
                                      String where) throws ModelFormatException {
        boolean lstm = n.opType.equals("LSTM");
        inputCount(n, 3, lstm ? 8 : 6, where);
        if (lstm && !n.input(7).isEmpty()) {
            throw new ModelFormatException(where + ": peephole weights P are not supported");
        }
        Value b = n.input(3).isEmpty() ? null : constants.get(n.input(3));
        if (!n.input(3).isEmpty() && b == null) {
            throw new ModelFormatException(where + ": B must be an initializer or constant");
        }
        RecurrentOp op = RecurrentOp.compile(n, constants.get(n.input(1)), constants.get(n.input(2)), b, where);
        recurrent.addAll(op.layers());
        String x = n.input(0);
        String lens = n.input(4);
        String h0 = n.input(5);
        String c0 = lstm ? n.input(6) : "";
        List<String> outs = List.copyOf(n.outputs);
        return env -> {
            List<Value> r = op.run(env.get(x), opt(env, lens), opt(env, h0), opt(env, c0));
            for (int i = 0; i < outs.size() && i < r.size(); i++) {
                if (!outs.get(i).isEmpty()) {
                    env.put(outs.get(i), r.get(i));
                }
            }
        };
    }

    private static OnnxProto.TensorData requireTensor(OnnxProto.Attribute a, String where)
            throws ModelFormatException {
        if (a.t == null) {
            throw new ModelFormatException(where + ": attribute '" + a.name + "' must be a tensor");
        }
        return a.t;
    }

    private static Value constantValue(OnnxProto.Node n, String where) throws ModelFormatException {
        if (n.attributes.size() != 1) {
            throw new ModelFormatException(where + ": expected exactly one value attribute, got "
                    + n.attributes.keySet());
        }
        OnnxProto.Attribute a = n.attributes.values().iterator().next();
        switch (a.name) {
            case "value":
                return toValue(requireTensor(a, where), where);
            case "value_float":
                return Value.floats(new float[] {a.f});
            case "value_int":
                return Value.longs(new long[] {a.i});
            case "value_floats": {
                float[] f = new float[a.floats.size()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = a.floats.get(i);
                }
                return Value.floats(f, f.length);
            }
            default: {
                long[] l = new long[a.ints.size()];
                for (int i = 0; i < l.length; i++) {
                    l[i] = a.ints.get(i);
                }
                return Value.longs(l, l.length);
            }
        }
    }

    @Override
    public String toString() {
        return "OnnxModel(inputs " + inputs + ", outputs " + outputs + ", " + steps.size() + " nodes, opset " + opset
                + ", layers " + Arrays.toString(recurrentLayers.stream().map(RecurrentLayer::name).toArray()) + ")";
    }
}
