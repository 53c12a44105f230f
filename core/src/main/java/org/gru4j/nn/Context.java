package org.gru4j.nn;

import org.gru4j.util.Rng;

/**
 * What a forward call needs besides its input: whether it is training (dropout active) and the random
 * generator for dropout masks. Inference uses {@link #INFERENCE}, which needs no generator and is shared freely
 * between threads.
 */
public final class Context {
    public static final Context INFERENCE = new Context(false, null);

    private final boolean training;
    private final Rng rng;

    private Context(boolean training, Rng rng) {
        this.training = training;
        this.rng = rng;
    }

    /** A training context drawing dropout masks from {@code rng}. */
    public static Context training(Rng rng) {
        if (rng == null) {
            throw new IllegalArgumentException("training needs a random generator for dropout");
        }
        return new Context(true, rng);
    }

    public boolean training() {
        return training;
    }

    /** The generator for this pass; only present when training. */
    public Rng rng() {
        if (rng == null) {
            throw new IllegalStateException("no random generator in an inference context");
        }
        return rng;
    }
}
