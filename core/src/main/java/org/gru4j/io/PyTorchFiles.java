package org.gru4j.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.gru4j.kernels.GateActivation;
import org.gru4j.model.Model;
import org.gru4j.nn.Dense;
import org.gru4j.nn.Embedding;
import org.gru4j.nn.GraphLayer;
import org.gru4j.nn.Parameter;
import org.gru4j.nn.recurrent.Bidirectional;
import org.gru4j.nn.recurrent.GRUCell;
import org.gru4j.nn.recurrent.LayerNormGRUCell;
import org.gru4j.nn.recurrent.LSTMCell;
import org.gru4j.nn.recurrent.MergeMode;
import org.gru4j.nn.recurrent.RecurrentCell;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.nn.recurrent.RecurrentStack;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;

/**
 * PyTorch interchange: {@code state_dict}s stored as safetensors ({@code safetensors.torch.save_file(
 * model.state_dict(), path)}), and the mapping between a PyTorch module tree and a gru4j model. See
 * {@code docs/pytorch.md}.
 *
 * <pre>
 *   # Python: emb = nn.Embedding(5000, 64); gru = nn.GRU(64, 128, batch_first=True); fc = nn.Linear(128, 2)
 *   Map&lt;String, Tensor&gt; sd = PyTorchFiles.readStateDict(path, "");
 *   PyTorchFiles.loadStateDict(model, sd, Map.of("embedding", "emb", "gru", "gru", "dense", "fc"));
 * </pre>
 *
 * <h2>Mapping, per gru4j layer (module prefix {@code m}, keys {@code m.<name>})</h2>
 * <ul>
 *   <li>{@link Dense} = {@code nn.Linear}: {@code weight} (out, in) is the kernel as stored (gru4j keeps PyTorch's
 *       layout), {@code bias} (out) when the layer has one.</li>
 *   <li>{@link Embedding} = {@code nn.Embedding}: {@code weight} (vocab, dim).</li>
 *   <li>{@link RecurrentLayer} (GRU, LSTM, SimpleRNN) = layer {@code k} of an {@code nn.GRU}/{@code nn.LSTM}/
 *       {@code nn.RNN} (map it as {@code "m#k"}, default 0): {@code weight_ih_lk}, {@code weight_hh_lk},
 *       {@code bias_ih_lk}, {@code bias_hh_lk}. Gate order is PyTorch's in both (GRU r, z, n; LSTM i, f, g, o).</li>
 *   <li>{@link Bidirectional} with merge mode concat = layer {@code k} of a {@code bidirectional=True} module:
 *       the forward copy takes {@code _lk}, the backward copy {@code _lk_reverse}.</li>
 *   <li>{@link RecurrentStack} = the whole module, every layer and direction.</li>
 *   <li>Layers without parameters (Dropout) need no mapping.</li>
 * </ul>
 * Cells with a single bias (LSTM, simple RNN) load PyTorch's {@code bias_ih + bias_hh} as their sum, which computes
 * the same function, and export {@code bias_ih = bias}, {@code bias_hh = 0}. Layers PyTorch cannot express are
 * refused with a message: the reset-before GRU, hard-sigmoid gates, {@code goBackwards} alone, and Bidirectional
 * with a merge mode other than concat.
 *
 * <p>Loading is strict and all-or-nothing, like {@code load_state_dict(strict=True)}: every expected key present
 * with PyTorch's shape, no other key, and nothing changes unless every check passes.
 */
public final class PyTorchFiles {
    private PyTorchFiles() {
    }

