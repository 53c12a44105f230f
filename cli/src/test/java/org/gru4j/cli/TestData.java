package org.gru4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Tiny data files for the command-line tests. */
final class TestData {
    private TestData() {
    }

    /** A seasonal series with a trend, {@code t,y,x}, 120 rows. */
    static Path series(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("t,y,x\n");
        for (int i = 0; i < 120; i++) {
            sb.append(i).append(',').append(String.format(Locale.ROOT, "%.4f,%.4f",
                    10 + 3 * Math.sin(i * 2 * Math.PI / 12) + 0.05 * i, Math.cos(i * 0.3))).append('\n');
        }
        return write(dir.resolve("series.csv"), sb.toString());
    }

    /** Short positive and negative reviews, {@code text,label}. */
    static Path texts(Path dir) throws IOException {
        String[] pos = {"good great film", "loved it", "wonderful acting", "great fun", "really good"};
        String[] neg = {"bad boring film", "hated it", "awful acting", "terrible mess", "really bad"};
        StringBuilder sb = new StringBuilder("text,label\n");
        for (int i = 0; i < 60; i++) {
            String[] w = i % 2 == 0 ? pos : neg;
            sb.append('"').append(w[i % 5]).append(' ').append(w[(i / 2 + 1) % 5]).append("\",")
                    .append(i % 2 == 0 ? "pos" : "neg").append('\n');
        }
        return write(dir.resolve("texts.csv"), sb.toString());
    }

    /** Toy English-Spanish sentences, {@code source,target}. */
    static Path pairs(Path dir) throws IOException {
        String[][] nouns = {{"cat", "gato"}, {"dog", "perro"}, {"house", "casa"}, {"bird", "pajaro"}};
        String[][] verbs = {{"eats", "come"}, {"sees", "ve"}};
        StringBuilder sb = new StringBuilder("source,target\n");
        for (String[] a : nouns) {
            for (String[] v : verbs) {
                for (String[] b : nouns) {
                    sb.append("the ").append(a[0]).append(' ').append(v[0]).append(" the ").append(b[0]).append(",el ")
                            .append(a[1]).append(' ').append(v[1]).append(" el ").append(b[1]).append('\n');
                }
            }
        }
        return write(dir.resolve("pairs.csv"), sb.toString());
    }

    static Path text(Path dir) throws IOException {
        return write(dir.resolve("text.txt"), ("It is a truth universally acknowledged, that a single man in "
                + "possession of a good fortune, must be in want of a wife. ").repeat(12));
    }

    static Path write(Path p, String s) throws IOException {
        Files.writeString(p, s);
        return p;
    }
}
