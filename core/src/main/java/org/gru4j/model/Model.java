package org.gru4j.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gru4j.data.Dataset;
import org.gru4j.io.ModelFile;
import org.gru4j.io.ModelFormatException;
import org.gru4j.io.SafeTensors;
import org.gru4j.io.SafeTensorsFile;
import org.gru4j.loss.Loss;
import org.gru4j.loss.Losses;
import org.gru4j.metrics.Metric;
import org.gru4j.metrics.Metrics;
import org.gru4j.nn.Context;
import org.gru4j.nn.GraphForward;
import org.gru4j.nn.GraphLayer;
import org.gru4j.nn.Mask;
import org.gru4j.nn.Parameter;
import org.gru4j.optim.Adagrad;
import org.gru4j.optim.Adam;
import org.gru4j.optim.AdamW;
import org.gru4j.optim.Optimizer;
import org.gru4j.optim.RMSprop;
import org.gru4j.optim.SGD;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;
import org.gru4j.train.Callback;
import org.gru4j.train.History;
import org.gru4j.train.TrainingState;
import org.gru4j.util.Rng;

/**
 * A model: a graph of layers from input {@link Node}s to output nodes, with Keras's life cycle:
 * {@link #compile}, {@link #fit}, {@link #evaluate}, {@link #predict}, {@link #summary}.
 *
 * <pre>
 *   Node x = Node.input(-1, 1);
 *   Node y = x.then(new GRU(32)).then(new Dense(1));
 *   Model model = new Model(List.of(x), List.of(y));
 *   model.compile(new Adam(), new MeanSquaredError(), "mae");
 *   History h = model.fit(xTrain, yTrain, FitOptions.epochs(20).validationData(xVal, yVal));
 * </pre>
 *
 * <p>Building (at construction, or for {@link Sequential} when the input shape is known) builds every layer in the
 * order it was applied, drawing initial weights from {@code new Rng(seed)}; then all parameters are moved into one
 * flat value array and one flat gradient array (named views {@code layer/param}), so the optimizer runs one loop.
 *
 * <p>Randomness: initial weights from the seed; batch order and dropout masks from a training generator seeded
 * from the same seed at compile time and carried across {@code fit} calls. Same seed, same data, same bits.
 *
 * <p>{@link #predict} and {@link #evaluate} keep no state in the model, so any number of threads may call them at
 * once (but not while {@code fit} is changing the weights).
 */
public class Model {
    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 42L;

    private final String name;
    protected final long seed;
    protected List<Node> inputs;
    protected List<Node> outputs;
    private List<Node.Call> calls;
    private final List<Parameter> parameters = new ArrayList<>();
    private final Map<String, Parameter> named = new LinkedHashMap<>();
    private float[] values = new float[0];
    private float[] grads = new float[0];
    private boolean built;

    private Optimizer optimizer;
    private List<Loss> losses;
    private double[] lossWeights;
    private List<List<String>> metricNames;
    private Rng trainingRng;

    /** Builds a functional model with the default seed. */
    public Model(List<Node> inputs, List<Node> outputs) {
        this("model", inputs, outputs, DEFAULT_SEED);
    }

    /** Builds a functional model, drawing initial weights from {@code seed}. */
    public Model(String name, List<Node> inputs, List<Node> outputs, long seed) {
        this.name = name;
        this.seed = seed;
        define(inputs, outputs);
    }

    /** For subclasses that define their graph later ({@link Sequential}). */
    protected Model(String name, long seed) {
        this.name = name;
        this.seed = seed;
    }

    public String name() {
        return name;
    }

    public long seed() {
        return seed;
    }

    public boolean isBuilt() {
        return built;
    }

    /** Records the graph and builds every layer. */
    protected final void define(List<Node> in, List<Node> out) {
        if (in.isEmpty() || out.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one input and one output");
        }
        for (Node n : in) {
            if (!n.isInput()) {
                throw new IllegalArgumentException("model input " + n.name + " is not an input node (use Node.input)");
            }
        }
        this.inputs = List.copyOf(in);
        this.outputs = List.copyOf(out);
        Set<Node.Call> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Node.Call> found = new ArrayList<>();
        Set<Node> inputSet = Collections.newSetFromMap(new IdentityHashMap<>());
        inputSet.addAll(in);
        for (Node o : out) {
            collect(o, seen, found, inputSet);
        }
        found.sort((a, b) -> Long.compare(a.order, b.order));
        this.calls = found;
        build();
    }

    private static void collect(Node n, Set<Node.Call> seen, List<Node.Call> found, Set<Node> inputSet) {
        if (n.isInput()) {
            if (!inputSet.contains(n)) {
                throw new IllegalArgumentException("node " + n.name + " is needed by the outputs but is not one of the "
                        + "model's inputs");
            }
            return;
        }
        if (seen.add(n.producer)) {
            for (Node i : n.producer.inputs) {
                collect(i, seen, found, inputSet);
            }
            found.add(n.producer);
        }
    }

