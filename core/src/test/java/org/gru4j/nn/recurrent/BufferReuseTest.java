package org.gru4j.nn.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.gru4j.nn.Context;
import org.gru4j.nn.Mask;
import org.gru4j.nn.Parameter;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;

/**
 * A recurrent layer reuses the large arrays of one call in its later calls. A call after others (larger or
 * smaller batches, other lengths, masks, dropout, initial states) must give the same bits as the same call on a
 * fresh layer with the same weights: nothing stale may leak from an earlier call.
 */
class BufferReuseTest {
    private static final int FEATURES = 11;
    private static final int UNITS = 21;

    private static RecurrentLayer layer(int kind) {
        RecurrentLayer l = switch (kind) {
            case 0 -> new GRU(UNITS, true).returnSequences(true);
            case 1 -> new GRU(UNITS, false).returnSequences(true);
            case 2 -> new LSTM(UNITS).returnSequences(true);
            case 3 -> new SimpleRNN(UNITS).returnSequences(true);
            case 4 -> new GRU(UNITS, true).layerNorm(true).returnSequences(true);
            case 5 -> new GRU(UNITS, true).recurrentDropout(0.3).dropout(0.2).goBackwards(true).returnSequences(true);
            case 6 -> new GRU(UNITS, false).recurrentDropout(0.25);
            default -> new LSTM(UNITS).dropout(0.1);
        };
        l.build(new int[] {9, FEATURES}, new Rng(5));
        return l;
    }

    private static Tensor gaussian(Rng rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rng.nextGaussian();
        }
        return t;
    }

    private static Mask mask(int batch, int steps, int shift) {
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = (b + shift) % (steps + 1);
        }
        return Mask.fromLengths(lengths, steps);
    }

    /** One call of each kind (inference, training forward and backward), everything it returns. */
    private static List<float[]> call(RecurrentLayer l, int batch, int steps, boolean masked, boolean initial, long seed) {
        Rng rng = new Rng(seed);
        Tensor x = gaussian(rng, batch, steps, FEATURES);
        Mask m = masked ? mask(batch, steps, (int) seed) : null;
        Tensor[] init = null;
        if (initial) {
            init = new Tensor[l.stateCount()];
            for (int s = 0; s < init.length; s++) {
                init[s] = gaussian(rng, batch, UNITS);
            }
        }
        List<float[]> out = new ArrayList<>();
        RecurrentLayer.Result inf = l.run(x, init, m, Context.INFERENCE);
        out.add(inf.output().data().clone());
        for (Tensor f : inf.finalStates()) {
            out.add(f.data().clone());
        }
        RecurrentLayer.Result r = l.run(x, init, m, Context.training(new Rng(seed + 1)));
        out.add(r.output().data().clone());
        for (Parameter p : l.parameters()) {
            p.zeroGrad();
        }
        Tensor g = gaussian(rng, r.output().shape());
        Tensor[] gFinal = new Tensor[l.stateCount()];
        gFinal[0] = gaussian(rng, batch, UNITS);
        RecurrentLayer.Gradients grads = l.backward(r, g, gFinal);
        out.add(grads.input().data().clone());
        for (Tensor d : grads.initialStates()) {
            out.add(d.data().clone());
        }
        for (Parameter p : l.parameters()) {
            out.add(p.grads().clone());
        }
        r.release();
        return out;
    }

    @Test
    void laterCallsEqualFreshCalls() {
        for (int kind = 0; kind < 8; kind++) {
            RecurrentLayer used = layer(kind);
            // Dirty every buffer with larger, then different, calls.
            call(used, 29, 9, true, true, 11);
            call(used, 3, 2, false, false, 12);
            for (boolean masked : new boolean[] {false, true}) {
                for (boolean initial : new boolean[] {false, true}) {
                    List<float[]> want = call(layer(kind), 17, 6, masked, initial, 13);
                    List<float[]> got = call(used, 17, 6, masked, initial, 13);
                    for (int i = 0; i < want.size(); i++) {
                        assertArrayEquals(want.get(i), got.get(i), "kind " + kind + " masked " + masked
                                + " initial " + initial + " array " + i);
                    }
                }
            }
        }
    }

    @Test
    void twoForwardsBeforeTheirBackwardsKeepTheirOwnActivations() {
        // A layer shared by two branches of a model runs forward twice before either backward.
        for (int kind = 0; kind < 8; kind++) {
            Rng rng = new Rng(21);
            Tensor x1 = gaussian(rng, 8, 5, FEATURES);
            Tensor x2 = gaussian(rng, 13, 7, FEATURES);
            RecurrentLayer shared = layer(kind);
            RecurrentLayer.Result r1 = shared.run(x1, null, null, Context.training(new Rng(1)));
            RecurrentLayer.Result r2 = shared.run(x2, null, null, Context.training(new Rng(2)));
            Tensor g1 = gaussian(rng, r1.output().shape());
            Tensor g2 = gaussian(rng, r2.output().shape());
            float[] dx2 = shared.backward(r2, g2, null).input().data();
            float[] dx1 = shared.backward(r1, g1, null).input().data();
            r2.release();
            r1.release();

            RecurrentLayer fresh = layer(kind);
            RecurrentLayer.Result f2 = fresh.run(x2, null, null, Context.training(new Rng(2)));
            float[] want2 = fresh.backward(f2, g2, null).input().data();
            RecurrentLayer.Result f1 = layer(kind).run(x1, null, null, Context.training(new Rng(1)));
            RecurrentLayer.Result f1b = fresh.run(x1, null, null, Context.training(new Rng(1)));
            assertArrayEquals(f1.output().data(), r1.output().data(), "kind " + kind);
            float[] want1 = fresh.backward(f1b, g1, null).input().data();
            assertArrayEquals(want2, dx2, "kind " + kind);
            assertArrayEquals(want1, dx1, "kind " + kind);
            for (int p = 0; p < shared.parameters().size(); p++) {
                assertArrayEquals(fresh.parameters().get(p).grads(), shared.parameters().get(p).grads(),
                        "kind " + kind + " parameter " + shared.parameters().get(p).name());
            }
        }
    }

    @Test
    void backwardAfterReleaseIsRejectedAndRepeatedBackwardAdds() {
        RecurrentLayer l = layer(0);
        Tensor x = gaussian(new Rng(1), 4, 3, FEATURES);
        RecurrentLayer.Result r = l.run(x, null, null, Context.training(new Rng(1)));
        Tensor g = gaussian(new Rng(2), r.output().shape());
        float[] once = l.backward(r, g, null).input().data();
        float[] twice = l.backward(r, g, null).input().data();
        assertArrayEquals(once, twice);
        r.release();
        r.release();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> l.backward(r, g, null));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("released"), e.getMessage());
        // The released buffers serve the next call, which still gives the fresh layer's bits.
        RecurrentLayer.Result next = l.run(x, null, null, Context.training(new Rng(1)));
        RecurrentLayer fresh = layer(0);
        RecurrentLayer.Result want = fresh.run(x, null, null, Context.training(new Rng(1)));
        assertArrayEquals(want.output().data(), next.output().data());
        assertArrayEquals(fresh.backward(want, g, null).input().data(), l.backward(next, g, null).input().data());
    }
}
