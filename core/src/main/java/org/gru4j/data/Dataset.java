package org.gru4j.data;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.gru4j.nn.Mask;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/**
 * Features {@code x} and targets {@code y} of the same number of samples, with an optional mask and optional sample
 * weights: what Keras's {@code fit(x, y, sample_weight=...)} takes.
 *
 * <p>Shapes: {@code x} is {@code (n, ...)} of any rank &ge; 1 (usually {@code (n, time, features)} or
 * {@code (n, time)} of token ids), {@code y} is {@code (n, ...)}. The mask, when present, is {@code n x time} with
 * {@code time = x.dim(1)}; sample weights are {@code n} finite non-negative floats.
 *
 * <p>The constructor checks that x and y agree on {@code n} and that neither holds a NaN or an infinity (one bad
 * value silently turns every loss into NaN, and is far easier to find here than after training). A dataset is
 * immutable in what it refers to; it wraps the given tensors without copying, so do not modify them afterwards.
 * {@link #subset}, {@link #split}, {@link #shuffledSplit} and {@link #batches} copy the rows they take.
 */
public final class Dataset {
    private final Tensor x;
    private final Tensor y;
    private final Mask mask;
    private final float[] weights;
    private final int n;

    private Dataset(Tensor x, Tensor y, Mask mask, float[] weights, boolean checkValues) {
        if (x.rank() < 1 || y.rank() < 1) {
            throw new ShapeException("x and y need a sample dimension, got x " + Tensor.shapeString(x.shape())
                    + " and y " + Tensor.shapeString(y.shape()));
        }
        this.n = x.dim(0);
        if (y.dim(0) != n) {
            throw new ShapeException("x has " + n + " samples but y has " + y.dim(0));
        }
        if (mask != null) {
            if (x.rank() < 2) {
                throw new ShapeException("a mask needs x of shape (samples, time, ...), got "
                        + Tensor.shapeString(x.shape()));
            }
            mask.require(n, x.dim(1));
        }
        if (weights != null) {
            if (weights.length != n) {
                throw new ShapeException("x has " + n + " samples but there are " + weights.length + " sample weights");
            }
            for (int i = 0; i < n; i++) {
                if (!(weights[i] >= 0) || Float.isInfinite(weights[i])) {
                    throw new InvalidDataException("sample weight " + i + " must be finite and >= 0, got "
                            + weights[i]);
                }
            }
        }
        if (checkValues) {
            requireFinite("x", x);
            requireFinite("y", y);
        }
        this.x = x;
        this.y = y;
        this.mask = mask;
        this.weights = weights;
    }

    /** A dataset of {@code x (n, ...)} and {@code y (n, ...)}, without mask or weights. */
    public static Dataset of(Tensor x, Tensor y) {
        return new Dataset(x, y, null, null, true);
    }

    /**
     * A dataset with an optional {@code n x time} mask and optional {@code n} sample weights ({@code null} for
     * none). The weights are copied.
     */
    public static Dataset of(Tensor x, Tensor y, Mask mask, float[] weights) {
        return new Dataset(x, y, mask, weights == null ? null : weights.clone(), true);
    }

    /** This dataset with a mask of {@code n x time} flags ({@code time = x.dim(1)}), e.g. from padding. */
    public Dataset withMask(Mask m) {
        return new Dataset(x, y, m, weights, false);
    }

    /**
     * This dataset with a right-padding mask: sample {@code i} is real for its first {@code lengths[i]} steps
     * ({@link Mask#fromLengths}).
     */
    public Dataset withLengths(int[] lengths) {
        if (x.rank() < 2) {
            throw new ShapeException("lengths need x of shape (samples, time, ...), got " + Tensor.shapeString(x.shape()));
        }
        if (lengths.length != n) {
            throw new ShapeException("x has " + n + " samples but there are " + lengths.length + " lengths");
        }
        return withMask(Mask.fromLengths(lengths, x.dim(1)));
    }

    /** This dataset with {@code n} sample weights (copied), as Keras's {@code sample_weight}. */
    public Dataset withWeights(float[] w) {
        return new Dataset(x, y, mask, w == null ? null : w.clone(), false);
    }

    /** Number of samples {@code n}. */
    public int size() {
        return n;
    }

    /** The features, not copied. */
    public Tensor x() {
        return x;
    }

    /** The targets, not copied. */
    public Tensor y() {
        return y;
    }

    /** The {@code n x time} mask, or {@code null}. */
    public Mask mask() {
        return mask;
    }

    /** A copy of the sample weights, or {@code null}. */
    public float[] weights() {
        return weights == null ? null : weights.clone();
    }

    /**
     * The samples at {@code indices}, in that order, copied; repeats are allowed (bootstrap resampling).
     *
     * @throws IndexOutOfBoundsException naming the bad index
     */
    public Dataset subset(int[] indices) {
        for (int k = 0; k < indices.length; k++) {
            if (indices[k] < 0 || indices[k] >= n) {
                throw new IndexOutOfBoundsException("index " + indices[k] + " at position " + k + " is outside [0, "
                        + n + ")");
            }
        }
        Mask m = mask == null ? null : gatherMask(indices);
        float[] w = null;
        if (weights != null) {
            w = new float[indices.length];
            for (int k = 0; k < indices.length; k++) {
                w[k] = weights[indices[k]];
            }
        }
        // The rows came from a checked dataset, so scanning them again for NaN would only cost time.
        return new Dataset(gather(x, indices), gather(y, indices), m, w, false);
    }

