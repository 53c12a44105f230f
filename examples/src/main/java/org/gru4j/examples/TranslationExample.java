package org.gru4j.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gru4j.tasks.Bleu;
import org.gru4j.tasks.Translation;

/**
 * English to Spanish on short Bible verses (World English Bible / Reina-Valera 1909, public domain; not bundled):
 * an attentional GRU encoder-decoder trained with teacher forcing, scored with corpus BLEU-4 on held-out verses,
 * decoded greedily and by beam search.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp core/target/classes:examples/target/classes \
 *       org.gru4j.examples.TranslationExample [path/to/bible_en_es.csv.gz] [maxWords] [epochs]
 * </pre>
 * The path defaults to {@code ../shared/datasets/text/bible_en_es.csv.gz} (relative to the repository root).
 */
public final class TranslationExample {
    private TranslationExample() {
    }

    public static void main(String[] args) {
        Path path = Path.of(args.length > 0 ? args[0] : "../shared/datasets/text/bible_en_es.csv.gz");
        if (!Files.isRegularFile(path)) {
            System.err.println("bible_en_es.csv.gz not found at " + path.toAbsolutePath() + "; pass its path as the "
                    + "first argument");
            System.exit(2);
        }
        Translation.Config cfg = new Translation.Config();
        if (args.length > 1) {
            cfg.maxWords = Integer.parseInt(args[1]);
        }
        if (args.length > 2) {
            cfg.epochs = Integer.parseInt(args[2]);
        }
        cfg.verbose = 2;
        List<Translation.Pair> all = Translation.readPairs(path, "en", "es");
        List<Translation.Pair> pairs = Translation.shortPairs(all, cfg);
        Translation.Split split = Translation.split(pairs, 0.1, 2024);
        System.out.printf("%d verse pairs; %d with at most %d words on both sides and a length ratio in [%.1f, %.1f]; "
                        + "%d verses for training (%.0f%% of them for early stopping), %d held out "
                        + "(%d more held-out verses dropped because their English sentence occurs in training)%n",
                all.size(), pairs.size(), cfg.maxWords, cfg.minLengthRatio, cfg.maxLengthRatio, split.train().size(),
                cfg.validationFraction * 100, split.test().size(), split.droppedFromTest());
        long t0 = System.nanoTime();
        Translation tr = Translation.train(split.train(), cfg, System.out);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.println(tr.model().summary());
        System.out.printf("%s; trained in %.0f s%n", tr, seconds);

        t0 = System.nanoTime();
        Bleu.Score greedy = tr.bleu(split.test(), 0);
        double greedySeconds = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        Bleu.Score beam = tr.bleu(split.test(), cfg.beamWidth);
        double beamSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("held-out corpus BLEU-4 on %d verses (lower-cased words, no punctuation):%n",
                split.test().size());
        System.out.printf("  greedy          %s  [%.1f s]%n", greedy, greedySeconds);
        System.out.printf("  beam, width %d   %s  [%.1f s]%n", cfg.beamWidth, beam, beamSeconds);

        System.out.println();
        for (Translation.Pair p : split.test().subList(0, Math.min(8, split.test().size()))) {
            System.out.println(p.ref() + "  " + p.source());
            System.out.println("  reference: " + String.join(" ", tr.targetWords(p.target())));
            System.out.println("  greedy:    " + String.join(" ", tr.greedy(p.source())));
            System.out.println("  beam:      " + String.join(" ", tr.beam(p.source(), cfg.beamWidth)));
        }
    }
}
