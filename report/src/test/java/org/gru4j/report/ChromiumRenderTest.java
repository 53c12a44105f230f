package org.gru4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders a report in headless Chromium (Debian's {@code chromium} package) and checks that the browser drew every
 * chart: the page's own script sets the title to {@code charts-ok:N} once all N images decoded, and a screenshot is
 * not blank. Skipped where no chromium is installed; {@code -Dgru4j.chromium=/path} picks another binary.
 */
class ChromiumRenderTest {
    private static final long TIMEOUT_SECONDS = 90;

    @TempDir
    Path dir;

    static Path chromium() {
        String configured = System.getProperty("gru4j.chromium");
        if (configured != null) {
            return Path.of(configured);
        }
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path c = Path.of(p, name);
                if (Files.isExecutable(c)) {
                    return c;
                }
            }
        }
        return null;
    }

    @Test
    void chromiumDrawsEveryChart() throws Exception {
        Path browser = chromium();
        assumeTrue(browser != null && Files.isExecutable(browser), "chromium is not installed");
        Path report = HtmlReportTest.sample(dir).write(dir.resolve("report.html"));

        String dom = new String(run(browser, "--dump-dom", report), StandardCharsets.UTF_8);
        assertTrue(dom.contains("<title>charts-ok:3</title>"), "the page's script did not report 3 drawn charts; "
                + "title: " + between(dom, "<title>", "</title>"));

        Path png = dir.resolve("screenshot.png");
        run(browser, "--screenshot=" + png, report);
        BufferedImage shot = ImageIO.read(png.toFile());
        assertTrue(shot != null, "chromium wrote no readable screenshot");
        assertEquals(1200, shot.getWidth());
        // The first chart starts below the tables; its coloured lines must show in the screenshot.
        long coloured = 0;
        for (int y = 0; y < shot.getHeight(); y++) {
            for (int x = 0; x < shot.getWidth(); x++) {
                int rgb = shot.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                    coloured++;
                }
            }
        }
        assertTrue(coloured > 2000, "the screenshot shows almost no colour (" + coloured + " pixels): no chart drawn");
        String keep = System.getProperty("gru4j.report.keep");
        if (keep != null) {
            Files.createDirectories(Path.of(keep));
            Files.copy(png, Path.of(keep, "screenshot.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(report, Path.of(keep, "report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Runs headless chromium on the report with a fresh profile and returns its standard output. */
    private byte[] run(Path browser, String action, Path report) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "profile");
        List<String> cmd = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1200,2000",
                "--virtual-time-budget=10000", action, report.toUri().toString()));
        Path stdout = dir.resolve("chromium-" + action.replaceAll("\\W", "") + ".out");
        Path stderr = dir.resolve("chromium-" + action.replaceAll("\\W", "") + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in " + TIMEOUT_SECONDS + " s: " + cmd + "\n"
                    + tail(stderr));
        }
        assertEquals(0, p.exitValue(), "chromium failed: " + cmd + "\n" + tail(stderr));
        return Files.readAllBytes(stdout);
    }

    private static String tail(Path file) throws IOException {
        String s = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }

    private static String between(String s, String open, String close) {
        int i = s.indexOf(open);
        int j = i < 0 ? -1 : s.indexOf(close, i);
        return i < 0 || j < 0 ? "(none)" : s.substring(i + open.length(), j);
    }
}
