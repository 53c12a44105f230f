package org.gru4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.gru4j.tasks.CharLanguageModel;
import org.gru4j.util.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gru4j generate}: text sampled from a character language model. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Print --prompt followed by --length characters sampled from a character language model "
                + "(train --task charlm).")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Directory written by train --task charlm --output.")
    Path model;

    @Option(names = "--prompt", required = true, description = "Text to start from (at least one character).")
    String prompt;

    @Option(names = "--length", defaultValue = "200", description = "Characters to generate (default: "
            + "${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--temperature", defaultValue = "0.5", description = "Sampling temperature, 0 for the most "
            + "probable character (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Inputs.Trained t = Inputs.trained(model);
        Restored.expect(t, "generate", "charlm");
        CharLanguageModel lm = Restored.charlm(t);
        System.out.println(lm.generate(prompt, length, temperature, new Rng(seed)));
        return 0;
    }
}
