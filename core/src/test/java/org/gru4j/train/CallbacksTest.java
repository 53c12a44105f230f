package org.gru4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gru4j.loss.MeanSquaredError;
import org.gru4j.model.FitOptions;
import org.gru4j.model.Sequential;
import org.gru4j.nn.Dense;
import org.gru4j.optim.Optimizer;
import org.gru4j.optim.SGD;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Keras callbacks, two ways: fed scripted figures through a fake {@link TrainingState}, so each rule is checked
 * epoch by epoch, and end to end in {@code fit} on a small linear regression (64 samples, 3 features, Dense(1)).
 */
class CallbacksTest {

    /** A training state without a model: weights are whatever the test sets, saves are recorded and written. */
    static final class FakeState implements TrainingState {
        float[] weights = new float[2];
        final Optimizer optimizer = new SGD(1.0);
        final List<Path> saved = new ArrayList<>();
        String stopReason;

        @Override
        public int epochs() {
            return 100;
        }

        @Override
        public int stepsPerEpoch() {
            return 1;
        }

        @Override
        public Optimizer optimizer() {
            return optimizer;
        }

        @Override
        public float[] weights() {
            return weights.clone();
        }

        @Override
        public void setWeights(float[] values) {
            weights = values.clone();
        }

        @Override
        public void saveWeights(Path path) throws IOException {
            Files.writeString(path, "weights");
            saved.add(path);
        }

        @Override
        public void stopTraining(String reason) {
            if (stopReason == null) {
                stopReason = reason;
            }
        }

        @Override
        public boolean stopRequested() {
            return stopReason != null;
        }
    }

    /**
     * Runs {@code cb} over scripted val_loss values the way fit does: epoch begin, epoch end, stop when asked;
     * before epoch e the weights are set to {e, -e}. Returns the number of epochs run.
     */
    static int script(Callback cb, FakeState state, double... valLoss) {
        cb.onTrainBegin(state);
        int e = 0;
        for (; e < valLoss.length; e++) {
            state.weights = new float[] {e, -e};
            cb.onEpochBegin(e, state);
            Map<String, Double> logs = new HashMap<>();
            logs.put("loss", 1.0);
            logs.put("val_loss", valLoss[e]);
            cb.onEpochEnd(e, logs, state);
            if (state.stopRequested()) {
                e++;
                break;
            }
        }
        cb.onTrainEnd(state);
        return e;
    }

    // ------------------------------------------------------------------------------------------------ EarlyStopping

    @Test
    void earlyStoppingStopsAfterPatienceEpochsWithoutImprovement() {
        // Best at epoch 1; epochs 2 and 3 do not improve, so patience 2 ends training after epoch 3.
        FakeState s = new FakeState();
        EarlyStopping es = new EarlyStopping("val_loss", 0, 2, "auto", false);
        assertEquals(4, script(es, s, 1.0, 0.5, 0.6, 0.55, 0.1, 0.1));
        assertEquals(3, es.stoppedEpoch());
        assertEquals(1, es.bestEpoch());
        assertEquals(0.5, es.best());
        assertTrue(s.stopReason.contains("val_loss"), s.stopReason);
        // Without restoreBestWeights the last weights stay.
        assertArrayEquals(new float[] {3, -3}, s.weights);

        // An improvement resets the count: 0.45 at epoch 3 buys two more epochs.
        FakeState s2 = new FakeState();
        EarlyStopping es2 = new EarlyStopping("val_loss", 0, 2, "auto", false);
        assertEquals(6, script(es2, s2, 1.0, 0.5, 0.6, 0.45, 0.5, 0.5, 0.1));
        assertEquals(3, es2.bestEpoch());

        // minDelta: 0.49 is not better than 0.5 by more than 0.05. Patience 0 stops at the first such epoch.
        FakeState s3 = new FakeState();
        EarlyStopping es3 = new EarlyStopping("val_loss", 0.05, 0, "min", false);
        assertEquals(3, script(es3, s3, 1.0, 0.5, 0.49, 0.1));

        // Running to the end: no stop, stoppedEpoch stays -1.
        FakeState s4 = new FakeState();
        EarlyStopping es4 = new EarlyStopping("val_loss", 0, 3, "auto", false);
        assertEquals(3, script(es4, s4, 1.0, 0.9, 0.8));
        assertEquals(-1, es4.stoppedEpoch());
        assertNull(s4.stopReason);
    }

