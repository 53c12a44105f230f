package org.gru4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gru4j.io.Json;
import org.gru4j.io.SafeTensors;
import org.gru4j.io.SafeTensorsFile;
import org.gru4j.kernels.KernelProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learning parity with PyTorch (docs/parity.md): gru4j's AirPassengers run, rebuilt from its seed, tracks the loss
 * curve PyTorch produced from the same initial weights, batch order, loss and (Keras-form) Adam. The PyTorch curve
 * is committed ({@code parity/airpassengers_torch_curve.json}, written by {@code tools/parity/airpassengers_torch.py});
 * this test needs no Python.
 *
 * <p>Bounds, from float32 rounding: both sides compute in float32 (unit roundoff 2^-24, about 6e-8) with different
 * summation orders and activation routines, so the first epochs agree to a few 1e-8 relative (measured at most
 * 6e-8 over epochs 1-10). Training feeds each difference back through 600 Adam steps, so it grows slowly: over 100
 * epochs the worst epoch differs by 6.7e-7 with the scalar kernels (bit-reproducible) and by 3.4e-7 to 1.6e-6 with
 * the vector kernels, whose bits vary from run to run with JIT timing (see docs/parity.md; 20 runs measured). The
 * bound of 1e-5 per epoch leaves six times that margin, yet is below the 3.6e-5 that moving Adam's epsilon to where
 * {@code torch.optim.Adam} puts it already makes at epoch 1 (1.6% at epoch 100), which
 * {@link #theBoundSeesTheEpsilonPlacement} checks.
 */
class AirPassengersParityTest {
    static final int EPOCHS = 100;
    /** Per-epoch mean training loss, relative to PyTorch's: measured worst 1.6e-6. */
    static final double EPOCH_BOUND = 1e-5;
    /** The first ten epochs, before differences are amplified: measured worst 6e-8. */
    static final double EARLY_BOUND = 1e-6;
    /** Single batches (4 to 16 samples, so noisier than the epoch mean): measured worst 6.4e-6. */
    static final double BATCH_BOUND = 1e-4;

    static ParityExport.Data data;
    static ParityExport.Run run;
    static Map<?, ?> torch;

    @BeforeAll
    static void train() throws IOException {
        data = ParityExport.data();
        run = ParityExport.train(data, EPOCHS);
        torch = curve("airpassengers_torch_curve.json");
    }

    static Map<?, ?> curve(String name) throws IOException {
        return (Map<?, ?>) Json.parse(resource(name));
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = AirPassengersParityTest.class.getResourceAsStream("/parity/" + name)) {
            assertNotNull(in, "missing test resource parity/" + name);
            return in.readAllBytes();
        }
    }

    static double[] doubles(Object list) {
        return ((List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    static double rel(double a, double b) {
        return Math.abs(a - b) / Math.abs(b);
    }

    /** The run PyTorch was given is this run: same windows, initial weights and batch orders, bit for bit. */
    @Test
    void theCommittedInputsAreThisRunsInputs(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("inputs.safetensors");
        ParityExport.writeInputs(file, data, run);
        SafeTensorsFile now = SafeTensors.read(file);
        SafeTensorsFile committed = SafeTensors.read(resource("airpassengers_inputs.safetensors"), "committed inputs");
        assertEquals(committed.names(), now.names());
        for (String name : now.names()) {
            assertArrayEquals(committed.shape(name), now.shape(name), name);
            assertArrayEquals(committed.bytes(name), now.bytes(name), name + " differs from the committed inputs; "
                    + "regenerate them and the PyTorch curve as docs/parity.md says");
        }
        assertEquals(84, now.shape("x_train")[0]);
        assertArrayEquals(new int[] {EPOCHS, 84}, now.shape("batch_order"));
    }

    @Test
    void lossCurveTracksPyTorch() {
        double[] mine = run.epochLoss();
        double[] theirs = doubles(torch.get("epoch_loss"));
        assertEquals(EPOCHS, mine.length);
        assertEquals(EPOCHS, theirs.length);
        double worst = 0;
        int worstEpoch = 0;
        double worstEarly = 0;
        for (int e = 0; e < EPOCHS; e++) {
            double r = rel(mine[e], theirs[e]);
            if (r > worst) {
                worst = r;
                worstEpoch = e + 1;
            }
            if (e < 10) {
                worstEarly = Math.max(worstEarly, r);
            }
        }
        List<?> theirBatches = (List<?>) torch.get("batch_loss");
        double worstBatch = 0;
        for (int e = 0; e < EPOCHS; e++) {
            double[] tb = doubles(theirBatches.get(e));
            assertEquals(tb.length, run.batchLoss()[e].length);
            for (int b = 0; b < tb.length; b++) {
                worstBatch = Math.max(worstBatch, rel(run.batchLoss()[e][b], tb[b]));
            }
        }
        double rmseTorch = ((Number) torch.get("test_rmse")).doubleValue();
        System.out.printf(Locale.ROOT, "parity (%s kernels): worst epoch relative difference %.3g (epoch %d), "
                + "epochs 1-10 %.3g, worst batch %.3g; final loss %.8f vs %.8f; test RMSE %.4f vs %.4f%n",
                KernelProvider.get().getClass().getSimpleName(), worst, worstEpoch, worstEarly, worstBatch,
                mine[EPOCHS - 1], theirs[EPOCHS - 1], run.testRmse(), rmseTorch);
        assertTrue(worstEarly < EARLY_BOUND, "epochs 1-10 differ by " + worstEarly);
        assertTrue(worst < EPOCH_BOUND, "epoch " + worstEpoch + " differs by " + worst);
        assertTrue(worstBatch < BATCH_BOUND, "a batch differs by " + worstBatch);
        // The curve is a real learning curve, not a flat line that would agree trivially.
        assertTrue(mine[EPOCHS - 1] < 0.15 * mine[0], "gru4j's loss fell from " + mine[0] + " to " + mine[EPOCHS - 1]);
        assertTrue(rel(mine[EPOCHS - 1], theirs[EPOCHS - 1]) < 1e-4, "final loss");
        assertTrue(rel(run.testRmse(), rmseTorch) < 1e-4, "test RMSE " + run.testRmse() + " vs " + rmseTorch);
    }

    /** torch.optim.Adam (epsilon on the bias-corrected sqrt(v)) is measurably different: the bound would see it. */
    @Test
    void theBoundSeesTheEpsilonPlacement() throws IOException {
        double[] keras = doubles(torch.get("epoch_loss"));
        double[] torchAdam = doubles(curve("airpassengers_torch_optim_adam_curve.json").get("epoch_loss"));
        assertTrue(rel(torchAdam[0], keras[0]) > 2 * EPOCH_BOUND, "epoch 1: " + rel(torchAdam[0], keras[0]));
        assertTrue(rel(torchAdam[EPOCHS - 1], keras[EPOCHS - 1]) > 1e-3);
    }
}
