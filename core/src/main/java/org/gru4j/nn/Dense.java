package org.gru4j.nn;

import org.gru4j.kernels.Kernels;
import org.gru4j.kernels.KernelProvider;
import org.gru4j.nn.init.Initializer;
import org.gru4j.nn.init.Initializers;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/**
 * A fully connected layer, Keras {@code Dense}:
 * <pre>
 *   y = act(x W^T + b)      x: (N, in),  W ("kernel"): (units, in),  b ("bias"): (units,),  y: (N, units)
 * </pre>
 * <b>Layout:</b> the kernel is stored {@code (units, in)} like PyTorch's {@code nn.Linear.weight}; Keras's kernel is
 * its transpose {@code (in, units)}, so importers transpose it.
 *
 * <p>Input {@code (B, in)} or {@code (B, T, in)}; on a sequence the same weights apply to every step (Keras
 * behaviour, {@code N = B * T}) and the incoming mask is passed on unchanged. Softmax acts on the last axis.
 *
 * <p>Backward, with {@code dA = act'(dY)} ({@link Activation#backward}):
 * <pre>
 *   dW += dA^T x,   db += sum over rows of dA,   dx = dA W
 * </pre>
 * Defaults as in Keras: linear activation, bias on, kernel {@code glorot_uniform}, bias {@code zeros}, no
 * regularization ({@code Dense.builder(10).kernelRegularizer(0, 1e-4).build()} adds an L2 penalty to the training
 * loss, see {@link Parameter#setRegularization}).
 */
public final class Dense extends AbstractLayer {
    private final int units;
    private final Activation activation;
    private final boolean useBias;
    private final Initializer kernelInitializer;
    private final Initializer biasInitializer;
    private final double[] kernelPenalty;
    private final double[] biasPenalty;
    private int inFeatures;
    private Parameter kernel;
    private Parameter bias;

    /** A linear layer with {@code units} outputs. */
    public Dense(int units) {
        this(builder(units));
    }

    public Dense(int units, Activation activation) {
        this(builder(units).activation(activation));
    }

    /** {@code activation} by its Keras name, e.g. {@code "relu"}. */
    public Dense(int units, String activation) {
        this(builder(units).activation(Activation.byName(activation)));
    }

    private Dense(Builder b) {
        super(b.name, "dense");
        if (b.units <= 0) {
            throw new IllegalArgumentException(name() + ": units must be positive, got " + b.units);
        }
        if (b.activation == null || b.kernelInitializer == null || b.biasInitializer == null) {
            throw new IllegalArgumentException(name() + ": activation and initializers must not be null");
        }
        this.units = b.units;
        this.activation = b.activation;
        this.useBias = b.useBias;
        this.kernelInitializer = b.kernelInitializer;
        this.biasInitializer = b.biasInitializer;
        this.kernelPenalty = b.kernelPenalty.clone();
        this.biasPenalty = b.biasPenalty.clone();
    }

    /** A builder for the less common options (name, bias, initializers, regularizers). */
    public static Builder builder(int units) {
        return new Builder(units);
    }

    public int units() {
        return units;
    }

    public Activation activation() {
        return activation;
    }

    public boolean useBias() {
        return useBias;
    }

    /** The kernel, {@code (units, in)}; present once built. */
    public Parameter kernel() {
        requireBuilt();
        return kernel;
    }

    /** The bias, {@code (units,)}, or null without bias. */
    public Parameter bias() {
        requireBuilt();
        return bias;
    }

    /** A shared Dense takes any input whose last dimension has the built number of features. */
    @Override
    protected boolean acceptsAgain(int[] builtShape, int[] given) {
        return given.length >= 1 && given.length <= 2 && given[given.length - 1] == builtShape[builtShape.length - 1];
    }

    @Override
    protected int[] outputShapeFor(int[] given) {
        int[] out = given.clone();
        out[out.length - 1] = units;
        return out;
    }

    @Override
    protected int[] buildLayer(int[] inputShape, Rng rng) {
        if (inputShape.length != 1 && inputShape.length != 2) {
            throw new ShapeException(name() + ": expected input shape (features) or (steps, features), got "
                    + Tensor.shapeString(inputShape));
        }
        int in = inputShape[inputShape.length - 1];
        if (in <= 0) {
            throw new ShapeException(name() + ": expected a positive number of input features, got " + in);
        }
        inFeatures = in;
        kernel = addParameter("kernel", units, in);
        kernelInitializer.fill(kernel, in, units, rng);
        kernel.setRegularization(kernelPenalty[0], kernelPenalty[1]);
        if (useBias) {
            bias = addParameter("bias", units);
            biasInitializer.fill(bias, rng);
            bias.setRegularization(biasPenalty[0], biasPenalty[1]);
        }
        int[] out = inputShape.clone();
        out[out.length - 1] = units;
        return out;
    }

