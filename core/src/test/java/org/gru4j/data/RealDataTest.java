package org.gru4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;

/**
 * Smoke tests on the real datasets under {@code src/test/resources/datasets} (provenance in its README): the data
 * tools read them, the known facts about them hold, and a typical pipeline produces the expected shapes.
 */
class RealDataTest {

    private static Path dataset(String name) {
        try {
            return Path.of(RealDataTest.class.getResource("/org/gru4j/datasets/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void airPassengersForecastingPipeline() {
        Csv csv = Csv.read(dataset("timeseries/AirPassengers.csv"));
        assertEquals(List.of("time", "cycle", "value"), csv.columns());
        float[] values = csv.numericColumn("value");
        assertEquals(144, values.length);
        assertEquals(112f, values[0]);
        assertEquals(432f, values[143]);

        float[][] series = Windows.column(values);
        TimeSplit split = TimeSplit.of(series.length, 0.7, 0.15);
        assertEquals(100, split.trainEnd());
        assertEquals(122, split.validationEnd());
        MinMaxScaler scaler = new MinMaxScaler().fit(split.train(series));
        // Training rows are 1949 to April 1957 (min 104, max 413, from Python over the same file); the later peaks
        // (max 622) scale above 1, and Dec 1960's 432 to (432 - 104) / 309 = 1.0615.
        assertEquals(104.0, scaler.min()[0]);
        assertEquals(413.0, scaler.max()[0]);
        float[][] scaled = scaler.transform(series);
        assertEquals(1.0614887f, scaled[143][0], 1e-6f);

        Dataset test = split.testWindows(scaled, 12, 3, 1, 0);
        assertArrayEquals(new int[] {20, 12, 1}, test.x().shape());
        assertArrayEquals(new int[] {20, 3}, test.y().shape());
        // Un-scaling the test targets gives back the passengers of months 122, 123, 124.
        float[] first = scaler.inverseTransformColumn(new float[] {test.y().get(0, 0), test.y().get(0, 1),
            test.y().get(0, 2)}, 0);
        assertArrayEquals(new float[] {values[122], values[123], values[124]}, first, 1e-3f);
    }

    @Test
    void sunspotsAreLongAndNonNegative() {
        float[] v = Csv.read(dataset("timeseries/sunspot.month.csv")).numericColumn("value");
        assertEquals(3177, v.length);
        assertEquals(58f, v[0]);
        assertEquals(37f, v[v.length - 1]);
        for (float x : v) {
            assertTrue(x >= 0, "sunspot numbers are counts");
        }
        Dataset d = Windows.make(Windows.column(v), 24, 1, 1, 0);
        assertEquals(3177 - 24, d.size());
    }

    @Test
    void seattleWeatherMultivariate() {
        Csv csv = Csv.read(dataset("timeseries/seattle-weather.csv"));
        assertEquals(List.of("date", "precipitation", "temp_max", "temp_min", "wind", "weather"), csv.columns());
        assertEquals(1461, csv.rowCount());
        float[][] m = csv.numericColumns("precipitation", "temp_max", "temp_min", "wind");
        assertArrayEquals(new float[] {0f, 12.8f, 5f, 4.7f}, m[0]);
        assertArrayEquals(new float[] {0f, 5.6f, -2.1f, 3.5f}, m[1460]);
        assertEquals(Set.of("sun", "fog", "rain", "drizzle", "snow"), new TreeSet<>(csv.stringColumn("weather")));
        StandardScaler s = new StandardScaler().fit(TimeSplit.of(1461, 0.8, 0.1).train(m));
        Dataset d = Windows.make(s.transform(m), 14, 7, 1, 1, 2);
        assertArrayEquals(new int[] {1461 - 20, 14, 4}, d.x().shape());
        assertArrayEquals(new int[] {1461 - 20, 14}, d.y().shape());
    }

    @Test
    void sentimentTextClassification() {
        Csv csv = Csv.read(dataset("text/sentiment_amazon_yelp.csv"));
        assertEquals(List.of("source", "label", "text"), csv.columns());
        assertEquals(2000, csv.rowCount());
        int[] labels = csv.intColumn("label");
        int positive = 0;
        for (int l : labels) {
            positive += l;
        }
        assertEquals(1000, positive, "balanced labels");
        List<String> texts = csv.stringColumn("text");
        assertEquals("Good case, Excellent value.", texts.get(1));

        WordTokenizer tok = new WordTokenizer(true, WordTokenizer.KERAS_FILTERS, 2000, 2);
        Vocabulary v = tok.fit(texts.subList(0, 1600));
        assertTrue(v.size() <= 2000, "maxTokens caps the vocabulary, got " + v.size());
        assertEquals("the", v.token(2), "the most frequent English word");
        Preprocessing.PaddedSequences p = Preprocessing.padSequences(tok.encodeAll(texts), 40);
        Dataset d = Dataset.of(p.values(), Preprocessing.toCategorical(labels, 2)).withMask(p.mask());
        assertArrayEquals(new int[] {2000, 40}, d.x().shape());
        Dataset.Split split = d.shuffledSplit(0.8, new Rng(1));
        assertEquals(1600, split.train().size());
        int batches = 0;
        for (Batch b : split.train().batches(64, true, new Rng(2))) {
            batches++;
            assertEquals(b.size(), b.mask().batch());
        }
        assertEquals(25, batches);
    }

    @Test
    void digitsAsEightStepsOfEightFeatures() {
        Csv csv = Csv.read(dataset("sequences/sklearn_digits.csv"), false);
        assertEquals(1797, csv.rowCount());
        assertEquals(65, csv.columns().size());
        List<String> pixels = new ArrayList<>(csv.columns().subList(0, 64));
        float[][] m = csv.numericColumns(pixels.toArray(new String[0]));
        int[] labels = csv.intColumn("64");
        assertEquals(0, labels[0]);
        int[] perClass = new int[10];
        for (int l : labels) {
            perClass[l]++;
        }
        assertEquals(178, perClass[0]);
        float[] flat = new float[1797 * 64];
        for (int r = 0; r < 1797; r++) {
            for (int c = 0; c < 64; c++) {
                assertTrue(m[r][c] >= 0 && m[r][c] <= 16, "pixel intensities are 0..16");
                flat[r * 64 + c] = m[r][c] / 16f;
            }
        }
        Dataset d = Dataset.of(Tensor.of(flat, 1797, 8, 8), Preprocessing.toCategorical(labels, 10));
        assertEquals(5f / 16, d.x().get(0, 0, 2));
        assertEquals(1f, d.y().get(0, 0));
    }
}
