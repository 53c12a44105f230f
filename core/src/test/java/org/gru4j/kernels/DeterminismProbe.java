package org.gru4j.kernels;

import org.gru4j.util.Rng;

/**
 * A fixed set of kernel calls whose output bits are folded into one hash. Run in a child JVM in a given
 * compilation state ({@code -Xint}, C1 only, C2 after warm-up) by {@link KernelDeterminismTest}; every state must
 * print the same hash.
 *
 * <p>Arguments: {@code [rounds]}; prints {@code hash=<hex>} after the last round (the first round runs cold).
 */
public final class DeterminismProbe {

    private DeterminismProbe() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Kernels k = KernelProvider.vector();
        long first = hash(k);
        for (int i = 1; i < rounds; i++) {
            long h = hash(k);
            if (h != first) {
                System.out.println("round " + i + " differs: " + Long.toHexString(h) + " vs " + Long.toHexString(first));
                System.exit(1);
            }
        }
        System.out.println("hash=" + Long.toHexString(first));
    }

    /** Runs every non-trivial kernel once on fixed inputs, lengths with vector bodies and tails, and hashes the bits. */
    public static long hash(Kernels k) {
        Rng rng = new Rng(2024);
        long h = 17;
        int n = 16 * 9 + 7;
        float[] x = new float[n];
        float[] specials = {0f, -0f, 1e-30f, -1e-30f, 0.6249f, 0.625f, -0.6251f, 9.99f, 10.01f, -20.5f, 20.5f,
            -87.3f, -87.4f, -88.5f, 88.5f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (int i = 0; i < n; i++) {
            x[i] = i < specials.length ? specials[i] : rng.uniform(-12f, 12f);
        }
        float[] y = new float[n];
        k.sigmoid(n, x, 0, y, 0);
        h = fold(h, y);
        k.tanh(n, x, 0, y, 0);
        h = fold(h, y);
        k.sigmoid(n - 3, x, 3, y, 0);
        h = fold(h, y);
        k.tanh(n - 5, x, 5, y, 0);
        h = fold(h, y);

        int batch = 3;
        int hidden = 16 + 5;
        float[] xp = rand(rng, batch * 4 * hidden, -4f, 4f);
        float[] hp = rand(rng, batch * 4 * hidden, -4f, 4f);
        float[] prev = rand(rng, batch * hidden, -1f, 1f);
        float[] cache = new float[batch * 5 * hidden];
        float[] out = new float[batch * hidden];
        float[] out2 = new float[batch * hidden];
        k.gruResetAfterForward(batch, hidden, xp, 0, 3 * hidden, hp, 0, prev, 0, hidden, cache, 0, out, 0, hidden);
        h = fold(fold(h, cache), out);
        k.gruResetBeforeGates(batch, hidden, xp, 0, 3 * hidden, hp, 0, prev, 0, hidden, cache, 0);
        k.gruResetBeforeOutput(batch, hidden, xp, 0, 3 * hidden, hp, 0, prev, 0, hidden, cache, 0, out, 0, hidden);
        h = fold(fold(h, cache), out);
        k.lstmForward(batch, hidden, xp, 0, 4 * hidden, hp, 0, prev, 0, hidden, cache, 0, out2, 0, hidden, out, 0,
                hidden);
        h = fold(fold(fold(h, cache), out), out2);
        k.rnnForward(batch, hidden, false, xp, 0, hidden, hp, 0, out, 0, hidden);
        h = fold(h, out);

        for (int[] s : new int[][] {{7, 33, 17}, {32, 96, 40}, {13, 70, 150}}) {
            int m = s[0];
            int nn = s[1];
            int kk = s[2];
            for (int t = 0; t < 4; t++) {
                boolean ta = t >= 2;
                boolean tb = (t & 1) == 1;
                float[] a = rand(rng, m * kk, -1f, 1f);
                float[] b = rand(rng, kk * nn, -1f, 1f);
                float[] c = rand(rng, m * nn, -1f, 1f);
                k.gemm(ta, tb, m, nn, kk, 0.75f, a, 0, ta ? m : kk, b, 0, tb ? kk : nn, 0.5f, c, 0, nn);
                h = fold(h, c);
            }
        }
        float[] a = rand(rng, 1023, -1f, 1f);
        float[] b = rand(rng, 1023, -1f, 1f);
        h = h * 31 + Float.floatToRawIntBits(k.dot(1023, a, 0, b, 0));
        h = h * 31 + Float.floatToRawIntBits(k.sum(1023, a, 0));
        float[] gy = new float[40];
        k.gemv(false, 40, 25, 1.5f, a, 0, 25, b, 0, 0f, gy, 0);
        h = fold(h, gy);
        return h;
    }

    static long fold(long h, float[] v) {
        for (float f : v) {
            h = h * 1_000_003L + Float.floatToRawIntBits(f);
        }
        return h;
    }

    static float[] rand(Rng rng, int len, float lo, float hi) {
        float[] v = new float[len];
        for (int i = 0; i < len; i++) {
            v[i] = rng.uniform(lo, hi);
        }
        return v;
    }
}
