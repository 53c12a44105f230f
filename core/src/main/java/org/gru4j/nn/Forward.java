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

    /**
     * Declares that backward will not be called on this record again, so the layer may reuse the memory it kept
     * for backward in its later calls (recurrent layers keep large activation buffers). Backward may be called any
     * number of times before this (each call adds its gradients), and fails with an {@link IllegalStateException}
     * after it. Training loops ({@code Model.fit}, {@code trainOnBatch}) call it after each step's backward;
     * calling it is optional, and more than once is harmless. Does nothing by default.
     */
    public void release() {
    }
}
