package org.gru4j.data;

import java.util.Arrays;
import java.util.List;
import org.gru4j.nn.Mask;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;

/**
 * Keras's {@code to_categorical} and {@code pad_sequences}.
 *
 * <p><b>Padding default differs from Keras.</b> Keras pads on the left ({@code padding="pre"}) by default; our
 * short overloads pad on the right ({@link Padding#POST}), because {@link Mask#fromLengths} and the recurrent layers
 * expect real steps first, and because with a mask the padded steps are skipped anyway. Truncation keeps Keras's
 * default ({@link Padding#PRE}: drop the oldest steps, keep the last {@code maxLen}). Pass both sides explicitly to
 * get Keras's exact behaviour; every overload also returns the {@link Mask} of real steps, which is correct for
 * either side.
 */
public final class Preprocessing {
    private Preprocessing() {
    }

    /** Which end of a sequence padding is added to, or truncation removes from. */
    public enum Padding {
        /** The start (left): Keras's default for both padding and truncating. */
        PRE,
        /** The end (right): our default for padding, what {@link Mask#fromLengths} describes. */
        POST
    }

    /**
     * Padded sequences with their mask.
     *
     * @param values  {@code (n, maxLen)} for integer sequences, {@code (n, maxLen, features)} for float sequences
     * @param mask    {@code n x maxLen}, true where a real (not padded) step is
     * @param lengths real steps kept per sample, after truncation
     */
    public record PaddedSequences(Tensor values, Mask mask, int[] lengths) {
    }

    /**
     * One-hot encoding: row {@code i} of the {@code (n, numClasses)} result is 1 at column {@code labels[i]} and 0
     * elsewhere, as Keras's {@code to_categorical(labels, num_classes)}.
     *
     * @throws InvalidDataException naming the first label outside {@code [0, numClasses)} and its index
     */
    public static Tensor toCategorical(int[] labels, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        Tensor t = Tensor.zeros(labels.length, numClasses);
        float[] d = t.data();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new InvalidDataException("label " + labels[i] + " at index " + i + " is outside [0, " + numClasses
                        + ")");
            }
            d[i * numClasses + labels[i]] = 1f;
        }
        return t;
    }

    /** {@link #toCategorical(int[], int)} with {@code numClasses = max(labels) + 1}, as Keras without num_classes. */
    public static Tensor toCategorical(int[] labels) {
        int max = -1;
        for (int l : labels) {
            max = Math.max(max, l);
        }
        return toCategorical(labels, Math.max(1, max + 1));
    }

    /**
     * Pads (or truncates) integer sequences, e.g. token ids, to {@code (n, maxLen)}: right padding with 0, truncation
     * of the oldest tokens. See the class comment for why the padding side differs from Keras.
     *
     * @param maxLen the common length; {@code <= 0} means the longest sequence's length
     */
    public static PaddedSequences padSequences(int[][] sequences, int maxLen) {
        return padSequences(sequences, maxLen, Padding.POST, Padding.PRE, 0f);
    }

    /**
     * Keras's {@code pad_sequences(sequences, maxlen, padding, truncating, value)} for integer sequences.
     *
     * @param maxLen     the common length; {@code <= 0} means the longest sequence's length
     * @param padding    where {@code value} is added to sequences shorter than {@code maxLen}
     * @param truncating where steps are removed from sequences longer than {@code maxLen}
     * @return values {@code (n, maxLen)} with the ids as floats (exact up to 2^24), mask and kept lengths
     */
    public static PaddedSequences padSequences(int[][] sequences, int maxLen, Padding padding, Padding truncating,
            float value) {
        int[] src = new int[sequences.length];
        for (int i = 0; i < sequences.length; i++) {
            src[i] = sequences[i].length;
        }
        int len = commonLength(src, maxLen);
        int[] kept = new int[sequences.length];
        float[] out = new float[Tensor.checkedSize(sequences.length, len)];
        Arrays.fill(out, value);
        boolean[] valid = new boolean[out.length];
        for (int i = 0; i < sequences.length; i++) {
            int k = Math.min(len, src[i]);
            kept[i] = k;
            int from = truncating == Padding.PRE ? src[i] - k : 0;
            int to = padding == Padding.PRE ? len - k : 0;
            for (int j = 0; j < k; j++) {
                out[i * len + to + j] = sequences[i][from + j];
                valid[i * len + to + j] = true;
            }
        }
        return new PaddedSequences(Tensor.of(out, sequences.length, len), Mask.of(sequences.length, len, valid), kept);
    }

    /**
     * Pads float sequences of {@code (time_i, features)} to {@code (n, maxLen, features)}: right padding with 0,
     * truncation of the oldest steps.
     */
    public static PaddedSequences padSequences(List<float[][]> sequences, int maxLen) {
        return padSequences(sequences, maxLen, Padding.POST, Padding.PRE, 0f);
    }

    /**
     * {@code pad_sequences} for float sequences, each {@code float[time_i][features]} with the same number of
     * features; a padded step has {@code value} in every feature.
     *
     * @return values {@code (n, maxLen, features)}, mask and kept lengths
     */
    public static PaddedSequences padSequences(List<float[][]> sequences, int maxLen, Padding padding,
            Padding truncating, float value) {
        int n = sequences.size();
        int[] src = new int[n];
        int features = -1;
        for (int i = 0; i < n; i++) {
            float[][] s = sequences.get(i);
            src[i] = s.length;
            for (int t = 0; t < s.length; t++) {
                if (features < 0) {
                    features = s[t].length;
                } else if (s[t].length != features) {
                    throw new ShapeException("sequence " + i + " step " + t + " has " + s[t].length
                            + " features, expected " + features);
                }
            }
        }
        features = Math.max(features, 0);
        int len = commonLength(src, maxLen);
        int[] kept = new int[n];
        float[] out = new float[Tensor.checkedSize(n, len, features)];
        Arrays.fill(out, value);
        boolean[] valid = new boolean[n * len];
        for (int i = 0; i < n; i++) {
            float[][] s = sequences.get(i);
            int k = Math.min(len, src[i]);
            kept[i] = k;
            int from = truncating == Padding.PRE ? src[i] - k : 0;
            int to = padding == Padding.PRE ? len - k : 0;
            for (int j = 0; j < k; j++) {
                System.arraycopy(s[from + j], 0, out, ((i * len) + to + j) * features, features);
                valid[i * len + to + j] = true;
            }
        }
        return new PaddedSequences(Tensor.of(out, n, len, features), Mask.of(n, len, valid), kept);
    }

    private static int commonLength(int[] lengths, int maxLen) {
        if (maxLen > 0) {
            return maxLen;
        }
        int longest = 0;
        for (int l : lengths) {
            longest = Math.max(longest, l);
        }
        return longest;
    }
}
