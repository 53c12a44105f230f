package org.gru4j.tasks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gru4j.loss.MeanSquaredError;
import org.gru4j.model.Model;
import org.gru4j.model.Node;
import org.gru4j.nn.Context;
import org.gru4j.nn.Dense;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.RecurrentStepper;
import org.gru4j.optim.Adam;
import org.gru4j.tensor.Tensor;

/**
 * Online forecasting of a long series, one point at a time: a GRU reads the series and predicts the next value at
 * every step. Training uses truncated backpropagation through time: the training part is cut into
 * {@code streams} contiguous segments read in parallel, in chunks of {@code chunk} steps; the GRU's final state of
 * each chunk starts the next one (it is carried, not backpropagated through). Forecasting then runs the stepper,
 * {@link #step(float)}, which carries the state from point to point and gives the same numbers as running the
 * network over the whole series at once ({@link #predictAll}).
 */
public final class StreamingForecast {
    private final int units;
    private final GRU gru;
    private final Dense head;
    private final Model model;
    private double mean;
    private double std = 1;
    private RecurrentStepper stepper;
    private final float[] hBuf;
    private final float[] xBuf = new float[1];

    public StreamingForecast(int units, long seed) {
        this.units = units;
        Node x = Node.input("x", -1, 1);
        Node h0 = Node.input("h0", units);
        this.gru = new GRU(units).returnSequences(true).returnState(true);
        Node[] out = Node.call(gru, x, h0);
        this.head = new Dense(1);
        Node y = out[0].then(head);
        this.model = new Model("streaming_forecast", List.of(x, h0), List.of(y, out[1]), seed);
        this.hBuf = new float[units];
    }

    /**
     * Trains on {@code train} (the series' training part) with truncated BPTT; standardizes with its statistics.
     *
     * @return the mean training loss of each epoch
     */
    public double[] train(float[] train, int streams, int chunk, int epochs, double lr) {
        double m = 0;
        for (float v : train) {
            m += v;
        }
        m /= train.length;
        double var = 0;
        for (float v : train) {
            var += (v - m) * (v - m);
        }
        mean = m;
        std = Math.sqrt(var / train.length);
        if (std == 0) {
            std = 1;
        }
        int seg = (train.length - 1) / streams;
        int chunks = seg / chunk;
        if (chunks == 0) {
            throw new IllegalArgumentException("a training part of " + train.length + " points is too short for "
                    + streams + " streams of chunks of " + chunk);
        }
        model.compile(new Adam(lr), new ArrayList<>(Arrays.asList(new MeanSquaredError(), null)), null,
                List.of(List.of(), List.of()));
        double[] curve = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            Tensor h = Tensor.zeros(streams, units);
            double sum = 0;
            for (int c = 0; c < chunks; c++) {
                float[] x = new float[streams * chunk];
                float[] y = new float[streams * chunk];
                for (int s = 0; s < streams; s++) {
                    for (int t = 0; t < chunk; t++) {
                        int i = s * seg + c * chunk + t;
                        x[s * chunk + t] = scale(train[i]);
                        y[s * chunk + t] = scale(train[i + 1]);
                    }
                }
                Model.BatchResult r = model.trainOnBatch(List.of(Tensor.of(x, streams, chunk, 1), h),
                        Arrays.asList(Tensor.of(y, streams, chunk, 1), null), null);
                h = r.outputs().get(1);
                sum += r.loss();
            }
            curve[e] = sum / chunks;
        }
        stepper = gru.stepper(1);
        return curve;
    }

    private float scale(float v) {
        return (float) ((v - mean) / std);
    }

    /** Feeds the next observed point and returns the forecast of the point after it. */
    public float step(float observed) {
        requireTrained();
        xBuf[0] = scale(observed);
        stepper.step(xBuf, hBuf);
        float[] y = head.forward(Tensor.of(hBuf, 1, units), null, Context.INFERENCE).output().data();
        return (float) (y[0] * std + mean);
    }

    /** Starts a new stream from a zero state. */
    public void resetStates() {
        requireTrained();
        stepper.resetStates();
    }

    /** Forecasts of the next point after every point of {@code series}, computed in one run from a zero state. */
    public float[] predictAll(float[] series) {
        requireTrained();
        float[] x = new float[series.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = scale(series[i]);
        }
        Tensor y = model.predict(List.of(Tensor.of(x, 1, x.length, 1), Tensor.zeros(1, units)), null, 1).get(0);
        float[] out = y.data().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (out[i] * std + mean);
        }
        return out;
    }

    private void requireTrained() {
        if (stepper == null) {
            throw new IllegalStateException("train the model first");
        }
    }
}
