package org.gru4j.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gru4j.io.AtomicFiles;
import org.gru4j.kernels.GateActivation;
import org.gru4j.model.GraphStep;
import org.gru4j.model.Model;
import org.gru4j.nn.Activation;
import org.gru4j.nn.Dense;
import org.gru4j.nn.Dropout;
import org.gru4j.nn.Embedding;
import org.gru4j.nn.Layer;
import org.gru4j.nn.Parameter;
import org.gru4j.nn.recurrent.Bidirectional;
import org.gru4j.nn.recurrent.GRUCell;
import org.gru4j.nn.recurrent.LSTMCell;
import org.gru4j.nn.recurrent.MergeMode;
import org.gru4j.nn.recurrent.RecurrentCell;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.nn.recurrent.RecurrentStack;
import org.gru4j.nn.recurrent.SimpleRNNCell;

/**
 * Writes a gru4j model as an ONNX file (opset {@value #OPSET}) that ONNX Runtime and other ONNX engines run with the
 * same numbers.
 *
 * <pre>
 *   OnnxExport.write(model, Path.of("model.onnx"));          // inputs: input
 *   OnnxExport.write(model, Path.of("model.onnx"), true);    // inputs: input, sequence_lens
 * </pre>
 *
 * <h2>What can be exported</h2>
 * A model whose graph is a chain of one-input layers (any {@link org.gru4j.model.Sequential}), or a single layer:
 * {@link RecurrentLayer} (GRU both formulations, LSTM, SimpleRNN tanh/relu, with {@code goBackwards} and
 * {@code returnSequences}), {@link Bidirectional} (all merge modes), {@link RecurrentStack}, {@link Dense} (all
 * activations), {@link Embedding} (first layer only), {@link Dropout} (identity at inference). Recurrent layers
 * fed initial states, multi-input graphs, and a {@code Bidirectional} around a {@code goBackwards} layer are
 * rejected with an {@link IllegalArgumentException} naming the layer.
 *
 * <h2>Graph signature</h2>
 * <ul>
 *   <li>{@code input}: float {@code (batch, steps, features)} ({@code (batch, features)} for a Dense-only model), or
 *       int64 token ids {@code (batch, steps)} when the first layer is an {@link Embedding} (gru4j keeps ids in
 *       floats; ONNX's Gather wants integers).</li>
 *   <li>{@code sequence_lens} (only when asked for): int32 {@code (batch)}, the number of real steps of each
 *       right-padded sequence; it plays the role of gru4j's {@link org.gru4j.nn.Mask#fromLengths} mask and is passed
 *       to every recurrent operator. An {@link Embedding} with {@code maskZero} and no {@code sequence_lens} input
 *       derives the lengths as the count of non-zero ids, which equals its mask for right padding only.</li>
 *   <li>{@code output}: the model's output.</li>
 * </ul>
 *
 * <h2>Layout mapping</h2>
 * ONNX's recurrent operators are time-major {@code (steps, batch, features)}; ONNX Runtime does not implement their
 * {@code layout=1}, so each one sits between {@code Transpose} nodes. Weights are stacked per direction, gate blocks
 * reordered at this boundary only:
 * <pre>
 *   gru4j                                   ONNX
 *   GRU   weight_ih (3H, I) blocks r, z, n  W (D, 3H, I) blocks z, r, h      linear_before_reset = 1 reset-after, 0 before
 *   LSTM  weight_ih (4H, I) blocks i, f, g, o  W (D, 4H, I) blocks i, o, f, c
 *   RNN   weight_ih (H, I)                  W (D, H, I)
 *   weight_hh likewise                      R (D, G*H, H)
 *   bias_ih, bias_hh (reset-after GRU)      B (D, 2*G*H) = [Wb, Rb]
 *   single bias                             B = [bias, 0]
 *   gate activation sigmoid / hard sigmoid  activations [Sigmoid|HardSigmoid, Tanh(, Tanh)], HardSigmoid alpha 0.2
 *                                           (Keras 2) or 1/6 (Keras 3), beta 0.5
 * </pre>
 *
 * <h2>Outputs, directions and masks</h2>
 * With {@code returnSequences} the operator's {@code Y (T, D, B, H)} becomes {@code (B, T, D*H)} merged as the layer
 * does; without it the last output is {@code Y_h}, which ONNX defines as the state after each sequence's last real
 * step, exactly gru4j's last output under a mask. A {@code goBackwards} layer returns its sequence in processing
 * order, so its {@code Y} is reversed along time with {@code Slice(steps=-1)}. ONNX fills {@code Y} with zeros past
 * a sequence's length, where gru4j (like Keras) repeats the last real output: the forward direction's padded steps
 * are therefore replaced by {@code Y_h} with {@code Where(t < len, Y, Y_h)}, so every position matches. Backward
 * directions already agree (their padded steps come first in processing order and are zeros in both).
 */
