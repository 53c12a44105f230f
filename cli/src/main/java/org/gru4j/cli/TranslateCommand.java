package org.gru4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.gru4j.tasks.Translation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gru4j translate}: a sentence through a trained sequence-to-sequence model. */
@Command(name = "translate", mixinStandardHelpOptions = true,
        description = {"Translate --text with a model from train --task seq2seq (beam search).",
                "Prints the target words, lower-cased and without punctuation, as the model produces them;",
                "--beam 1 is greedy decoding."})
final class TranslateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Directory written by train --task seq2seq --output.")
    Path model;

    @Option(names = "--text", required = true, description = "The source sentence.")
    String text;

    @Option(names = "--beam", description = "Beam width (default: the training setting, 5).")
    Integer beam;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Inputs.Trained t = Inputs.trained(model);
        Restored.expect(t, "translate", "seq2seq");
        Translation tr = Restored.translation(t);
        int k = beam != null ? beam : tr.config().beamWidth;
        if (k <= 0) {
            throw new IllegalArgumentException("--beam must be positive, got " + k);
        }
        List<String> words = k == 1 ? tr.greedy(text) : tr.beam(text, k);
        System.out.println(String.join(" ", words));
        return 0;
    }
}
