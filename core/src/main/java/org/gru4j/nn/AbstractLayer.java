package org.gru4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/**
 * What every layer shares: its name, the build-once life cycle, the parameter list and input checks whose messages
 * name the layer ("dense_1: expected input with 16 features, got 12").
 *
 * <p>Subclasses implement {@link #buildLayer}, which creates parameters with {@link #addParameter} and returns the
 * output shape, plus {@link #forward} and {@link #backward}. Shapes exclude the batch dimension; -1 stands for a
 * length that varies from call to call (usually the number of steps).
 *
 * <p>Names: a name given by the user is used as is; otherwise the layer gets a Keras-style default, unique in this
 * JVM: the prefix for the first layer of a kind, then {@code prefix_1}, {@code prefix_2}, ... (so the exact numbers
 * depend on how many layers of that kind were made before, as in Keras).
 */
public abstract class AbstractLayer implements Layer {
    private static final ConcurrentHashMap<String, AtomicInteger> COUNTERS = new ConcurrentHashMap<>();

    private final String name;
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<Parameter> parametersView = Collections.unmodifiableList(parameters);
    private boolean building;
    private volatile boolean built;
    private int[] inputShape;
    private int[] outputShape;

    /**
     * @param name          the user's name, or null for a default derived from {@code defaultPrefix}
     * @param defaultPrefix e.g. {@code "dense"}
     */
    protected AbstractLayer(String name, String defaultPrefix) {
        if (name == null) {
            this.name = uniqueName(defaultPrefix);
        } else {
            if (name.isBlank()) {
                throw new IllegalArgumentException(defaultPrefix + ": a layer name must not be blank");
            }
            this.name = name;
        }
    }

    /** {@code prefix}, then {@code prefix_1}, {@code prefix_2}, ... across the JVM. */
    protected static String uniqueName(String prefix) {
        int n = COUNTERS.computeIfAbsent(prefix, k -> new AtomicInteger()).getAndIncrement();
        return n == 0 ? prefix : prefix + "_" + n;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean isBuilt() {
        return built;
    }

    @Override
    public final List<Parameter> parameters() {
        return parametersView;
    }

    /**
     * Builds once; a second call with a compatible shape (equal, or -1 on either side) returns the output shape and
     * changes nothing.
     *
     * @throws ShapeException if the layer cannot take {@code inputShape}, or was built for another shape
     */
    @Override
    public final synchronized int[] build(int[] inputShape, Rng rng) {
        if (built) {
            if (!acceptsAgain(this.inputShape, inputShape)) {
                throw new ShapeException(name + ": already built for input shape " + Tensor.shapeString(this.inputShape)
                        + ", got " + Tensor.shapeString(inputShape));
            }
            return outputShapeFor(inputShape);
        }
        if (rng == null) {
            throw new IllegalArgumentException(name + ": build needs a random generator for the initial weights");
        }
        int[] in = inputShape.clone();
        building = true;
        int[] out;
        try {
            out = buildLayer(in, rng);
        } catch (RuntimeException e) {
            parameters.clear();
            throw e;
        } finally {
            building = false;
        }
        this.inputShape = in;
        this.outputShape = out.clone();
        built = true;
        return out.clone();
    }

    /**
     * Whether a built layer can be applied again (a shared layer) to inputs of shape {@code given}; by default the
     * shape must equal the built one, with -1 matching anything.
     */
    protected boolean acceptsAgain(int[] builtShape, int[] given) {
        return compatible(builtShape, given);
    }

    /** The output shape when a built layer is applied again to {@code given}; by default the built output shape. */
    protected int[] outputShapeFor(int[] given) {
        return outputShape.clone();
    }

    /**
     * Checks {@code inputShape}, creates and initializes the parameters and returns the output shape (both without the
     * batch dimension). Runs at most once.
     */
    protected abstract int[] buildLayer(int[] inputShape, Rng rng);

    /** Adds a parameter; only allowed inside {@link #buildLayer}. Names are local ("kernel"), not prefixed. */
    protected final Parameter addParameter(String paramName, int... shape) {
        if (!building) {
            throw new IllegalStateException(name + ": parameters can only be added while building");
        }
        Parameter p = new Parameter(paramName, shape);
        parameters.add(p);
        return p;
    }

    /** The input shape given to {@link #build} (no batch dimension). */
    protected final int[] inputShape() {
        requireBuilt();
        return inputShape.clone();
    }

    /** The output shape {@link #build} returned (no batch dimension). */
    protected final int[] outputShape() {
        requireBuilt();
        return outputShape.clone();
    }

    /** @throws IllegalStateException if {@link #build} has not run */
    protected final void requireBuilt() {
        if (!built) {
            throw new IllegalStateException(name + ": not built; call build(inputShape, rng) before forward");
        }
    }

    /**
     * Checks a batch against the built input shape: rank = built rank + 1, and every dimension equal unless the
     * built one is -1.
     *
     * @throws ShapeException e.g. "dense_1: expected input with 16 features, got 12" when only the last dimension
     *                        differs, otherwise "name: expected input of shape (*, 10, 16), got (4, 9, 16)"
     */
    protected final void requireInput(Tensor x) {
        requireBuilt();
        int[] got = x.shape();
        int[] want = new int[inputShape.length + 1];
        want[0] = -1;
        System.arraycopy(inputShape, 0, want, 1, inputShape.length);
        if (got.length == want.length) {
            int last = want.length - 1;
            boolean restOk = true;
            for (int i = 1; i < last; i++) {
                restOk &= want[i] < 0 || want[i] == got[i];
            }
            if (restOk && last > 0 && want[last] >= 0 && want[last] != got[last]) {
                throw new ShapeException(name + ": expected input with " + want[last] + " features, got "
                        + got[last]);
            }
        }
        x.requireShape(name + ": input", want);
    }

    /**
     * Checks that {@code x} is {@code (batch, features)} or {@code (batch, steps, features)} with the given number
     * of features.
     */
    protected final void requireFeatures(Tensor x, int features) {
        if (x.rank() != 2 && x.rank() != 3) {
            throw new ShapeException(name + ": expected input (batch, features) or (batch, steps, features), got shape "
                    + Tensor.shapeString(x.shape()));
        }
        if (x.dim(-1) != features) {
            throw new ShapeException(name + ": expected input with " + features + " features, got " + x.dim(-1));
        }
    }

    /** Checks a mask against a sequence batch {@code (batch, steps, ...)}; null passes. */
    protected final void requireMask(Mask mask, Tensor x) {
        if (mask != null) {
            if (x.rank() < 2) {
                throw new ShapeException(name + ": a mask needs input with a steps axis, got shape "
                        + Tensor.shapeString(x.shape()));
            }
            mask.require(x.dim(0), x.dim(1));
        }
    }

    /** Checks that {@code gradOutput} has the shape of the forward output. */
    protected final void requireGradShape(Forward fwd, Tensor gradOutput) {
        gradOutput.requireShape(name + ": gradient of the output", fwd.output().shape());
    }

    private static boolean compatible(int[] a, int[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] >= 0 && b[i] >= 0 && a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + name + (built ? ", input " + Arrays.toString(inputShape) : "") + ")";
    }
}