    private void build() {
        Rng rng = new Rng(seed);
        Set<String> layerNames = new HashSet<>();
        Set<Object> layersSeen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node.Call c : calls) {
            List<int[]> shapes = new ArrayList<>();
            for (Node i : c.inputs) {
                if (i.shape == null) {
                    throw new IllegalStateException("shape of " + i.name + " unknown when building " + c.layer.name());
                }
                shapes.add(i.shape);
            }
            List<int[]> outShapes = c.layer.build(shapes, rng);
            if (outShapes.size() != c.outputs.size()) {
                throw new IllegalStateException(c.layer.name() + " produced " + outShapes.size() + " outputs, the graph "
                        + "expected " + c.outputs.size());
            }
            for (int i = 0; i < outShapes.size(); i++) {
                c.outputs.get(i).shape = outShapes.get(i);
            }
            if (layersSeen.add(c.layer.owner())) {
                if (!layerNames.add(c.layer.name())) {
                    throw new IllegalArgumentException("two layers are named '" + c.layer.name() + "'; layer names must "
                            + "be unique within a model");
                }
                c.layer.namedParameters().forEach((k, p) -> {
                    named.put(c.layer.name() + "/" + k, p);
                    parameters.add(p);
                });
            }
        }
        int total = 0;
        for (Parameter p : parameters) {
            total = Math.addExact(total, p.size());
        }
        values = new float[total];
        grads = new float[total];
        int off = 0;
        for (Parameter p : parameters) {
            p.rebind(values, grads, off);
            off += p.size();
        }
        built = true;
    }

    /** Builds the graph if it is not yet; {@link Sequential} overrides this to infer the input shape. */
    protected void ensureBuilt(List<Tensor> xs) {
        if (!built) {
            throw new IllegalStateException(name + " is not built");
        }
    }

    /** All parameters, in build order. */
    public List<Parameter> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    /** Parameters by model-wide name {@code layer/param}, e.g. {@code gru/weight_ih}. */
    public Map<String, Parameter> namedParameters() {
        return Collections.unmodifiableMap(named);
    }

    /** The layers in the order they run. */
    public List<GraphLayer> layers() {
        List<GraphLayer> out = new ArrayList<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node.Call c : calls) {
            if (seen.add(c.layer.owner())) {
                out.add(c.layer);
            }
        }
        return out;
    }

    public List<Node> inputs() {
        return inputs;
    }

    /**
     * The built graph as numbered steps (see {@link GraphStep}), in execution order, and in {@link #outputIndices()}
     * the node indices of the model outputs.
     */
    public List<GraphStep> graph() {
        IdentityHashMap<Node, Integer> ids = nodeIds();
        List<GraphStep> steps = new ArrayList<>();
        for (Node.Call c : calls) {
            List<Integer> in = new ArrayList<>();
            for (Node n : c.inputs) {
                in.add(ids.get(n));
            }
            List<Integer> out = new ArrayList<>();
            for (Node n : c.outputs) {
                out.add(ids.get(n));
            }
            steps.add(new GraphStep(c.layer, List.copyOf(in), List.copyOf(out)));
        }
        return steps;
    }

    /** Node indices (as in {@link #graph()}) of the model's outputs. */
    public List<Integer> outputIndices() {
        IdentityHashMap<Node, Integer> ids = nodeIds();
        List<Integer> out = new ArrayList<>();
        for (Node n : outputs) {
            out.add(ids.get(n));
        }
        return out;
    }

    private IdentityHashMap<Node, Integer> nodeIds() {
        IdentityHashMap<Node, Integer> ids = new IdentityHashMap<>();
        for (Node n : inputs) {
            ids.put(n, ids.size());
        }
        for (Node.Call c : calls) {
            for (Node n : c.outputs) {
                ids.put(n, ids.size());
            }
        }
        return ids;
    }

    public List<Node> outputs() {
        return outputs;
    }

    public long countParameters() {
        return values.length;
    }

    /** A copy of every parameter value, in {@link #parameters()} order, flat. */
    public float[] weights() {
        return values.clone();
    }

    /** Restores values from {@link #weights()}. */
    public void setWeights(float[] w) {
        if (w.length != values.length) {
            throw new ShapeException(name + ": expected " + values.length + " weights, got " + w.length);
        }
        System.arraycopy(w, 0, values, 0, w.length);
    }

    // ------------------------------------------------------------------------------------------------ compile

    /** Compiles with one loss for a single-output model, and metrics by Keras name ("accuracy", "mae", ...). */
    public Model compile(Optimizer opt, Loss loss, String... metrics) {
        return compile(opt, List.of(loss), null, List.of(List.of(metrics)));
    }

    /** Compiles by Keras names: {@code compile("adam", "binary_crossentropy", "accuracy")}. */
    public Model compile(String opt, String loss, String... metrics) {
        return compile(optimizerByName(opt), Losses.byName(loss), metrics);
    }

    /**
     * Compiles a model with several outputs: one loss per output, optional loss weights (null for 1), and a
     * list of metric names per output.
     */
    public Model compile(Optimizer opt, List<Loss> lossList, double[] weights, List<List<String>> metrics) {
        if (outputs != null && lossList.size() != outputs.size()) {
            throw new IllegalArgumentException(name + " has " + outputs.size() + " output(s) but " + lossList.size()
                    + " loss(es) were given");
        }
        this.optimizer = opt;
        this.losses = java.util.Collections.unmodifiableList(new ArrayList<>(lossList));
        if (losses.stream().allMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException(name + ": at least one output needs a loss");
        }
        this.lossWeights = weights == null ? null : weights.clone();
        this.metricNames = new ArrayList<>();
        for (int i = 0; i < lossList.size(); i++) {
            List<String> m = i < metrics.size() ? metrics.get(i) : List.of();
            if (lossList.get(i) == null && !m.isEmpty()) {
                throw new IllegalArgumentException(name + ": output " + i + " has metrics but no loss");
            }
            for (String s : m) {
                Metrics.byName(s, lossList.get(i));
            }
            metricNames.add(List.copyOf(m));
        }
        this.trainingRng = new Rng(seed ^ 0x5DEECE66DL);
        return this;
    }

    /** Keras optimizer names with Keras's default hyper-parameters. */
    public static Optimizer optimizerByName(String n) {
        switch (n.toLowerCase(Locale.ROOT)) {
            case "adam":
                return new Adam();
            case "adamw":
                return new AdamW();
            case "sgd":
                return new SGD();
            case "rmsprop":
                return new RMSprop();
            case "adagrad":
                return new Adagrad();
            default:
                throw new IllegalArgumentException("unknown optimizer '" + n + "'; known: adam, adamw, sgd, rmsprop, "
                        + "adagrad");
        }
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** The losses given to {@code compile}, one per output; null before compile. */
    public List<Loss> losses() {
        return losses;
    }

    /** The loss weights given to {@code compile}, or null (all 1). */
    public double[] lossWeights() {
        return lossWeights == null ? null : lossWeights.clone();
    }

    /** The metric names given to {@code compile}, one list per output; null before compile. */
    public List<List<String>> metricNames() {
        return metricNames == null ? null : Collections.unmodifiableList(metricNames);
    }

    /** The generator for batch order and dropout; its state is part of a checkpoint. */
    public Rng trainingRng() {
        return trainingRng;
    }

    private void requireCompiled() {
        if (optimizer == null) {
            throw new IllegalStateException(name + ": call compile(optimizer, loss, metrics...) before fit or evaluate");
        }
    }

    // ------------------------------------------------------------------------------------------------ forward

    /** The values of one forward pass through the graph. */
    final class Trace {
        final IdentityHashMap<Node, Tensor> values = new IdentityHashMap<>();
        final IdentityHashMap<Node, Mask> masks = new IdentityHashMap<>();
        final GraphForward[] records = new GraphForward[calls.size()];

        Tensor output(int i) {
            return values.get(outputs.get(i));
        }

        Mask outputMask(int i) {
            return masks.get(outputs.get(i));
        }

        /** After the step's backward: lets the layers reuse what they saved for it. */
        void release() {
            for (GraphForward f : records) {
                if (f != null) {
                    f.release();
                }
            }
        }
    }

    Trace run(List<Tensor> xs, Mask inputMask, Context ctx) {
        ensureBuilt(xs);
        checkInputs(xs);
        Trace t = new Trace();
        for (int i = 0; i < inputs.size(); i++) {
            t.values.put(inputs.get(i), xs.get(i));
            if (i == 0 && inputMask != null) {
                t.masks.put(inputs.get(i), inputMask);
            }
        }
        for (int ci = 0; ci < calls.size(); ci++) {
            Node.Call c = calls.get(ci);
            List<Tensor> ins = new ArrayList<>(c.inputs.size());
            List<Mask> masks = new ArrayList<>(c.inputs.size());
            for (Node n : c.inputs) {
                ins.add(t.values.get(n));
                masks.add(t.masks.get(n));
            }
            GraphForward f = c.layer.forward(ins, masks, ctx);
            t.records[ci] = f;
            for (int o = 0; o < c.outputs.size(); o++) {
                t.values.put(c.outputs.get(o), f.outputs().get(o));
                Mask m = f.masks().get(o);
                if (m != null) {
                    t.masks.put(c.outputs.get(o), m);
                }
            }
        }
        return t;
    }

    private void checkInputs(List<Tensor> xs) {
        if (xs.size() != inputs.size()) {
            throw new IllegalArgumentException(name + " takes " + inputs.size() + " input(s), got " + xs.size());
        }
        int batch = -1;
        for (int i = 0; i < xs.size(); i++) {
            Node n = inputs.get(i);
            int[] want = new int[n.shape.length + 1];
            want[0] = -1;
            System.arraycopy(n.shape, 0, want, 1, n.shape.length);
            xs.get(i).requireShape(name + " input '" + n.name + "' (batch first)", want);
            if (batch >= 0 && xs.get(i).dim(0) != batch) {
                throw new ShapeException(name + ": inputs have different batch sizes, " + batch + " and "
                        + xs.get(i).dim(0));
            }
            batch = xs.get(i).dim(0);
        }
    }

    void backward(Trace t, List<Tensor> gradOutputs) {
        IdentityHashMap<Node, Tensor> g = new IdentityHashMap<>();
        for (int i = 0; i < outputs.size(); i++) {
            accumulate(g, outputs.get(i), gradOutputs.get(i));
        }
        for (int ci = calls.size() - 1; ci >= 0; ci--) {
            Node.Call c = calls.get(ci);
            List<Tensor> gOut = new ArrayList<>(c.outputs.size());
            boolean any = false;
            for (Node o : c.outputs) {
                Tensor x = g.get(o);
                gOut.add(x);
                any |= x != null;
            }
            if (!any) {
                continue;
            }
            List<Tensor> gIn = c.layer.backward(t.records[ci], gOut);
            for (int i = 0; i < c.inputs.size(); i++) {
                if (gIn.get(i) != null && !c.inputs.get(i).isInput()) {
                    accumulate(g, c.inputs.get(i), gIn.get(i));
                }
            }
        }
    }

    private static void accumulate(IdentityHashMap<Node, Tensor> g, Node n, Tensor add) {
        if (add == null) {
            return;
        }
        Tensor old = g.get(n);
        if (old == null) {
            g.put(n, add);
            return;
        }
        float[] s = old.data().clone();
        float[] a = add.data();
        for (int i = 0; i < s.length; i++) {
            s[i] += a[i];
        }
        g.put(n, Tensor.of(s, old.shape()));
    }

    // ------------------------------------------------------------------------------------------------ predict

    /** Predictions of a single-input, single-output model, in batches of 32. */
    public Tensor predict(Tensor x) {
        return predict(List.of(x), null, 32).get(0);
    }

    /** Predictions for padded sequences with their mask. */
    public Tensor predict(Tensor x, Mask mask) {
        return predict(List.of(x), mask, 32).get(0);
    }

    /**
     * Predictions for every output, computed in batches of {@code batchSize} rows (results do not depend on it).
     * Safe to call from many threads at once.
     */
    public List<Tensor> predict(List<Tensor> xs, Mask mask, int batchSize) {
        ensureBuilt(xs);
        int n = xs.get(0).dim(0);
        List<float[]> outs = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            int[] idx = range(start, end);
            Trace t = run(Batching.gather(xs, idx), Batching.gather(mask, idx), Context.INFERENCE);
            for (int o = 0; o < outputs.size(); o++) {
                Tensor y = t.output(o);
                if (start == 0) {
                    int[] shape = y.shape();
                    shape[0] = n;
                    shapes.add(shape);
                    outs.add(new float[Tensor.checkedSize(shape)]);
                }
                int row = y.size() / y.dim(0);
                System.arraycopy(y.data(), 0, outs.get(o), start * row, y.size());
            }
        }
        List<Tensor> result = new ArrayList<>();
        for (int o = 0; o < outputs.size(); o++) {
            result.add(n == 0 ? Tensor.zeros(0) : Tensor.of(outs.get(o), shapes.get(o)));
        }
        return result;
    }

    private static int[] range(int a, int b) {
        int[] r = new int[b - a];
        for (int i = 0; i < r.length; i++) {
            r[i] = a + i;
        }
        return r;
    }

    // ------------------------------------------------------------------------------------------------ evaluate

    /** Loss and metrics on held-out data: {@code {"loss": ..., "accuracy": ...}} (Keras's evaluate). */
    public Map<String, Double> evaluate(Tensor x, Tensor y) {
        return evaluate(List.of(x), List.of(y), null, 32);
    }

    /** Loss and metrics on a dataset (with its mask and sample weights). */
    public Map<String, Double> evaluate(Dataset d) {
        return evaluate(List.of(d.x()), List.of(d.y()), d.mask(), d.weights(), 32);
    }

    public Map<String, Double> evaluate(List<Tensor> xs, List<Tensor> ys, Mask mask, int batchSize) {
        return evaluate(xs, ys, mask, null, batchSize);
    }

    Map<String, Double> evaluate(List<Tensor> xs, List<Tensor> ys, Mask mask, float[] weights, int batchSize) {
        requireCompiled();
        ensureBuilt(xs);
        Batching.checkSameSamples(xs, ys);
        List<List<Metric>> metrics = newMetrics();
        int n = xs.get(0).dim(0);
        double lossSum = 0;
        double[] perOutput = new double[outputs.size()];
        for (int start = 0; start < n; start += batchSize) {
            int[] idx = range(start, Math.min(n, start + batchSize));
            Trace t = run(Batching.gather(xs, idx), Batching.gather(mask, idx), Context.INFERENCE);
            List<Tensor> yb = Batching.gather(ys, idx);
            float[] wb = weights == null ? null : Batching.gather(weights, idx);
            double[] l = losses(t, yb, wb, null, metrics);
            for (int o = 0; o < perOutput.length; o++) {
                perOutput[o] += l[o + 1] * idx.length;
            }
            lossSum += l[0] * idx.length;
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", n == 0 ? 0 : lossSum / n + regularizationPenalty(false));
        if (outputs.size() > 1) {
            for (int o = 0; o < perOutput.length; o++) {
                logs.put(outputName(o) + "_loss", n == 0 ? 0 : perOutput[o] / n);
            }
        }
        putMetrics(logs, metrics, "");
        return logs;
    }

    private List<List<Metric>> newMetrics() {
        List<List<Metric>> m = new ArrayList<>();
        for (int o = 0; o < losses.size(); o++) {
            List<Metric> l = new ArrayList<>();
            for (String s : metricNames.get(o)) {
                l.add(Metrics.byName(s, losses.get(o)));
            }
            m.add(l);
        }
        return m;
    }

    private void putMetrics(Map<String, Double> logs, List<List<Metric>> metrics, String prefix) {
        for (int o = 0; o < metrics.size(); o++) {
            for (int j = 0; j < metrics.get(o).size(); j++) {
                String key = metricNames.get(o).get(j);
                if (key.equals("acc")) {
                    key = "accuracy";
                }
                if (outputs.size() > 1) {
                    key = outputName(o) + "_" + key;
                }
                logs.put(prefix + key, metrics.get(o).get(j).result());
            }
        }
    }

    private String outputName(int o) {
        Node n = outputs.get(o);
        return n.producer == null ? n.name : n.producer.layer.name();
    }

    /**
     * Total loss of a forward pass and each output's loss; writes the output gradients into {@code gradsOut}
     * when it is not null, and updates the metrics. Index 0 is the weighted total.
     */
    private double[] losses(Trace t, List<Tensor> ys, float[] sampleWeights, List<Tensor> gradsOut,
                            List<List<Metric>> metrics) {
        double[] out = new double[outputs.size() + 1];
        for (int o = 0; o < outputs.size(); o++) {
            Tensor pred = t.output(o);
            if (losses.get(o) == null) {
                if (gradsOut != null) {
                    gradsOut.add(null);
                }
                continue;
            }
            Tensor target = ys.get(o);
            Mask mask = t.outputMask(o);
            Tensor w = lossWeightsFor(pred, mask, sampleWeights);
            Tensor g = gradsOut == null ? null : Tensor.zeros(pred.shape());
            double l = losses.get(o).compute(pred, target, w, g);
            double lw = lossWeights == null ? 1 : lossWeights[o];
            if (g != null) {
                if (lw != 1) {
                    float[] gd = g.data();
                    for (int i = 0; i < gd.length; i++) {
                        gd[i] *= (float) lw;
                    }
                }
                gradsOut.add(g);
            }
            out[o + 1] = l;
            out[0] += lw * l;
            if (metrics != null) {
                Tensor[] pt = Batching.validRows(pred, target, mask);
                for (Metric m : metrics.get(o)) {
                    m.update(pt[0], pt[1]);
                }
            }
        }
        return out;
    }

    /**
     * Per-row loss weights: sample weights, times the output mask for sequence outputs. Like Keras 3, masked
     * weights are rescaled by (all steps / real steps) so the loss is the mean over real steps.
     */
    private static Tensor lossWeightsFor(Tensor pred, Mask mask, float[] sampleWeights) {
        boolean seqMask = mask != null && pred.rank() == 3;
        if (!seqMask) {
            return sampleWeights == null ? null : Tensor.of(sampleWeights.clone(), sampleWeights.length);
        }
        int b = pred.dim(0);
        int steps = pred.dim(1);
        float[] w = new float[b * steps];
        int valid = 0;
        for (int i = 0; i < b; i++) {
            for (int s = 0; s < steps; s++) {
                if (mask.valid(i, s)) {
                    valid++;
                    w[i * steps + s] = sampleWeights == null ? 1f : sampleWeights[i];
                }
            }
        }
        float scale = valid == 0 ? 0f : (float) (b * steps) / valid;
        for (int i = 0; i < w.length; i++) {
            w[i] *= scale;
        }
        return Tensor.of(w, b, steps);
    }

    /** Sum of the L1/L2 penalties of all parameters; adds their gradients when {@code withGradient}. */
    private double regularizationPenalty(boolean withGradient) {
        double sum = 0;
        for (Parameter p : parameters) {
            double l1 = p.l1();
            double l2 = p.l2();
            if (l1 == 0 && l2 == 0) {
                continue;
            }
            float[] v = p.values();
            float[] g = p.grads();
            for (int i = p.offset(); i < p.offset() + p.size(); i++) {
                sum += l1 * Math.abs(v[i]) + l2 * v[i] * v[i];
                if (withGradient) {
                    g[i] += (float) (l1 * Math.signum(v[i]) + 2 * l2 * v[i]);
                }
            }
        }
        return sum;
    }

    // ------------------------------------------------------------------------------------------------ fit

    /** Trains a single-input, single-output model (Keras's fit). */
    public History fit(Tensor x, Tensor y, FitOptions opt) {
        return fit(Dataset.of(x, y), opt);
    }

    /** Trains on a dataset, with its mask and sample weights. */
    public History fit(Dataset train, FitOptions opt) {
        return fit(List.of(train.x()), List.of(train.y()), train.mask(), train.weights(), opt);
    }

    /** Trains a model with several inputs or outputs. */
    public History fit(List<Tensor> xs, List<Tensor> ys, FitOptions opt) {
        return fit(xs, ys, null, null, opt);
    }

    private History fit(List<Tensor> xsAll, List<Tensor> ysAll, Mask maskAll, float[] weightsAll, FitOptions opt) {
        requireCompiled();
        if (ysAll.size() != losses.size()) {
            throw new IllegalArgumentException(name + " has " + losses.size() + " output(s) but " + ysAll.size()
                    + " target tensor(s) were given");
        }
        Batching.checkSameSamples(xsAll, ysAll);
        for (int i = 0; i < xsAll.size(); i++) {
            Batching.requireFinite("x" + (xsAll.size() > 1 ? "[" + i + "]" : ""), xsAll.get(i));
        }
        for (int i = 0; i < ysAll.size(); i++) {
            if (ysAll.get(i) != null) {
                Batching.requireFinite("y" + (ysAll.size() > 1 ? "[" + i + "]" : ""), ysAll.get(i));
            } else if (losses.get(i) != null) {
                throw new IllegalArgumentException(name + ": targets for output " + i + " are missing");
            }
        }
        ensureBuilt(xsAll);
        checkInputs(xsAll);
        int n = xsAll.get(0).dim(0);
        // Validation data: given, or the last fraction of the samples (before shuffling), as Keras does.
        List<Tensor> xs = xsAll;
        List<Tensor> ys = ysAll;
        Mask mask = maskAll;
        float[] weights = weightsAll;
        List<Tensor> vx = opt.validationX;
        List<Tensor> vy = opt.validationY;
        Mask vmask = null;
        float[] vweights = null;
        if (opt.validationDataset != null) {
            vx = List.of(opt.validationDataset.x());
            vy = List.of(opt.validationDataset.y());
            vmask = opt.validationDataset.mask();
            vweights = opt.validationDataset.weights();
        } else if (opt.validationSplit > 0) {
            int nTrain = (int) Math.floor(n * (1 - opt.validationSplit));
            int[] tr = range(0, nTrain);
            int[] va = range(nTrain, n);
            vx = Batching.gather(xsAll, va);
            vy = Batching.gather(ysAll, va);
            vmask = Batching.gather(maskAll, va);
            vweights = weightsAll == null ? null : Batching.gather(weightsAll, va);
            xs = Batching.gather(xsAll, tr);
            ys = Batching.gather(ysAll, tr);
            mask = Batching.gather(maskAll, tr);
            weights = weightsAll == null ? null : Batching.gather(weightsAll, tr);
            n = nTrain;
        }
        if (vx != null) {
            Batching.checkSameSamples(vx, vy);
            checkInputs(vx);
        }
        if (opt.classWeight != null) {
            weights = Batching.classWeights(ys.get(0), opt.classWeight, weights);
        }
        preflightTargets(xs, ys, mask);
        if (n == 0) {
            throw new IllegalArgumentException(name + ": no training samples");
        }

        int steps = (n + opt.batchSize - 1) / opt.batchSize;
        List<Callback> cbs = new ArrayList<>();
        History history = new History();
        cbs.add(history);
        if (opt.verbose > 0) {
            cbs.add(new Progress(opt.out, opt.verbose == 1 && System.console() != null, opt.epochs, steps));
        }
        cbs.addAll(opt.callbacks);
        State state = new State(opt.epochs, steps);
        for (Callback cb : cbs) {
            cb.onTrainBegin(state);
        }
        float[] beforeLastStep = values.clone();
        List<Parameter> trainable = new ArrayList<>();
        for (Parameter p : parameters) {
            if (p.trainable()) {
                trainable.add(p);
            }
        }
        if (!optimizer.isBuilt()) {
            optimizer.build(new ArrayList<>(named.values()), new ArrayList<>(named.keySet()));
        }
        outer:
        for (int epoch = opt.initialEpoch; epoch < opt.epochs; epoch++) {
            for (Callback cb : cbs) {
                cb.onEpochBegin(epoch, state);
            }
            List<List<Metric>> metrics = newMetrics();
            double lossSum = 0;
            int seen = 0;
            int[] order = range(0, n);
            if (opt.shuffle) {
                trainingRng.shuffle(order);
            }
            for (int b = 0; b < steps; b++) {
                int[] idx = Arrays.copyOfRange(order, b * opt.batchSize, Math.min(n, (b + 1) * opt.batchSize));
                Arrays.fill(grads, 0f);
                Trace t = run(Batching.gather(xs, idx), Batching.gather(mask, idx), Context.training(trainingRng));
                List<Tensor> g = new ArrayList<>();
                double loss = losses(t, Batching.gather(ys, idx), weights == null ? null : Batching.gather(weights, idx),
                        g, metrics)[0];
                loss += regularizationPenalty(true);
                if (!Double.isFinite(loss)) {
                    if (opt.terminateOnNaN) {
                        System.arraycopy(beforeLastStep, 0, values, 0, values.length);
                        String why = String.format("loss became %s at epoch %d, batch %d; training stopped and the "
                                + "weights from before the last update were kept", Double.isNaN(loss) ? "NaN"
                                : "infinite", epoch + 1, b + 1);
                        history.setStopReason(why);
                        if (opt.verbose > 0) {
                            opt.out.println(why);
                        }
                        break outer;
                    }
                }
                backward(t, g);
                t.release();
                System.arraycopy(values, 0, beforeLastStep, 0, values.length);
                optimizer.step(trainable);
                lossSum += loss * idx.length;
                seen += idx.length;
                Map<String, Double> logs = new LinkedHashMap<>();
                logs.put("loss", lossSum / seen);
                putMetrics(logs, metrics, "");
                for (Callback cb : cbs) {
                    cb.onBatchEnd(epoch, b, logs, state);
                }
            }
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", lossSum / seen);
            putMetrics(logs, metrics, "");
            if (vx != null) {
                evaluate(vx, vy, vmask, vweights, opt.batchSize).forEach((k, v) -> logs.put("val_" + k, v));
            }
            for (Callback cb : cbs) {
                cb.onEpochEnd(epoch, logs, state);
            }
            if (state.stopReason != null) {
                history.setStopReason(state.stopReason);
                if (opt.verbose > 0) {
                    opt.out.println(state.stopReason);
                }
                break;
            }
        }
        for (Callback cb : cbs) {
            cb.onTrainEnd(state);
        }
        return history;
    }

    /** The outcome of {@link #trainOnBatch}: the loss and every output of the forward pass. */
    public record BatchResult(double loss, List<Tensor> outputs) {
    }

    /**
     * One optimizer step on one batch (Keras's train_on_batch), returning the loss and all outputs, e.g. the final
     * states of a recurrent layer to carry into the next chunk for truncated backpropagation through time.
     * Entries of {@code ys} for outputs compiled without a loss may be null.
     */
    public BatchResult trainOnBatch(List<Tensor> xs, List<Tensor> ys, Mask mask) {
        requireCompiled();
        ensureBuilt(xs);
        checkInputs(xs);
        if (!optimizer.isBuilt()) {
            optimizer.build(new ArrayList<>(named.values()), new ArrayList<>(named.keySet()));
        }
        java.util.Arrays.fill(grads, 0f);
        Trace t = run(xs, mask, Context.training(trainingRng));
        List<Tensor> g = new ArrayList<>();
        double loss = losses(t, ys, null, g, null)[0] + regularizationPenalty(true);
        if (!Double.isFinite(loss)) {
            throw new IllegalStateException(name + ": loss is " + loss + "; the weights were not updated");
        }
        backward(t, g);
        t.release();
        List<Parameter> trainable = new ArrayList<>();
        for (Parameter p : parameters) {
            if (p.trainable()) {
                trainable.add(p);
            }
        }
        optimizer.step(trainable);
        List<Tensor> outs = new ArrayList<>();
        for (int o = 0; o < outputs.size(); o++) {
            outs.add(t.output(o));
        }
        return new BatchResult(loss, outs);
    }

    /** Validates targets against the model's outputs before any update (labels in range, shapes). */
    private void preflightTargets(List<Tensor> xs, List<Tensor> ys, Mask mask) {
        int[] one = {0};
        Trace t = run(Batching.gather(xs, one), Batching.gather(mask, one), Context.INFERENCE);
        for (int o = 0; o < outputs.size(); o++) {
            if (losses.get(o) == null) {
                continue;
            }
            int[] shape = t.output(o).shape();
            int n = ys.get(o).dim(0);
            shape[0] = n;
            Tensor probe = Tensor.zeros(shape).fill(0.5f);
            try {
                losses.get(o).compute(probe, ys.get(o));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": the targets do not fit output " + outputName(o)
                        + " of shape " + Tensor.shapeString(t.output(o).shape()) + " and loss "
                        + losses.get(o).name() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Saves the whole model (architecture, weights and, when compiled, the compile settings) to one file in the
     * native format; see {@link ModelFile#save(Model, Path)}.
     */
    public void save(Path path) throws IOException {
        ModelFile.save(this, path);
    }

    /** Loads a model written by {@link #save} (compiled if the file has compile settings); see {@link ModelFile}. */
    public static Model load(Path path) throws IOException {
        return ModelFile.load(path);
    }

    /** Writes every parameter as a float32 tensor named {@code layer/param} to a safetensors file, atomically. */
    public void saveWeights(Path path) throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        named.forEach((k, p) -> m.put(k, p.valueTensor()));
        SafeTensors.write(path, m, Map.of("format", "gru4j-weights", "model", name));
    }

    /**
     * Loads weights written by {@link #saveWeights}. Every parameter must be present with its shape, and no other
     * tensor; nothing changes unless all checks pass.
     */
    public void loadWeights(Path path) throws IOException {
        SafeTensorsFile f = SafeTensors.read(path);
        Set<String> extra = new java.util.TreeSet<>(f.names());
        extra.removeAll(named.keySet());
        if (!extra.isEmpty()) {
            throw new ModelFormatException(path + ": tensors not in model " + name + ": " + extra);
        }
        Map<String, Tensor> pending = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : named.entrySet()) {
            if (!f.contains(e.getKey())) {
                throw new ModelFormatException(path + ": missing tensor " + e.getKey());
            }
            Tensor t = f.tensor(e.getKey());
            if (!Arrays.equals(t.shape(), e.getValue().shape())) {
                throw new ModelFormatException(path + ": tensor " + e.getKey() + " has shape "
                        + Tensor.shapeString(t.shape()) + ", the model expects "
                        + Tensor.shapeString(e.getValue().shape()));
            }
            pending.put(e.getKey(), t);
        }
        pending.forEach((k, t) -> named.get(k).set(t));
    }

    // ------------------------------------------------------------------------------------------------ summary

    /** A Keras-style table of layers, output shapes and parameter counts. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        String line = "_".repeat(78) + "\n";
        sb.append("Model: \"").append(name).append("\"\n").append(line);
        sb.append(String.format("%-34s%-28s%16s%n", "Layer (type)", "Output Shape", "Param #"));
        sb.append("=".repeat(78)).append('\n');
        long trainable = 0;
        long frozen = 0;
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node.Call c : calls) {
            long count = 0;
            if (seen.add(c.layer.owner())) {
                for (Parameter p : c.layer.namedParameters().values()) {
                    count += p.size();
                    if (p.trainable()) {
                        trainable += p.size();
                    } else {
                        frozen += p.size();
                    }
                }
            }
            StringBuilder shapes = new StringBuilder();
            for (Node o : c.outputs) {
                if (shapes.length() > 0) {
                    shapes.append(", ");
                }
                shapes.append(kerasShape(o.shape));
            }
            sb.append(String.format("%-34s%-28s%16s%n", c.layer.name() + " (" + c.layer.typeName() + ")", shapes,
                    String.format(Locale.ROOT, "%,d", count)));
        }
        sb.append("=".repeat(78)).append('\n');
        sb.append(String.format(Locale.ROOT, "Total params: %,d%n", trainable + frozen));
        sb.append(String.format(Locale.ROOT, "Trainable params: %,d%n", trainable));
        sb.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", frozen));
        return sb.append(line).toString();
    }

    static String kerasShape(int[] shape) {
        StringBuilder sb = new StringBuilder("(None");
        for (int d : shape) {
            sb.append(", ").append(d < 0 ? "None" : Integer.toString(d));
        }
        return sb.append(')').toString();
    }

    /** The fit loop's view for callbacks. */
    private final class State implements TrainingState {
        final int epochs;
        final int steps;
        String stopReason;

        State(int epochs, int steps) {
            this.epochs = epochs;
            this.steps = steps;
        }

        @Override
        public int epochs() {
            return epochs;
        }

        @Override
        public int stepsPerEpoch() {
            return steps;
        }

        @Override
        public Optimizer optimizer() {
            return optimizer;
        }

        @Override
        public float[] weights() {
            return Model.this.weights();
        }

        @Override
        public void setWeights(float[] v) {
            Model.this.setWeights(v);
        }

        @Override
        public void saveWeights(Path path) throws IOException {
            Model.this.saveWeights(path);
        }

        @Override
        public void stopTraining(String reason) {
            if (stopReason == null) {
                stopReason = reason;
            }
        }

        @Override
        public boolean stopRequested() {
            return stopReason != null;
        }
    }
}
