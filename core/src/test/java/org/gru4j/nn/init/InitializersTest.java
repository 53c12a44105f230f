package org.gru4j.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.gru4j.nn.Parameter;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;

/**
 * Statistics, limits, orthogonality and determinism of every initializer. Sample statistics use 60,000 values, so
 * the mean of a unit-variance sample has standard error 0.004 and the variance about 0.6% (uniform) to 0.6-0.8%
 * (normal); the bounds below are about 5 standard errors.
 */
class InitializersTest {
    private static final int ROWS = 200;
    private static final int COLS = 300;
    private static final int FAN_IN = COLS;
    private static final int FAN_OUT = ROWS;

    private static float[] sample(Initializer init, long seed) {
        Parameter p = new Parameter("w", ROWS, COLS);
        init.fill(p, new Rng(seed));
        return p.values();
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double variance(float[] v) {
        double m = mean(v);
        double s = 0;
        for (float x : v) {
            s += (x - m) * (x - m);
        }
        return s / v.length;
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /** Mean 0 within 5 standard errors, variance within {@code relTol}, every |value| <= limit. */
    private static void assertStats(String what, float[] v, double expectedVar, double relTol, double limit) {
        double se = Math.sqrt(expectedVar / v.length);
        assertEquals(0.0, mean(v), 5 * se, what + " mean");
        assertEquals(expectedVar, variance(v), relTol * expectedVar, what + " variance");
        assertTrue(maxAbs(v) <= limit * (1 + 1e-6), what + ": max |w| " + maxAbs(v) + " beyond limit " + limit);
    }

    @Test
    void fansFollowTheOutInLayout() {
        assertArrayEquals(new int[] {300, 200}, Initializers.fans(new int[] {200, 300}));
        assertArrayEquals(new int[] {7, 7}, Initializers.fans(new int[] {7}));
        assertArrayEquals(new int[] {1, 1}, Initializers.fans(new int[] {}));
        assertArrayEquals(new int[] {3 * 5 * 2, 4 * 5 * 2}, Initializers.fans(new int[] {4, 3, 5, 2}));
    }

    @Test
    void constants() {
        float[] z = sample(Initializers.zeros(), 1);
        float[] o = sample(Initializers.ones(), 1);
        float[] c = sample(Initializers.constant(0.25f), 1);
        for (int i = 0; i < z.length; i++) {
            assertEquals(0f, z[i]);
            assertEquals(1f, o[i]);
            assertEquals(0.25f, c[i]);
        }
    }

    @Test
    void uniformAndNormal() {
        float[] u = sample(Initializers.uniform(-0.05, 0.05), 2);
        assertStats("uniform", u, 0.1 * 0.1 / 12, 0.03, 0.05);
        float[] shifted = sample(Initializers.uniform(1, 3), 2);
        assertEquals(2.0, mean(shifted), 0.01);
        assertTrue(Arrays.stream(toDouble(shifted)).allMatch(x -> x >= 1 && x <= 3));
        float[] n = sample(Initializers.normal(0, 0.5), 3);
        assertStats("normal", n, 0.25, 0.04, Double.MAX_VALUE);
        float[] n2 = sample(Initializers.normal(1.5, 2), 3);
        assertEquals(1.5, mean(n2), 0.05);
        assertEquals(4.0, variance(n2), 0.16);
    }

    @Test
    void truncatedNormalResamplesBeyondTwoStd() {
        double std = 0.5;
        float[] t = sample(Initializers.truncatedNormal(0, std), 4);
        double truncStd = Initializers.TRUNCATED_STD * std;
        assertStats("truncated_normal", t, truncStd * truncStd, 0.04, 2 * std);
        // Nothing is clipped: values pile up at +-2 std only if clipping instead of resampling.
        long atEdge = Arrays.stream(toDouble(t)).filter(x -> Math.abs(x) > 2 * std * 0.999).count();
        assertTrue(atEdge < 60, "suspicious mass at the truncation edge: " + atEdge);
    }

    @Test
    void varianceScalingFamilyMatchesKerasFormulas() {
        double avg = (FAN_IN + FAN_OUT) / 2.0;
        double gl = Math.sqrt(6.0 / (FAN_IN + FAN_OUT));
        assertStats("glorot_uniform", sample(Initializers.glorotUniform(), 5), gl * gl / 3, 0.03, gl);
        assertStats("he_uniform", sample(Initializers.heUniform(), 6), 2.0 / FAN_IN, 0.03, Math.sqrt(6.0 / FAN_IN));
        assertStats("lecun_uniform", sample(Initializers.lecunUniform(), 7), 1.0 / FAN_IN, 0.03,
                Math.sqrt(3.0 / FAN_IN));
        // Truncated normals: variance exactly scale / n thanks to the 0.8796 correction, support within 2 s.
        double s = Math.sqrt(1 / avg) / Initializers.TRUNCATED_STD;
        assertStats("glorot_normal", sample(Initializers.glorotNormal(), 8), 1 / avg, 0.04, 2 * s);
        s = Math.sqrt(2.0 / FAN_IN) / Initializers.TRUNCATED_STD;
        assertStats("he_normal", sample(Initializers.heNormal(), 9), 2.0 / FAN_IN, 0.04, 2 * s);
        s = Math.sqrt(1.0 / FAN_IN) / Initializers.TRUNCATED_STD;
        assertStats("lecun_normal", sample(Initializers.lecunNormal(), 10), 1.0 / FAN_IN, 0.04, 2 * s);
        // PyTorch's xavier_normal_: untruncated, same variance.
        float[] xn = sample(Initializers.varianceScaling(1, "fan_avg", "untruncated_normal"), 11);
        assertStats("xavier_normal", xn, 1 / avg, 0.04, Double.MAX_VALUE);
        assertTrue(maxAbs(xn) > 2 * Math.sqrt(1 / avg), "an untruncated normal of 60000 values exceeds 2 std");
        // fan_out mode uses the rows.
        assertStats("fan_out", sample(Initializers.varianceScaling(1, "fan_out", "uniform"), 12), 1.0 / FAN_OUT, 0.03,
                Math.sqrt(3.0 / FAN_OUT));
    }

    @Test
    void explicitFansOverrideTheShape() {
        Parameter p = new Parameter("w", ROWS, COLS);
        Initializers.heUniform().fill(p, 6, 999, new Rng(1));
        assertTrue(maxAbs(p.values()) <= 1.0 + 1e-6);
        assertTrue(maxAbs(p.values()) > 0.99);
    }

    @Test
    void torchDefaults() {
        int hidden = 64;
        float[] w = sample(Initializers.torchDefault(hidden), 13);
        double b = 1 / Math.sqrt(hidden);
        assertStats("torch_default", w, b * b / 3, 0.03, b);
        assertStats("torch_uniform", sample(Initializers.torchUniform(0.3), 14), 0.09 / 3, 0.03, 0.3);
    }

    @Test
    void orthogonalTallSquareAndWide() {
        for (int[] shape : new int[][] {{12, 5}, {9, 9}, {4, 11}, {48, 16}, {16, 48}, {1, 6}, {6, 1}}) {
            for (double gain : new double[] {1.0, 2.5}) {
                Parameter p = new Parameter("w", shape);
                Initializers.orthogonal(gain).fill(p, new Rng(42));
                int r = shape[0];
                int c = shape[1];
                float[] w = p.values();
                // rows >= cols: W^T W = gain^2 I (orthonormal columns); otherwise W W^T = gain^2 I.
                boolean tall = r >= c;
                int n = tall ? c : r;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        double d = 0;
                        for (int k = 0; k < (tall ? r : c); k++) {
                            d += tall ? (double) w[k * c + i] * w[k * c + j] : (double) w[i * c + k] * w[j * c + k];
                        }
                        double want = i == j ? gain * gain : 0;
                        assertEquals(want, d, 1e-5 * gain * gain,
                                Arrays.toString(shape) + " gain " + gain + " entry (" + i + ", " + j + ")");
                    }
                }
            }
        }
    }

