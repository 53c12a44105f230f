package org.gru4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    @Test
    void helpDescribesTheMainJob() {
        CliTestSupport.Run r = CliTestSupport.run("train", "--help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("AirPassengers") && r.out().contains("--window"), r.out());
    }

    @Test
    void bareTrainBeatsTheBaseline() {
        CliTestSupport.Run r = CliTestSupport.run("train");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("test RMSE") && r.out().contains("GRU beats the best naive baseline"), r.out());
    }

    @Test
    void mainJobSavedAndEvaluatedAgain(@TempDir Path dir) {
        CliTestSupport.Run t = CliTestSupport.run("train", "--output", dir.toString());
        assertEquals(0, t.status(), t.err());
        CliTestSupport.Run e = CliTestSupport.run("evaluate", "--model", dir.toString());
        assertEquals(0, e.status(), e.err());
        String rmse = e.out().lines().filter(l -> l.startsWith("test RMSE")).findFirst().orElseThrow();
        assertTrue(t.out().contains(rmse + "\n"), "evaluate reproduces " + rmse + " of:\n" + t.out());
        assertTrue(e.out().contains("baseline seasonal naive RMSE 49.987"), e.out());
    }

    @Test
    void trainsOnACsvColumn(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("series.csv");
        StringBuilder sb = new StringBuilder("t,y\n");
        for (int i = 0; i < 160; i++) {
            sb.append(i).append(',').append(10 + Math.sin(i * 2 * Math.PI / 12) * 3 + i * 0.05).append('\n');
        }
        Files.writeString(csv, sb);
        CliTestSupport.Run r = CliTestSupport.run("train", "--data", csv.toString(), "--target", "y", "--epochs", "5");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("test RMSE"), r.out());
    }

    @Test
    void badInputGivesOneLineAndNoStackTrace(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "t,y\n1,2\n2,abc\n3,4\n");
        Path short_ = dir.resolve("short.csv");
        Files.writeString(short_, "t,y\n1,2\n2,3\n3,4\n");
        String[][] cases = {
            {"train", "--data", dir.resolve("missing.csv").toString()},
            {"train", "--data", csv.toString(), "--target", "nope"},
            {"train", "--data", csv.toString(), "--target", "y"},
            {"train", "--data", short_.toString(), "--target", "y"},
            {"train", "--cell", "transformer"},
        };
        String[] expect = {"no such file", "no column \"nope\"", "expected a number, got \"abc\"", "too short",
            "cell must be gru, lstm or rnn"};
        for (int i = 0; i < cases.length; i++) {
            CliTestSupport.Run r = CliTestSupport.run(cases[i]);
            assertEquals(1, r.status(), String.join(" ", cases[i]));
            String err = r.err().strip();
            assertFalse(err.contains("\n"), "one line expected: " + err);
            assertFalse(err.contains("\tat "), "no stack trace: " + err);
            assertTrue(err.contains(expect[i]), err);
        }
        CliTestSupport.Run verbose = CliTestSupport.run("train", "--data", dir.resolve("missing.csv").toString(), "-v");
        assertTrue(verbose.err().contains("\tat "), "--verbose shows the stack trace");
    }
}
