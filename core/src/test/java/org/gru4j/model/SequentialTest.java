package org.gru4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gru4j.loss.SparseCategoricalCrossentropy;
import org.gru4j.nn.Activation;
import org.gru4j.nn.Dense;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.LSTM;
import org.gru4j.nn.recurrent.SimpleRNN;
import org.gru4j.optim.Adam;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;
import org.gru4j.train.History;
import org.junit.jupiter.api.Test;

class SequentialTest {

    @Test
    void parameterCountsEqualKeras() {
        Sequential a = new Sequential();
        a.input(-1, 4).add(new GRU(5)).build();
        assertEquals(165, a.countParameters());
        Sequential b = new Sequential();
        b.input(-1, 4).add(new GRU(5, false)).build();
        assertEquals(150, b.countParameters());
        Sequential c = new Sequential();
        c.input(-1, 4).add(new LSTM(5)).add(new Dense(3)).build();
        assertEquals(4 * (5 * 4 + 5 * 5 + 5) + 5 * 3 + 3, c.countParameters());
        Sequential d = new Sequential();
        d.input(-1, 4).add(new SimpleRNN(5)).build();
        assertEquals(5 * 4 + 5 * 5 + 5, d.countParameters());
        String s = a.summary();
        assertTrue(s.contains("(GRU)") && s.contains("(None, 5)") && s.contains("Total params: 165"), s);
    }

    static Sequential digitsModel(long seed) {
        Sequential m = new Sequential(seed);
        m.add(new GRU(32)).add(new Dense(10, Activation.SOFTMAX));
        m.compile(new Adam(0.01), new SparseCategoricalCrossentropy(), "accuracy");
        return m;
    }

    /** A GRU reads digits row by row and learns them: held-out accuracy above 0.9 after 15 epochs. */
    @Test
    void learnsDigitsRowByRow() {
        DigitsData d = DigitsData.load();
        Sequential m = digitsModel(1);
        Tensor xTrain = d.rows(d.x, 0, 1400);
        Tensor yTrain = d.rows(d.y, 0, 1400);
        Tensor xTest = d.rows(d.x, 1400, 1797);
        Tensor yTest = d.rows(d.y, 1400, 1797);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        History h = m.fit(xTrain, yTrain, FitOptions.epochs(15).batchSize(32).validationSplit(0.1)
                .output(new PrintStream(log, true, StandardCharsets.UTF_8)));
        Map<String, Double> r = m.evaluate(xTest, yTest);
        System.out.println("digits, GRU(32), 15 epochs: held-out " + r);
        assertTrue(r.get("accuracy") > 0.9, "held-out accuracy " + r);
        assertTrue(h.get("loss").get(14) < h.get("loss").get(0), "loss must fall: " + h.get("loss"));
        String out = log.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("Epoch 15/15") && out.contains(" - loss: ") && out.contains(" - val_accuracy: "), out);
    }

    @Test
    void sameSeedSameLossesBitForBit() {
        DigitsData d = DigitsData.load();
        Tensor x = d.rows(d.x, 0, 300);
        Tensor y = d.rows(d.y, 0, 300);
        List<Double> a = digitsModel(7).fit(x, y, FitOptions.epochs(2).verbose(0)).get("loss");
        List<Double> b = digitsModel(7).fit(x, y, FitOptions.epochs(2).verbose(0)).get("loss");
        List<Double> c = digitsModel(8).fit(x, y, FitOptions.epochs(2).verbose(0)).get("loss");
        assertEquals(a, b);
        assertTrue(!a.equals(c));
    }

    @Test
    void predictFromEightThreadsEqualsOneThread() throws Exception {
        DigitsData d = DigitsData.load();
        Sequential m = digitsModel(3);
        m.fit(d.rows(d.x, 0, 200), d.rows(d.y, 0, 200), FitOptions.epochs(1).verbose(0));
        Tensor x = d.rows(d.x, 200, 600);
        float[] single = m.predict(x).data();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<float[]>> fs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                fs.add(pool.submit(() -> m.predict(x).data()));
            }
            for (Future<float[]> f : fs) {
                assertArrayEquals(single, f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void badInputFailsBeforeTraining() {
        Sequential m = digitsModel(1);
        Tensor x = Tensor.zeros(10, 8, 8);
        float[] before;
        ShapeException e1 = assertThrows(ShapeException.class, () -> m.fit(x, Tensor.zeros(9),
                FitOptions.epochs(1).verbose(0)));
        assertEquals("x has 10 samples but y has 9", e1.getMessage());
        Tensor nan = Tensor.zeros(10, 8, 8);
        nan.data()[17] = Float.NaN;
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> m.fit(nan, Tensor.zeros(10),
                FitOptions.epochs(1).verbose(0)));
        assertTrue(e2.getMessage().contains("NaN"), e2.getMessage());
        before = null;
        Tensor labels = Tensor.zeros(10);
        labels.data()[4] = 12;
        IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class, () -> m.fit(x, labels,
                FitOptions.epochs(1).verbose(0)));
        assertTrue(e3.getMessage().contains("12"), e3.getMessage());
        m.fit(x, Tensor.zeros(10), FitOptions.epochs(1).verbose(0));
        before = m.weights();
        ShapeException e4 = assertThrows(ShapeException.class, () -> m.fit(Tensor.zeros(10, 8, 5), Tensor.zeros(10),
                FitOptions.epochs(1).verbose(0)));
        assertTrue(e4.getMessage().contains("expected shape (*, *, 8), got (10, 8, 5)"), e4.getMessage());
        assertArrayEquals(before, m.weights());
        assertNotNull(before);
    }

    @Test
    void nanLossStopsAndKeepsLastGoodWeights() {
        Sequential m = new Sequential(5);
        m.add(new GRU(4)).add(new Dense(1));
        // A learning rate this large drives the weights to overflow within a few steps.
        m.compile(new org.gru4j.optim.SGD(1e30), new org.gru4j.loss.MeanSquaredError());
        Tensor x = Tensor.zeros(64, 3, 2).fill(1f);
        Tensor y = Tensor.zeros(64, 1).fill(1e3f);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        History h = m.fit(x, y, FitOptions.epochs(5).batchSize(8).shuffle(false)
                .output(new PrintStream(log, true, StandardCharsets.UTF_8)));
        assertNotNull(h.stopReason(), "training must stop");
        assertTrue(h.stopReason().matches("loss became (NaN|infinite) at epoch \\d+, batch \\d+; .*"), h.stopReason());
        for (float w : m.weights()) {
            assertTrue(Float.isFinite(w), "weights must stay finite");
        }
    }
}
