package org.gru4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gru4j.loss.BinaryCrossentropy;
import org.gru4j.loss.CategoricalCrossentropy;
import org.gru4j.loss.SparseCategoricalCrossentropy;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static Tensor v(float... x) {
        return Tensor.of(x, x.length);
    }

    @Test
    void binaryAccuracyStreamsAndResets() {
        Metric m = new BinaryAccuracy();
        // 0.7 > 0.5 right, 0.5 is not > 0.5 so predicts 0: wrong for 1, 0.2 right, 0.9 wrong for 0
        m.update(v(0.7f, 0.5f, 0.2f, 0.9f), v(1, 1, 0, 0));
        assertEquals(0.5, m.result(), 1e-12);
        m.update(v(0.6f, 0.1f), v(1, 0));
        assertEquals(4.0 / 6, m.result(), 1e-12);
        m.reset();
        assertEquals(0, m.result());
        // rows of 2: row means 1 and 0.5 -> 0.75
        m.update(Tensor.of(new float[] {0.9f, 0.1f, 0.9f, 0.9f}, 2, 2), Tensor.of(new float[] {1, 0, 1, 0}, 2, 2));
        assertEquals(0.75, m.result(), 1e-12);
    }

    @Test
    void categoricalAndSparseAccuracy() {
        Tensor p = Tensor.of(new float[][] {{0.1f, 0.7f, 0.2f}, {0.5f, 0.3f, 0.2f}, {0.2f, 0.2f, 0.6f}});
        Tensor oneHot = Tensor.of(new float[][] {{0, 1, 0}, {0, 1, 0}, {0, 0, 1}});
        Metric c = new CategoricalAccuracy();
        c.update(p, oneHot);
        assertEquals(2.0 / 3, c.result(), 1e-12);
        Metric s = new SparseCategoricalAccuracy();
        s.update(p, v(1, 1, 2));
        assertEquals(2.0 / 3, s.result(), 1e-12);
        s.update(p, Tensor.of(new float[] {1, 0, 2}, 3, 1));
        assertEquals(5.0 / 6, s.result(), 1e-12);
        // sequences: (B=1, T=2, C=2), ids (1, 2)
        Metric seq = new SparseCategoricalAccuracy();
        seq.update(Tensor.of(new float[] {0.9f, 0.1f, 0.2f, 0.8f}, 1, 2, 2), Tensor.of(new float[] {0, 0}, 1, 2));
        assertEquals(0.5, seq.result(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.update(p, v(1, 3, 0)));
        assertTrue(e.getMessage().contains("(1)") && e.getMessage().contains("3.0"), e.getMessage());
        assertEquals(5.0 / 6, s.result(), 1e-12); // a rejected batch changes nothing
    }

    @Test
    void regressionMetrics() {
        Tensor p = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        Tensor y = Tensor.of(new float[][] {{1, 1}, {1, 1}});
        Metric mae = new MeanAbsoluteError();
        Metric mse = new MeanSquaredError();
        Metric rmse = new RootMeanSquaredError();
        for (Metric m : new Metric[] {mae, mse, rmse}) {
            m.update(p, y);
        }
        // errors 0, 1, 2, 3: |e| mean 1.5, e^2 mean 14/4 = 3.5, sqrt 3.5 = 1.870829
        assertEquals(1.5, mae.result(), 1e-12);
        assertEquals(3.5, mse.result(), 1e-12);
        assertEquals(Math.sqrt(3.5), rmse.result(), 1e-12);
        // a second batch with error 0 on two rows halves the MSE
        mse.update(Tensor.zeros(2, 2), Tensor.zeros(2, 2));
        assertEquals(1.75, mse.result(), 1e-12);
        ShapeException e = assertThrows(ShapeException.class, () -> mse.update(Tensor.zeros(2, 2), Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("expected shape (2, 2), got (2, 3)"), e.getMessage());
    }

    @Test
    void precisionAndRecall() {
        // pred > 0.5: 1 1 0 0 1 ; label: 1 0 1 0 1 -> tp 2, fp 1, fn 1
        Tensor p = v(0.9f, 0.6f, 0.4f, 0.1f, 0.8f);
        Tensor y = v(1, 0, 1, 0, 1);
        Metric pr = new Precision();
        Metric re = new Recall();
        pr.update(p, y);
        re.update(p, y);
        assertEquals(2.0 / 3, pr.result(), 1e-12);
        assertEquals(2.0 / 3, re.result(), 1e-12);
        re.update(v(0.2f), v(1)); // one more false negative
        assertEquals(2.0 / 4, re.result(), 1e-12);
        assertEquals(0, new Precision().result());
        assertThrows(IllegalArgumentException.class, () -> pr.update(v(0.5f), v(2)));
    }

    @Test
    void aucByHand() {
        Metric auc = new Auc();
        // positives 0.35, 0.8; negatives 0.1, 0.4. Pairs: 0.35>0.1 yes, 0.35>0.4 no, 0.8>0.1, 0.8>0.4 -> 3/4
        auc.update(v(0.1f, 0.4f, 0.35f, 0.8f), v(0, 0, 1, 1));
        assertEquals(0.75, auc.result(), 1e-12);
        // streaming: a positive at 0.4 ties with the negative 0.4 (half) and beats 0.1:
        // pairs now 3 positives x 2 negatives = 6, wins 3 + 1 + 0.5 = 4.5
        auc.update(v(0.4f), v(1));
        assertEquals(4.5 / 6, auc.result(), 1e-12);
        auc.reset();
        // perfect and reversed ranking, negative scores (logits) too
        auc.update(v(-3f, -1f, 2f, 5f), v(0, 0, 1, 1));
        assertEquals(1.0, auc.result(), 1e-12);
        auc.reset();
        auc.update(v(-3f, -1f, 2f, 5f), v(1, 1, 0, 0));
        assertEquals(0.0, auc.result(), 1e-12);
        auc.reset();
        auc.update(v(0.3f, 0.3f, 0.3f), v(0, 1, 1));
        assertEquals(0.5, auc.result(), 1e-12);
        auc.reset();
        auc.update(v(0.3f), v(1));
        assertEquals(0, auc.result()); // no negatives: undefined, reported as 0 like Keras
    }

    @Test
    void aucEqualsPairCountingOnRandomData() {
        Rng rng = new Rng(9);
        int n = 500;
        float[] p = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(2);
            // coarse scores so ties happen
            p[i] = Math.round((rng.nextFloat() + 0.3f * y[i]) * 20) / 20f;
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (y[i] == 1 && y[j] == 0) {
                    pairs++;
                    wins += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
                }
            }
        }
        Metric auc = new Auc();
        auc.update(Tensor.of(p, 250, 2), Tensor.of(y, 250, 2));
        assertEquals(wins / pairs, auc.result(), 1e-12);
    }

    @Test
    void accuracyResolvesByLossLikeKeras() {
        Metric b = Metrics.byName("accuracy", new BinaryCrossentropy());
        assertInstanceOf(BinaryAccuracy.class, b);
        assertEquals("accuracy", b.name());
        assertEquals(0.5, ((BinaryAccuracy) b).threshold());
        assertEquals(0.0, ((BinaryAccuracy) Metrics.byName("accuracy", new BinaryCrossentropy(true))).threshold());
        assertInstanceOf(CategoricalAccuracy.class, Metrics.byName("accuracy", new CategoricalCrossentropy()));
        assertInstanceOf(SparseCategoricalAccuracy.class, Metrics.byName("acc", new SparseCategoricalCrossentropy()));
        assertInstanceOf(RootMeanSquaredError.class, Metrics.byName("rmse", null));
        assertInstanceOf(Auc.class, Metrics.byName("AUC", null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metrics.byName("f1", null));
        assertTrue(e.getMessage().contains("\"f1\"") && e.getMessage().contains("sparse_categorical_accuracy"));
    }

    @Test
    void accuracyForOtherLossesResolvesByShape() {
        Metric sparse = Metrics.byName("accuracy", null);
        sparse.update(Tensor.of(new float[][] {{0.2f, 0.8f}, {0.6f, 0.4f}}), v(1, 1));
        assertEquals(0.5, sparse.result(), 1e-12);
        Metric binary = Metrics.byName("accuracy", null);
        binary.update(Tensor.of(new float[] {0.7f, 0.2f}, 2, 1), Tensor.of(new float[] {1, 1}, 2, 1));
        assertEquals(0.5, binary.result(), 1e-12);
        Metric cat = Metrics.byName("accuracy", null);
        cat.update(Tensor.of(new float[][] {{0.2f, 0.8f}}), Tensor.of(new float[][] {{0, 1}}));
        assertEquals(1.0, cat.result(), 1e-12);
        assertEquals("accuracy", cat.name());
    }
}