public final class OnnxExport {
    /** The operator set written: 14 has everything used here and every current runtime reads it. */
    public static final int OPSET = 14;
    /** ONNX IR version written (8 goes with opsets up to 17). */
    public static final int IR_VERSION = 8;
    public static final String INPUT = "input";
    public static final String SEQUENCE_LENS = "sequence_lens";
    public static final String OUTPUT = "output";

    private final OnnxProto.Graph g = new OnnxProto.Graph();
    private int counter;
    private String cur;
    private int rank;
    private int features;
    private String lens;

    private OnnxExport() {
    }

    /** Writes {@code model} to {@code path} atomically, with the single input {@code input}. */
    public static void write(Model model, Path path) throws IOException {
        write(model, path, false);
    }

    /**
     * Writes {@code model} to {@code path} atomically.
     *
     * @param sequenceLengths add the int32 input {@code sequence_lens} (batch) for right-padded sequences
     */
    public static void write(Model model, Path path, boolean sequenceLengths) throws IOException {
        AtomicFiles.write(path, toBytes(model, sequenceLengths));
    }

    /** Writes one built layer (recurrent, bidirectional or a stack) as a model of its own. */
    public static void write(Layer layer, Path path, boolean sequenceLengths) throws IOException {
        AtomicFiles.write(path, toBytes(layer, sequenceLengths));
    }

    /** The ONNX bytes of {@code model}. */
    public static byte[] toBytes(Model model, boolean sequenceLengths) throws IOException {
        List<GraphStep> steps = model.graph();
        if (model.inputs().size() != 1 || model.outputIndices().size() != 1) {
            throw new IllegalArgumentException(model.name() + ": only single-input, single-output models export to "
                    + "ONNX, got " + model.inputs().size() + " inputs and " + model.outputIndices().size()
                    + " outputs");
        }
        List<Layer> layers = new ArrayList<>();
        int node = 0;
        for (GraphStep s : steps) {
            if (s.inputs().size() != 1 || s.inputs().get(0) != node) {
                throw new IllegalArgumentException(model.name() + ": layer " + s.layer().name() + " is not part of a "
                        + "plain chain (it takes nodes " + s.inputs() + "); only chains of one-input layers export");
            }
            if (!(s.layer().owner() instanceof Layer)) {
                throw new IllegalArgumentException(unsupported(s.layer().name(), s.layer().typeName()));
            }
            layers.add((Layer) s.layer().owner());
            node = s.outputs().get(0);
        }
        if (model.outputIndices().get(0) != node) {
            throw new IllegalArgumentException(model.name() + ": the output is not the last layer's first output");
        }
        int[] shape = model.inputs().get(0).shape();
        return new OnnxExport().export(layers, shape, model.name(), sequenceLengths);
    }

    /** The ONNX bytes of one built recurrent layer, bidirectional layer or stack. */
    public static byte[] toBytes(Layer layer, boolean sequenceLengths) throws IOException {
        int in;
        if (layer instanceof RecurrentLayer) {
            in = ((RecurrentLayer) layer).cell().inputSize();
        } else if (layer instanceof Bidirectional) {
            in = ((Bidirectional) layer).forwardLayer().cell().inputSize();
        } else if (layer instanceof RecurrentStack) {
            in = ((RecurrentStack) layer).cell(0, 0).inputSize();
        } else {
            throw new IllegalArgumentException(layer.name() + ": export a single " + layer.getClass().getSimpleName()
                    + " inside a Sequential model; alone only recurrent layers and stacks export");
        }
        if (!layer.isBuilt()) {
            throw new IllegalStateException(layer.name() + " is not built");
        }
        return new OnnxExport().export(List.of(layer), new int[] {-1, in}, layer.name(), sequenceLengths);
    }

    private static String unsupported(String name, String type) {
        return "layer " + name + " (" + type + ") cannot be exported to ONNX; supported: GRU, LSTM, SimpleRNN, "
                + "Bidirectional, RecurrentStack, Dense, Embedding (first layer), Dropout";
    }

