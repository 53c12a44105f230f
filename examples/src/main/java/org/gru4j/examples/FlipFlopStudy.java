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

    public static void main(String[] args) {
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
        for (int lag : new int[] {1, 5, 10, 25, 50, 75, 100}) {
            System.out.printf(Locale.ROOT, "%6d %10.3e %10.3e %10.3e%n", lag, flows[0].jacobianProductNorm()[lag],
                    flows[1].jacobianProductNorm()[lag], flows[2].jacobianProductNorm()[lag]);
        }
    }
}
