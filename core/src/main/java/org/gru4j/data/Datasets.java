package org.gru4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.gru4j.tensor.Tensor;

/**
 * The small real datasets bundled in the jar (see {@code org/gru4j/datasets/README.md} for provenance and
 * licences): two classic monthly series, the 8x8 digits and labelled review sentences.
 */
public final class Datasets {
    private static final String ROOT = "/org/gru4j/datasets/";

    private Datasets() {
    }

    /** A bundled CSV file by its path under the datasets folder, e.g. {@code timeseries/AirPassengers.csv}. */
    public static Csv csv(String name, boolean header) {
        try (InputStream in = Datasets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no bundled dataset '" + name + "'; bundled: "
                        + "timeseries/AirPassengers.csv, timeseries/sunspot.month.csv, "
                        + "timeseries/seattle-weather.csv, sequences/sklearn_digits.csv, "
                        + "text/sentiment_amazon_yelp.csv");
            }
            return Csv.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name, header);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled dataset " + name, e);
        }
    }

    /** Monthly international airline passengers, thousands, January 1949 to December 1960 (144 values). */
    public static float[] airPassengers() {
        return csv("timeseries/AirPassengers.csv", true).numericColumn("value");
    }

    /** Monthly mean sunspot numbers from January 1749 (3177 values). */
    public static float[] sunspots() {
        return csv("timeseries/sunspot.month.csv", true).numericColumn("value");
    }

    /** Daily Seattle weather 2012-2015 (date, precipitation, temp_max, temp_min, wind, weather). */
    public static Csv seattleWeather() {
        return csv("timeseries/seattle-weather.csv", true);
    }

    /**
     * The 1797 8x8 digits as sequences: x {@code (1797, 8, 8)}, one image row per step, pixels scaled to [0, 1];
     * y {@code (1797)} class ids 0-9.
     */
    public static Dataset digits() {
        Csv csv = csv("sequences/sklearn_digits.csv", false);
        String[] cols = new String[65];
        for (int i = 0; i < 65; i++) {
            cols[i] = Integer.toString(i);
        }
        float[][] rows = csv.numericColumns(cols);
        int n = rows.length;
        float[] x = new float[n * 64];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 64; j++) {
                x[i * 64 + j] = rows[i][j] / 16f;
            }
            y[i] = rows[i][64];
        }
        return Dataset.of(Tensor.of(x, n, 8, 8), Tensor.of(y, n));
    }

    /** Review sentences from Amazon and Yelp with labels 0 (negative) and 1 (positive), 2000 rows, balanced. */
    public static Sentences sentiment() {
        Csv csv = csv("text/sentiment_amazon_yelp.csv", true);
        return new Sentences(csv.stringColumn("text"), csv.intColumn("label"));
    }

    /** Texts with integer labels, in file order. */
    public record Sentences(List<String> texts, int[] labels) {
    }
}
