package org.gru4j.nn;

import org.gru4j.kernels.KernelProvider;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/**
 * Inverted dropout (Srivastava et al. 2014; Keras {@code Dropout}, PyTorch {@code nn.Dropout}):
 * <pre>
 *   training:   y = x * m / (1 - rate),   m_i = 1 with probability 1 - rate, else 0   (one draw per element)
 *   inference:  y = x
 *   backward:   dx = dy * m / (1 - rate)
 * </pre>
 * Scaling at training time keeps the expected activation unchanged, so inference needs no rescaling. Masks come
 * from {@link Context#rng()}, one {@code nextFloat()} per element in row-major order (an element is kept when the
 * draw is {@code >= rate}, as in Keras), so a generator in the same state gives the same mask. Any input shape; the
 * sequence mask passes through.
 *
 * <p>At inference (or with rate 0) the output is the input tensor itself and backward returns {@code gradOutput}
 * itself: no copy is made, so callers must not modify either in place.
 */
public final class Dropout extends AbstractLayer {
    private final float rate;

    /** @param rate fraction of elements dropped, in [0, 1) */
    public Dropout(double rate) {
        this(rate, null);
    }

    /** @param name the layer name, or null for an automatic one */
    public Dropout(double rate, String name) {
        super(name, "dropout");
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(name() + ": rate must be in [0, 1), got " + rate);
        }
        this.rate = (float) rate;
    }

    public float rate() {
        return rate;
    }

    @Override
    protected int[] buildLayer(int[] inputShape, Rng rng) {
        for (int d : inputShape) {
            if (d == 0 || d < -1) {
                throw new ShapeException(name() + ": expected positive dimensions or -1, got "
                        + Tensor.shapeString(inputShape));
            }
        }
        return inputShape.clone();
    }

    @Override
    public Forward forward(Tensor input, Mask mask, Context ctx) {
        requireInput(input);
        if (input.rank() >= 3) {
            requireMask(mask, input);
        }
        if (!ctx.training() || rate == 0f) {
            return new Forward(input, mask, new Cache(this, null));
        }
        Rng rng = ctx.rng();
        float scale = 1f / (1f - rate);
        float[] m = new float[input.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextFloat() >= rate ? scale : 0f;
        }
        float[] y = new float[m.length];
        KernelProvider.get().mul(m.length, input.data(), 0, m, 0, y, 0);
        return new Forward(Tensor.of(y, input.shape()), mask, new Cache(this, m));
    }

    @Override
    public Tensor backward(Forward fwd, Tensor gradOutput) {
        if (!(fwd.cache() instanceof Cache) || ((Cache) fwd.cache()).owner != this) {
            throw new IllegalArgumentException(name() + ": backward needs a Forward made by this layer's forward");
        }
        requireGradShape(fwd, gradOutput);
        float[] m = ((Cache) fwd.cache()).multipliers;
        if (m == null) {
            return gradOutput;
        }
        float[] dx = new float[m.length];
        KernelProvider.get().mul(m.length, gradOutput.data(), 0, m, 0, dx, 0);
        return Tensor.of(dx, gradOutput.shape());
    }

    /** The per-element multipliers, 0 or 1 / (1 - rate); null when the layer was the identity. */
    private static final class Cache {
        final Dropout owner;
        final float[] multipliers;

        Cache(Dropout owner, float[] multipliers) {
            this.owner = owner;
            this.multipliers = multipliers;
        }
    }
}
