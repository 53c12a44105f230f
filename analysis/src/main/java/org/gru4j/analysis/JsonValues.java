package org.gru4j.analysis;

import java.util.ArrayList;
import java.util.List;

/** Converts analysis arrays to values {@link org.gru4j.io.Json} writes; non-finite numbers become null. */
final class JsonValues {
    private JsonValues() {
    }

    static Double number(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static List<Double> vector(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double d : v) {
            out.add(number(d));
        }
        return out;
    }

    static List<List<Double>> matrix(double[][] m) {
        List<List<Double>> out = new ArrayList<>(m.length);
        for (double[] row : m) {
            out.add(vector(row));
        }
        return out;
    }

    /** Complex numbers as {@code [re, im]} pairs. */
    static List<List<Double>> complex(Complex[] c) {
        List<List<Double>> out = new ArrayList<>(c.length);
        for (Complex z : c) {
            out.add(vector(new double[] {z.re(), z.im()}));
        }
        return out;
    }
}