    private byte[] export(List<Layer> layers, int[] inputShape, String name, boolean sequenceLengths)
            throws IOException {
        g.name = name;
        boolean ids = !layers.isEmpty() && layers.get(0) instanceof Embedding;
        if (ids) {
            if (inputShape.length != 1) {
                throw new IllegalArgumentException("an Embedding takes (steps) token ids, model input is "
                        + Arrays.toString(inputShape));
            }
            g.inputs.add(valueInfo(INPUT, OnnxProto.INT64, "batch", "steps"));
        } else if (inputShape.length == 2) {
            g.inputs.add(valueInfo(INPUT, OnnxProto.FLOAT, "batch", "steps", (long) inputShape[1]));
        } else if (inputShape.length == 1) {
            g.inputs.add(valueInfo(INPUT, OnnxProto.FLOAT, "batch", (long) inputShape[0]));
        } else {
            throw new IllegalArgumentException("model input shape " + Arrays.toString(inputShape) + " is not "
                    + "(steps, features), (features) or (steps) token ids");
        }
        cur = INPUT;
        rank = inputShape.length + 1;
        features = inputShape[inputShape.length - 1];
        if (sequenceLengths) {
            g.inputs.add(valueInfo(SEQUENCE_LENS, OnnxProto.INT32, "batch"));
            lens = SEQUENCE_LENS;
        }
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (l instanceof Embedding && i > 0) {
                throw new IllegalArgumentException("Embedding " + l.name() + " must be the first layer to export");
            }
            layer(l);
        }
        OnnxProto.Node id = node("Identity", new String[] {cur}, OUTPUT);
        g.nodes.add(id);
        g.outputs.add(rank == 3 ? valueInfo(OUTPUT, OnnxProto.FLOAT, "batch", "steps", (long) features)
                : valueInfo(OUTPUT, OnnxProto.FLOAT, "batch", (long) features));

