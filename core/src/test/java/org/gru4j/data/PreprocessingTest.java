package org.gru4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.gru4j.data.Preprocessing.PaddedSequences;
import org.gru4j.data.Preprocessing.Padding;
import org.gru4j.nn.Mask;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Keras reference values are the examples in the docstrings of {@code keras.utils.to_categorical} and
 * {@code tf.keras.preprocessing.sequence.pad_sequences} (TensorFlow 2.4 API docs), checked by hand.
 */
class PreprocessingTest {

    private static final int[][] KERAS_SEQUENCES = {{1}, {2, 3}, {4, 5, 6}};

    @Test
    void toCategoricalMatchesKeras() {
        // keras.utils.to_categorical([0, 1, 2, 3], num_classes=4) is the 4 x 4 identity.
        Tensor t = Preprocessing.toCategorical(new int[] {0, 1, 2, 3}, 4);
        assertArrayEquals(new int[] {4, 4}, t.shape());
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}, t.data());
        Tensor u = Preprocessing.toCategorical(new int[] {2, 0, 2});
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 0, 1}, u.data());
    }

    @Test
    void toCategoricalRejectsLabelsOutOfRange() {
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> Preprocessing.toCategorical(new int[] {0, 4, 5}, 5));
        assertEquals("label 5 at index 2 is outside [0, 5)", e.getMessage());
        e = assertThrows(InvalidDataException.class, () -> Preprocessing.toCategorical(new int[] {-1}, 3));
        assertEquals("label -1 at index 0 is outside [0, 3)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Preprocessing.toCategorical(new int[] {0}, 0));
    }

    @Test
    void padSequencesPreMatchesKeras() {
        // pad_sequences(sequence) -> [[0, 0, 1], [0, 2, 3], [4, 5, 6]]
        PaddedSequences p = Preprocessing.padSequences(KERAS_SEQUENCES, 0, Padding.PRE, Padding.PRE, 0f);
        assertArrayEquals(new int[] {3, 3}, p.values().shape());
        assertArrayEquals(new float[] {0, 0, 1, 0, 2, 3, 4, 5, 6}, p.values().data());
        assertMask(p.mask(), "001", "011", "111");
        assertArrayEquals(new int[] {1, 2, 3}, p.lengths());
        // pad_sequences(sequence, value=-1) -> [[-1, -1, 1], [-1, 2, 3], [4, 5, 6]]
        p = Preprocessing.padSequences(KERAS_SEQUENCES, 0, Padding.PRE, Padding.PRE, -1f);
        assertArrayEquals(new float[] {-1, -1, 1, -1, 2, 3, 4, 5, 6}, p.values().data());
        // pad_sequences(sequence, maxlen=2) -> [[0, 1], [2, 3], [5, 6]]
        p = Preprocessing.padSequences(KERAS_SEQUENCES, 2, Padding.PRE, Padding.PRE, 0f);
        assertArrayEquals(new float[] {0, 1, 2, 3, 5, 6}, p.values().data());
        assertArrayEquals(new int[] {1, 2, 2}, p.lengths());
    }

    @Test
    void padSequencesPostMatchesKeras() {
        // pad_sequences(sequence, padding='post') -> [[1, 0, 0], [2, 3, 0], [4, 5, 6]]
        PaddedSequences p = Preprocessing.padSequences(KERAS_SEQUENCES, 0, Padding.POST, Padding.PRE, 0f);
        assertArrayEquals(new float[] {1, 0, 0, 2, 3, 0, 4, 5, 6}, p.values().data());
        assertMask(p.mask(), "100", "110", "111");
        // Right padding is exactly what Mask.fromLengths describes.
        Mask fromLengths = Mask.fromLengths(p.lengths(), 3);
        for (int b = 0; b < 3; b++) {
            for (int t = 0; t < 3; t++) {
                assertEquals(fromLengths.valid(b, t), p.mask().valid(b, t));
            }
        }
        // truncating='post' keeps the first maxlen steps: pad_sequences(sequence, maxlen=2, truncating='post')
        // -> [[0, 1], [2, 3], [4, 5]] (hand-computed from the Keras rule s[:maxlen]).
        p = Preprocessing.padSequences(KERAS_SEQUENCES, 2, Padding.PRE, Padding.POST, 0f);
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, p.values().data());
    }

    @Test
    void shortOverloadPadsRightAndTruncatesLeft() {
        PaddedSequences p = Preprocessing.padSequences(new int[][] {{7}, {1, 2, 3, 4}, {}}, 3);
        assertArrayEquals(new float[] {7, 0, 0, 2, 3, 4, 0, 0, 0}, p.values().data());
        assertArrayEquals(new int[] {1, 3, 0}, p.lengths());
        assertMask(p.mask(), "100", "111", "000");
    }

    @Test
    void floatSequencesKeepFeatures() {
        float[][] a = {{1, 10}, {2, 20}, {3, 30}};
        float[][] b = {{4, 40}};
        PaddedSequences p = Preprocessing.padSequences(List.of(a, b), 2);
        assertArrayEquals(new int[] {2, 2, 2}, p.values().shape());
        assertArrayEquals(new float[] {2, 20, 3, 30, 4, 40, 0, 0}, p.values().data());
        assertMask(p.mask(), "11", "10");
        p = Preprocessing.padSequences(List.of(a, b), 0, Padding.PRE, Padding.POST, -9f);
        assertArrayEquals(new float[] {1, 10, 2, 20, 3, 30, -9, -9, -9, -9, 4, 40}, p.values().data());
        assertMask(p.mask(), "111", "001");
        ShapeException e = assertThrows(ShapeException.class,
                () -> Preprocessing.padSequences(List.of(a, new float[][] {{1}}), 0));
        assertEquals("sequence 1 step 0 has 1 features, expected 2", e.getMessage());
    }

    private static void assertMask(Mask m, String... rows) {
        assertEquals(rows.length, m.batch());
        for (int b = 0; b < rows.length; b++) {
            StringBuilder sb = new StringBuilder();
            for (int t = 0; t < m.steps(); t++) {
                sb.append(m.valid(b, t) ? '1' : '0');
            }
            assertEquals(rows[b], sb.toString(), "mask row " + b);
        }
    }
}
