package org.gru4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.gru4j.loss.MeanSquaredError;
import org.gru4j.model.FitOptions;
import org.gru4j.model.Sequential;
import org.gru4j.nn.recurrent.Bidirectional;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.LSTM;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.nn.recurrent.SimpleRNN;
import org.gru4j.optim.SGD;
import org.gru4j.tensor.Tensor;
import org.gru4j.train.History;
import org.junit.jupiter.api.Test;

/**
 * Keras-style regularizers on layers: penalties {@code l1 * sum |w| + l2 * sum w^2} (no 1/2, as Keras) are added to
 * the training loss that fit reports, and their gradients {@code l1 * sign(w) + 2 l2 w} to the update.
 */
class RegularizerTest {

    /** Dense(1) on 2 features, kernel (0.5, -1), bias 0.25, two samples, MSE, one SGD step of rate 0.1. */
    private static Sequential tinyDense(boolean regularized) {
        Dense.Builder b = Dense.builder(1);
        if (regularized) {
            b.kernelRegularizer(0.1, 0.2).biasRegularizer(0.05, 0.3);
        }
        Sequential m = new Sequential(1);
        m.input(2).add(b.build()).build();
        m.setWeights(new float[] {0.5f, -1f, 0.25f});
        m.compile(new SGD(0.1), new MeanSquaredError());
        return m;
    }

    @Test
    void denseRegularizersChangeTheReportedLossAndTheStepByTheHandComputedAmount() {
        Tensor x = Tensor.of(new float[] {1, 2, -1, 0.5f}, 2, 2);
        Tensor y = Tensor.of(new float[] {0, 1}, 2, 1);
        // Predictions w.x + b: 0.5 - 2 + 0.25 = -1.25 and -0.5 - 0.5 + 0.25 = -0.75; errors -1.25 and -1.75.
        double mse = (1.25 * 1.25 + 1.75 * 1.75) / 2;
        // dMSE/dp = 2 (p - y) / N = (-1.25, -1.75).
        double dw0 = -1.25 * 1 + -1.75 * -1;
        double dw1 = -1.25 * 2 + -1.75 * 0.5;
        double db = -1.25 - 1.75;
        double penalty = 0.1 * (0.5 + 1) + 0.2 * (0.25 + 1) + 0.05 * 0.25 + 0.3 * 0.0625;
        FitOptions once = FitOptions.epochs(1).batchSize(2).shuffle(false).verbose(0);

        Sequential plain = tinyDense(false);
        History hp = plain.fit(x, y, once);
        assertEquals(mse, hp.get("loss").get(0), 1e-6);
        assertArrayEquals(new float[] {(float) (0.5 - 0.1 * dw0), (float) (-1 - 0.1 * dw1), (float) (0.25 - 0.1 * db)},
                plain.weights(), 1e-6f);

        Sequential reg = tinyDense(true);
        History hr = reg.fit(x, y, once);
        assertEquals(mse + penalty, hr.get("loss").get(0), 1e-6);
        double gw0 = dw0 + 0.1 * 1 + 2 * 0.2 * 0.5;
        double gw1 = dw1 + 0.1 * -1 + 2 * 0.2 * -1;
        double gb = db + 0.05 * 1 + 2 * 0.3 * 0.25;
        assertArrayEquals(new float[] {(float) (0.5 - 0.1 * gw0), (float) (-1 - 0.1 * gw1), (float) (0.25 - 0.1 * gb)},
                reg.weights(), 1e-6f);
        assertEquals(plain.countParameters(), reg.countParameters());
    }

    @Test
    void recurrentRegularizersReachTheirParametersAndSurviveBidirectional() {
        List<Supplier<RecurrentLayer>> kinds = List.of(() -> new GRU(3), () -> new GRU(3, false), () -> new LSTM(3),
                () -> new SimpleRNN(3), () -> new GRU(3).layerNorm(true));
        for (Supplier<RecurrentLayer> kind : kinds) {
            RecurrentLayer plain = kind.get();
            plain.build(new int[] {-1, 2}, new org.gru4j.util.Rng(1));
            RecurrentLayer reg = kind.get().kernelRegularizer(0.1, 0.2).recurrentRegularizer(0.3, 0.4)
                    .biasRegularizer(0.5, 0.6);
            Bidirectional bi = new Bidirectional(kind.get().kernelRegularizer(0.1, 0.2).recurrentRegularizer(0.3, 0.4)
                    .biasRegularizer(0.5, 0.6));
            reg.build(new int[] {-1, 2}, new org.gru4j.util.Rng(1));
            bi.build(new int[] {-1, 2}, new org.gru4j.util.Rng(1));
            assertEquals(size(plain.parameters()), size(reg.parameters()), plain.typeName());
            for (RecurrentLayer l : List.of(reg, bi.forwardLayer(), bi.backwardLayer())) {
                for (Parameter p : l.parameters()) {
                    String n = p.name();
                    double[] expected = n.equals("weight_ih") ? new double[] {0.1, 0.2}
                            : n.equals("weight_hh") ? new double[] {0.3, 0.4}
                            : n.startsWith("bias") || n.endsWith("beta") ? new double[] {0.5, 0.6}
                            : new double[] {0, 0};
                    assertArrayEquals(expected, new double[] {p.l1(), p.l2()}, l.name() + " " + n);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new GRU(3).kernelRegularizer(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> Dense.builder(3).biasRegularizer(0, Double.NaN));
    }

    /** The penalty of a GRU model shows in the loss exactly as the sum over its parameters. */
    @Test
    void recurrentPenaltyIsAddedToTheLoss() {
        Tensor x = Tensor.of(new float[] {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f}, 1, 3, 2);
        Tensor y = Tensor.of(new float[] {0.5f}, 1, 1);
        double[] losses = new double[2];
        double penalty = 0;
        for (int k = 0; k < 2; k++) {
            GRU gru = new GRU(3);
            if (k == 1) {
                gru.kernelRegularizer(0.01, 0.02).recurrentRegularizer(0.03, 0.04).biasRegularizer(0.05, 0.06);
            }
            Sequential m = new Sequential(4);
            m.input(3, 2).add(gru).add(new Dense(1)).build();
            m.compile(new SGD(0.1), new MeanSquaredError());
            Map<String, Double> e = m.evaluate(x, y);
            losses[k] = e.get("loss");
            if (k == 1) {
                for (Parameter p : gru.parameters()) {
                    for (int i = 0; i < p.size(); i++) {
                        double v = p.values()[p.offset() + i];
                        penalty += p.l1() * Math.abs(v) + p.l2() * v * v;
                    }
                }
            }
        }
        // Keras's initialization: zero biases, so only the two kernels contribute; the penalty is not small.
        assertEquals(true, penalty > 0.01, "penalty " + penalty);
        assertEquals(losses[0] + penalty, losses[1], 1e-6);
    }

    private static int size(List<Parameter> ps) {
        return ps.stream().mapToInt(Parameter::size).sum();
    }
}
