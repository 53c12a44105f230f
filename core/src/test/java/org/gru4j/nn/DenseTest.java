package org.gru4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;

/** Dense and Activation against hand-computed values, plus shape and life-cycle checks. */
class DenseTest {

    /** W (3 x 2, stored (units, in)), b, x (2 x 2); z = x W^T + b worked out by hand below. */
    private static Dense handLayer(Activation act) {
        Dense d = Dense.builder(3).activation(act).name("hand").build();
        d.build(new int[] {2}, new Rng(0));
        d.kernel().set(Tensor.of(new float[][] {{1, 2}, {3, 4}, {-1, 0.5f}}));
        d.bias().set(Tensor.of(new float[] {0.5f, -1, 0}, 3));
        return d;
    }

    private static final Tensor X = Tensor.of(new float[][] {{1, -1}, {2, 0.5f}});
    // row 0: [1*1 + 2*(-1) + 0.5, 3*1 + 4*(-1) - 1, -1*1 + 0.5*(-1) + 0] = [-0.5, -2, -1.5]
    // row 1: [1*2 + 2*0.5 + 0.5,  3*2 + 4*0.5 - 1,  -1*2 + 0.5*0.5 + 0]  = [3.5, 7, -1.75]
    private static final float[] Z = {-0.5f, -2f, -1.5f, 3.5f, 7f, -1.75f};

    @Test
    void linearAndReluByHand() {
        assertArrayEquals(Z, handLayer(Activation.LINEAR).forward(X, null, Context.INFERENCE).output().data(), 1e-6f);
        assertArrayEquals(new float[] {0, 0, 0, 3.5f, 7, 0},
                handLayer(Activation.RELU).forward(X, null, Context.INFERENCE).output().data(), 1e-6f);
    }

    @Test
    void sigmoidAndTanhOfTheHandPreactivations() {
        float[] s = handLayer(Activation.SIGMOID).forward(X, null, Context.INFERENCE).output().data();
        float[] t = handLayer(Activation.TANH).forward(X, null, Context.INFERENCE).output().data();
        for (int i = 0; i < Z.length; i++) {
            assertEquals(1 / (1 + Math.exp(-Z[i])), s[i], 1e-6, "sigmoid " + i);
            assertEquals(Math.tanh(Z[i]), t[i], 1e-6, "tanh " + i);
        }
        // Spot values: sigmoid(-0.5) = 0.3775406688, tanh(3.5) = 0.9981778976.
        assertEquals(0.3775406688, s[0], 1e-6);
        assertEquals(0.9981778976, t[3], 1e-6);
    }

    @Test
    void softmaxByHandRowsSumToOne() {
        Dense d = handLayer(Activation.SOFTMAX);
        Tensor y = d.forward(X, null, Context.INFERENCE).output();
        for (int r = 0; r < 2; r++) {
            double sum = 0;
            double denom = 0;
            for (int j = 0; j < 3; j++) {
                denom += Math.exp(Z[r * 3 + j]);
            }
            for (int j = 0; j < 3; j++) {
                sum += y.get(r, j);
                assertEquals(Math.exp(Z[r * 3 + j]) / denom, y.get(r, j), 1e-6);
            }
            assertEquals(1.0, sum, 1e-6);
        }
        // softmax(1, 2, 3) = (0.0900305732, 0.2447284711, 0.6652409558); shifting by 1000 must not overflow.
        float[] out = new float[6];
        Activation.SOFTMAX.forward(2, 3, new float[] {1, 2, 3, 1001, 1002, 1003}, 0, out, 0);
        float[] want = {0.0900305732f, 0.2447284711f, 0.6652409558f};
        for (int j = 0; j < 3; j++) {
            assertEquals(want[j], out[j], 1e-7f);
            assertEquals(want[j], out[3 + j], 1e-7f);
        }
    }

    @Test
    void softmaxBackwardIsTheJacobianProduct() {
        float[] y = {0.0900305732f, 0.2447284711f, 0.6652409558f};
        float[] dy = {1, 0, -2};
        float[] da = new float[3];
        Activation.SOFTMAX.backward(1, 3, y, 0, dy, 0, da, 0);
        // J = diag(y) - y y^T, da = J^T dy: explicit matrix product.
        for (int i = 0; i < 3; i++) {
            double s = 0;
            for (int j = 0; j < 3; j++) {
                s += ((i == j ? y[i] : 0) - y[i] * y[j]) * dy[j];
            }
            assertEquals(s, da[i], 1e-6);
        }
    }

