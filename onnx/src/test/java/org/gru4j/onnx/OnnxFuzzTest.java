package org.gru4j.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gru4j.io.ModelFormatException;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of the ONNX reader: every mutated file must load or fail with a
 * {@link ModelFormatException}, within a second, never with another exception or an out-of-memory error.
 */
class OnnxFuzzTest {
    static final long SEED = 20261123L;
    static final int ITERATIONS = 4000;

    @Test
    void mutatedFilesLoadOrFailCleanly() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(OnnxExport.toBytes(Models.all().get("bi_gru_concat_seq").get(), true));
        seeds.add(OnnxExport.toBytes(Models.all().get("stacked_gru_lstm_dense").get(), false));
        seeds.add(OnnxExport.toBytes(Models.embeddingModel(true), false));
        for (String name : new String[] {"torch_gru_bi2", "torch_lstm_last"}) {
            try (InputStream in = getClass().getResourceAsStream("/" + name + ".onnx")) {
                seeds.add(in.readAllBytes());
            }
        }
        Rng rng = new Rng(SEED);
        int rejected = 0;
        long slowest = 0;
        for (int it = 0; it < ITERATIONS; it++) {
            byte[] b = mutate(seeds.get(rng.nextInt(seeds.size())), rng);
            long t0 = System.nanoTime();
            try {
                OnnxImport.load(b, "fuzz-" + it);
            } catch (ModelFormatException e) {
                rejected++;
            } catch (Throwable e) {
                fail("iteration " + it + " (seed " + SEED + "): " + e + " instead of ModelFormatException", e);
            }
            long ns = System.nanoTime() - t0;
            slowest = Math.max(slowest, ns);
            if (ns > 1_000_000_000L) {
                fail("iteration " + it + " took " + ns / 1e6 + " ms");
            }
        }
        System.out.printf("fuzz: %d iterations, %d rejected, slowest %.1f ms%n", ITERATIONS, rejected, slowest / 1e6);
    }

    @Test
    void truncatedFilesAreRejected() throws Exception {
        byte[] full = OnnxExport.toBytes(Models.all().get("lstm_seq").get(), false);
        for (int len = 0; len < full.length; len += Math.max(1, full.length / 97)) {
            byte[] cut = Arrays.copyOf(full, len);
            assertThrows(ModelFormatException.class, () -> OnnxImport.load(cut, "cut"), "truncated at " + len);
        }
    }

    @Test
    void hugeDeclaredLengthIsRejectedWithoutAllocating() {
        // field 7 (graph), length-delimited, declared length 2^31 - 1 with nothing behind it
        byte[] b = {0x3a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};
        assertThrows(ModelFormatException.class, () -> OnnxImport.load(b, "huge"));
        // nested start-group tags would make skipField recurse
        byte[] groups = new byte[100_000];
        Arrays.fill(groups, (byte) 0x0b);
        assertThrows(ModelFormatException.class, () -> OnnxImport.load(groups, "groups"));
    }

    private static byte[] mutate(byte[] src, Rng rng) {
        byte[] b = src.clone();
        int kind = rng.nextInt(6);
        int n = 1 + rng.nextInt(8);
        switch (kind) {
            case 0: // flip random bytes
                for (int i = 0; i < n; i++) {
                    b[rng.nextInt(b.length)] ^= (byte) (1 + rng.nextInt(255));
                }
                return b;
            case 1: // truncate
                return Arrays.copyOf(b, rng.nextInt(b.length));
            case 2: { // insert random bytes
                int at = rng.nextInt(b.length);
                byte[] out = new byte[b.length + n];
                System.arraycopy(b, 0, out, 0, at);
                for (int i = 0; i < n; i++) {
                    out[at + i] = (byte) rng.nextInt(256);
                }
                System.arraycopy(b, at, out, at + n, b.length - at);
                return out;
            }
            case 3: // large varint-looking runs
                for (int i = 0, at = rng.nextInt(b.length); i < n && at + i < b.length; i++) {
                    b[at + i] = (byte) 0xff;
                }
                return b;
            case 4: { // delete a range
                int at = rng.nextInt(b.length);
                int len = Math.min(b.length - at, 1 + rng.nextInt(64));
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + len, out, at, b.length - at - len);
                return out;
            }
            default: { // duplicate a range elsewhere
                int from = rng.nextInt(b.length);
                int len = Math.min(b.length - from, 1 + rng.nextInt(128));
                int to = rng.nextInt(b.length);
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, to);
                System.arraycopy(b, from, out, to, len);
                System.arraycopy(b, to, out, to + len, b.length - to);
                return out;
            }
        }
    }
}
