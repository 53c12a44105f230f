package org.gru4j.nn.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import org.gru4j.kernels.Parallel;
import org.gru4j.nn.Context;
import org.gru4j.nn.Mask;
import org.gru4j.nn.Parameter;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;

/**
 * Whole layers (forward in both modes, backward, parameter gradients) give the same bits for 1, 2 or 3 kernel
 * threads: the time loop splits a step by batch rows, the products by rows or columns, never over a sum.
 */
class ThreadCountDeterminismTest {

    @Test
    void layersDoNotDependOnThreadCount() {
        int before = Parallel.threads();
        try {
            for (int kind = 0; kind < 7; kind++) {
                List<float[]> ref = null;
                for (int threads : new int[] {1, 2, 3}) {
                    Parallel.setThreads(threads);
                    List<float[]> got = runOnce(kind);
                    if (ref == null) {
                        ref = got;
                    } else {
                        for (int i = 0; i < ref.size(); i++) {
                            assertArrayEquals(ref.get(i), got.get(i), "kind " + kind + " threads " + threads
                                    + " array " + i);
                        }
                    }
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    private static RecurrentLayer layer(int kind, int units) {
        return switch (kind) {
            case 0 -> new GRU(units, true).returnSequences(true);
            case 1 -> new GRU(units, false).returnSequences(true);
            case 2 -> new LSTM(units).returnSequences(true);
            case 3 -> new SimpleRNN(units).returnSequences(true);
            case 4 -> new GRU(units, true).layerNorm(true).returnSequences(true);
            // masked (kind 5: also recurrent dropout, going backwards; kind 6: last output only)
            case 5 -> new GRU(units, true).recurrentDropout(0.3).goBackwards(true).returnSequences(true);
            default -> new LSTM(units);
        };
    }

    private static List<float[]> runOnce(int kind) {
        int batch = 37;
        int steps = 5;
        int features = 19;
        int units = 70;
        Rng rng = new Rng(3);
        RecurrentLayer l = layer(kind, units);
        l.build(new int[] {steps, features}, rng);
        Tensor x = Tensor.zeros(batch, steps, features);
        float[] xd = x.data();
        for (int i = 0; i < xd.length; i++) {
            xd[i] = (float) rng.nextGaussian();
        }
        Mask mask = null;
        if (kind >= 5) {
            int[] lengths = new int[batch];
            for (int b = 0; b < batch; b++) {
                lengths[b] = b % (steps + 1);
            }
            mask = Mask.fromLengths(lengths, steps);
        }
        List<float[]> out = new ArrayList<>();
        out.add(l.run(x, null, mask, Context.INFERENCE).output().data().clone());
        RecurrentLayer.Result r = l.run(x, null, mask, Context.training(new Rng(1)));
        out.add(r.output().data().clone());
        Tensor g = Tensor.zeros(r.output().shape());
        float[] gd = g.data();
        for (int i = 0; i < gd.length; i++) {
            gd[i] = (float) rng.nextGaussian();
        }
        for (Parameter p : l.parameters()) {
            p.zeroGrad();
        }
        out.add(l.backward(r, g, null).input().data().clone());
        for (Parameter p : l.parameters()) {
            out.add(p.grads().clone());
        }
        return out;
    }
}
