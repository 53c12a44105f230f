package org.gru4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every subcommand: help, a small run on tiny data, and bad input that gets one line saying what to fix. */
class CommandsTest {
    @TempDir
    static Path dir;
    static Path series;
    static Path texts;
    static Path pairs;
    static Path text;
    static Path forecastModel;
    static Path classifyModel;
    static Path charlmModel;
    static Path seq2seqModel;
    static String forecastTrainOut;

    @BeforeAll
    static void train() throws IOException {
        series = TestData.series(dir);
        texts = TestData.texts(dir);
        pairs = TestData.pairs(dir);
        text = TestData.text(dir);
        forecastModel = dir.resolve("forecast");
        classifyModel = dir.resolve("classify");
        charlmModel = dir.resolve("charlm");
        seq2seqModel = dir.resolve("seq2seq");
        forecastTrainOut = ok("train", "--data", series.toString(), "--target", "y", "--features", "x", "--window", "8",
                "--horizon", "2", "--epochs", "4", "--units", "8", "--test-size", "12", "--validation-size", "12",
                "--output", forecastModel.toString());
        ok("train", "--task", "classify", "--data", texts.toString(), "--epochs", "2", "--units", "8", "--output",
                classifyModel.toString());
        ok("train", "--task", "charlm", "--text", text.toString(), "--units", "8", "--seq-len", "20", "--epochs", "1",
                "--output", charlmModel.toString());
        ok("train", "--task", "seq2seq", "--data", pairs.toString(), "--units", "8", "--epochs", "2", "--output",
                seq2seqModel.toString());
    }

    static String ok(String... args) {
        CliTestSupport.Run r = CliTestSupport.run(args);
        assertEquals(0, r.status(), String.join(" ", args) + ": " + r.err());
        return r.out();
    }

