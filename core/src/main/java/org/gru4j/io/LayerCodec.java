package org.gru4j.io;

import java.util.List;
import java.util.Map;

/**
 * Writes one kind of layer's configuration to a model file and makes the layer again from it. Codecs live outside
 * the layer classes and use only the layers' public constructors and getters, so layers know nothing of files;
 * register new ones with {@link LayerCodecs#register}.
 *
 * <p>Loading calls, for each layer, {@link #parameterCount} first and compares it with the number of weight values
 * the file stores for the layer, then {@link #create}, then builds the layer. So a file whose configuration asks for
 * a billion units without holding a billion weights is rejected before anything is allocated; {@link #create}
 * may allocate in proportion to the configuration only because of that check.
 */
public interface LayerCodec {

    /** The type name in files, e.g. {@code "Dense"}; unique among registered codecs. */
    String type();

    /** True if this codec writes {@code layer} (normally an exact class test). */
    boolean handles(Object layer);

    /** The layer's configuration, without its name, as JSON values ({@link Json}'s mapping). */
    Map<String, Object> toConfig(Object layer);

    /**
     * The number of parameter values the layer will have once built for inputs of {@code inputShapes} (no batch
     * dimension, -1 for a varying size), computed with overflow checks.
     *
     * @throws ModelFormatException if the configuration is invalid or cannot take these inputs
     */
    long parameterCount(LayerConfig config, List<int[]> inputShapes) throws ModelFormatException;

    /**
     * A new, unbuilt layer ({@link org.gru4j.nn.Layer} or {@link org.gru4j.nn.GraphLayer}) named {@code name}.
     *
     * @throws ModelFormatException if the configuration is invalid
     */
    Object create(String name, LayerConfig config) throws ModelFormatException;
}
