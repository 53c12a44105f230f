package org.gru4j.keras;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gru4j.io.ModelFormatException;

/**
 * Where a Keras file keeps the weights of each layer, in the order Keras itself loads them (Keras matches weights to
 * layers by position, not by name, so we do too). Two layouts exist:
 *
 * <ul>
 *   <li><b>Legacy HDF5</b> (Keras 1/2, tf.keras, and Keras 3's {@code model.save("x.h5")}): group
 *       {@code model_weights} (whole model) or the root (weights only); per layer a group {@code <layer>} whose
 *       attribute {@code weight_names} lists dataset paths relative to it, e.g. {@code gru_2/gru_cell_2/kernel:0}
 *       (tf.keras 2.x), {@code sequential/gru/gru_cell/kernel} (Keras 3), {@code bidirectional_1/forward_gru1/bias:0}.
 *       Layers without weights have an empty {@code weight_names} (stored as an empty float64 array).</li>
 *   <li><b>Keras 3 {@code model.weights.h5}</b> inside a {@code .keras} zip: {@code layers/<layer>/vars/0..n} for a
 *       layer's own variables and nested groups for sub-layers: {@code layers/gru/cell/vars/0..2} for recurrent
 *       layers, {@code layers/<bidi>/forward_layer/...} then {@code backward_layer/...} for Bidirectional.</li>
 * </ul>
 *
 * jhdf exceptions are unchecked; every call here turns them into {@link ModelFormatException}s naming the file.
 */
abstract class KerasWeightSource {
    final String file;

    KerasWeightSource(String file) {
        this.file = file;
    }

    /** The weights of layer {@code name}, in Keras's order; empty when the file holds none for it. */
    abstract List<KerasArray> weights(String name, boolean bidirectional) throws ModelFormatException;

    /** Legacy layout rooted at {@code group} ({@code model_weights}, or the root of a weights-only file). */
    static KerasWeightSource legacy(String file, Group group) {
        return new KerasWeightSource(file) {
            @Override
            List<KerasArray> weights(String name, boolean bidirectional) throws ModelFormatException {
                Node n = child(group, name);
                if (n == null) {
                    return List.of();
                }
                if (!(n instanceof Group)) {
                    throw new ModelFormatException(file + ": " + n.getPath() + " should be a group of weights");
                }
                List<String> names = stringList(file, n, "weight_names");
                List<KerasArray> out = new ArrayList<>();
                for (String wn : names) {
                    out.add(read(file, dataset(file, (Group) n, wn)));
                }
                return out;
            }
        };
    }

    /** Keras 3 {@code model.weights.h5} layout; {@code root} is the file's root group. */
    static KerasWeightSource keras3(String file, Group root) {
        return new KerasWeightSource(file) {
            @Override
            List<KerasArray> weights(String name, boolean bidirectional) throws ModelFormatException {
                Node layers = child(root, "layers");
                if (!(layers instanceof Group)) {
                    throw new ModelFormatException(file + ": no 'layers' group; is this a Keras 3 weights file?");
                }
                Node n = child((Group) layers, name);
                if (n == null) {
                    return List.of();
                }
                List<KerasArray> out = new ArrayList<>();
                if (bidirectional) {
                    for (String half : List.of("forward_layer", "backward_layer")) {
                        Node h = child((Group) n, half);
                        if (!(h instanceof Group)) {
                            throw new ModelFormatException(file + ": " + n.getPath() + " has no group '" + half
                                    + "'; found " + ((Group) n).getChildren().keySet());
                        }
                        collect((Group) h, out);
                    }
                } else {
                    collect((Group) n, out);
                }
                return out;
            }

            /** The group's own {@code vars} (numeric order), then its {@code cell}: the order Keras 3 saves. */
            private void collect(Group g, List<KerasArray> out) throws ModelFormatException {
                Node vars = child(g, "vars");
                if (vars instanceof Group) {
                    Map<Integer, Node> byIndex = new TreeMap<>();
                    for (Map.Entry<String, Node> e : children((Group) vars).entrySet()) {
                        try {
                            byIndex.put(Integer.parseInt(e.getKey()), e.getValue());
                        } catch (NumberFormatException ex) {
                            throw new ModelFormatException(file + ": unexpected entry '" + e.getKey() + "' in "
                                    + vars.getPath() + "; expected 0, 1, 2, ...");
                        }
                    }
                    for (Node v : byIndex.values()) {
                        if (!(v instanceof Dataset)) {
                            throw new ModelFormatException(file + ": " + v.getPath() + " should be a dataset");
                        }
                        out.add(read(file, (Dataset) v));
                    }
                }
                Node cell = child(g, "cell");
                if (cell instanceof Group) {
                    collect((Group) cell, out);
                }
            }
        };
    }