    /** Exits non-zero with one line on stderr containing {@code expected} and no stack trace. */
    static void fails(String expected, String... args) {
        CliTestSupport.Run r = CliTestSupport.run(args);
        String what = String.join(" ", args);
        assertNotEquals(0, r.status(), what);
        String err = r.err().strip();
        assertFalse(err.contains("\n"), what + ": one line expected, got: " + err);
        assertFalse(err.contains("\tat "), what + ": no stack trace expected: " + err);
        assertTrue(err.contains(expected), what + ": expected \"" + expected + "\" in: " + err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "evaluate", "predict", "forecast", "generate", "translate", "bench", "analyze",
        "convert", "inspect"})
    void everySubcommandHasHelp(String command) {
        CliTestSupport.Run r = CliTestSupport.run(command, "--help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("Usage: gru4j " + command), r.out());
        assertTrue(CliTestSupport.run("--help").out().contains(command));
    }

    @Test
    void trainOutputHoldsModelTaskHistoryChartsAndReport() throws IOException {
        for (String f : List.of("model.gru4j", "task.json", "history.csv", "training_curves.png", "forecast.png",
                "report.html")) {
            assertTrue(Files.size(forecastModel.resolve(f)) > 0, f);
        }
        assertTrue(Files.size(classifyModel.resolve("confusion_matrix.png")) > 0);
        for (Path p : List.of(charlmModel, seq2seqModel)) {
            for (String f : List.of("model.gru4j", "task.json", "history.csv", "training_curves.png", "report.html")) {
                assertTrue(Files.size(p.resolve(f)) > 0, p + "/" + f);
            }
        }
        List<String> history = Files.readAllLines(forecastModel.resolve("history.csv"));
        assertTrue(history.get(0).startsWith("epoch,loss,") && history.get(0).contains("val_loss"), history.get(0));
        assertEquals(5, history.size(), "header and 4 epochs");
        String html = Files.readString(forecastModel.resolve("report.html"));
        assertTrue(html.contains("data:image/png;base64,") && html.contains("test RMSE") && html.contains("Total "
                + "params"), "report with charts, metrics and summary");
        assertTrue(Files.readString(forecastModel.resolve("task.json")).contains("\"difference_lag\""));
    }

    @Test
    void evaluateReproducesTheTestMetric() {
        String evaluated = ok("evaluate", "--model", forecastModel.toString(), "--data", series.toString());
        String trained = line(forecastTrainOut, "test RMSE");
        assertEquals(trained, line(evaluated, "test RMSE"));
        assertEquals(line(forecastTrainOut, "baseline last value"), line(evaluated, "baseline last value"));
        assertTrue(ok("evaluate", "--model", classifyModel.toString(), "--data", texts.toString())
                .matches("(?s)accuracy [0-9.]+, loss [0-9.]+ on 60 texts\\s*"));
        assertTrue(ok("evaluate", "--model", charlmModel.toString(), "--data", text.toString())
                .contains("bits per character"));
        assertTrue(ok("evaluate", "--model", seq2seqModel.toString(), "--data", pairs.toString(), "--beam", "1")
                .contains("BLEU"));
    }

    private static String line(String out, String prefix) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(prefix) + ".*$").matcher(out);
        assertTrue(m.find(), prefix + " in " + out);
        return m.group();
    }

    @Test
    void predictForecastGenerateTranslate() throws IOException {
        Path csv = dir.resolve("pred.csv");
        assertTrue(ok("predict", "--model", forecastModel.toString(), "--data", series.toString(), "--output",
                csv.toString()).contains("wrote 113 predictions"));
        List<String> rows = Files.readAllLines(csv);
        assertEquals("origin,step_1,step_2", rows.get(0));
        assertTrue(rows.get(1).startsWith("8,"));
        String p = ok("predict", "--model", classifyModel.toString(), "--data", texts.toString());
        assertTrue(p.startsWith("row,label,p_neg,p_pos\n1,"), p);

        String f = ok("forecast", "--model", forecastModel.toString(), "--data", series.toString());
        assertTrue(f.matches("(?s)step,y\n120,[-0-9.E]+\n121,[-0-9.E]+\n"), f);
        fails("more steps would need forecasts of the other columns", "forecast", "--model",
                forecastModel.toString(), "--data", series.toString(), "--steps", "3");

        String g = ok("generate", "--model", charlmModel.toString(), "--prompt", "It is", "--length", "15",
                "--temperature", "0.7", "--seed", "3");
        assertEquals(20, g.strip().length(), g);
        assertTrue(g.startsWith("It is"));
        assertEquals(g, ok("generate", "--model", charlmModel.toString(), "--prompt", "It is", "--length", "15",
                "--temperature", "0.7", "--seed", "3"), "same seed, same text");

        String t = ok("translate", "--model", seq2seqModel.toString(), "--text", "the cat eats the dog");
        assertFalse(t.isBlank());
        ok("translate", "--model", seq2seqModel.toString(), "--text", "the cat eats the dog", "--beam", "1");
    }

    @Test
    void inspectAndConvertEveryFormat() {
        String i = ok("inspect", forecastModel.toString());
        assertTrue(i.contains("format: gru4j model file, version 1") && i.contains("input shape: (batch, steps, 2)")
                && i.contains("parameters: ") && i.contains("gru (GRU)") && i.contains("task: forecast"), i);
        Path onnx = dir.resolve("f.onnx");
        Path st = dir.resolve("f.safetensors");
        Path back = dir.resolve("back.gru4j");
        ok("convert", "--from", forecastModel.resolve("model.gru4j").toString(), "--to", onnx.toString());
        assertTrue(ok("inspect", onnx.toString()).contains("GRU(8)"));
        ok("convert", "--from", forecastModel.resolve("model.gru4j").toString(), "--to", st.toString(), "--modules",
                "gru=rnn,dense=fc");
        assertTrue(ok("inspect", st.toString()).contains("rnn.weight_hh_l0 F32 [24, 8]"));
        ok("convert", "--from", st.toString(), "--like", forecastModel.resolve("model.gru4j").toString(),
                "--modules", "gru=rnn,dense=fc", "--to", back.toString());
        String a = ok("inspect", back.toString());
        assertTrue(a.contains("parameters: " + Pattern.compile("parameters: ([0-9,]+)").matcher(i).results()
                .findFirst().orElseThrow().group(1)), a);
        assertTrue(ok("inspect", seq2seqModel.toString()).contains("attention (Attention)"));

        Path keras = Path.of("../keras/src/test/resources/fixtures/gru_keras310.keras");
        assertTrue(ok("inspect", keras.toString()).contains("format: Keras (keras), written by Keras 3.10"));
        Path fromKeras = dir.resolve("keras.gru4j");
        ok("convert", "--from", keras.toString(), "--to", fromKeras.toString());
        assertTrue(ok("inspect", fromKeras.toString()).contains("format: gru4j model file"));
        ok("convert", "--from", keras.toString(), "--to", dir.resolve("keras.onnx").toString());
    }

    @Test
    void analyzeWritesJsonAndCharts() throws IOException {
        Path out = dir.resolve("analysis");
        String[][] runs = {
            {"gates", "gates.json", "gates.png"},
            {"gradients", "gradients.json", "gradients.png"},
            {"fixed-points", "fixed_points.json", "pca_fixed_points.png"},
            {"lyapunov", "lyapunov.json", "lyapunov.png"},
            {"pca", "pca.json", "pca.png"},
        };
        for (String[] r : runs) {
            ok("analyze", "--model", forecastModel.toString(), "--data", series.toString(), "--what", r[0],
                    "--output", out.toString(), "--samples", "8");
            assertTrue(Files.readString(out.resolve(r[1])).startsWith("{"), r[1]);
            assertTrue(Files.size(out.resolve(r[2])) > 0, r[2]);
        }
        ok("analyze", "--model", classifyModel.toString(), "--data", texts.toString(), "--what", "gates", "--output",
                dir.resolve("analysis_c").toString(), "--samples", "4");
        ok("analyze", "--model", charlmModel.toString(), "--data", text.toString(), "--what", "pca", "--output",
                dir.resolve("analysis_l").toString(), "--samples", "4");
    }

    @Test
    void benchDelegatesToBench() {
        String out = ok("bench", "--hidden", "8", "--input", "4", "--batch", "2", "--seq", "5", "--reps", "1",
                "--warmup", "0", "--json");
        assertTrue(out.strip().startsWith("{") && out.contains("\"hidden\": 8"), out);
        fails("--cell must be gru, lstm or rnn", "bench", "--cell", "transformer");
        fails("--batch must be positive", "bench", "--batch", "0");
    }

    @Test
    void badInputSaysWhatToFix() throws IOException {
        Path missing = dir.resolve("missing.csv");
        Path notModel = TestData.write(dir.resolve("notes.txt"), "not a model\n");
        Path fakeModel = TestData.write(dir.resolve("fake.gru4j"), "not a model either\n");
        Path badNumber = TestData.write(dir.resolve("bad.csv"), "t,y,x\n1,2,3\n2,abc,4\n");
        Path shortSeries = TestData.write(dir.resolve("short.csv"), "t,y,x\n1,2,3\n2,3,4\n3,4,5\n");
        Path noX = TestData.write(dir.resolve("nox.csv"), "t,y\n1,2\n2,3\n");
        String fm = forecastModel.toString();

        fails("window 500", "train", "--data", series.toString(), "--target", "y", "--window", "500");
        fails("no column \"nope\"", "train", "--task", "classify", "--data", texts.toString(), "--text-column", "nope");
        fails("no such file", "train", "--task", "charlm", "--text", missing.toString());
        fails("unknown task 'vision'", "train", "--task", "vision");
        fails("Unknown option: '--colour'", "train", "--colour");
        fails("Unmatched argument", "trian");

        fails("not a readable gru4j model file", "evaluate", "--model", notModel.toString(), "--data",
                series.toString());
        fails("no such file", "evaluate", "--model", fm, "--data", missing.toString());
        fails("no column \"x\"", "evaluate", "--model", fm, "--data", noX.toString());
        fails("expected a number, got \"abc\"", "evaluate", "--model", fm, "--data", badNumber.toString());
        fails("too short", "evaluate", "--model", fm, "--data", shortSeries.toString());

        fails("not a readable gru4j model file", "predict", "--model", fakeModel.toString(), "--data",
                series.toString());
        fails("too short", "predict", "--model", fm, "--data", shortSeries.toString());
        fails("predict works on forecast or classify models", "predict", "--model", charlmModel.toString(),
                "--data", series.toString());

        fails("--steps must be positive", "forecast", "--model", fm, "--data", series.toString(), "--steps", "0");
        fails("expected a number, got \"abc\"", "forecast", "--model", fm, "--data", badNumber.toString());
        fails("no such model", "forecast", "--model", dir.resolve("nothing").toString(), "--data",
                series.toString());

        fails("generate works on charlm models", "generate", "--model", fm, "--prompt", "x");
        fails("Missing required option: '--prompt", "generate", "--model", charlmModel.toString());
        fails("not a readable gru4j model file", "translate", "--model", notModel.toString(), "--text", "hi");
        fails("translate works on seq2seq models", "translate", "--model", classifyModel.toString(), "--text", "hi");

        fails("--what must be one of", "analyze", "--model", fm, "--data", series.toString(), "--what", "magic",
                "--output", dir.resolve("a").toString());
        fails("no such file", "analyze", "--model", fm, "--data", missing.toString(), "--what", "gates", "--output",
                dir.resolve("a").toString());
        fails("not a readable gru4j model file", "analyze", "--model", notModel.toString(), "--data",
                series.toString(), "--what", "gates", "--output", dir.resolve("a").toString());

        fails("no such file", "convert", "--from", missing.toString(), "--to", dir.resolve("x.onnx").toString());
        fails("does not write them", "convert", "--from", fm + "/model.gru4j", "--to",
                dir.resolve("x.keras").toString());
        Path st = dir.resolve("plain.safetensors");
        ok("convert", "--from", fm + "/model.gru4j", "--to", st.toString());
        fails("give --like", "convert", "--from", st.toString(), "--to",
                dir.resolve("x.gru4j").toString());
        fails("not a readable gru4j model file", "convert", "--from", fakeModel.toString(), "--to",
                dir.resolve("x.onnx").toString());
        fails("cannot tell the format", "convert", "--from", fm + "/model.gru4j", "--to",
                dir.resolve("x.bin").toString());

        fails("no such file", "inspect", missing.toString());
        fails("cannot tell the format", "inspect", notModel.toString());
        fails("not a readable gru4j model file", "inspect", fakeModel.toString());

        CliTestSupport.Run verbose = CliTestSupport.run("evaluate", "--model", notModel.toString(), "--data",
                series.toString(), "--verbose");
        assertTrue(verbose.err().contains("\tat "), "--verbose shows the stack trace");
    }
}
