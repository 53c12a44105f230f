package org.gru4j.keras;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gru4j.model.Model;
import org.gru4j.nn.Context;
import org.gru4j.nn.Forward;
import org.gru4j.nn.Layer;
import org.gru4j.nn.Mask;
import org.gru4j.nn.Parameter;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;

/**
 * A Keras model loaded by {@link KerasImport}: built gru4j layers holding the converted weights, in the order of the
 * Keras config, plus what the file said about itself.
 *
 * <p>{@link #predict} runs the chain at inference (dropout off). Layer names are the Keras names, so
 * {@link #predictAll} can be compared with Keras's per-layer outputs. Shapes exclude the batch dimension and use -1
 * for a length the file leaves open; the batch size a file may pin ({@code batch_input_shape [25, 1, 1]}) is not
 * enforced, since it only matters to stateful Keras layers, which are not supported.
 *
 * <p>Once built, the model holds no per-call state: concurrent {@code predict} calls are safe.
 */
public final class KerasModel {
    /** One layer of the chain; {@code input} is the name of the step (or model input) it reads. */
    record Step(String name, String kerasClass, Layer layer, String input, boolean zeroMaskedOutputs) {
    }

    private final String kerasVersion;
    private final String format;
    private final Map<String, Object> config;
    private final String inputName;
    private final int[] inputShape;
    private final List<Step> steps;
    private final String outputName;
    private final Model model;

    KerasModel(String kerasVersion, String format, Map<String, Object> config, String inputName, int[] inputShape,
               List<Step> steps, String outputName, Model model) {
        this.kerasVersion = kerasVersion;
        this.format = format;
        this.config = Collections.unmodifiableMap(config);
        this.inputName = inputName;
        this.inputShape = inputShape.clone();
        this.steps = List.copyOf(steps);
        this.outputName = outputName;
        this.model = model;
    }

    /**
     * The same layers as a gru4j {@link Model}: a {@link org.gru4j.model.Sequential} for a Keras Sequential, a
     * functional {@link Model} otherwise; built, holding the imported weights, ready for {@code compile} and
     * {@code fit} (fine-tuning) or {@code predict}. It shares its layers with this object.
     *
     * <p>One difference with masks: Keras zeroes the sequence outputs of a Bidirectional layer at padding steps
     * ({@code zero_output_for_mask}), which {@link #predict} reproduces and the gru4j model does not (it repeats the
     * previous output, the plain RNN convention). Without masking layers both give the same numbers.
     */
    public Model model() {
        return model;
    }

    /** The {@code keras_version} the file declares, e.g. {@code "2.1.4"}, {@code "2.2.4-tf"}, {@code "3.10.0"}. */
    public String kerasVersion() {
        return kerasVersion;
    }

    /**
     * How the file was stored: {@code "keras"} (Keras 3 zip), {@code "h5"} (legacy whole model) or
     * {@code "h5-weights+json"} (weights-only HDF5 with a separate config).
     */
    public String format() {
        return format;
    }

    /** The parsed Keras model config ({@code model_config} / {@code config.json}), as {@link org.gru4j.io.Json} maps. */
    public Map<String, Object> config() {
        return config;
    }

    /** The model input shape without the batch dimension; -1 where the file leaves it open. */
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** The layers in config order, without InputLayer. */
    public List<Layer> layers() {
        List<Layer> l = new ArrayList<>();
        for (Step s : steps) {
            l.add(s.layer());
        }
        return l;
    }

    /** The layer with this Keras name. */
    public Layer layer(String name) {
        for (Step s : steps) {
            if (s.name().equals(name)) {
                return s.layer();
            }
        }
        throw new IllegalArgumentException("no layer named '" + name + "'; layers: "
                + steps.stream().map(Step::name).reduce((a, b) -> a + ", " + b).orElse("none"));
    }

    /** The number of weights, equal to Keras's {@code count_params()} (gru4j keeps Keras's bias layout). */
    public long parameterCount() {
        long n = 0;
        for (Step s : steps) {
            for (Parameter p : s.layer().parameters()) {
                n += p.size();
            }
        }
        return n;
    }

    /** The model output for a batch {@code (batch, inputShape...)}. */
    public Tensor predict(Tensor x) {
        return predictAll(x).get(outputName);
    }

    /** The output of every layer, keyed by Keras layer name, in config order (the model output is the last). */
    public Map<String, Tensor> predictAll(Tensor x) {
        requireInput(x);
        Map<String, Forward> done = new LinkedHashMap<>();
        done.put(inputName, new Forward(x, null, null));
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Step s : steps) {
            Forward in = done.get(s.input());
            Forward f = s.layer().forward(in.output(), in.mask(), Context.INFERENCE);
            if (s.zeroMaskedOutputs() && f.mask() != null && f.output().rank() == 3) {
                f = new Forward(zeroMasked(f.output(), f.mask()), f.mask(), null);
            }
            done.put(s.name(), f);
            out.put(s.name(), f.output());
        }
        return out;
    }

    private void requireInput(Tensor x) {
        int[] want = new int[inputShape.length + 1];
        want[0] = -1;
        System.arraycopy(inputShape, 0, want, 1, inputShape.length);
        if (x.rank() != want.length) {
            throw new ShapeException("model input: expected shape " + Tensor.shapeString(want) + ", got "
                    + Tensor.shapeString(x.shape()));
        }
        x.requireShape("model input", want);
    }

    /** Keras's {@code zero_output_for_mask}: sequence outputs at padding steps are 0, not the previous output. */
    private static Tensor zeroMasked(Tensor y, Mask m) {
        int t = y.dim(1);
        int f = y.dim(2);
        float[] d = y.data().clone();
        for (int b = 0; b < y.dim(0); b++) {
            for (int s = 0; s < t; s++) {
                if (!m.valid(b, s)) {
                    java.util.Arrays.fill(d, (b * t + s) * f, (b * t + s + 1) * f, 0f);
                }
            }
        }
        return Tensor.of(d, y.shape());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("KerasModel(keras ").append(kerasVersion).append(", ").append(format)
                .append(", input ").append(Tensor.shapeString(inputShape));
        for (Step s : steps) {
            sb.append(", ").append(s.name()).append(':').append(s.kerasClass());
        }
        return sb.append(", ").append(parameterCount()).append(" parameters)").toString();
    }
}
