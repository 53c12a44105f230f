package org.gru4j.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.gru4j.io.Json;
import org.gru4j.nn.Context;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The double recomputation of gates and states reproduces the layer's own float forward pass. */
class GateRecordingTest {
    static final int B = 3;
    static final int T = 7;
    static final int IN = 4;
    static final int H = 5;

    @ParameterizedTest
    @ValueSource(strings = {"gru", "gru_reset_before", "lstm", "rnn_tanh", "rnn_relu"})
    void hiddenStatesMatchTheLayer(String kind) {
        RecurrentLayer layer = Layers.random(kind, H, IN, 0.8, 3);
        Tensor x = Layers.input(B, T, IN, 4);
        Tensor[] init = new Tensor[layer.stateCount()];
        for (int k = 0; k < init.length; k++) {
            init[k] = Layers.input(B, 1, H, 10 + k).reshape(B, H);
        }
        RecurrentLayer.Result r = layer.run(x, init, null, Context.INFERENCE);
        GateRecording rec = GateRecording.record(layer, x, init);
        float[] out = r.output().data();
        double worst = 0;
        for (int b = 0; b < B; b++) {
            for (int s = 0; s < T; s++) {
                for (int j = 0; j < H; j++) {
                    double diff = Math.abs(rec.hidden()[b][s + 1][j] - out[(b * T + s) * H + j]);
                    worst = Math.max(worst, diff);
                    assertTrue(diff <= 1e-5, kind + " h[" + b + "][" + s + "][" + j + "] differs by " + diff);
                }
            }
        }
        if (kind.equals("lstm")) {
            float[] c = r.finalStates()[1].data();
            for (int b = 0; b < B; b++) {
                for (int j = 0; j < H; j++) {
                    assertEquals(c[b * H + j], rec.cell()[b][T][j], 1e-5, "lstm c[" + b + "][" + j + "]");
                }
            }
        } else {
            assertNull(rec.cell());
        }
        assertEquals(init[0].data()[H + 1], rec.hidden()[1][0][1], 0.0, "initial state kept at index 0");
        System.out.printf("%s: max |recorded h - layer h| = %.2e%n", kind, worst);
    }

    @Test
    void gatesFollowTheirRangesAndGruUpdateRule() {
        RecurrentLayer layer = Layers.random("gru", H, IN, 1.5, 5);
        GateRecording rec = GateRecording.record(layer, Layers.input(B, T, IN, 6));
        assertEquals(List.of("r", "z", "n"), rec.gateNames());
        double[][][] z = rec.gate("z");
        double[][][] n = rec.gate("n");
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                for (int j = 0; j < H; j++) {
                    assertTrue(z[b][t][j] > 0 && z[b][t][j] < 1);
                    double h = rec.hidden()[b][t][j];
                    double expected = (1 - z[b][t][j]) * n[b][t][j] + z[b][t][j] * h;
                    assertEquals(expected, rec.hidden()[b][t + 1][j], 1e-15);
                }
            }
        }
    }

    @Test
    void goBackwardsIsRecordedInProcessingOrder() {
        RecurrentLayer layer = new GRU(H).goBackwards(true).returnSequences(true);
        layer.build(new int[] {T, IN}, new Rng(2));
        Tensor x = Layers.input(B, T, IN, 8);
        float[] out = layer.run(x, null, null, Context.INFERENCE).output().data();
        GateRecording rec = GateRecording.record(layer, x);
        for (int b = 0; b < B; b++) {
            for (int s = 0; s < T; s++) {
                for (int j = 0; j < H; j++) {
                    assertEquals(out[(b * T + s) * H + j], rec.hidden()[b][s + 1][j], 1e-5);
                }
            }
        }
    }

    @Test
    void saturationFractionsOnAHandExample() {
        // One sigmoid gate and one tanh gate, 1 row, 4 steps, 2 units.
        double[][][][] v = {
            {{{0.99, 0.5}, {0.01, 0.96}, {0.5, 0.97}, {0.94, 0.04}}},
            {{{0.95, -0.95}, {0.0, -0.85}, {-0.99, 0.91}, {0.5, 0.2}}},
        };
        Saturation s = Saturation.of(List.of("z", "n"), new boolean[] {false, true}, v, 0.95, 0.05);
        // z unit 0: 0.99 high, 0.01 low; unit 1: 0.96, 0.97 high, 0.04 low.
        assertArrayEquals(new double[] {0.25, 0.5}, s.fractionHighUnits()[0], 1e-15);
        assertArrayEquals(new double[] {0.25, 0.25}, s.fractionLowUnits()[0], 1e-15);
        assertEquals(3 / 8.0, s.fractionHigh()[0], 1e-15);
        assertEquals(2 / 8.0, s.fractionLow()[0], 1e-15);
        // n on (v + 1) / 2: high above 0.9, low below -0.9. Unit 0: 0.95 high, -0.99 low; unit 1: -0.95 low,
        // 0.91 high; -0.85 neither.
        assertArrayEquals(new double[] {0.25, 0.25}, s.fractionHighUnits()[1], 1e-15);
        assertArrayEquals(new double[] {0.25, 0.25}, s.fractionLowUnits()[1], 1e-15);
        assertEquals(0.25, s.fractionHigh()[1], 1e-15);
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(s.toJson());
        assertEquals(List.of("z", "n"), json.get("gates"));
    }

    @Test
    void recordingWritesJson() {
        RecurrentLayer layer = Layers.random("lstm", 2, 3, 1.0, 1);
        GateRecording rec = GateRecording.record(layer, Layers.input(2, 3, 3, 1));
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(rec.toJson());
        assertEquals("LSTM", json.get("cell_type"));
        assertTrue(((Map<?, ?>) json.get("gates")).containsKey("f"));
        assertEquals(2, ((List<?>) json.get("cell")).size());
        assertEquals(6, rec.statesAfterSteps().length);
    }
}
