package org.gru4j.analysis;

import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/**
 * The n-bit flip-flop memory task of Sussillo and Barak (2013): each of {@code bits} input channels is zero except
 * for rare pulses of +1 or -1; the matching output channel must hold the sign of the channel's last pulse (0
 * before the first one). A network that solves it must keep 2^n stable memories, which appear as stable fixed
 * points of its zero-input dynamics, with saddles between them.
 */
public final class FlipFlopTask {
    private FlipFlopTask() {
    }

    /** Inputs {@code (batch, steps, bits)} and targets of the same shape. */
    public record Data(Tensor x, Tensor y) {
    }

    /**
     * @param pulseProbability chance per step and channel of a pulse (Sussillo and Barak use small values, e.g. 0.05)
     */
    public static Data make(int batch, int steps, int bits, double pulseProbability, Rng rng) {
        float[] x = new float[batch * steps * bits];
        float[] y = new float[batch * steps * bits];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < bits; c++) {
                float state = 0f;
                for (int t = 0; t < steps; t++) {
                    int i = (b * steps + t) * bits + c;
                    if (rng.nextDouble() < pulseProbability) {
                        float pulse = rng.nextDouble() < 0.5 ? -1f : 1f;
                        x[i] = pulse;
                        state = pulse;
                    }
                    y[i] = state;
                }
            }
        }
        return new Data(Tensor.of(x, batch, steps, bits), Tensor.of(y, batch, steps, bits));
    }

    /** Fraction of nonzero targets whose sign the prediction matches. */
    public static double signAccuracy(Tensor pred, Tensor target) {
        float[] p = pred.data();
        float[] t = target.data();
        int n = 0;
        int hit = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i] != 0f) {
                n++;
                if (Math.signum(p[i]) == Math.signum(t[i])) {
                    hit++;
                }
            }
        }
        return n == 0 ? 1 : (double) hit / n;
    }
}