    /** Samples {@code [from, to)}, copied. */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > n || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of a dataset of " + n + " samples");
        }
        return subset(range(from, to));
    }

    /** Two parts of a dataset: the first for training, the second held out (validation or test). */
    public record Split(Dataset train, Dataset heldOut) {
    }

    /**
     * Splits without shuffling: the first {@code floor(n * trainFraction)} samples train, the rest are held out.
     * This is the split for time-ordered samples (forecasting windows), where shuffling would let the model see the
     * future; it is also Keras's {@code validation_split}, which takes the last samples.
     *
     * @param trainFraction in (0, 1); both parts must be non-empty
     */
    public Split split(double trainFraction) {
        int k = trainCount(trainFraction);
        return new Split(slice(0, k), slice(k, n));
    }

    /**
     * Splits after a seeded shuffle: a random {@code floor(n * trainFraction)} samples train, the rest are held out.
     * Each part keeps the original order of its samples. The same seed gives the same split.
     */
    public Split shuffledSplit(double trainFraction, Rng rng) {
        int k = trainCount(trainFraction);
        int[] perm = range(0, n);
        rng.shuffle(perm);
        int[] train = Arrays.copyOfRange(perm, 0, k);
        int[] held = Arrays.copyOfRange(perm, k, n);
        Arrays.sort(train);
        Arrays.sort(held);
        return new Split(subset(train), subset(held));
    }

    private int trainCount(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("train fraction must be in (0, 1), got " + fraction);
        }
        // floor like Keras; the 1e-9 keeps 0.29 * 100 = 28.999999999999996 from losing a sample.
        int k = (int) Math.floor(n * fraction + 1e-9);
        if (k == 0 || k == n) {
            throw new IllegalArgumentException("train fraction " + fraction + " of " + n + " samples leaves "
                    + (k == 0 ? "no training samples" : "no held-out samples"));
        }
        return k;
    }

    /**
     * Mini-batches of {@code batchSize} samples covering the dataset once (one epoch); the last batch holds the
     * remaining {@code n % batchSize} samples when that is not zero.
     *
     * <p>With {@code shuffle}, the order is one permutation drawn from {@code rng} now, when this method is called;
     * iterating the result twice gives the same batches. Call {@code batches} again each epoch for a new order. The
     * same seed gives the same order bit for bit on every JVM.
     *
     * @param rng required when {@code shuffle} is true, ignored otherwise (may be {@code null})
     */
    public Iterable<Batch> batches(int batchSize, boolean shuffle, Rng rng) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        int[] order = range(0, n);
        if (shuffle) {
            if (rng == null) {
                throw new IllegalArgumentException("shuffled batches need an Rng, got null");
            }
            rng.shuffle(order);
        }
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public Batch next() {
                if (next >= n) {
                    throw new NoSuchElementException();
                }
                int[] idx = Arrays.copyOfRange(order, next, Math.min(n, next + batchSize));
                next += idx.length;
                Dataset d = subset(idx);
                return new Batch(d.x, d.y, d.mask, d.weights, idx);
            }
        };
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static Tensor gather(Tensor t, int[] indices) {
        int[] shape = t.shape();
        int row = shape[0] == 0 ? 0 : t.size() / shape[0];
        shape[0] = indices.length;
        float[] out = new float[Tensor.checkedSize(shape)];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(t.data(), indices[k] * row, out, k * row, row);
        }
        return Tensor.of(out, shape);
    }

    private Mask gatherMask(int[] indices) {
        int steps = mask.steps();
        boolean[] v = new boolean[indices.length * steps];
        for (int k = 0; k < indices.length; k++) {
            for (int t = 0; t < steps; t++) {
                v[k * steps + t] = mask.valid(indices[k], t);
            }
        }
        return Mask.of(indices.length, steps, v);
    }

    /** Throws naming the tensor, the sample and the position within the sample of the first non-finite value. */
    static void requireFinite(String name, Tensor t) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            if (!Float.isFinite(d[i])) {
                int[] shape = t.shape();
                int[] index = new int[shape.length];
                int rest = i;
                for (int a = shape.length - 1; a >= 0; a--) {
                    index[a] = rest % shape[a];
                    rest /= shape[a];
                }
                // A rank-1 tensor has one value per sample, so there is no position within the sample to name.
                StringBuilder where = new StringBuilder(index.length > 1 ? ", position (" : "");
                for (int a = 1; a < index.length; a++) {
                    where.append(a > 1 ? ", " : "").append(index[a]);
                }
                where.append(index.length > 1 ? ")" : "");
                throw new InvalidDataException(name + " has " + d[i] + " at sample " + index[0] + where
                        + " (tensor shape " + Tensor.shapeString(shape) + ")");
            }
        }
    }

    @Override
    public String toString() {
        return "Dataset(" + n + " samples, x " + Tensor.shapeString(x.shape()) + ", y " + Tensor.shapeString(y.shape())
                + (mask != null ? ", masked" : "") + (weights != null ? ", weighted" : "") + ")";
    }
}
