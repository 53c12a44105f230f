package org.gru4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.gru4j.loss.MeanSquaredError;
import org.gru4j.model.FitOptions;
import org.gru4j.model.Model;
import org.gru4j.model.Sequential;
import org.gru4j.nn.Dense;
import org.gru4j.nn.Dropout;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.LSTM;
import org.gru4j.optim.Adam;
import org.gru4j.optim.ExponentialDecay;
import org.gru4j.optim.Optimizer;
import org.gru4j.optim.RMSprop;
import org.gru4j.optim.SGD;
import org.gru4j.tensor.Tensor;
import org.gru4j.train.Checkpoint;
import org.gru4j.train.Callback;
import org.gru4j.train.TrainingState;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run interrupted after epoch k and resumed from its checkpoint ends with the same weights, bit for bit, as the
 * uninterrupted run: weights, optimizer slots and step count, learning rate, the training generator (batch order
 * and dropout masks) and the epoch all come back.
 */
class CheckpointResumeTest {
    static final int EPOCHS = 5;
    static final int STOP = 2;

    @TempDir
    Path dir;

    final Rng data = new Rng(77);
    final Tensor x = ModelFileTest.random(data, 40, 6, 3);
    final Tensor y = ModelFileTest.random(data, 40, 1);

    static Model model(Optimizer opt) {
        Sequential m = new Sequential("resume", 13);
        m.input(-1, 3).add(new GRU(8).returnSequences(true).dropout(0.1).recurrentDropout(0.2)).add(new Dropout(0.3)).add(new LSTM(4))
                .add(new Dense(1));
        m.build();
        m.compile(opt, new MeanSquaredError(), "mae");
        return m;
    }

    FitOptions options(int epochs) {
        return FitOptions.epochs(epochs).batchSize(8).validationSplit(0.2).verbose(0);
    }

    void resumesExactly(Supplier<Optimizer> opt, boolean withPlateau) throws IOException {
        Model straight = model(opt.get());
        // Callbacks run in order: the checkpoint goes last so it sees the learning rate Halve has just set.
        FitOptions all = options(EPOCHS);
        if (withPlateau) {
            all.callbacks(new Halve());
        }
        all.callbacks(new Checkpoint(straight, dir.resolve("a-{epoch}.gru4j").toString()));
        straight.fit(x, y, all);

        // The interrupted run stops after STOP epochs; a fresh JVM would have only the file.
        Model first = model(opt.get());
        FitOptions part = options(STOP);
        if (withPlateau) {
            part.callbacks(new Halve());
        }
        part.callbacks(new Checkpoint(first, dir.resolve("b-{epoch}.gru4j").toString()));
        first.fit(x, y, part);
        // The straight run's checkpoint after STOP epochs holds the same state (names aside: automatic layer
        // names are unique per JVM, so the two models' layers are named differently).
        Model a = ModelFile.load(dir.resolve("a-" + STOP + ".gru4j"));
        Model b = ModelFile.load(dir.resolve("b-" + STOP + ".gru4j"));
        assertArrayEquals(a.weights(), b.weights());
        assertEquals(a.trainingRng().state(), b.trainingRng().state());
        List<float[]> sa = List.copyOf(a.optimizer().state().values());
        List<float[]> sb = List.copyOf(b.optimizer().state().values());
        assertEquals(sa.size(), sb.size());
        for (int i = 0; i < sa.size(); i++) {
            assertArrayEquals(sa.get(i), sb.get(i));
        }

        ModelFile.Loaded c = ModelFile.read(dir.resolve("b-" + STOP + ".gru4j"));
        assertTrue(c.isCheckpoint());
        assertEquals(STOP, c.epoch());
        FitOptions rest = options(EPOCHS).initialEpoch(c.epoch());
        if (withPlateau) {
            rest.callbacks(new Halve());
        }
        c.model().fit(x, y, rest);
        assertArrayEquals(straight.weights(), c.model().weights(), "resumed weights differ");
        assertEquals(straight.optimizer().iterations(), c.model().optimizer().iterations());
        assertEquals(straight.trainingRng().state(), c.model().trainingRng().state());
        assertEquals(straight.optimizer().learningRate(), c.model().optimizer().learningRate());
    }

    /**
     * Halves the learning rate after every epoch, as ReduceLROnPlateau does on a plateau, but without counters of
     * its own (those are not part of a checkpoint), so the changed rate must come from the file.
     */
    static final class Halve implements Callback {
        @Override
        public void onEpochEnd(int epoch, java.util.Map<String, Double> logs, TrainingState state) {
            state.optimizer().setLearningRate(state.optimizer().learningRate() / 2);
        }
    }

    @Test
    void adam() throws IOException {
        resumesExactly(() -> new Adam(0.01), false);
    }

    @Test
    void sgdWithMomentumAndAReducedLearningRate() throws IOException {
        resumesExactly(() -> new SGD(0.05, 0.9, true), true);
    }

    @Test
    void rmspropWithADecaySchedule() throws IOException {
        resumesExactly(() -> new RMSprop(new ExponentialDecay(0.01, 3, 0.5, true), 0.9, 0.5, 1e-7, true), false);
    }

    @Test
    void explicitSaveAfterFitThenResume() throws IOException {
        Model straight = model(new Adam(0.01));
        straight.fit(x, y, options(EPOCHS));
        Model first = model(new Adam(0.01));
        first.fit(x, y, options(STOP));
        Path p = dir.resolve("explicit.gru4j");
        ModelFile.saveCheckpoint(first, p, STOP);
        ModelFile.Loaded c = ModelFile.read(p);
        c.model().fit(x, y, options(EPOCHS).initialEpoch(c.epoch()));
        assertArrayEquals(straight.weights(), c.model().weights());
    }

    @Test
    void aCheckpointBeforeTrainingHasNoOptimizerState() throws IOException {
        Model m = model(new Adam(0.01));
        Model back = ModelFile.read(ModelFile.checkpointBytes(m, 0), "mem").model();
        assertEquals(0, back.optimizer().iterations());
        m.fit(x, y, options(2));
        back.fit(x, y, options(2));
        assertArrayEquals(m.weights(), back.weights());
    }

    @Test
    void multiInputFunctionalModelResumes() throws IOException {
        Rng r = new Rng(5);
        List<Tensor> xs = List.of(ModelFileTest.random(r, 12, 5, 3), ModelFileTest.random(r, 12, 4, 2));
        List<Tensor> ys = List.of(ModelFileTest.random(r, 12, 4, 2), ModelFileTest.random(r, 12, 4, 2),
                ModelFileTest.random(r, 12, 1));
        Supplier<Model> make = () -> {
            Model m = ModelFileTest.encoderDecoder();
            m.compile(new Adam(0.01), List.of(new MeanSquaredError(), new MeanSquaredError(),
                    new MeanSquaredError()), new double[] {1, 0.5, 0.25}, List.of(List.of(), List.of(), List.of()));
            return m;
        };
        Model straight = make.get();
        straight.fit(xs, ys, FitOptions.epochs(3).batchSize(4).verbose(0));
        Model first = make.get();
        first.fit(xs, ys, FitOptions.epochs(1).batchSize(4).verbose(0));
        ModelFile.Loaded c = ModelFile.read(ModelFile.checkpointBytes(first, 1), "mem");
        c.model().fit(xs, ys, FitOptions.epochs(3).batchSize(4).verbose(0).initialEpoch(c.epoch()));
        assertArrayEquals(straight.weights(), c.model().weights());
    }
}
