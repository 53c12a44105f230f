package org.gru4j.bench.jmh;

/** Result checks run in {@code @Setup}: a benchmark of a wrong kernel must not produce a number. */
final class Check {
    private Check() {
    }

    /** Every element within {@code atol + rtol * |ref|}; throws naming the first index that is not. */
    static void close(String what, float[] ref, float[] act, double atol, double rtol) {
        if (ref.length != act.length) {
            throw new IllegalStateException(what + ": length " + act.length + ", expected " + ref.length);
        }
        for (int i = 0; i < ref.length; i++) {
            double tol = atol + rtol * Math.abs(ref[i]);
            if (!(Math.abs((double) ref[i] - act[i]) <= tol)) {
                throw new IllegalStateException(String.format("%s[%d]: scalar %s, fast %s, tol %.3g", what, i, ref[i],
                        act[i], tol));
            }
        }
    }

    static float[] random(long seed, int n) {
        org.gru4j.util.Rng rng = new org.gru4j.util.Rng(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.uniform(-1f, 1f);
        }
        return x;
    }
}