    @Test
    void orthogonalIsNotTheIdentityAndVariesWithSeed() {
        Parameter a = new Parameter("w", 8, 8);
        Parameter b = new Parameter("w", 8, 8);
        Initializers.orthogonal().fill(a, new Rng(1));
        Initializers.orthogonal().fill(b, new Rng(2));
        assertFalse(Arrays.equals(a.values(), b.values()));
        assertTrue(Math.abs(a.values()[1]) > 1e-3);
    }

    @Test
    void sameSeedSameBitsForEveryNamedInitializer() {
        for (String name : new String[] {"zeros", "ones", "random_uniform", "random_normal", "truncated_normal",
                "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal",
                "orthogonal"}) {
            Initializer init = Initializers.byName(name);
            Parameter a = new Parameter("w", 13, 7);
            Parameter b = new Parameter("w", 13, 7);
            init.fill(a, new Rng(99));
            Initializers.byName(name).fill(b, new Rng(99));
            assertArrayEquals(a.values(), b.values(), name);
            if (!name.equals("zeros") && !name.equals("ones")) {
                Parameter c = new Parameter("w", 13, 7);
                init.fill(c, new Rng(100));
                assertFalse(Arrays.equals(a.values(), c.values()), name + " ignores the seed");
            }
        }
    }

    @Test
    void fillRespectsParameterOffsetsInSharedArrays() {
        Parameter p = new Parameter("w", 3, 4);
        float[] shared = new float[20];
        float[] grads = new float[20];
        p.rebind(shared, grads, 5);
        Initializers.ones().fill(p, new Rng(1));
        for (int i = 0; i < 20; i++) {
            assertEquals(i >= 5 && i < 17 ? 1f : 0f, shared[i], "index " + i);
        }
    }

    @Test
    void byNameKnowsKerasNamesAndAliases() {
        assertEquals("glorot_uniform", Initializers.byName("glorot_uniform").toString());
        assertEquals("glorot_uniform", Initializers.byName("GlorotUniform").toString());
        assertEquals("orthogonal(1.0)", Initializers.byName("Orthogonal").toString());
        assertEquals("zeros", Initializers.byName("zero").toString());
        assertEquals("uniform(-0.05, 0.05)", Initializers.byName("random_uniform").toString());
        assertEquals("uniform(-0.05, 0.05)", Initializers.byName("uniform").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Initializers.byName("glorot_uniformm"));
        assertTrue(e.getMessage().contains("'glorot_uniformm'") && e.getMessage().contains("he_normal")
                && e.getMessage().contains("orthogonal"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Initializers.byName(null));
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Initializers.uniform(1, 0));
        assertThrows(IllegalArgumentException.class, () -> Initializers.normal(0, -1));
        assertThrows(IllegalArgumentException.class, () -> Initializers.torchDefault(0));
        assertThrows(IllegalArgumentException.class, () -> Initializers.varianceScaling(1, "fan_mid", "uniform"));
        assertThrows(IllegalArgumentException.class, () -> Initializers.varianceScaling(1, "fan_in", "cauchy"));
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
