package org.gru4j.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gru4j.io.Json;

/**
 * How often gates sit at the ends of their range, where their derivative and the gradient through them vanish.
 * A sigmoid gate value {@code v} counts as high when {@code v > high} and low when {@code v < low}; a tanh-valued
 * gate (GRU n, LSTM g) is judged on {@code (v + 1) / 2}, so with the defaults 0.95 and 0.05 it is high above 0.9
 * and low below -0.9. Fractions are over all batch rows and steps.
 *
 * @param gates             gate names
 * @param high              upper threshold (on the [0, 1] scale)
 * @param low               lower threshold
 * @param fractionHigh      per gate, fraction of all values above {@code high}
 * @param fractionLow       per gate, fraction below {@code low}
 * @param fractionHighUnits {@code [gate][unit]} fraction above {@code high}
 * @param fractionLowUnits  {@code [gate][unit]} fraction below {@code low}
 */
public record Saturation(List<String> gates, double high, double low, double[] fractionHigh, double[] fractionLow,
                         double[][] fractionHighUnits, double[][] fractionLowUnits) {
    /** Default thresholds 0.95 and 0.05. */
    public static final double DEFAULT_HIGH = 0.95;
    public static final double DEFAULT_LOW = 0.05;

    /**
     * Counts saturated values.
     *
     * @param gates  gate names
     * @param tanh   per gate, true when its values lie in (-1, 1) rather than (0, 1)
     * @param values {@code [gate][batch][step][unit]}
     */
    public static Saturation of(List<String> gates, boolean[] tanh, double[][][][] values, double high, double low) {
        if (gates.size() != values.length || tanh.length != values.length) {
            throw new IllegalArgumentException("expected " + values.length + " gate names and tanh flags, got "
                    + gates.size() + " and " + tanh.length);
        }
        if (!(low < high)) {
            throw new IllegalArgumentException("expected low < high, got low " + low + ", high " + high);
        }
        int ng = values.length;
        double[] fh = new double[ng];
        double[] fl = new double[ng];
        double[][] fhu = new double[ng][];
        double[][] flu = new double[ng][];
        for (int k = 0; k < ng; k++) {
            int units = values[k].length == 0 || values[k][0].length == 0 ? 0 : values[k][0][0].length;
            long[] hi = new long[units];
            long[] lo = new long[units];
            long count = 0;
            for (double[][] row : values[k]) {
                for (double[] step : row) {
                    count++;
                    for (int j = 0; j < units; j++) {
                        double v = tanh[k] ? (step[j] + 1) / 2 : step[j];
                        if (v > high) {
                            hi[j]++;
                        } else if (v < low) {
                            lo[j]++;
                        }
                    }
                }
            }
            fhu[k] = new double[units];
            flu[k] = new double[units];
            long sumHi = 0;
            long sumLo = 0;
            for (int j = 0; j < units; j++) {
                fhu[k][j] = count == 0 ? 0 : (double) hi[j] / count;
                flu[k][j] = count == 0 ? 0 : (double) lo[j] / count;
                sumHi += hi[j];
                sumLo += lo[j];
            }
            fh[k] = count * units == 0 ? 0 : (double) sumHi / (count * units);
            fl[k] = count * units == 0 ? 0 : (double) sumLo / (count * units);
        }
        return new Saturation(List.copyOf(gates), high, low, fh, fl, fhu, flu);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gates", gates);
        m.put("high", high);
        m.put("low", low);
        m.put("fraction_high", JsonValues.vector(fractionHigh));
        m.put("fraction_low", JsonValues.vector(fractionLow));
        m.put("fraction_high_units", JsonValues.matrix(fractionHighUnits));
        m.put("fraction_low_units", JsonValues.matrix(fractionLowUnits));
        return m;
    }

    public String toJson() {
        return Json.write(toMap());
    }
}
