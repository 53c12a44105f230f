package org.gru4j.nn;

import org.gru4j.tensor.Tensor;

/**
 * The record of one layer's forward call: its output, the mask that goes with the output (or null), and the
 * cache its backward call needs. Layers hold no per-call state, so one layer can serve many threads at once;
 * everything a call leaves behind lives here.
 */
public class Forward {
    private final Tensor output;
    private final Mask mask;
    private final Object cache;

    public Forward(Tensor output, Mask mask, Object cache) {
        this.output = output;
        this.mask = mask;
        this.cache = cache;
    }

    public Tensor output() {
        return output;
    }

    /** The mask that travels with the output to the next layer, or null. */
    public Mask mask() {
        return mask;
    }

    /** Layer-private data for backward. */
    public Object cache() {
        return cache;
    }
}
