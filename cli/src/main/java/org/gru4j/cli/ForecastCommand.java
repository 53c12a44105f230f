package org.gru4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gru4j forecast}: the next values of a series after its end. */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = {"Print the next --steps forecasts of the target after the end of the series in --data.",
                "Up to the model's horizon this is one direct forecast; beyond it (univariate models only) each",
                "forecast is appended to the series and forecasting continues from there."})
final class ForecastCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Directory written by train --task forecast --output.")
    Path model;

    @Option(names = "--data", description = "CSV file with the model's columns, oldest first "
            + "(default for a model of the bundled series: that series).")
    Path data;

    @Option(names = "--steps", description = "How many steps ahead (default: the model's horizon).")
    Integer steps;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Inputs.Trained t = Inputs.trained(model);
        ForecastModel fm = new ForecastModel(t.model(), Restored.expect(t, "forecast", "forecast"));
        float[][] s = fm.series(data);
        float[] f = fm.future(s, steps != null ? steps : fm.t.horizon());
        PrintStream out = System.out;
        out.println("step," + fm.target);
        for (int k = 0; k < f.length; k++) {
            out.println((s.length + k) + "," + f[k]);
        }
        return 0;
    }
}
