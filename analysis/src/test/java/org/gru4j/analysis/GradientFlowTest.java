package org.gru4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.gru4j.io.Json;
import org.gru4j.nn.Context;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gradient flow: agrees with the layer's backpropagation, vanishes for a contracting RNN, survives with z near 1. */
class GradientFlowTest {
    static final int T = 30;
    static final int H = 4;
    static final int IN = 3;

    @ParameterizedTest
    @ValueSource(strings = {"gru", "gru_reset_before", "lstm", "rnn_tanh", "rnn_relu"})
    void gradientAtTheInitialStateMatchesBackpropagationThroughTime(String kind) {
        RecurrentLayer layer = Layers.random(kind, H, IN, 0.6, 21);
        if (kind.equals("rnn_relu")) {
            // Keep the units active, or the relu gradient is exactly zero and the comparison says nothing.
            Layers.set(layer, "bias", 1, 1, 1, 1);
        }
        Tensor x = Layers.input(1, 8, IN, 22);
        GradientFlow flow = GradientFlow.measure(layer, x);
        RecurrentLayer.Result r = layer.run(x, null, null, Context.training(new Rng(1)));
        float[] u = new float[H];
        java.util.Arrays.fill(u, (float) (1 / Math.sqrt(H)));
        Tensor[] gFinal = new Tensor[layer.stateCount()];
        gFinal[0] = Tensor.of(u, 1, H);
        for (int k = 1; k < gFinal.length; k++) {
            gFinal[k] = Tensor.zeros(1, H);
        }
        RecurrentLayer.Gradients g = layer.backward(r, null, gFinal);
        double sq = 0;
        for (Tensor t : g.initialStates()) {
            for (float v : t.data()) {
                sq += (double) v * v;
            }
        }
        double bptt = Math.sqrt(sq);
        System.out.printf("%s: |dL/ds_0| analysis %.8f, layer backward %.8f%n", kind, flow.gradientNorm()[0], bptt);
        assertEquals(bptt, flow.gradientNorm()[0], 1e-5 + 1e-4 * bptt);
        assertEquals(1, flow.gradientNorm()[8], 1e-12, "|u| = 1 at the last step");
        assertEquals(1, flow.jacobianProductNorm()[0], 1e-12, "lag 0 is the identity");
    }

    @Test
    void smallRecurrentWeightsMakeTheRnnGradientVanishGeometrically() {
        RecurrentLayer rnn = Layers.random("rnn_tanh", H, IN, 1.0, 31);
        Rng rng = new Rng(32);
        double[] w = new double[H * H];
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.15 * (2 * rng.nextDouble() - 1);
        }
        Layers.set(rnn, "weight_hh", w);
        double wNorm = Eigen.spectralNorm(square(w, H));
        GradientFlow flow = GradientFlow.measure(rnn, Layers.input(5, T, IN, 33));
        double[] p = flow.jacobianProductNorm();
        // ||J_t|| <= ||diag(1 - h^2)|| ||W|| <= ||W||, so each extra step of lag multiplies the norm by at most ||W||.
        for (int k = 1; k <= T; k++) {
            assertTrue(p[k] <= p[k - 1] * wNorm * (1 + 1e-9), "lag " + k + ": " + p[k] + " after " + p[k - 1]);
            assertTrue(flow.gradientNorm()[T - k] <= Math.pow(wNorm, k) * (1 + 1e-9));
        }
        // Geometric: the log-norm falls on a line; its mean slope per step lies between the log of the smallest
        // factor seen and ln||W||.
        double slope = Math.log(p[T] / p[10]) / (T - 10);
        System.out.printf("RNN ||W|| = %.4f: lag 10 %.3e, lag 30 %.3e, decay per step %.4f%n", wNorm, p[10], p[T],
                Math.exp(slope));
        assertTrue(p[T] < 1e-15, "vanished: " + p[T]);
        assertTrue(Math.exp(slope) <= wNorm);
    }

    @Test
    void gruWithUpdateGateNearOneKeepsTheGradient() {
        RecurrentLayer gru = Layers.random("gru", H, IN, 0.5, 41);
        // z = sigmoid(... + b_iz + b_hz) with b_z = 2 * 6: z is about 1 - 6e-6, so h' is about h and J about I.
        Layers.set(gru, "bias_ih", 0, 0, 0, 0, 6, 6, 6, 6, 0, 0, 0, 0);
        Layers.set(gru, "bias_hh", 0, 0, 0, 0, 6, 6, 6, 6, 0, 0, 0, 0);
        RecurrentLayer rnn = Layers.random("rnn_tanh", H, IN, 0.5, 41);
        RecurrentLayer lstm = Layers.random("lstm", H, IN, 0.5, 41);
        Tensor x = Layers.input(5, T, IN, 42);
        GradientFlow g = GradientFlow.measure(gru, x);
        GradientFlow r = GradientFlow.measure(rnn, x);
        GradientFlow l = GradientFlow.measure(lstm, x);
        System.out.printf("lag %d: GRU (z ~ 1) %.4f, LSTM %.3e, RNN %.3e%n", T, g.jacobianProductNorm()[T],
                l.jacobianProductNorm()[T], r.jacobianProductNorm()[T]);
        for (int k = 0; k <= T; k++) {
            assertEquals(1, g.jacobianProductNorm()[k], 1e-3, "GRU lag " + k);
            assertEquals(1, g.gradientNorm()[T - k], 1e-3, "GRU gradient at step " + (T - k));
        }
        assertTrue(r.jacobianProductNorm()[T] < 1e-3 * g.jacobianProductNorm()[T]);
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(l.toJson());
        assertEquals("LSTM", json.get("label"));
        assertEquals(T + 1, ((List<?>) json.get("jacobian_product_norm")).size());
    }

    static double[][] square(double[] w, int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(w, i * n, m[i], 0, n);
        }
        return m;
    }
}