    @Test
    void earlyStoppingRestoresTheBestEpochsWeights() {
        FakeState s = new FakeState();
        EarlyStopping es = new EarlyStopping("val_loss", 0, 2, "auto", true);
        script(es, s, 1.0, 0.5, 0.6, 0.7);
        assertArrayEquals(new float[] {1, -1}, s.weights);
        // Also when training runs to the end without stopping.
        FakeState s2 = new FakeState();
        script(new EarlyStopping("val_loss", 0, 5, "auto", true), s2, 1.0, 0.3, 0.6);
        assertArrayEquals(new float[] {1, -1}, s2.weights);
    }

    /** A linear target with a little noise: 64 samples for training, 16 for validation. */
    static Tensor[] data(long seed) {
        Rng rng = new Rng(seed);
        int n = 80;
        float[] x = new float[n * 3];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                x[i * 3 + j] = rng.uniform(-1f, 1f);
            }
            y[i] = 0.7f * x[i * 3] - 1.2f * x[i * 3 + 1] + 0.3f * x[i * 3 + 2] + 0.1f * (float) rng.nextGaussian();
        }
        float[] xt = new float[64 * 3];
        float[] xv = new float[16 * 3];
        float[] yt = new float[64];
        float[] yv = new float[16];
        System.arraycopy(x, 0, xt, 0, xt.length);
        System.arraycopy(x, xt.length, xv, 0, xv.length);
        System.arraycopy(y, 0, yt, 0, 64);
        System.arraycopy(y, 64, yv, 0, 16);
        return new Tensor[] {Tensor.of(xt, 64, 3), Tensor.of(yt, 64, 1), Tensor.of(xv, 16, 3), Tensor.of(yv, 16, 1)};
    }

    static Sequential model(double lr) {
        Sequential m = new Sequential(3);
        // A fixed layer name, so weight files written by one instance load into another.
        m.input(3).add(Dense.builder(1).name("out").build()).build();
        m.compile(new SGD(lr), new MeanSquaredError(), "mae");
        return m;
    }

    static FitOptions options(int epochs, Tensor[] d) {
        return FitOptions.epochs(epochs).batchSize(16).validationData(d[2], d[3]).verbose(0);
    }

    /** Copies the weights at the end of every epoch. */
    static final class WeightRecorder implements Callback {
        final List<float[]> weights = new ArrayList<>();

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingState state) {
            weights.add(state.weights());
        }
    }

    @Test
    void earlyStoppingInFit() {
        Tensor[] d = data(1);
        // Validation loss falls every epoch; watched with mode max, it never improves after epoch 0.
        EarlyStopping es = new EarlyStopping("val_loss", 0, 2, "max", true);
        WeightRecorder rec = new WeightRecorder();
        Sequential m = model(0.1);
        History h = m.fit(d[0], d[1], options(20, d).callbacks(rec, es));
        assertEquals(List.of(0, 1, 2), h.epochs());
        assertEquals(2, es.stoppedEpoch());
        assertTrue(h.stopReason().startsWith("early stopping"), h.stopReason());
        assertArrayEquals(rec.weights.get(0), m.weights());

        // Restoring is bit for bit the weights of the epoch with the lowest val_loss.
        EarlyStopping best = new EarlyStopping("val_loss", 0, 100, "min", true);
        WeightRecorder rec2 = new WeightRecorder();
        Sequential m2 = model(0.5);
        History h2 = m2.fit(d[0], d[1], options(8, d).callbacks(rec2, best));
        List<Double> vl = h2.get("val_loss");
        int argmin = 0;
        for (int e = 1; e < vl.size(); e++) {
            if (vl.get(e) < vl.get(argmin)) {
                argmin = e;
            }
        }
        assertEquals(argmin, best.bestEpoch());
        assertArrayEquals(rec2.weights.get(argmin), m2.weights());
    }

    // ------------------------------------------------------------------------------------------ ReduceLROnPlateau

    static List<Double> learningRates(ReduceLROnPlateau cb, double... valLoss) {
        FakeState s = new FakeState();
        List<Double> lrs = new ArrayList<>();
        cb.onTrainBegin(s);
        for (int e = 0; e < valLoss.length; e++) {
            Map<String, Double> logs = new HashMap<>();
            logs.put("val_loss", valLoss[e]);
            cb.onEpochEnd(e, logs, s);
            lrs.add(s.optimizer.learningRate());
        }
        return lrs;
    }

    @Test
    void reduceLrOnPlateauFactorPatienceCooldownAndMinLr() {
        double[] script = {1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.5};
        // No cooldown: every second epoch without improvement halves the rate, down to minLr 0.2 and no further.
        assertEquals(List.of(1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.25, 0.2, 0.2, 0.2),
                learningRates(new ReduceLROnPlateau("val_loss", 0.5, 2, 0, 0, 0.2, "auto"), script));
        // Cooldown 2: after the cut at epoch 2, epochs 3 and 4 are not counted (Keras counts epoch 4 already, as
        // the cooldown ends at its start); the improvement at epoch 5 resets the wait, so the next cut is at 7.
        assertEquals(List.of(1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25),
                learningRates(new ReduceLROnPlateau("val_loss", 0.5, 2, 0, 2, 0.0, "auto"), script));
        // minDelta: a fall of 0.01 is not an improvement when minDelta is 0.1.
        assertEquals(List.of(1.0, 1.0, 0.1),
                learningRates(new ReduceLROnPlateau("val_loss", 0.1, 2, 0.1, 0, 0.0, "auto"), 1.0, 0.99, 0.98));
    }

    @Test
    void reduceLrOnPlateauInFit() {
        Tensor[] d = data(2);
        Sequential m = model(0.1);
        // Watched with mode max, the falling val_loss is a plateau: patience 1 halves the rate at every epoch after
        // the first.
        m.fit(d[0], d[1], options(4, d).callbacks(new ReduceLROnPlateau("val_loss", 0.5, 1, 0, 0, 0.0, "max")));
        assertEquals(0.1 * 0.5 * 0.5 * 0.5, m.optimizer().learningRate(), 1e-12);
    }

    // -------------------------------------------------------------------------------------------- ModelCheckpoint

    @Test
    void checkpointNamesFilesByEpochAndSavesBestOnlyOnImprovement(@TempDir Path dir) {
        FakeState s = new FakeState();
        script(new ModelCheckpoint(dir.resolve("all-{epoch}.safetensors").toString()), s, 1.0, 0.5, 0.7);
        assertEquals(List.of(dir.resolve("all-1.safetensors"), dir.resolve("all-2.safetensors"),
                dir.resolve("all-3.safetensors")), s.saved);

        FakeState b = new FakeState();
        ModelCheckpoint best = new ModelCheckpoint(dir.resolve("best-{epoch}.safetensors").toString(), "val_loss",
                "auto", true);
        script(best, b, 1.0, 0.9, 0.95, 0.8, 0.85, 0.85);
        assertEquals(List.of(dir.resolve("best-1.safetensors"), dir.resolve("best-2.safetensors"),
                dir.resolve("best-4.safetensors")), b.saved);
        assertEquals(dir.resolve("best-4.safetensors"), best.lastSaved());
        assertFalse(Files.exists(dir.resolve("best-3.safetensors")));
    }

    @Test
    void checkpointFilesLoadAndPredictLikeTheModelDidAtThatEpoch(@TempDir Path dir) throws IOException {
        Tensor[] d = data(3);
        Sequential m = model(0.1);
        List<float[]> predictions = new ArrayList<>();
        Callback predictor = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingState state) {
                predictions.add(m.predict(d[2]).data());
            }
        };
        ModelCheckpoint cp = new ModelCheckpoint(dir.resolve("w-{epoch}.safetensors").toString());
        m.fit(d[0], d[1], options(3, d).callbacks(cp, predictor));
        for (int e = 0; e < 3; e++) {
            Path p = dir.resolve("w-" + (e + 1) + ".safetensors");
            assertTrue(Files.exists(p), p.toString());
            Sequential fresh = model(0.1);
            fresh.loadWeights(p);
            assertArrayEquals(predictions.get(e), fresh.predict(d[2]).data(), "epoch " + (e + 1));
        }
        Sequential last = model(0.1);
        last.loadWeights(cp.lastSaved());
        assertArrayEquals(m.weights(), last.weights());
    }

    // ------------------------------------------------------------------------------------ CsvLogger and History

    @Test
    void csvLoggerWritesAHeaderAndOneRowPerEpoch(@TempDir Path dir) throws IOException {
        Tensor[] d = data(4);
        Path csv = dir.resolve("log.csv");
        Sequential m = model(0.1);
        History h = m.fit(d[0], d[1], options(3, d).callbacks(new CsvLogger(csv, false)));
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals("epoch,loss,mae,val_loss,val_mae", lines.get(0));
        assertEquals(4, lines.size(), lines.toString());
        for (int e = 0; e < 3; e++) {
            String[] cells = lines.get(e + 1).split(",");
            assertEquals(Integer.toString(e), cells[0]);
            assertEquals(h.get("loss").get(e), Double.parseDouble(cells[1]), 1e-7 * h.get("loss").get(e));
            assertEquals(h.get("val_mae").get(e), Double.parseDouble(cells[4]), 1e-7 * h.get("val_mae").get(e));
        }
        // A second fit without append starts the file afresh.
        m.fit(d[0], d[1], options(2, d).callbacks(new CsvLogger(csv, false)));
        assertEquals(3, Files.readAllLines(csv, StandardCharsets.UTF_8).size());
        // With append, rows are added under the existing header.
        m.fit(d[0], d[1], options(2, d).callbacks(new CsvLogger(csv, true)));
        List<String> appended = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(5, appended.size());
        assertEquals(1, appended.stream().filter(l -> l.startsWith("epoch")).count());
    }

    @Test
    void historyRecordsEveryMetricEveryEpoch() {
        Tensor[] d = data(5);
        History h = model(0.1).fit(d[0], d[1], options(4, d));
        assertEquals(List.of("loss", "mae", "val_loss", "val_mae"), new ArrayList<>(h.history().keySet()));
        for (List<Double> v : h.history().values()) {
            assertEquals(4, v.size());
        }
        assertEquals(List.of(0, 1, 2, 3), h.epochs());
        assertTrue(h.last("loss") < h.get("loss").get(0), h.history().toString());
        assertNull(h.stopReason());
    }

    // ----------------------------------------------------------------------------------------- a custom callback

    @Test
    void customCallbackSeesEveryEventInOrder() {
        Tensor[] d = data(6);
        List<String> events = new ArrayList<>();
        Callback cb = new Callback() {
            @Override
            public void onTrainBegin(TrainingState state) {
                events.add("train_begin epochs=" + state.epochs() + " steps=" + state.stepsPerEpoch());
            }

            @Override
            public void onEpochBegin(int epoch, TrainingState state) {
                events.add("epoch_begin " + epoch);
            }

            @Override
            public void onBatchEnd(int epoch, int batch, Map<String, Double> logs, TrainingState state) {
                events.add("batch_end " + epoch + "/" + batch + (logs.containsKey("loss") ? "" : " no loss"));
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingState state) {
                events.add("epoch_end " + epoch + (logs.containsKey("val_loss") ? "" : " no val_loss"));
            }

            @Override
            public void onTrainEnd(TrainingState state) {
                events.add("train_end");
            }
        };
        // 64 samples in batches of 25: 3 steps per epoch, the last one short.
        model(0.1).fit(d[0], d[1], FitOptions.epochs(2).batchSize(25).validationData(d[2], d[3]).verbose(0)
                .callbacks(cb));
        List<String> expected = new ArrayList<>();
        expected.add("train_begin epochs=2 steps=3");
        for (int e = 0; e < 2; e++) {
            expected.add("epoch_begin " + e);
            for (int b = 0; b < 3; b++) {
                expected.add("batch_end " + e + "/" + b);
            }
            expected.add("epoch_end " + e);
        }
        expected.add("train_end");
        assertEquals(expected, events);
    }
}