    /**
     * Reads the tensors of a safetensors file whose names start with {@code prefix}, with the prefix removed, as
     * float32 (F64, F16, BF16 and integer tensors are converted). {@code ""} reads every tensor.
     */
    public static Map<String, Tensor> readStateDict(Path path, String prefix) throws IOException {
        SafeTensorsFile f = SafeTensors.read(path);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String n : f.names()) {
            if (n.startsWith(prefix)) {
                out.put(n.substring(prefix.length()), f.tensor(n));
            }
        }
        return out;
    }

    /** Writes a state_dict as float32 safetensors, atomically; {@code safetensors.torch.load_file} reads it. */
    public static void writeStateDict(Path path, Map<String, Tensor> stateDict) throws IOException {
        SafeTensors.write(path, stateDict, Map.of("format", "pt"));
    }

    /**
     * The model's weights as a PyTorch state_dict for the module tree described by {@code modules} (gru4j layer
     * name to PyTorch module prefix, {@code "m#k"} for layer k of a multi-layer recurrent module).
     *
     * @throws IllegalArgumentException if a layer has no PyTorch form or a layer with parameters is not mapped
     */
    public static Map<String, Tensor> stateDict(Model model, Map<String, String> modules) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Binding b : bindings(model, modules)) {
            Tensor v = b.target.valueTensor();
            if (out.put(b.keys[0], v) != null) {
                throw new IllegalArgumentException("two layers map to the PyTorch key '" + b.keys[0] + "'");
            }
            if (b.keys.length == 2) {
                out.put(b.keys[1], Tensor.zeros(v.shape()));
            }
        }
        return out;
    }

    /**
     * Loads a PyTorch state_dict into the model, strictly and all-or-nothing (see the class documentation).
     *
     * @throws IllegalArgumentException listing missing or unexpected keys, or naming a layer with no PyTorch form
     * @throws ShapeException           naming a key, its expected and its given shape
     */
    public static void loadStateDict(Model model, Map<String, Tensor> stateDict, Map<String, String> modules) {
        List<Binding> bindings = bindings(model, modules);
        TreeSet<String> expected = new TreeSet<>();
        TreeSet<String> missing = new TreeSet<>();
        for (Binding b : bindings) {
            for (String k : b.keys) {
                expected.add(k);
                if (!stateDict.containsKey(k)) {
                    missing.add(k);
                }
            }
        }
        TreeSet<String> unexpected = new TreeSet<>(stateDict.keySet());
        unexpected.removeAll(expected);
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException(model.name() + ": state_dict does not fit the module mapping: missing "
                    + missing + ", unexpected " + unexpected);
        }
        List<float[]> values = new ArrayList<>();
        for (Binding b : bindings) {
            float[] sum = null;
            for (String k : b.keys) {
                Tensor t = stateDict.get(k);
                t.requireShape("state_dict tensor '" + k + "' for " + b.target, b.target.shape());
                if (sum == null) {
                    sum = t.data().clone();
                } else {
                    // Two biases that are only ever added: one parameter holding their sum.
                    float[] d = t.data();
                    for (int i = 0; i < sum.length; i++) {
                        sum[i] += d[i];
                    }
                }
            }
            values.add(sum);
        }
        for (int i = 0; i < bindings.size(); i++) {
            Binding b = bindings.get(i);
            b.target.set(Tensor.of(values.get(i), b.target.shape()));
        }
    }

    /** A gru4j parameter and the PyTorch key(s) it corresponds to (two keys: single bias = their sum). */
    private record Binding(Parameter target, String[] keys) {
    }

    private static List<Binding> bindings(Model model, Map<String, String> modules) {
        List<Binding> out = new ArrayList<>();
        TreeSet<String> unmapped = new TreeSet<>();
        TreeSet<String> seen = new TreeSet<>();
        for (GraphLayer g : model.layers()) {
            Object layer = g.owner();
            String spec = modules.get(g.name());
            if (spec == null) {
                if (!g.namedParameters().isEmpty()) {
                    unmapped.add(g.name());
                }
                continue;
            }
            seen.add(g.name());
            String module = spec;
            int k = 0;
            int hash = spec.lastIndexOf('#');
            if (hash >= 0) {
                module = spec.substring(0, hash);
                try {
                    k = Integer.parseInt(spec.substring(hash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("module '" + spec + "': expected 'module#layerIndex'");
                }
            }
            String m = module;
            if (layer instanceof Dense d) {
                out.add(new Binding(d.kernel(), new String[] {key(m, "weight")}));
                if (d.useBias()) {
                    out.add(new Binding(d.bias(), new String[] {key(m, "bias")}));
                }
            } else if (layer instanceof Embedding e) {
                out.add(new Binding(e.embeddings(), new String[] {key(m, "weight")}));
            } else if (layer instanceof Bidirectional b) {
                if (b.mergeMode() != MergeMode.CONCAT) {
                    throw new IllegalArgumentException(g.name() + ": PyTorch concatenates the two directions; merge "
                            + "mode " + b.mergeMode() + " has no PyTorch equivalent");
                }
                requireTorchLike(g.name(), b.forwardLayer());
                cell(out, b.forwardLayer().cell(), m, "_l" + k);
                cell(out, b.backwardLayer().cell(), m, "_l" + k + "_reverse");
            } else if (layer instanceof RecurrentLayer r) {
                requireTorchLike(g.name(), r);
                cell(out, r.cell(), m, "_l" + k);
            } else if (layer instanceof RecurrentStack s) {
                if (hash >= 0) {
                    throw new IllegalArgumentException(g.name() + ": a RecurrentStack maps to a whole module, not '"
                            + spec + "'");
                }
                if (s.kind() == RecurrentStack.Kind.GRU_RESET_BEFORE) {
                    throw new IllegalArgumentException(g.name() + ": the reset-before GRU has no PyTorch module");
                }
                for (int l = 0; l < s.numLayers(); l++) {
                    for (int d = 0; d < (s.bidirectional() ? 2 : 1); d++) {
                        cell(out, s.cell(l, d), m, "_l" + l + (d == 1 ? "_reverse" : ""));
                    }
                }
            } else {
                throw new IllegalArgumentException(g.name() + ": no PyTorch mapping for layer type "
                        + layer.getClass().getSimpleName());
            }
        }
        TreeSet<String> unknown = new TreeSet<>(modules.keySet());
        unknown.removeAll(seen);
        if (!unmapped.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalArgumentException(model.name() + ": layers with parameters but no module " + unmapped
                    + (unknown.isEmpty() ? "" : ", mapped names that are no layer of the model " + unknown));
        }
        return out;
    }

    private static void requireTorchLike(String name, RecurrentLayer r) {
        RecurrentCell c = r.cell();
        if (r.goBackwards()) {
            throw new IllegalArgumentException(name + ": PyTorch has no go_backwards for a single direction");
        }
        if (c instanceof LayerNormGRUCell) {
            throw new IllegalArgumentException(name + ": PyTorch has no layer-normalized GRU module");
        }
        if (c instanceof GRUCell g && (!g.resetAfter() || g.gateActivation() != GateActivation.SIGMOID)
                || c instanceof LSTMCell l && l.gateActivation() != GateActivation.SIGMOID) {
            throw new IllegalArgumentException(name + ": PyTorch's cells use the reset-after GRU and sigmoid gates");
        }
    }

    private static void cell(List<Binding> out, RecurrentCell c, String module, String suffix) {
        out.add(new Binding(c.weightIh(), new String[] {key(module, "weight_ih" + suffix)}));
        out.add(new Binding(c.weightHh(), new String[] {key(module, "weight_hh" + suffix)}));
        if (c.biasHh() != null) {
            out.add(new Binding(c.biasIh(), new String[] {key(module, "bias_ih" + suffix)}));
            out.add(new Binding(c.biasHh(), new String[] {key(module, "bias_hh" + suffix)}));
        } else {
            out.add(new Binding(c.biasIh(), new String[] {key(module, "bias_ih" + suffix),
                key(module, "bias_hh" + suffix)}));
        }
    }

    private static String key(String module, String name) {
        return module.isEmpty() ? name : module + "." + name;
    }
}