    @Override
    public Forward forward(Tensor input, Mask mask, Context ctx) {
        requireBuilt();
        requireFeatures(input, inFeatures);
        if (input.rank() == 3) {
            requireMask(mask, input);
        } else if (mask != null && mask.batch() != input.dim(0)) {
            // A 2-D batch has no steps axis; the mask is only passed on (as Keras does), but must fit the batch.
            throw new ShapeException(name() + ": mask for " + mask.batch() + " samples, input has " + input.dim(0));
        }
        Kernels k = KernelProvider.get();
        int n = input.size() / inFeatures;
        float[] y = new float[n * units];
        k.gemm(false, true, n, units, inFeatures, 1f, input.data(), 0, inFeatures,
                kernel.values(), kernel.offset(), inFeatures, 0f, y, 0, units);
        if (bias != null) {
            for (int r = 0; r < n; r++) {
                k.add(units, y, r * units, bias.values(), bias.offset(), y, r * units);
            }
        }
        activation.forward(n, units, y, 0, y, 0);
        int[] shape = input.shape();
        shape[shape.length - 1] = units;
        return new Forward(Tensor.of(y, shape), mask, new Cache(this, input));
    }

    @Override
    public Tensor backward(Forward fwd, Tensor gradOutput) {
        Cache c = cacheOf(fwd);
        requireGradShape(fwd, gradOutput);
        Kernels k = KernelProvider.get();
        Tensor x = c.input;
        int n = x.size() / inFeatures;
        float[] da = new float[n * units];
        activation.backward(n, units, fwd.output().data(), 0, gradOutput.data(), 0, da, 0);
        k.gemm(true, false, units, inFeatures, n, 1f, da, 0, units, x.data(), 0, inFeatures,
                1f, kernel.grads(), kernel.offset(), inFeatures);
        if (bias != null) {
            k.sumRows(n, units, da, 0, units, bias.grads(), bias.offset());
        }
        float[] dx = new float[x.size()];
        k.gemm(false, false, n, inFeatures, units, 1f, da, 0, units, kernel.values(), kernel.offset(), inFeatures,
                0f, dx, 0, inFeatures);
        return Tensor.of(dx, x.shape());
    }

    private Cache cacheOf(Forward fwd) {
        if (!(fwd.cache() instanceof Cache) || ((Cache) fwd.cache()).owner != this) {
            throw new IllegalArgumentException(name() + ": backward needs a Forward made by this layer's forward");
        }
        return (Cache) fwd.cache();
    }

    /** The input, kept by reference: callers must not change it between forward and backward. */
    private static final class Cache {
        final Dense owner;
        final Tensor input;

        Cache(Dense owner, Tensor input) {
            this.owner = owner;
            this.input = input;
        }
    }

    /** Options for {@link Dense}; defaults follow Keras. */
    public static final class Builder {
        private final int units;
        private String name;
        private Activation activation = Activation.LINEAR;
        private boolean useBias = true;
        private Initializer kernelInitializer = Initializers.glorotUniform();
        private Initializer biasInitializer = Initializers.zeros();
        private double[] kernelPenalty = {0, 0};
        private double[] biasPenalty = {0, 0};

        private Builder(int units) {
            this.units = units;
        }

        public Builder name(String n) {
            this.name = n;
            return this;
        }

        public Builder activation(Activation a) {
            this.activation = a;
            return this;
        }

        public Builder useBias(boolean b) {
            this.useBias = b;
            return this;
        }

        public Builder kernelInitializer(Initializer i) {
            this.kernelInitializer = i;
            return this;
        }

        public Builder biasInitializer(Initializer i) {
            this.biasInitializer = i;
            return this;
        }

        /**
         * L1 and L2 penalties on the kernel (Keras's {@code kernel_regularizer=L1L2(l1, l2)}): the training loss adds
         * {@code l1 * sum |w| + l2 * sum w^2} (no 1/2, as Keras).
         */
        public Builder kernelRegularizer(double l1, double l2) {
            this.kernelPenalty = penalty("kernelRegularizer", l1, l2);
            return this;
        }

        /** The same penalties on the bias (Keras's {@code bias_regularizer}). */
        public Builder biasRegularizer(double l1, double l2) {
            this.biasPenalty = penalty("biasRegularizer", l1, l2);
            return this;
        }

        private static double[] penalty(String what, double l1, double l2) {
            if (!(l1 >= 0 && l2 >= 0 && l1 < Double.POSITIVE_INFINITY && l2 < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException(what + " expects finite l1 >= 0 and l2 >= 0, got l1=" + l1
                        + ", l2=" + l2);
            }
            return new double[] {l1, l2};
        }

        public Dense build() {
            return new Dense(this);
        }
    }
}
