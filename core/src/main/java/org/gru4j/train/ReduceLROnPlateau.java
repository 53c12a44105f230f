package org.gru4j.train;

import java.util.Map;

/**
 * Multiplies the learning rate by {@code factor} when a monitored figure has not improved for {@code patience}
 * epochs, then waits {@code cooldown} epochs before watching again, never going below {@code minLr} (Keras's
 * ReduceLROnPlateau; Keras defaults: factor 0.1, patience 10, minDelta 1e-4, cooldown 0, minLr 0). Needs an
 * optimizer with a constant learning rate.
 */
public final class ReduceLROnPlateau implements Callback {
    private final Monitor monitor;
    private final double factor;
    private final int patience;
    private final int cooldown;
    private final double minLr;
    private double best = Double.NaN;
    private int wait;
    private int cooldownLeft;

    public ReduceLROnPlateau() {
        this("val_loss", 0.1, 10, 1e-4, 0, 0.0, "auto");
    }

    public ReduceLROnPlateau(String monitor, double factor, int patience, double minDelta, int cooldown, double minLr,
                             String mode) {
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("factor must be in (0, 1), got " + factor);
        }
        this.monitor = new Monitor(monitor, mode, minDelta);
        this.factor = factor;
        this.patience = patience;
        this.cooldown = cooldown;
        this.minLr = minLr;
    }

    @Override
    public void onTrainBegin(TrainingState state) {
        best = Double.NaN;
        wait = 0;
        cooldownLeft = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingState state) {
        double v = monitor.read(logs);
        if (cooldownLeft > 0) {
            cooldownLeft--;
            wait = 0;
        }
        if (monitor.improves(v, best)) {
            best = v;
            wait = 0;
        } else if (cooldownLeft == 0) {
            wait++;
            if (wait >= patience) {
                double old = state.optimizer().learningRate();
                double lr = Math.max(old * factor, minLr);
                if (lr < old) {
                    state.optimizer().setLearningRate(lr);
                    logs.put("lr_reduced_to", lr);
                }
                cooldownLeft = cooldown;
                wait = 0;
            }
        }
    }
}
