package org.gru4j.train;

import java.util.Map;

/**
 * Stops training when a monitored figure has not improved by more than {@code minDelta} for {@code patience}
 * epochs in a row (Keras's EarlyStopping): with patience 2 and a best value at epoch 3, training ends after epoch
 * 5 unless epoch 4 or 5 improves; patience 0 stops at the first epoch without improvement. With {@code restoreBestWeights}, the weights of the best epoch are put back when
 * training ends, whether it stopped early or ran all epochs.
 */
public final class EarlyStopping implements Callback {
    private final Monitor monitor;
    private final int patience;
    private final boolean restoreBestWeights;
    private double best = Double.NaN;
    private int bestEpoch = -1;
    private int wait;
    private float[] bestWeights;
    private int stoppedEpoch = -1;

    /** Monitors {@code val_loss} with the given patience, restoring the best weights. */
    public EarlyStopping(int patience) {
        this("val_loss", 0, patience, "auto", true);
    }

    public EarlyStopping(String monitor, double minDelta, int patience, String mode, boolean restoreBestWeights) {
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        }
        this.monitor = new Monitor(monitor, mode, minDelta);
        this.patience = patience;
        this.restoreBestWeights = restoreBestWeights;
    }

    @Override
    public void onTrainBegin(TrainingState state) {
        best = Double.NaN;
        bestEpoch = -1;
        wait = 0;
        bestWeights = null;
        stoppedEpoch = -1;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingState state) {
        double v = monitor.read(logs);
        if (monitor.improves(v, best)) {
            best = v;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) {
                bestWeights = state.weights();
            }
            return;
        }
        wait++;
        // As Keras: the patience-th epoch in a row without improvement is the last one.
        if (wait >= patience) {
            stoppedEpoch = epoch;
            state.stopTraining(String.format("early stopping: %s did not improve for %d epoch(s); best %.6g at "
                    + "epoch %d", monitor.name, wait, best, bestEpoch + 1));
        }
    }

    @Override
    public void onTrainEnd(TrainingState state) {
        if (restoreBestWeights && bestWeights != null) {
            state.setWeights(bestWeights);
        }
    }

    /** The best monitored value seen. */
    public double best() {
        return best;
    }

    /** The 0-based epoch of the best value, or -1. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The 0-based epoch at which training was stopped, or -1 if it ran to the end. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }
}