        OnnxProto.Model m = new OnnxProto.Model();
        m.irVersion = IR_VERSION;
        m.producerName = "gru4j";
        m.producerVersion = OnnxExport.class.getPackage().getImplementationVersion() == null ? "dev"
                : OnnxExport.class.getPackage().getImplementationVersion();
        m.graph = g;
        m.opsets.put("", (long) OPSET);
        return OnnxProto.encodeModel(m);
    }

    private void layer(Layer l) {
        if (l instanceof Embedding) {
            embedding((Embedding) l);
        } else if (l instanceof Dense) {
            dense((Dense) l);
        } else if (l instanceof Dropout) {
            return; // identity at inference
        } else if (l instanceof RecurrentLayer) {
            RecurrentLayer r = (RecurrentLayer) l;
            requireSequence(r.name());
            recurrent(r.name(), new RecurrentCell[] {r.cell()}, r.goBackwards() ? "reverse" : "forward",
                    r.returnSequences(), null);
        } else if (l instanceof Bidirectional) {
            Bidirectional b = (Bidirectional) l;
            requireSequence(b.name());
            if (b.forwardLayer().goBackwards()) {
                throw new IllegalArgumentException(b.name() + ": a Bidirectional around a goBackwards layer has no "
                        + "ONNX equivalent");
            }
            recurrent(b.name(), new RecurrentCell[] {b.forwardLayer().cell(), b.backwardLayer().cell()},
                    "bidirectional", b.forwardLayer().returnSequences(), b.mergeMode());
        } else if (l instanceof RecurrentStack) {
            RecurrentStack s = (RecurrentStack) l;
            requireSequence(s.name());
            for (int k = 0; k < s.numLayers(); k++) {
                RecurrentCell[] cells = s.bidirectional() ? new RecurrentCell[] {s.cell(k, 0), s.cell(k, 1)}
                        : new RecurrentCell[] {s.cell(k, 0)};
                recurrent(s.name() + "_l" + k, cells, s.bidirectional() ? "bidirectional" : "forward", true,
                        MergeMode.CONCAT);
            }
        } else {
            throw new IllegalArgumentException(unsupported(l.name(), l.getClass().getSimpleName()));
        }
    }

    private void requireSequence(String name) {
        if (rank != 3) {
            throw new IllegalArgumentException(name + ": a recurrent layer needs a (batch, steps, features) input");
        }
    }

    private void embedding(Embedding e) {
        Parameter t = e.embeddings();
        String table = initFloats(e.name() + "_embeddings", copy(t), e.vocabSize(), e.dim());
        if (e.maskZero() && lens == null) {
            // Lengths = number of non-zero ids per row: Keras's mask_zero for right-padded rows.
            String zero = initLongs(e.name() + "_zero", new long[] {0});
            String isPad = add("Equal", cur, zero);
            String real = add("Not", isPad);
            String ones = add("Cast", new String[] {real}, attrInt("to", OnnxProto.INT32));
            lens = add("ReduceSum", new String[] {ones, initLongs(e.name() + "_axis", new long[] {1})},
                    attrInt("keepdims", 0));
        }
        cur = add("Gather", table, cur);
        rank = 3;
        features = e.dim();
    }

    private void dense(Dense d) {
        Parameter k = d.kernel();
        int units = d.units();
        int in = k.shape()[1];
        float[] w = copy(k);
        float[] wt = new float[w.length];
        for (int o = 0; o < units; o++) {
            for (int i = 0; i < in; i++) {
                wt[i * units + o] = w[o * in + i];
            }
        }
        // MatMul with the (in, units) transpose works for (B, in) and (B, T, in) alike; Gemm is 2-D only.
        cur = add("MatMul", cur, initFloats(d.name() + "_kernel", wt, in, units));
        if (d.bias() != null) {
            cur = add("Add", cur, initFloats(d.name() + "_bias", copy(d.bias()), units));
        }
        Activation a = d.activation();
        switch (a) {
            case LINEAR:
                break;
            case SIGMOID:
                cur = add("Sigmoid", cur);
                break;
            case TANH:
                cur = add("Tanh", cur);
                break;
            case RELU:
                cur = add("Relu", cur);
                break;
            case SOFTMAX:
                cur = add("Softmax", new String[] {cur}, attrInt("axis", -1));
                break;
            default:
                throw new IllegalArgumentException(d.name() + ": activation " + a + " has no ONNX mapping");
        }
        features = units;
    }

    /** ONNX gate block {@code j} is gru4j block {@code perm[j]}. */
    static int[] onnxFromGru4j(RecurrentCell c) {
        if (c instanceof GRUCell) {
            return new int[] {1, 0, 2}; // z, r, h  <-  r, z, n
        }
        if (c instanceof LSTMCell) {
            return new int[] {0, 3, 1, 2}; // i, o, f, c  <-  i, f, g, o
        }
        return new int[] {0};
    }

    private void recurrent(String name, RecurrentCell[] cells, String direction, boolean returnSequences,
                           MergeMode merge) {
        RecurrentCell c0 = cells[0];
        if (!(c0 instanceof GRUCell || c0 instanceof LSTMCell || c0 instanceof SimpleRNNCell)) {
            // Checked before the weights are read: ONNX's GRU has no layer normalization (and no slot for it).
            throw new IllegalArgumentException(unsupported(name, c0.typeName()));
        }
        int d = cells.length;
        int h = c0.units();
        int in = c0.inputSize();
        int gates = c0.gates();
        int[] perm = onnxFromGru4j(c0);
        int gh = gates * h;
        float[] w = new float[d * gh * in];
        float[] r = new float[d * gh * h];
        float[] b = new float[d * 2 * gh];
        for (int k = 0; k < d; k++) {
            RecurrentCell c = cells[k];
            float[] wih = copy(c.weightIh());
            float[] whh = copy(c.weightHh());
            float[] bih = copy(c.biasIh());
            float[] bhh = c.biasHh() == null ? new float[gh] : copy(c.biasHh());
            for (int j = 0; j < gates; j++) {
                int src = perm[j];
                System.arraycopy(wih, src * h * in, w, (k * gh + j * h) * in, h * in);
                System.arraycopy(whh, src * h * h, r, (k * gh + j * h) * h, h * h);
                System.arraycopy(bih, src * h, b, k * 2 * gh + j * h, h);
                System.arraycopy(bhh, src * h, b, k * 2 * gh + gh + j * h, h);
            }
        }
        String op;
        List<OnnxProto.Attribute> attrs = new ArrayList<>();
        attrs.add(attrInt("hidden_size", h));
        attrs.add(attrString("direction", direction));
        List<String> acts = new ArrayList<>();
        List<Float> alphas = new ArrayList<>();
        List<Float> betas = new ArrayList<>();
        if (c0 instanceof GRUCell) {
            op = "GRU";
            GRUCell gc = (GRUCell) c0;
            attrs.add(attrInt("linear_before_reset", gc.resetAfter() ? 1 : 0));
            gateActivations(gc.gateActivation(), d, 1, acts, alphas, betas);
        } else if (c0 instanceof LSTMCell) {
            op = "LSTM";
            gateActivations(((LSTMCell) c0).gateActivation(), d, 2, acts, alphas, betas);
        } else if (c0 instanceof SimpleRNNCell) {
            op = "RNN";
            if (((SimpleRNNCell) c0).relu()) {
                for (int k = 0; k < d; k++) {
                    acts.add("Relu");
                }
            }
        } else {
            throw new IllegalArgumentException(unsupported(name, c0.typeName()));
        }
        if (!acts.isEmpty()) {
            OnnxProto.Attribute a = new OnnxProto.Attribute();
            a.name = "activations";
            a.type = OnnxProto.ATTR_STRINGS;
            a.strings.addAll(acts);
            attrs.add(a);
        }
        if (!alphas.isEmpty()) {
            attrs.add(attrFloats("activation_alpha", alphas));
            attrs.add(attrFloats("activation_beta", betas));
        }
        String xt = add("Transpose", new String[] {cur}, attrInts("perm", 1, 0, 2));
        String wName = initFloats(name + "_W", w, d, gh, in);
        String rName = initFloats(name + "_R", r, d, gh, h);
        String bName = initFloats(name + "_B", b, d, 2 * gh);
        String[] inputs = lens == null ? new String[] {xt, wName, rName, bName}
                : new String[] {xt, wName, rName, bName, lens};
        String y = fresh(op + "_Y");
        String yh = fresh(op + "_Y_h");
        OnnxProto.Node n = node(op, inputs, y, yh);
        for (OnnxProto.Attribute a : attrs) {
            n.attributes.put(a.name, a);
        }
        g.nodes.add(n);

        if (!returnSequences) {
            if (d == 1) {
                cur = add("Squeeze", yh, initLongs(name + "_axis0", new long[] {0}));
                features = h;
            } else {
                cur = merge(merge, direction(yh, 0, 0), direction(yh, 1, 0));
                features = merge == MergeMode.CONCAT ? 2 * h : h;
            }
            rank = 2;
            lens = null;
            return;
        }
        String ybt = add("Transpose", new String[] {y}, attrInts("perm", 2, 0, 1, 3)); // (B, T, D, H)
        if (d == 1) {
            String seq = add("Squeeze", ybt, initLongs(name + "_axis2", new long[] {2}));
            if (direction.equals("reverse")) {
                // gru4j returns a backwards layer's sequence in processing order.
                seq = add("Slice", seq, initLongs(name + "_start", new long[] {-1}),
                        initLongs(name + "_end", new long[] {Long.MIN_VALUE}), initLongs(name + "_axis1",
                                new long[] {1}), initLongs(name + "_step", new long[] {-1}));
            } else if (lens != null) {
                seq = repeatLastPastLength(name, seq, add("Squeeze", yh, initLongs(name + "_axis0", new long[] {0})));
            }
            cur = seq;
            features = h;
        } else {
            String f = direction(ybt, 0, 2);
            if (lens != null) {
                f = repeatLastPastLength(name, f, direction(yh, 0, 0));
            }
            cur = merge(merge, f, direction(ybt, 1, 2));
            features = merge == MergeMode.CONCAT ? 2 * h : h;
        }
        rank = 3;
    }

    private static void gateActivations(GateActivation gate, int directions, int tanhs, List<String> acts,
                                        List<Float> alphas, List<Float> betas) {
        if (gate == GateActivation.SIGMOID) {
            return; // ONNX's default activations are the same
        }
        for (int k = 0; k < directions; k++) {
            acts.add("HardSigmoid");
            for (int t = 0; t < tanhs; t++) {
                acts.add("Tanh");
            }
            // alpha/beta lists are consumed in order by the activations that take them (Tanh takes none).
            alphas.add(gate == GateActivation.HARD_SIGMOID_KERAS2 ? 0.2f : 1f / 6f);
            betas.add(0.5f);
        }
    }

    /** Direction {@code k} of a (.., D, ..) tensor, dropping that axis. */
    private String direction(String t, int k, int axis) {
        String idx = initScalarLong("dir" + k, k);
        return add("Gather", new String[] {t, idx}, attrInt("axis", axis));
    }

    private String merge(MergeMode mode, String f, String b) {
        switch (mode) {
            case CONCAT:
                return add("Concat", new String[] {f, b}, attrInt("axis", -1));
            case SUM:
                return add("Add", f, b);
            case MUL:
                return add("Mul", f, b);
            default:
                String half = initFloats("half", new float[] {0.5f});
                return add("Mul", add("Add", f, b), half);
        }
    }

    /**
     * {@code Where(t < len, seq, last)}: gru4j repeats the last real output on padded steps where ONNX writes zeros.
     */
    private String repeatLastPastLength(String name, String seq, String last) {
        String shape = add("Shape", seq);
        String steps = add("Gather", new String[] {shape, initScalarLong("one", 1)}, attrInt("axis", 0));
        String t = add("Range", initScalarLong("zero", 0), steps, initScalarLong("one", 1));
        String t3 = add("Unsqueeze", t, initLongs(name + "_axes02", new long[] {0, 2}));
        String len64 = add("Cast", new String[] {lens}, attrInt("to", OnnxProto.INT64));
        String len3 = add("Unsqueeze", len64, initLongs(name + "_axes12", new long[] {1, 2}));
        String valid = add("Less", t3, len3);
        String last3 = add("Unsqueeze", last, initLongs(name + "_axes1", new long[] {1}));
        return add("Where", valid, seq, last3);
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static float[] copy(Parameter p) {
        return Arrays.copyOfRange(p.values(), p.offset(), p.offset() + p.size());
    }

    private String fresh(String base) {
        return base + "_" + counter++;
    }

    private static OnnxProto.Node node(String op, String[] inputs, String... outputs) {
        OnnxProto.Node n = new OnnxProto.Node();
        n.opType = op;
        n.name = outputs[0] + "_node";
        n.inputs.addAll(Arrays.asList(inputs));
        n.outputs.addAll(Arrays.asList(outputs));
        return n;
    }

    private String add(String op, String... inputs) {
        return add(op, inputs, new OnnxProto.Attribute[0]);
    }

    private String add(String op, String[] inputs, OnnxProto.Attribute... attrs) {
        String out = fresh(op);
        OnnxProto.Node n = node(op, inputs, out);
        for (OnnxProto.Attribute a : attrs) {
            n.attributes.put(a.name, a);
        }
        g.nodes.add(n);
        return out;
    }

    private String initFloats(String base, float[] v, long... dims) {
        OnnxProto.TensorData t = new OnnxProto.TensorData();
        t.name = fresh(base);
        t.dataType = OnnxProto.FLOAT;
        t.dims = dims;
        t.floats = v;
        g.initializers.add(t);
        return t.name;
    }

    private String initLongs(String base, long[] v) {
        return initLongs(base, v, new long[] {v.length});
    }

    private String initScalarLong(String base, long v) {
        return initLongs(base, new long[] {v}, new long[0]);
    }

    private String initLongs(String base, long[] v, long[] dims) {
        OnnxProto.TensorData t = new OnnxProto.TensorData();
        t.name = fresh(base);
        t.dataType = OnnxProto.INT64;
        t.dims = dims;
        t.longs = v;
        g.initializers.add(t);
        return t.name;
    }

    private static OnnxProto.Attribute attrInt(String name, long v) {
        OnnxProto.Attribute a = new OnnxProto.Attribute();
        a.name = name;
        a.type = OnnxProto.ATTR_INT;
        a.i = v;
        return a;
    }

    private static OnnxProto.Attribute attrInts(String name, long... v) {
        OnnxProto.Attribute a = new OnnxProto.Attribute();
        a.name = name;
        a.type = OnnxProto.ATTR_INTS;
        for (long x : v) {
            a.ints.add(x);
        }
        return a;
    }

    private static OnnxProto.Attribute attrFloats(String name, List<Float> v) {
        OnnxProto.Attribute a = new OnnxProto.Attribute();
        a.name = name;
        a.type = OnnxProto.ATTR_FLOATS;
        a.floats.addAll(v);
        return a;
    }

    private static OnnxProto.Attribute attrString(String name, String v) {
        OnnxProto.Attribute a = new OnnxProto.Attribute();
        a.name = name;
        a.type = OnnxProto.ATTR_STRING;
        a.s = v;
        return a;
    }

    private static OnnxProto.ValueInfo valueInfo(String name, int elemType, Object... dims) {
        OnnxProto.ValueInfo v = new OnnxProto.ValueInfo();
        v.name = name;
        v.elemType = elemType;
        v.dims = Arrays.asList(dims);
        return v;
    }
}
