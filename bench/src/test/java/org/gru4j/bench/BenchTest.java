package org.gru4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BenchTest {

    @Test
    void defaultsAreTorchBenchDefaults() {
        Bench.Options o = Bench.Options.parse();
        assertEquals("gru", o.cell);
        assertEquals("infer", o.mode);
        assertEquals(32, o.batch);
        assertEquals(50, o.seq);
        assertEquals(32, o.input);
        assertEquals(128, o.hidden);
        assertEquals(1, o.layers);
        assertEquals(2, o.threads);
        assertEquals(5, o.warmup);
        assertEquals(15, o.reps);
        assertFalse(o.json);
    }

    @Test
    void parsesEveryFlagInBothForms() {
        Bench.Options o = Bench.Options.parse("--cell", "lstm", "--mode=train", "--batch", "3", "--seq=4", "--input",
                "5", "--hidden", "6", "--layers", "2", "--threads", "1", "--warmup", "0", "--reps", "2", "--json");
        assertEquals("lstm", o.cell);
        assertEquals("train", o.mode);
        assertEquals(3, o.batch);
        assertEquals(4, o.seq);
        assertEquals(5, o.input);
        assertEquals(6, o.hidden);
        assertEquals(2, o.layers);
        assertEquals(1, o.threads);
        assertEquals(0, o.warmup);
        assertEquals(2, o.reps);
        assertTrue(o.json);
    }

    @Test
    void badFlagsSayWhatIsWrong() {
        assertEquals("--cell must be gru, lstm or rnn, got 'xlstm'",
                assertThrows(IllegalArgumentException.class, () -> Bench.Options.parse("--cell", "xlstm")).getMessage());
        assertEquals("--batch expects an integer, got 'x'",
                assertThrows(IllegalArgumentException.class, () -> Bench.Options.parse("--batch", "x")).getMessage());
        assertEquals("--hidden must be positive, got 0",
                assertThrows(IllegalArgumentException.class, () -> Bench.Options.parse("--hidden", "0")).getMessage());
        assertEquals("--reps needs a value",
                assertThrows(IllegalArgumentException.class, () -> Bench.Options.parse("--reps")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Bench.Options.parse("--bogus", "1"))
                .getMessage().startsWith("unknown option '--bogus'"));
    }

    /** Flat JSON object of numbers and strings, enough for the bench line. */
    static Map<String, String> parseJson(String line) {
        assertTrue(line.startsWith("{") && line.endsWith("}"), line);
        Map<String, String> m = new LinkedHashMap<>();
        Matcher x = Pattern.compile("\"([a-z_]+)\": (\"[^\"]*\"|[-0-9.eE]+|null)").matcher(line);
        while (x.find()) {
            m.put(x.group(1), x.group(2));
        }
        return m;
    }

    @Test
    void jsonHasTorchBenchKeysForEveryModeAndCell() {
        for (String cell : new String[] {"gru", "lstm", "rnn"}) {
            for (String mode : new String[] {"infer", "train", "stream"}) {
                Bench.Options o = Bench.Options.parse("--cell", cell, "--mode", mode, "--batch", "2", "--seq", "3",
                        "--input", "4", "--hidden", "5", "--layers", mode.equals("stream") ? "1" : "2",
                        "--threads", "1", "--warmup", "0", "--reps", "3", "--json");
                Bench.Result r = Bench.run(o);
                Map<String, String> j = parseJson(r.toJson());
                for (String key : new String[] {"impl", "cell", "mode", "batch", "seq", "input", "hidden", "layers",
                    "threads", "seq_per_s", "gflops", "reps", "kernels"}) {
                    assertTrue(j.containsKey(key), key + " missing in " + r.toJson());
                }
                assertEquals('"' + cell + '"', j.get("cell"));
                assertEquals('"' + mode + '"', j.get("mode"));
                assertEquals("2", j.get("batch"));
                assertEquals("3", j.get("reps"));
                assertTrue(j.get("impl").startsWith("\"gru4j-"), j.get("impl"));
                assertEquals(mode.equals("stream"), j.containsKey("step_us"));
                assertTrue(Double.parseDouble(j.get("seq_per_s")) > 0);
                int g = cell.equals("gru") ? 3 : cell.equals("lstm") ? 4 : 1;
                double flops = 2.0 * 2 * (mode.equals("stream") ? 1 : 3) * g * 5 * (4 + 5)
                        * (mode.equals("train") ? 3 : 1);
                assertEquals(flops / r.medianSeconds / 1e9, Double.parseDouble(j.get("gflops")), 1e-9 * flops);
            }
        }
    }

    @Test
    void mainPrintsOneJsonObjectOnTheLastLine() {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Bench.main(new String[] {"--batch", "1", "--seq", "2", "--input", "3", "--hidden", "4", "--warmup", "0",
                "--reps", "1", "--threads", "1", "--json"});
        } finally {
            System.setOut(old);
        }
        String[] lines = buf.toString(java.nio.charset.StandardCharsets.UTF_8).trim().split("\\R");
        Map<String, String> j = parseJson(lines[lines.length - 1]);
        assertEquals("\"gru\"", j.get("cell"));
        assertEquals("1", j.get("threads"));
    }
}
