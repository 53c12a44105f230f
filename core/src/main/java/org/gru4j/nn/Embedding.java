package org.gru4j.nn;

import org.gru4j.kernels.Kernels;
import org.gru4j.kernels.KernelProvider;
import org.gru4j.nn.init.Initializer;
import org.gru4j.nn.init.Initializers;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/**
 * A lookup table of token vectors, Keras {@code Embedding} / PyTorch {@code nn.Embedding}:
 * <pre>
 *   y[b, t, :] = E[ids[b, t], :]      ids: (B, T) token ids stored as floats,  E ("embeddings"): (vocab, dim),
 *                                     y: (B, T, dim)
 * </pre>
 * Ids must be integers in {@code [0, vocab)}; floats hold integers exactly up to 2^24, far beyond any vocabulary.
 *
 * <p><b>Masking</b> ({@code maskZero}, Keras {@code mask_zero=True}): id 0 is padding and the output mask marks
 * those steps invalid; row 0 is still looked up, so the vocabulary must reserve id 0. An incoming mask is combined
 * with it (a step stays padding once masked). Without {@code maskZero} the incoming mask, if any, is passed on.
 * PyTorch's {@code padding_idx} (a frozen zero row) is a different mechanism and not modelled here.
 *
 * <p><b>Backward</b> scatter-adds: {@code dE[ids[b, t], :] += dy[b, t, :]} (repeated ids accumulate), and returns
 * null because ids are not differentiable.
 *
 * <p>Initialization: Keras's {@code uniform(-0.05, 0.05)} by default; {@link Initializers#normal normal(0, 1)} gives
 * PyTorch's default.
 */
public final class Embedding extends AbstractLayer {
    private final int vocabSize;
    private final int dim;
    private final boolean maskZero;
    private final Initializer initializer;
    private Parameter embeddings;

    /** Keras defaults: {@code uniform(-0.05, 0.05)}, automatic name. */
    public Embedding(int vocabSize, int dim, boolean maskZero) {
        this(vocabSize, dim, maskZero, Initializers.uniform(-0.05, 0.05), null);
    }

    /**
     * @param initializer e.g. {@code Initializers.normal(0, 1)} for PyTorch's default
     * @param name        the layer name, or null for an automatic one
     */
    public Embedding(int vocabSize, int dim, boolean maskZero, Initializer initializer, String name) {
        super(name, "embedding");
        if (vocabSize <= 0 || dim <= 0) {
            throw new IllegalArgumentException(name() + ": vocabSize and dim must be positive, got vocabSize="
                    + vocabSize + ", dim=" + dim);
        }
        if (initializer == null) {
            throw new IllegalArgumentException(name() + ": initializer must not be null");
        }
        this.vocabSize = vocabSize;
        this.dim = dim;
        this.maskZero = maskZero;
        this.initializer = initializer;
    }

    public int vocabSize() {
        return vocabSize;
    }

    public int dim() {
        return dim;
    }

    public boolean maskZero() {
        return maskZero;
    }

    /** The table, {@code (vocab, dim)}; present once built. */
    public Parameter embeddings() {
        requireBuilt();
        return embeddings;
    }

    /** Input shape {@code (steps,)}, steps may be -1; output {@code (steps, dim)}. */
    @Override
    protected int[] buildLayer(int[] inputShape, Rng rng) {
        if (inputShape.length != 1) {
            throw new ShapeException(name() + ": expected input shape (steps) of token ids, got "
                    + Tensor.shapeString(inputShape));
        }
        embeddings = addParameter("embeddings", vocabSize, dim);
        // Keras stores the same (vocab, dim) table and reads fanIn = vocab, fanOut = dim from it; our (out, in)
        // rule would swap them, so pass Keras's fans explicitly (only variance-scaling initializers look at them).
        initializer.fill(embeddings, vocabSize, dim, rng);
        return new int[] {inputShape[0], dim};
    }

    /**
     * @throws IllegalArgumentException naming the first id that is not an integer in {@code [0, vocab)} and its
     *                                  position
     */
    @Override
    public Forward forward(Tensor input, Mask mask, Context ctx) {
        requireInput(input);
        requireMask(mask, input);
        int batch = input.dim(0);
        int steps = input.dim(1);
        float[] ids = input.data();
        int[] rows = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            float v = ids[i];
            if (!(v >= 0 && v < vocabSize) || v != Math.rint(v)) {
                throw new IllegalArgumentException(name() + ": token id " + v + " at (" + (i / Math.max(steps, 1))
                        + ", " + (i % Math.max(steps, 1)) + ") is not an integer in [0, " + vocabSize + ")");
            }
            rows[i] = (int) v;
        }
        float[] table = embeddings.values();
        int base = embeddings.offset();
        float[] y = new float[ids.length * dim];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(table, base + rows[i] * dim, y, i * dim, dim);
        }
        Mask outMask = mask;
        if (maskZero) {
            boolean[] valid = new boolean[rows.length];
            for (int i = 0; i < rows.length; i++) {
                valid[i] = rows[i] != 0 && (mask == null || mask.valid(i / steps, i % steps));
            }
            outMask = Mask.of(batch, steps, valid);
        }
        return new Forward(Tensor.of(y, batch, steps, dim), outMask, new Cache(this, rows));
    }

    /** Adds into the table's gradient; returns null (ids have no gradient). */
    @Override
    public Tensor backward(Forward fwd, Tensor gradOutput) {
        if (!(fwd.cache() instanceof Cache) || ((Cache) fwd.cache()).owner != this) {
            throw new IllegalArgumentException(name() + ": backward needs a Forward made by this layer's forward");
        }
        requireGradShape(fwd, gradOutput);
        int[] rows = ((Cache) fwd.cache()).rows;
        Kernels k = KernelProvider.get();
        float[] g = gradOutput.data();
        for (int i = 0; i < rows.length; i++) {
            k.axpy(dim, 1f, g, i * dim, embeddings.grads(), embeddings.offset() + rows[i] * dim);
        }
        return null;
    }

    private static final class Cache {
        final Embedding owner;
        final int[] rows;

        Cache(Embedding owner, int[] rows) {
            this.owner = owner;
            this.rows = rows;
        }
    }
}
