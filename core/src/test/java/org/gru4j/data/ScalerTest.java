package org.gru4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Expected values are computed by hand from scikit-learn's definitions (population std, constant column -> 1). */
class ScalerTest {
    // Column 0: 1, 2, 3, 4 (min 1, max 4, mean 2.5, std sqrt(1.25)); column 1 constant 7.
    private static final float[][] TRAIN = {{1, 7}, {2, 7}, {3, 7}, {4, 7}};
    private static final float[][] TEST = {{5, 7}, {0, 8}};

    @Test
    void minMaxUsesTrainingStatisticsOnTestData() {
        MinMaxScaler s = new MinMaxScaler().fit(TRAIN);
        assertArrayEquals(new double[] {1, 7}, s.min());
        assertArrayEquals(new double[] {4, 7}, s.max());
        float[][] tr = s.transform(TRAIN);
        assertArrayEquals(new float[] {0, 0}, tr[0]);
        assertArrayEquals(new float[] {1f / 3, 0}, tr[1]);
        assertArrayEquals(new float[] {1, 0}, tr[3]);
        // Test values scale with the training min/max: 5 -> (5-1)/3, not clipped; the constant column divides by 1.
        float[][] te = s.transform(TEST);
        assertArrayEquals(new float[] {4f / 3, 0}, te[0]);
        assertArrayEquals(new float[] {-1f / 3, 1}, te[1]);
    }

    @Test
    void minMaxCustomRange() {
        MinMaxScaler s = new MinMaxScaler(-1, 1).fit(TRAIN);
        float[][] tr = s.transform(TRAIN);
        assertArrayEquals(new float[] {-1, -1}, tr[0]);
        assertArrayEquals(new float[] {-1f / 3, -1}, tr[1]);
        assertArrayEquals(new float[] {1, -1}, tr[3]);
        assertArrayEquals(new float[] {-1, 1}, s.transform(new float[][] {{1, 8}})[0]);
        assertThrows(IllegalArgumentException.class, () -> new MinMaxScaler(1, 1));
    }

    @Test
    void standardUsesTrainingStatisticsOnTestData() {
        StandardScaler s = new StandardScaler().fit(TRAIN);
        double std = Math.sqrt(1.25);
        assertArrayEquals(new double[] {2.5, 7}, s.mean());
        assertArrayEquals(new double[] {std, 0}, s.std(), 1e-15);
        float[][] tr = s.transform(TRAIN);
        assertArrayEquals(new float[] {(float) (-1.5 / std), 0}, tr[0], 1e-6f);
        assertArrayEquals(new float[] {(float) (1.5 / std), 0}, tr[3], 1e-6f);
        float[][] te = s.transform(TEST);
        assertArrayEquals(new float[] {(float) (2.5 / std), 0}, te[0], 1e-6f);
        assertArrayEquals(new float[] {(float) (-2.5 / std), 1}, te[1], 1e-6f);
    }

    @Test
    void constantColumnOfInexactFloatsStaysFinite() {
        // The mean of ten 0.1f in double is not exactly 0.1f; without the min == max check the std would be ~1e-17.
        float[][] m = new float[10][1];
        for (float[] row : m) {
            row[0] = 0.1f;
        }
        StandardScaler s = new StandardScaler().fit(m);
        assertEquals(0.0, s.std()[0]);
        assertEquals(0f, s.transform(m)[0][0]);
    }

    @Test
    void inverseRoundTripAndSingleColumn() {
        float[][] data = {{-3.25f, 1e4f}, {0.1f, -2e-3f}, {123.456f, 7f}};
        for (Scaler s : List.of(new MinMaxScaler(-1, 1), new StandardScaler())) {
            s.fit(data);
            float[][] back = s.inverseTransform(s.transform(data));
            // The documented bound: float precision of the scaled value times the column's spread, plus one ulp.
            float[] spread = {123.456f + 3.25f, 1e4f + 2e-3f};
            for (int r = 0; r < data.length; r++) {
                for (int c = 0; c < 2; c++) {
                    assertEquals(data[r][c], back[r][c], 1e-7f * spread[c] * 2 + Math.ulp(data[r][c]),
                            s.getClass().getSimpleName() + " row " + r + " col " + c);
                }
            }
            float[][] scaled = s.transform(data);
            float[] col1 = {scaled[0][1], scaled[1][1], scaled[2][1]};
            float[] raw = s.inverseTransformColumn(col1, 1);
            assertEquals(1e4f, raw[0], 1e-2f);
            assertEquals(7f, raw[2], 1e-2f);
            assertThrows(IndexOutOfBoundsException.class, () -> s.inverseTransformColumn(col1, 2));
        }
    }

    @Test
    void tensorTransformUsesLastDimension() {
        MinMaxScaler s = new MinMaxScaler().fit(TRAIN);
        Tensor t = Tensor.of(new float[] {1, 7, 4, 8, 2.5f, 7, 4, 7}, 2, 2, 2);
        assertArrayEquals(new float[] {0, 0, 1, 1, 0.5f, 0, 1, 0}, s.transform(t).data());
        ShapeException e = assertThrows(ShapeException.class, () -> s.transform(Tensor.zeros(2, 3)));
        assertEquals("expected a tensor whose last dimension is the 2 fitted columns, got (2, 3)", e.getMessage());
    }

    @Test
    void stateExportAndImport() {
        MinMaxScaler a = new MinMaxScaler(-1, 1).fit(TRAIN);
        Map<String, Object> state = a.state();
        assertEquals(List.of("type", "range", "min", "max"), List.copyOf(state.keySet()));
        assertEquals("MinMaxScaler", state.get("type"));
        MinMaxScaler b = MinMaxScaler.fromState(state);
        assertArrayEquals(a.transform(TEST)[1], b.transform(TEST)[1]);

        StandardScaler c = new StandardScaler().fit(TRAIN);
        StandardScaler d = StandardScaler.fromState(c.state());
        assertArrayEquals(c.transform(TEST)[0], d.transform(TEST)[0]);
        assertArrayEquals(c.transform(TEST)[1], d.transform(TEST)[1]);

        InvalidDataException e = assertThrows(InvalidDataException.class, () -> StandardScaler.fromState(state));
        assertEquals("scaler state: expected type StandardScaler, got MinMaxScaler", e.getMessage());
        Map<String, Object> bad = c.state();
        bad.put("std", new double[] {1});
        e = assertThrows(InvalidDataException.class, () -> StandardScaler.fromState(bad));
        assertEquals("scaler state: \"std\" has 1 values, expected 2", e.getMessage());
    }

    @Test
    void errors() {
        IllegalStateException u = assertThrows(IllegalStateException.class,
                () -> new StandardScaler().transform(TRAIN));
        assertEquals("StandardScaler is not fitted: call fit(train) first", u.getMessage());
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> new MinMaxScaler().fit(new float[][] {{1, 2}, {Float.NaN, 3}}));
        assertEquals("training data has NaN at row 1, column 0", e.getMessage());
        ShapeException s = assertThrows(ShapeException.class,
                () -> new MinMaxScaler().fit(TRAIN).transform(new float[][] {{1, 2, 3}}));
        assertEquals("data row 0 has 3 columns, expected 2", s.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StandardScaler().fit(new float[0][]));
    }
}