    static Map<String, Node> children(Group g) throws ModelFormatException {
        try {
            return g.getChildren();
        } catch (RuntimeException e) {
            throw new ModelFormatException(g.getHdfFile().getFileAsPath().getFileName() + ": cannot list "
                    + g.getPath() + ": " + e.getMessage(), e);
        }
    }

    static Node child(Group g, String name) throws ModelFormatException {
        return children(g).get(name);
    }

    private static Dataset dataset(String file, Group g, String relPath) throws ModelFormatException {
        Node n = g;
        for (String part : relPath.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            Node c = n instanceof Group ? child((Group) n, part) : null;
            if (c == null) {
                throw new ModelFormatException(file + ": weight '" + relPath + "' listed in " + g.getPath()
                        + "/weight_names is missing");
            }
            n = c;
        }
        if (!(n instanceof Dataset)) {
            throw new ModelFormatException(file + ": " + n.getPath() + " should be a dataset");
        }
        return (Dataset) n;
    }

    /** Reads a float32 or float64 dataset as float32. */
    static KerasArray read(String file, Dataset d) throws ModelFormatException {
        try {
            int[] shape = d.getDimensions();
            Object flat = d.getDataFlat();
            float[] data;
            if (flat instanceof float[]) {
                data = (float[]) flat;
            } else if (flat instanceof double[]) {
                double[] x = (double[]) flat;
                data = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    data[i] = (float) x[i];
                }
            } else {
                throw new ModelFormatException(file + ": " + d.getPath() + " holds " + d.getJavaType()
                        + ", expected float32 or float64 weights");
            }
            long n = 1;
            for (int s : shape) {
                n *= s;
            }
            if (n != data.length) {
                throw new ModelFormatException(file + ": " + d.getPath() + " has shape "
                        + java.util.Arrays.toString(shape) + " but " + data.length + " values");
            }
            return new KerasArray(d.getPath(), shape, data);
        } catch (RuntimeException e) {
            throw new ModelFormatException(file + ": cannot read " + d.getPath() + ": " + e.getMessage(), e);
        }
    }

    /** A string attribute, or null when absent. */
    static String string(String file, Node n, String name) throws ModelFormatException {
        try {
            Attribute a = n.getAttributes().get(name);
            if (a == null) {
                return null;
            }
            Object v = a.getData();
            if (v instanceof String) {
                return (String) v;
            }
            if (v instanceof String[] && ((String[]) v).length == 1) {
                return ((String[]) v)[0];
            }
            throw new ModelFormatException(file + ": attribute " + n.getPath() + "@" + name
                    + " should be a string, got " + (v == null ? "nothing" : v.getClass().getSimpleName()));
        } catch (RuntimeException e) {
            throw new ModelFormatException(file + ": cannot read attribute " + n.getPath() + "@" + name + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * A string-array attribute such as {@code weight_names}: fixed-length (Keras &lt;= 2.2.4) or variable-length
     * strings; absent, empty, or Keras's empty float64 array all mean "none".
     */
    static List<String> stringList(String file, Node n, String name) throws ModelFormatException {
        try {
            Attribute a = n.getAttributes().get(name);
            if (a == null || a.isEmpty()) {
                return List.of();
            }
            Object v = a.getData();
            if (v == null) {
                return List.of();
            }
            if (v instanceof String) {
                return List.of((String) v);
            }
            if (v instanceof String[]) {
                return List.of((String[]) v);
            }
            if (v instanceof double[] && ((double[]) v).length == 0) {
                return List.of();
            }
            throw new ModelFormatException(file + ": attribute " + n.getPath() + "@" + name
                    + " should be a list of strings, got " + v.getClass().getSimpleName());
        } catch (RuntimeException e) {
            throw new ModelFormatException(file + ": cannot read attribute " + n.getPath() + "@" + name + ": "
                    + e.getMessage(), e);
        }
    }
}
