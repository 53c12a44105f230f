package org.gru4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.gru4j.analysis.Complex;
import org.gru4j.analysis.FixedPoints;
import org.gru4j.analysis.GateRecording;
import org.gru4j.analysis.Pca;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.tasks.Forecast;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
    @TempDir
    Path dir;

    /**
     * Reads the PNG back and checks its size, that it is not one flat colour, and that enough of it is drawn:
     * at least {@code minInk} of the pixels differ from white and there are at least 8 distinct colours.
     */
    static BufferedImage assertPng(Path png, int width, int height) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img != null, "not a readable image: " + png);
        assertEquals(width, img.getWidth(), "width of " + png);
        assertEquals(height, img.getHeight(), "height of " + png);
        Set<Integer> colours = new HashSet<>();
        long ink = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) {
                    ink++;
                }
            }
        }
        double inkFraction = (double) ink / ((long) width * height);
        assertTrue(colours.size() >= 8, png + " has only " + colours.size() + " colours");
        assertTrue(inkFraction > 0.01, png + " is nearly blank: " + inkFraction + " of its pixels are not white");
        return img;
    }

    /** No temporary file is left beside the target. */
    private void assertNoTemporaries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> tmp = files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
            assertTrue(tmp.isEmpty(), "temporary files left: " + tmp);
        }
    }

    @Test
    void trainingCurves() throws IOException {
        Path out = dir.resolve("training.png");
        assertEquals(out, Charts.trainingCurves(Fixtures.history(60), out, 900, 400));
        assertPng(out, 900, 400);
        assertNoTemporaries();
    }

    @Test
    void trainingCurvesOfOneEpochWithoutValidation() throws IOException {
        org.gru4j.train.History h = new org.gru4j.train.History();
        h.onEpochEnd(0, Map.of("loss", 0.5), null);
        Path out = dir.resolve("one.png");
        Charts.trainingCurves(h, out, 300, 200);
        assertPng(out, 300, 200);
    }

    @Test
    void forecastOneAndSeveralStepsAhead() throws IOException {
        float[] s = Fixtures.series(144);
        Path one = Charts.forecast(Fixtures.forecast(s, 24, 1), s, 1, dir.resolve("f1.png"), 1000, 450);
        assertPng(one, 1000, 450);
        Path three = Charts.forecast(Fixtures.forecast(s, 24, 3), s, 3, dir.resolve("f3.png"), 640, 480);
        assertPng(three, 640, 480);
    }

    @Test
    void forecastRejectsAnotherSeries() {
        float[] s = Fixtures.series(144);
        Forecast.Result r = Fixtures.forecast(s, 24, 1);
        float[] other = s.clone();
        other[other.length - 5] += 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Charts.forecast(r, other, 1, dir.resolve("x.png"), 400, 300));
        assertTrue(e.getMessage().contains("step 139"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Charts.forecast(r, s, 2, dir.resolve("x.png"), 400, 300));
    }

    @Test
    void confusionMatrix() throws IOException {
        int[] actual = new int[300];
        int[] predicted = new int[300];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = i % 4;
            predicted[i] = i % 7 == 0 ? (i + 1) % 4 : i % 4;
        }
        Path out = Charts.confusionMatrix(actual, predicted, List.of("cat", "dog", "bird", "fish"),
                dir.resolve("cm.png"), 500, 500);
        assertPng(out, 500, 500);
        assertThrows(IllegalArgumentException.class, () -> Charts.confusionMatrix(new int[] {0, 4}, new int[] {0, 1},
                List.of("a", "b"), dir.resolve("bad.png"), 500, 500));
    }

    @Test
    void gateHeatmapsOfEachCell() throws IOException {
        for (String kind : List.of("gru", "lstm", "rnn")) {
            GateRecording rec = Fixtures.recording(kind);
            Path out = Charts.gateHeatmap(rec, 1, dir.resolve("gates-" + kind + ".png"), 900, 250 * rec.gateNames()
                    .size());
            assertPng(out, 900, 250 * rec.gateNames().size());
        }
    }

    @Test
    void gradientFlowOfThreeCells() throws IOException {
        Path out = Charts.gradientFlow(Fixtures.flows(), dir.resolve("flow.png"), 1000, 420);
        assertPng(out, 1000, 420);
    }

    @Test
    void pcaTrajectoriesWithFixedPoints() throws IOException {
        RecurrentLayer gru = Fixtures.layer("gru", 1.2, 7);
        GateRecording rec = GateRecording.record(gru, Fixtures.input(6));
        Pca pca = Pca.fit(rec.statesAfterSteps(), 2);
        FixedPoints fp = Fixtures.fixedPoints(gru, rec);
        Path out = Charts.pcaTrajectories(pca, rec.hidden(), fp, dir.resolve("pca.png"), 700, 600);
        assertPng(out, 700, 600);
        Path noPoints = Charts.pcaTrajectories(pca, rec.hidden(), null, dir.resolve("pca0.png"), 400, 400);
        assertPng(noPoints, 400, 400);
    }

    @Test
    void eigenvalues() throws IOException {
        RecurrentLayer gru = Fixtures.layer("gru", 1.2, 7);
        FixedPoints fp = Fixtures.fixedPoints(gru, GateRecording.record(gru, Fixtures.input(6)));
        assertTrue(!fp.points().isEmpty(), "the fixture should have a fixed point");
        assertPng(Charts.eigenvalues(fp, dir.resolve("eig.png"), 700, 600), 700, 600);
        Path manual = Charts.eigenvalues(Map.of("rotation", new Complex[] {new Complex(0.6, 0.9),
                new Complex(0.6, -0.9), new Complex(-0.2, 0)}), dir.resolve("eig2.png"), 500, 500);
        assertPng(manual, 500, 500);
    }

    @Test
    void lyapunovConvergence() throws IOException {
        Path out = Charts.lyapunov(Fixtures.lyapunov(), dir.resolve("lyap.png"), 800, 450);
        assertPng(out, 800, 450);
    }

    @Test
    void overwritesAtomicallyAndCreatesDirectories() throws IOException {
        Path out = dir.resolve("a/b/training.png");
        Charts.trainingCurves(Fixtures.history(5), out, 300, 200);
        Charts.trainingCurves(Fixtures.history(5), out, 320, 240);
        assertPng(out, 320, 240);
    }

    @Test
    void rejectsSizesOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Charts.trainingCurves(Fixtures.history(5), dir.resolve("x.png"), 20, 200));
        assertTrue(e.getMessage().contains("got 20 x 200"), e.getMessage());
    }
}
