package org.gru4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.gru4j.analysis.GateRecording;
import org.gru4j.train.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @TempDir
    Path dir;

    /** A report with three charts of different kinds, as a run would write it. */
    static HtmlReport sample(Path dir) throws IOException {
        History h = Fixtures.history(40);
        float[] s = Fixtures.series(144);
        GateRecording rec = Fixtures.recording("gru");
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("cell", "gru");
        cfg.put("units", 32);
        cfg.put("learning rate", 0.005);
        return HtmlReport.builder("Forecast <AirPassengers> & friends")
                .config(cfg)
                .modelSummary("Model: \"sequential\"\ngru (GRU)     (None, 32)    3,360\n")
                .metric("test RMSE", 15.23456).metric("epochs", h.epochs().size())
                .metrics(Map.of("val_loss", h.last("val_loss")))
                .chart("Training curves", Charts.trainingCurves(h, dir.resolve("training.png"), 900, 360))
                .chart("Forecast", Charts.forecast(Fixtures.forecast(s, 24, 1), s, 1, dir.resolve("forecast.png"),
                        900, 380))
                .chart("Gates", Charts.gateHeatmap(rec, 0, dir.resolve("gates.png"), 900, 600))
                .build();
    }

    @Test
    void pageHasTitleTablesAndOneDecodablePngPerChart() throws IOException {
        Path out = sample(dir).write(dir.resolve("run/report.html"));
        String html = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<title>Forecast &lt;AirPassengers&gt; &amp; friends</title>"), "escaped title");
        assertTrue(html.contains("<h1>Forecast &lt;AirPassengers&gt; &amp; friends</h1>"));
        assertTrue(html.contains("<table class=\"config\">"));
        assertTrue(html.contains("<tr><td>learning rate</td><td>0.005</td></tr>"));
        assertTrue(html.contains("<table class=\"metrics\">"));
        assertTrue(html.contains("<tr><td>test RMSE</td><td>15.23</td></tr>"), "4 significant digits");
        assertTrue(html.contains("<tr><td>epochs</td><td>40</td></tr>"), "integers as integers");
        assertTrue(html.contains("<pre class=\"summary\">Model: &quot;sequential&quot;\ngru (GRU)"));
        for (String tag : List.of("html", "head", "body", "table", "pre", "figure", "script")) {
            assertEquals(count(html, "<" + tag), count(html, "</" + tag + ">"), "balanced <" + tag + ">");
        }
        assertFalse(Pattern.compile("(src|href)=\"(?!data:)").matcher(html).find(), "no external resource");
        assertFalse(html.contains("<link"), "no external style sheet");

        Matcher m = Pattern.compile("<img class=\"chart\" id=\"chart-(\\d+)\" alt=\"[^\"]*\" "
                + "src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\">").matcher(html);
        List<BufferedImage> images = new ArrayList<>();
        while (m.find()) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(2))));
            assertTrue(img != null, "chart " + m.group(1) + " does not decode as an image");
            images.add(img);
        }
        assertEquals(3, images.size(), "one <img> per chart");
        assertEquals(3, count(html, "<img"));
        assertEquals(900, images.get(0).getWidth());
        assertEquals(360, images.get(0).getHeight());
        try (var files = Files.list(out.getParent())) {
            assertEquals(List.of(out), files.toList(), "only the report, no temporary file");
        }
    }

    @Test
    void rejectsWhatIsNotPng() throws IOException {
        Path notPng = Files.writeString(dir.resolve("x.png"), "GIF89a");
        HtmlReport.Builder b = HtmlReport.builder("t");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.chart("x", notPng));
        assertTrue(e.getMessage().contains("PNG signature"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HtmlReport.builder(" "));
    }

    @Test
    void emptySectionsAreLeftOut() {
        String html = HtmlReport.builder("only a title").build().html();
        assertFalse(html.contains("<table"));
        assertFalse(html.contains("<pre"));
        assertFalse(html.contains("<img"));
    }

    @Test
    void formatsNumbers() {
        assertEquals("3", HtmlReport.format(3.0));
        assertEquals("0.1235", HtmlReport.format(0.123456));
        assertEquals("1.235e+06", HtmlReport.format(1234567.5));
        assertEquals("NaN", HtmlReport.format(Double.NaN));
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
