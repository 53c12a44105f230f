package org.gru4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.gru4j.tensor.ShapeException;
import org.junit.jupiter.api.Test;

class WindowsTest {

    /** 10 steps, 2 features: column 0 is t, column 1 is 100 + t, so every value names its time. */
    private static float[][] series(int length) {
        float[][] s = new float[length][2];
        for (int t = 0; t < length; t++) {
            s[t][0] = t;
            s[t][1] = 100 + t;
        }
        return s;
    }

    @Test
    void shapesAndExactValues() {
        Dataset d = Windows.make(series(10), 3, 2, 2, 1, 0);
        // N = (10 - 3 - 2) / 2 + 1 = 3 windows starting at 0, 2, 4.
        assertArrayEquals(new int[] {3, 3, 2}, d.x().shape());
        assertArrayEquals(new int[] {3, 4}, d.y().shape());
        assertArrayEquals(new float[] {2, 102, 3, 103, 4, 104}, sampleX(d, 1));
        // y is step-major: (t+window, col 1), (t+window, col 0), (t+window+1, col 1), (t+window+1, col 0).
        assertArrayEquals(new float[] {105, 5, 106, 6}, sampleY(d, 1));
        assertArrayEquals(new float[] {107, 7, 108, 8}, sampleY(d, 2));
        assertEquals(3, Windows.count(10, 3, 2, 2));
    }

    @Test
    void univariateOneStepIsEveryPosition() {
        Dataset d = Windows.make(Windows.column(new float[] {1, 2, 3, 4, 5}), 2, 1, 1, 0);
        assertArrayEquals(new int[] {3, 2, 1}, d.x().shape());
        assertArrayEquals(new float[] {1, 2, 2, 3, 3, 4}, d.x().data());
        assertArrayEquals(new float[] {3, 4, 5}, d.y().data());
    }

    @Test
    void lastTargetMayBeTheLastRow() {
        Dataset d = Windows.make(series(5), 3, 2, 1, 0);
        assertEquals(1, d.size());
        assertArrayEquals(new float[] {3, 4}, d.y().data());
    }

    @Test
    void errorsNameTheLengths() {
        ShapeException e = assertThrows(ShapeException.class, () -> Windows.make(series(12), 10, 5, 1, 0));
        assertEquals("window 10 + horizon 5 = 15 steps do not fit in a series of length 12", e.getMessage());
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                () -> Windows.make(series(12), 3, 1, 1, 2));
        assertEquals("target column 2 is outside [0, 2)", a.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Windows.make(series(12), 3, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Windows.make(series(12), 3, 1, 1));
        float[][] ragged = series(6);
        ragged[4] = new float[] {1};
        e = assertThrows(ShapeException.class, () -> Windows.make(ragged, 2, 1, 1, 0));
        assertEquals("series row 4 has 1 features, expected 2", e.getMessage());
    }

    @Test
    void timeSplitPartsAndWindowTargetsDoNotOverlap() {
        float[][] s = series(20);
        TimeSplit split = TimeSplit.of(20, 0.6, 0.2);
        assertEquals(12, split.trainEnd());
        assertEquals(16, split.validationEnd());
        assertEquals(12, split.train(s).length);
        assertEquals(4, split.validation(s).length);
        assertEquals(4, split.test(s).length);
        assertEquals(12f, split.validation(s)[0][0]);

        Dataset train = split.trainWindows(s, 3, 2, 1, 0);
        Dataset val = split.validationWindows(s, 3, 2, 1, 0);
        Dataset test = split.testWindows(s, 3, 2, 1, 0);
        // train: targets in [0, 12): windows start 0..7, targets 3..11.
        assertEquals(8, train.size());
        assertArrayEquals(new float[] {3, 4}, sampleY(train, 0));
        assertArrayEquals(new float[] {10, 11}, sampleY(train, 7));
        // validation: inputs may start in train, targets exactly 12..15.
        assertEquals(3, val.size());
        assertArrayEquals(new float[] {9, 109, 10, 110, 11, 111}, sampleX(val, 0));
        assertArrayEquals(new float[] {12, 13}, sampleY(val, 0));
        assertArrayEquals(new float[] {14, 15}, sampleY(val, 2));
        assertEquals(3, test.size());
        assertArrayEquals(new float[] {16, 17}, sampleY(test, 0));
        assertArrayEquals(new float[] {18, 19}, sampleY(test, 2));
    }

    @Test
    void timeSplitErrors() {
        assertThrows(IllegalArgumentException.class, () -> TimeSplit.of(10, 0.8, 0.3));
        assertThrows(IllegalArgumentException.class, () -> TimeSplit.of(10, 0, 0.3));
        assertThrows(IllegalArgumentException.class, () -> TimeSplit.of(10, 0.05, 0.3));
        TimeSplit split = TimeSplit.of(20, 0.8, 0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> split.validationWindows(series(20), 3, 4, 1, 0));
        assertEquals("the validation part, rows [16, 18), has 2 rows, too few for one window of 3 inputs and 4"
                + " targets", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> split.train(series(19)));
        assertEquals("this split is for a series of length 20, got 19", e.getMessage());
        // Fractions that are not exact in binary: 0.7 + 0.2 of 10 must give 7 and 9.
        TimeSplit t = TimeSplit.of(10, 0.7, 0.2);
        assertEquals(7, t.trainEnd());
        assertEquals(9, t.validationEnd());
    }

    private static float[] sampleX(Dataset d, int i) {
        int row = d.x().size() / d.size();
        float[] out = new float[row];
        System.arraycopy(d.x().data(), i * row, out, 0, row);
        return out;
    }

    private static float[] sampleY(Dataset d, int i) {
        int row = d.y().size() / d.size();
        float[] out = new float[row];
        System.arraycopy(d.y().data(), i * row, out, 0, row);
        return out;
    }
}
