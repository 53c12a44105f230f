package org.gru4j.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gru4j.analysis.CellDynamics;
import org.gru4j.analysis.FixedPoint;
import org.gru4j.analysis.FixedPointFinder;
import org.gru4j.analysis.FixedPoints;
import org.gru4j.analysis.FlipFlopTask;
import org.gru4j.analysis.GradientFlow;
import org.gru4j.analysis.Stability;
import org.gru4j.loss.MeanSquaredError;
import org.gru4j.model.FitOptions;
import org.gru4j.model.Sequential;
import org.gru4j.nn.Context;
import org.gru4j.nn.Dense;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.LSTM;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.nn.recurrent.SimpleRNN;
import org.gru4j.optim.Adam;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/**
 * A worked study of what a trained GRU does (docs/dynamics-study.md): a GRU, an LSTM and a simple RNN learn the
 * 3-bit flip-flop memory task; then the GRU's zero-input fixed points are found and classified, and the gradient
 * flow over lags up to 100 steps is measured for all three.
 */
public final class FlipFlopStudy {
    static final int BITS = 3;
    static final int UNITS = 24;

    private FlipFlopStudy() {
    }

    public static void main(String[] args) throws java.io.IOException {
        java.nio.file.Path out = java.nio.file.Path.of(args.length > 0 ? args[0] : "docs/images/flipflop");
        Rng data = new Rng(1);
        FlipFlopTask.Data train = FlipFlopTask.make(512, 60, BITS, 0.05, data);
        FlipFlopTask.Data test = FlipFlopTask.make(128, 60, BITS, 0.05, data);
        FlipFlopTask.Data longRun = FlipFlopTask.make(32, 101, BITS, 0.05, data);
        List<RecurrentLayer> trained = new ArrayList<>();
        for (String kind : new String[] {"GRU", "LSTM", "SimpleRNN"}) {
            RecurrentLayer rec = (kind.equals("GRU") ? new GRU(UNITS) : kind.equals("LSTM") ? new LSTM(UNITS)
                    : new SimpleRNN(UNITS)).returnSequences(true);
            Sequential m = new Sequential(5);
            m.add(rec).add(new Dense(BITS));
            m.compile(new Adam(0.01), new MeanSquaredError());
            m.fit(train.x(), train.y(), FitOptions.epochs(40).batchSize(32).verbose(0));
            double acc = FlipFlopTask.signAccuracy(m.predict(test.x()), test.y());
            System.out.printf(Locale.ROOT, "%-9s flip-flop held-out sign accuracy %.4f, test MSE %.4f%n", kind, acc,
                    m.evaluate(test.x(), test.y()).get("loss"));
            trained.add(rec);
        }

        RecurrentLayer gru = trained.get(0);
        Tensor states = gru.run(test.x(), null, null, Context.INFERENCE).output();
        int n = states.dim(0) * states.dim(1);
        double[][] visited = new double[n][UNITS];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < UNITS; j++) {
                visited[i][j] = states.data()[i * UNITS + j];
            }
        }
        CellDynamics dyn = CellDynamics.of(gru);
        List<double[]> starts = FixedPointFinder.initialStates(visited, 256, 0.02, new Rng(3));
        FixedPoints fps = new FixedPointFinder().find(dyn, new double[BITS], starts);
        int stable = fps.withStability(Stability.STABLE).size();
        int saddles = fps.withStability(Stability.SADDLE).size();
        System.out.printf(Locale.ROOT, "GRU zero-input fixed points from %d starts: %d found, %d stable, %d saddles, "
                + "%d marginal, %d unstable%n", starts.size(), fps.points().size(), stable, saddles,
                fps.withStability(Stability.MARGINAL).size(), fps.withStability(Stability.UNSTABLE).size());
        org.gru4j.analysis.Pca pca = org.gru4j.analysis.Pca.fit(visited, 3);
        org.gru4j.analysis.GateRecording rec = org.gru4j.analysis.GateRecording.record(gru,
                sliceBatch(test.x(), 8));
        org.gru4j.report.Charts.pcaTrajectories(pca, rec.hidden(), fps, out.resolve("pca_fixed_points.png"), 900, 700);
        org.gru4j.report.Charts.eigenvalues(fps, out.resolve("fixed_point_eigenvalues.png"), 800, 700);
        org.gru4j.report.Charts.gateHeatmap(rec, 0, out.resolve("gru_gates.png"), 1100, 700);
        double[][] drive = new double[600][];
        FlipFlopTask.Data driveData = FlipFlopTask.make(1, 600, BITS, 0.05, new Rng(8));
        for (int t = 0; t < drive.length; t++) {
            drive[t] = new double[BITS];
            for (int c = 0; c < BITS; c++) {
                drive[t][c] = driveData.x().data()[t * BITS + c];
            }
        }
        org.gru4j.analysis.LyapunovSpectrum lyap = org.gru4j.analysis.LyapunovSpectrum.driven(dyn, new double[UNITS],
                drive, 100, 5, 10);
        org.gru4j.report.Charts.lyapunov(lyap, out.resolve("lyapunov.png"), 900, 500);
        System.out.printf(Locale.ROOT, "GRU driven by flip-flop inputs: largest Lyapunov exponents %s (per step)%n",
                java.util.Arrays.toString(java.util.Arrays.stream(lyap.exponents()).map(v -> Math.round(v * 1e4) / 1e4)
                        .toArray()));
        for (FixedPoint p : fps.points()) {
            System.out.printf(Locale.ROOT, "  %-8s q=%.1e  |lambda|max=%.4f  unstable modes %d%n", p.stability(),
                    p.q(), p.eigenvalues()[0].abs(), p.unstableModes());
        }

        System.out.println("Jacobian-product norm |dh_T/dh_{T-k}| averaged over 32 sequences of 101 steps:");
        System.out.println("   lag        GRU       LSTM  SimpleRNN");
        GradientFlow[] flows = new GradientFlow[3];
        for (int i = 0; i < 3; i++) {
            flows[i] = GradientFlow.measure(trained.get(i), longRun.x());
        }
        org.gru4j.report.Charts.gradientFlow(java.util.Arrays.asList(flows), out.resolve("gradient_flow.png"), 1000,
                500);
        for (int lag : new int[] {1, 5, 10, 25, 50, 75, 100}) {
            System.out.printf(Locale.ROOT, "%6d %10.3e %10.3e %10.3e%n", lag, flows[0].jacobianProductNorm()[lag],
                    flows[1].jacobianProductNorm()[lag], flows[2].jacobianProductNorm()[lag]);
        }
    }

    private static Tensor sliceBatch(Tensor x, int n) {
        int row = x.size() / x.dim(0);
        float[] d = java.util.Arrays.copyOf(x.data(), n * row);
        int[] shape = x.shape();
        shape[0] = n;
        return Tensor.of(d, shape);
    }
}
