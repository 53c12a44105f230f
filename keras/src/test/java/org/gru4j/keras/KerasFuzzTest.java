package org.gru4j.keras;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.gru4j.io.ModelFormatException;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing of the Keras readers (legacy HDF5 through jhdf, and the .keras zip): whatever the bytes,
 * loading either succeeds or throws {@link ModelFormatException}, without hanging or running out of memory; no other
 * exception type may escape.
 *
 * <p>The hang detector allows 5 seconds per file. A mutated HDF5 datatype or message can send jhdf down a code path
 * the intact file never used; its first use costs class loading and compilation (measured: 1.3 s cold under a
 * loaded machine, 0.2 s the second time for the same file), which is start-up, not work the file causes.
 */
class KerasFuzzTest {
    static final int ITERATIONS = 300;

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = KerasFuzzTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void mutatedHdf5FilesFailCleanly(@TempDir Path dir) throws IOException {
        fuzz(fixture("simplernn_keras213_dl4j.h5"), dir.resolve("m.h5"), 20241123L);
    }

    @Test
    void mutatedKerasZipFilesFailCleanly(@TempDir Path dir) throws IOException {
        fuzz(fixture("gru_keras310.keras"), dir.resolve("m.keras"), 99L);
    }

    private static void fuzz(byte[] original, Path file, long seed) throws IOException {
        // Load the intact file once first: class loading and JIT warm-up of jhdf and our converter take more than a
        // second on a cold JVM, and the bound is about the work a file causes, not about starting the JVM.
        Files.write(file, original);
        KerasImport.load(file);
        Rng rng = new Rng(seed);
        int rejected = 0;
        for (int it = 0; it < ITERATIONS; it++) {
            byte[] b = mutate(original, rng);
            Files.write(file, b);
            final int iteration = it;
            boolean ok = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                try {
                    KerasImport.load(file);
                    return true;
                } catch (ModelFormatException e) {
                    return false;
                } catch (Throwable t) {
                    fail("iteration " + iteration + ": " + t.getClass().getName() + " escaped: " + t.getMessage(), t);
                    return false;
                }
            }, "iteration " + it + " took more than 5 seconds");
            if (!ok) {
                rejected++;
            }
        }
        assertTrue(rejected > 0, "some mutations must be rejected");
        System.out.printf("%s: %d of %d mutations rejected with ModelFormatException, the rest loaded%n",
                file.getFileName(), rejected, ITERATIONS);
    }

    /** One to four random edits: byte flips, byte overwrites, truncation, or a zeroed run. */
    private static byte[] mutate(byte[] src, Rng rng) {
        byte[] b = src.clone();
        int edits = 1 + rng.nextInt(4);
        for (int e = 0; e < edits; e++) {
            switch (rng.nextInt(4)) {
                case 0:
                    int i = rng.nextInt(b.length);
                    b[i] ^= (byte) (1 << rng.nextInt(8));
                    break;
                case 1:
                    b[rng.nextInt(b.length)] = (byte) rng.nextInt(256);
                    break;
                case 2:
                    b = java.util.Arrays.copyOf(b, 1 + rng.nextInt(b.length));
                    break;
                default:
                    int start = rng.nextInt(b.length);
                    int len = Math.min(b.length - start, 1 + rng.nextInt(64));
                    java.util.Arrays.fill(b, start, start + len, (byte) 0);
                    break;
            }
        }
        return b;
    }
}
