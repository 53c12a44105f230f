package org.gru4j.nn;

import java.util.List;
import org.gru4j.tensor.Tensor;

/** The record of one {@link GraphLayer} call: outputs, their masks (entries may be null) and a private cache. */
public final class GraphForward {
    private final List<Tensor> outputs;
    private final List<Mask> masks;
    private final Object cache;
    private final Runnable release;

    public GraphForward(List<Tensor> outputs, List<Mask> masks, Object cache) {
        this(outputs, masks, cache, null);
    }

    /** @param release what {@link #release()} does (hand saved buffers back to the layer), or null */
    public GraphForward(List<Tensor> outputs, List<Mask> masks, Object cache, Runnable release) {
        this.outputs = outputs;
        this.masks = masks;
        this.cache = cache;
        this.release = release;
    }

    /** As {@link Forward#release()}: backward will not be called on this record again. */
    public void release() {
        if (release != null) {
            release.run();
        }
    }

    public List<Tensor> outputs() {
        return outputs;
    }

    public List<Mask> masks() {
        return masks;
    }

    public Object cache() {
        return cache;
    }
}
