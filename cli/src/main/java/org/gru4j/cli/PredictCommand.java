package org.gru4j.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.gru4j.data.Csv;
import org.gru4j.data.Preprocessing;
import org.gru4j.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gru4j predict}: a trained model's predictions for every row of a data file, as CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Write a trained model's predictions for a CSV file (to --output, else to standard output).",
                "forecast: one row per forecast origin t (every step with a full window before it, up to the end),",
                "  columns origin,step_1..step_K (the target at t .. t+K-1);",
                "classify: one row per text, columns row,label,p_<class>..."})
final class PredictCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Directory written by train --output.")
    Path model;

    @Option(names = "--data", required = true, description = "CSV file with the columns the model was trained on.")
    Path data;

    @Option(names = "--output", description = "CSV file to write (default: standard output).")
    Path output;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Inputs.Trained t = Inputs.trained(model);
        TaskFile tf = Restored.expect(t, "predict", "forecast", "classify");
        Csv csv = Inputs.csv(data);
        StringBuilder sb = new StringBuilder();
        int rows;
        if (tf.task().equals("forecast")) {
            ForecastModel fm = new ForecastModel(t.model(), tf);
            float[][] s = fm.series(csv);
            int from = fm.t.differenceLag() + fm.t.window();
            double[][] p = fm.predict(s, from, s.length + 1);
            sb.append("origin");
            for (int k = 1; k <= fm.t.horizon(); k++) {
                sb.append(",step_").append(k);
            }
            sb.append('\n');
            for (int o = 0; o < p.length; o++) {
                sb.append(from + o);
                for (double v : p[o]) {
                    sb.append(',').append((float) v);
                }
                sb.append('\n');
            }
            rows = p.length;
        } else {
            List<String> classes = tf.strings("classes");
            Preprocessing.PaddedSequences in = Restored.classifierInputs(tf,
                    csv.stringColumn(tf.string("text_column")));
            float[] probs = t.model().predict(in.values(), in.mask()).data();
            sb.append("row,label");
            classes.forEach(c -> sb.append(",p_").append(c.replace(',', '_')));
            sb.append('\n');
            int c = classes.size();
            rows = in.values().dim(0);
            for (int i = 0; i < rows; i++) {
                int best = 0;
                for (int j = 1; j < c; j++) {
                    if (probs[i * c + j] > probs[i * c + best]) {
                        best = j;
                    }
                }
                sb.append(i + 1).append(',').append(quote(classes.get(best)));
                for (int j = 0; j < c; j++) {
                    sb.append(',').append(String.format(Locale.ROOT, "%.6f", probs[i * c + j]));
                }
                sb.append('\n');
            }
        }
        PrintStream out = System.out;
        if (output == null) {
            out.print(sb);
        } else {
            AtomicFiles.write(output, sb.toString().getBytes(StandardCharsets.UTF_8));
            out.println("wrote " + rows + " predictions to " + output);
        }
        return 0;
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
