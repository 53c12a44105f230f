package org.gru4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gru4j.optim.Optimizer;
import org.gru4j.train.Callback;
import org.gru4j.train.TrainingState;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {

    @Test
    void notATerminalMeansNoBarAndPlainLinesOnlyWithVerbose() {
        // surefire's forked JVM has no terminal
        assertTrue(ProgressDisplay.plan(false).callbacks().isEmpty());
        assertEquals(0, ProgressDisplay.plan(false).verbose());
        assertEquals(2, ProgressDisplay.plan(true).verbose());
    }

    @Test
    void barShowsEpochBatchesLossAndMetrics() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Callback bar = new ProgressDisplay(new PrintStream(err, true, StandardCharsets.UTF_8));
        TrainingState s = new FakeState(2, 4);
        for (int e = 0; e < 2; e++) {
            bar.onEpochBegin(e, s);
            for (int b = 0; b < 4; b++) {
                bar.onBatchEnd(e, b, Map.of("loss", 0.5), s);
            }
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", 0.25);
            logs.put("val_loss", 0.125);
            bar.onEpochEnd(e, logs, s);
        }
        bar.onTrainEnd(s);
        String shown = err.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("epoch 2/2") && shown.contains("100%") && shown.contains("4/4"), shown);
        assertTrue(shown.contains("loss 0.2500 val_loss 0.1250"), shown);
    }

    private record FakeState(int epochs, int stepsPerEpoch) implements TrainingState {
        @Override
        public Optimizer optimizer() {
            return null;
        }

        @Override
        public float[] weights() {
            return new float[0];
        }

        @Override
        public void setWeights(float[] values) {
        }

        @Override
        public void saveWeights(Path path) {
        }

        @Override
        public void stopTraining(String reason) {
        }

        @Override
        public boolean stopRequested() {
            return false;
        }
    }
}