    @Test
    void sequencesUseTheSameWeightsAtEveryStep() {
        Dense d = handLayer(Activation.LINEAR);
        Tensor seq = Tensor.of(new float[][][] {{{1, -1}, {2, 0.5f}}});
        Forward f = d.forward(seq, null, Context.INFERENCE);
        assertArrayEquals(new int[] {1, 2, 3}, f.output().shape());
        assertArrayEquals(Z, f.output().data(), 1e-6f);
    }

    @Test
    void wrongFeatureCountNamesLayerExpectedAndGot() {
        Dense d = Dense.builder(4).name("dense_1").build();
        d.build(new int[] {16}, new Rng(1));
        ShapeException e = assertThrows(ShapeException.class,
                () -> d.forward(Tensor.zeros(2, 12), null, Context.INFERENCE));
        assertEquals("dense_1: expected input with 16 features, got 12", e.getMessage());
        e = assertThrows(ShapeException.class, () -> d.forward(Tensor.zeros(16), null, Context.INFERENCE));
        assertTrue(e.getMessage().startsWith("dense_1: expected input (batch, features) or (batch, steps, features)"),
                e.getMessage());
        e = assertThrows(ShapeException.class, () -> d.build(new int[] {12}, new Rng(1)));
        assertTrue(e.getMessage().contains("already built for input shape (16,), got (12,)"), e.getMessage());
        Forward f = d.forward(Tensor.zeros(2, 16), null, Context.INFERENCE);
        e = assertThrows(ShapeException.class, () -> d.backward(f, Tensor.zeros(2, 5)));
        assertTrue(e.getMessage().contains("expected shape (2, 4), got (2, 5)"), e.getMessage());
    }

    @Test
    void lifeCycle() {
        Dense d = new Dense(3, "relu");
        assertThrows(IllegalStateException.class, () -> d.forward(Tensor.zeros(1, 2), null, Context.INFERENCE));
        int[] out = d.build(new int[] {-1, 2}, new Rng(1));
        assertArrayEquals(new int[] {-1, 3}, out);
        float[] before = d.kernel().valueTensor().data();
        assertArrayEquals(out, d.build(new int[] {-1, 2}, new Rng(2)));
        assertArrayEquals(before, d.kernel().valueTensor().data(), "a second build must change nothing");
        assertEquals("kernel", d.parameters().get(0).name());
        assertArrayEquals(new int[] {3, 2}, d.parameters().get(0).shape());
        assertEquals("bias", d.parameters().get(1).name());
        assertThrows(UnsupportedOperationException.class, () -> d.parameters().clear());
        // Keras defaults: glorot_uniform kernel within sqrt(6 / (2 + 3)), zero bias.
        for (float w : before) {
            assertTrue(Math.abs(w) <= Math.sqrt(6.0 / 5));
        }
        assertArrayEquals(new float[3], d.bias().valueTensor().data());
        assertThrows(IllegalArgumentException.class, () -> new Dense(0));
        assertThrows(IllegalArgumentException.class, () -> new Dense(2, "swish"));
    }

    @Test
    void sameSeedSameWeights() {
        Dense a = new Dense(4);
        Dense b = new Dense(4);
        a.build(new int[] {3}, new Rng(5));
        b.build(new int[] {3}, new Rng(5));
        assertArrayEquals(a.kernel().values(), b.kernel().values());
    }

    @Test
    void namesAreUniqueUnlessTheUserGivesOne() {
        Dense a = new Dense(1);
        Dense b = new Dense(1);
        assertNotEquals(a.name(), b.name());
        assertTrue(a.name().startsWith("dense") && b.name().startsWith("dense"));
        assertEquals("head", Dense.builder(1).name("head").build().name());
        assertThrows(IllegalArgumentException.class, () -> Dense.builder(1).name(" ").build());
    }

    @Test
    void backwardRejectsAForwardOfAnotherLayer() {
        Dense a = new Dense(2);
        Dense b = new Dense(2);
        a.build(new int[] {2}, new Rng(1));
        b.build(new int[] {2}, new Rng(1));
        Forward f = a.forward(Tensor.zeros(1, 2), null, Context.INFERENCE);
        assertThrows(IllegalArgumentException.class, () -> b.backward(f, Tensor.zeros(1, 2)));
    }

    @Test
    void activationByName() {
        assertEquals(Activation.RELU, Activation.byName("ReLU"));
        assertEquals(Activation.LINEAR, Activation.byName(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.byName("gelu"));
        assertTrue(e.getMessage().contains("linear, sigmoid, tanh, relu, softmax"), e.getMessage());
    }
}
