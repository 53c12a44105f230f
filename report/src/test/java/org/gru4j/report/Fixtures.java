package org.gru4j.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gru4j.analysis.CellDynamics;
import org.gru4j.analysis.FixedPointFinder;
import org.gru4j.analysis.FixedPoints;
import org.gru4j.analysis.GateRecording;
import org.gru4j.analysis.GradientFlow;
import org.gru4j.analysis.LyapunovSpectrum;
import org.gru4j.nn.Parameter;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.LSTM;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.nn.recurrent.SimpleRNN;
import org.gru4j.tasks.Forecast;
import org.gru4j.tensor.Tensor;
import org.gru4j.train.History;
import org.gru4j.util.Rng;

/** Small, deterministic inputs for the chart tests: no training, random weights, synthetic series. */
final class Fixtures {
    static final int UNITS = 8;
    static final int STEPS = 40;

    private Fixtures() {
    }

    /** A history as a fit with validation data and the "mae" metric records it. */
    static History history(int epochs) {
        History h = new History();
        for (int e = 0; e < epochs; e++) {
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", 1.0 / (1 + e) + 0.05);
            logs.put("mae", 0.8 / Math.sqrt(1 + e));
            logs.put("val_loss", 1.2 / (1 + 0.7 * e) + 0.1 + 0.002 * e);
            logs.put("val_mae", 0.9 / Math.sqrt(1 + 0.7 * e) + 0.001 * e);
            h.onEpochEnd(e, logs, null);
        }
        return h;
    }

    /** A seasonal series with trend. */
    static float[] series(int n) {
        Rng rng = new Rng(3);
        float[] s = new float[n];
        for (int t = 0; t < n; t++) {
            s[t] = (float) (100 + 0.5 * t + 20 * Math.sin(2 * Math.PI * t / 12) + 3 * rng.nextGaussian());
        }
        return s;
    }

    /** A result shaped like {@link Forecast#run}'s for the last {@code testSize} points of {@code series}. */
    static Forecast.Result forecast(float[] series, int testSize, int horizon) {
        Rng rng = new Rng(4);
        int origins = testSize - horizon + 1;
        int testStart = series.length - testSize;
        float[][] actual = new float[origins][horizon];
        float[][] predicted = new float[origins][horizon];
        for (int o = 0; o < origins; o++) {
            for (int k = 0; k < horizon; k++) {
                actual[o][k] = series[testStart + o + k];
                predicted[o][k] = actual[o][k] + (float) (2 * rng.nextGaussian());
            }
        }
        return new Forecast.Result(2, 10, 4, 1.6, new double[horizon], actual, predicted, history(20), "summary");
    }

    /** A built layer ("gru", "lstm" or "rnn") with weights uniform in (-scale, scale). */
    static RecurrentLayer layer(String kind, double scale, long seed) {
        RecurrentLayer layer = switch (kind) {
            case "gru" -> new GRU(UNITS);
            case "lstm" -> new LSTM(UNITS);
            case "rnn" -> new SimpleRNN(UNITS);
            default -> throw new IllegalArgumentException(kind);
        };
        layer.returnSequences(true);
        Rng rng = new Rng(seed);
        layer.build(new int[] {STEPS, 2}, rng);
        for (Parameter p : layer.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                p.values()[p.offset() + i] = (float) (scale * (2 * rng.nextDouble() - 1));
            }
        }
        return layer;
    }

    /** Smooth inputs {@code (batch, STEPS, 2)}: a sine and a cosine of random phase. */
    static Tensor input(int batch) {
        Rng rng = new Rng(5);
        float[] d = new float[batch * STEPS * 2];
        for (int b = 0; b < batch; b++) {
            double phase = 2 * Math.PI * rng.nextDouble();
            for (int t = 0; t < STEPS; t++) {
                d[(b * STEPS + t) * 2] = (float) Math.sin(phase + 0.3 * t);
                d[(b * STEPS + t) * 2 + 1] = (float) Math.cos(phase + 0.2 * t);
            }
        }
        return Tensor.of(d, batch, STEPS, 2);
    }

    static GateRecording recording(String kind) {
        return GateRecording.record(layer(kind, 1.2, 7), input(6));
    }

    static List<GradientFlow> flows() {
        List<GradientFlow> out = new ArrayList<>();
        Tensor x = input(4);
        for (String kind : List.of("gru", "lstm", "rnn")) {
            out.add(GradientFlow.measure(layer(kind, 0.8, 11), x));
        }
        return out;
    }

    /** Fixed points of a GRU under zero input, started from states its trajectories visit. */
    static FixedPoints fixedPoints(RecurrentLayer gru, GateRecording rec) {
        List<double[]> starts = FixedPointFinder.initialStates(rec.statesAfterSteps(), 24, 0.3, new Rng(9));
        return new FixedPointFinder().find(CellDynamics.of(gru), new double[2], starts);
    }

    static LyapunovSpectrum lyapunov() {
        CellDynamics d = CellDynamics.of(layer("gru", 2.5, 13));
        Rng rng = new Rng(6);
        double[][] inputs = new double[600][2];
        for (double[] x : inputs) {
            x[0] = rng.nextGaussian();
            x[1] = rng.nextGaussian();
        }
        return LyapunovSpectrum.driven(d, new double[UNITS], inputs, 100, 4, 10);
    }
}
