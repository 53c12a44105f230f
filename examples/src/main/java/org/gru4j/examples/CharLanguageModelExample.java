package org.gru4j.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gru4j.tasks.CharLanguageModel;
import org.gru4j.util.Rng;

/**
 * A character-level GRU language model on Jane Austen's six novels (public domain, 4 MB; not bundled because of
 * its size): trained on a prefix of the text, validated on the next 5%, tested on the last 5%, reported in held-out
 * bits per character beside a unigram baseline, then sampled at temperatures 0.5 and 1.0.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp core/target/classes:examples/target/classes \
 *       org.gru4j.examples.CharLanguageModelExample [path/to/janeausten.txt] [trainChars] [epochs]
 * </pre>
 * The path defaults to {@code ../shared/datasets/text/janeausten.txt} (relative to the repository root); by
 * default the whole training prefix (3.6 million characters) is read twice by a GRU(256), about 2,300 updates of 32
 * windows, which takes two and a half minutes on an idle two-core machine. {@code trainChars} uses only the first
 * so many characters (0 = all); {@code epochs} defaults to 2.
 */
public final class CharLanguageModelExample {
    private CharLanguageModelExample() {
    }

    public static void main(String[] args) throws IOException {
        Path path = Path.of(args.length > 0 ? args[0] : "../shared/datasets/text/janeausten.txt");
        if (!Files.isRegularFile(path)) {
            System.err.println("janeausten.txt not found at " + path.toAbsolutePath() + "; pass its path as the first "
                    + "argument");
            System.exit(2);
        }
        String text = Files.readString(path, StandardCharsets.UTF_8);
        CharLanguageModel.Config cfg = new CharLanguageModel.Config();
        cfg.maxTrainChars = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        if (args.length > 2) {
            cfg.epochs = Integer.parseInt(args[2]);
        }
        cfg.verbose = 2;
        CharLanguageModel.Split split = CharLanguageModel.split(text, 0.05, 0.05);
        System.out.printf("text: %,d characters; train prefix %,d (using the first %,d), validation %,d, test %,d%n",
                text.length(), split.train().length(),
                cfg.maxTrainChars > 0 ? Math.min(cfg.maxTrainChars, split.train().length()) : split.train().length(),
                split.validation().length(), split.test().length());
        long t0 = System.nanoTime();
        CharLanguageModel lm = CharLanguageModel.train(split.train(), split.validation(), cfg, System.out);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.println(lm.model().summary());
        System.out.printf("trained %d epoch(s) of %d-character windows in %.0f s%n", cfg.epochs, cfg.seqLen, seconds);
        double bpc = lm.bitsPerCharacter(split.test());
        double unigram = lm.unigramBitsPerCharacter(split.test());
        System.out.printf("held-out test (last 5%%): %.3f bits per character; unigram baseline %.3f%n", bpc, unigram);
        String prompt = "It is a truth universally acknowledged";
        for (double temperature : new double[] {0.5, 1.0}) {
            System.out.printf("%n--- sample, temperature %.1f ---%n%s%n", temperature,
                    lm.generate(prompt, 400, temperature, new Rng(7)));
        }
    }
}
