package org.gru4j.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.gru4j.analysis.CellDynamics;
import org.gru4j.analysis.FixedPointFinder;
import org.gru4j.analysis.FixedPoints;
import org.gru4j.analysis.GateRecording;
import org.gru4j.analysis.GradientFlow;
import org.gru4j.analysis.LyapunovSpectrum;
import org.gru4j.analysis.Pca;
import org.gru4j.analysis.Stability;
import org.gru4j.data.Csv;
import org.gru4j.data.Preprocessing;
import org.gru4j.io.AtomicFiles;
import org.gru4j.model.Model;
import org.gru4j.nn.Context;
import org.gru4j.nn.GraphLayer;
import org.gru4j.nn.Layer;
import org.gru4j.nn.Mask;
import org.gru4j.nn.recurrent.Bidirectional;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.report.Charts;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gru4j analyze}: the analysis module on a trained model's first recurrent layer, driven by real inputs:
 * the layers before it (an Embedding, say) run on the data and their output is what the analysed layer reads.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Analyse the first recurrent layer of a model on data: JSON and PNG charts.",
                "Writes WHAT.json (the analysis record) and its charts to --output.",
                "--what gates: gate values per step and unit (heat map); gradients: gradient norm against lag",
                "(log scale); fixed-points: fixed points of the cell at the mean input with their eigenvalues, on",
                "PCA trajectories; lyapunov: Lyapunov spectrum driven by the data (convergence chart); pca: principal",
                "components of the visited states with trajectories.",
                "Data: forecast models use task.json to cut windows from the CSV; classify models read its text",
                "column; charlm models read a text file; a model without task.json reads every column of the CSV",
                "as features in windows of --window steps."})
final class AnalyzeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Directory written by train --output, or a .gru4j file.")
    Path model;

    @Option(names = "--data", required = true, description = "CSV file (text file for charlm models).")
    Path data;

    @Option(names = "--what", required = true, description = "gates, gradients, fixed-points, lyapunov or pca.")
    String what;

    @Option(names = "--output", required = true, description = "Directory for the JSON and PNG files.")
    Path output;

    @Option(names = "--samples", defaultValue = "32", description = "Sequences analysed, at most (default: "
            + "${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--window", defaultValue = "20", description = "Steps per sequence for models without "
            + "task.json (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the fixed-point starts (default: "
            + "${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        List<String> kinds = List.of("gates", "gradients", "fixed-points", "lyapunov", "pca");
        if (!kinds.contains(what)) {
            throw new IllegalArgumentException("--what must be one of " + String.join(", ", kinds) + ", got '" + what
                    + "'");
        }
        if (samples <= 0 || window <= 0) {
            throw new IllegalArgumentException("--samples and --window must be positive");
        }
        Inputs.Trained t = Inputs.trained(model);
        Model m = t.model();
        List<GraphLayer> layers = m.layers();
        int index = -1;
        RecurrentLayer layer = null;
        for (int i = 0; i < layers.size() && index < 0; i++) {
            Object o = layers.get(i).owner();
            if (o instanceof RecurrentLayer r) {
                layer = r;
                index = i;
            } else if (o instanceof Bidirectional b) {
                layer = b.forwardLayer();
                index = i;
                System.out.println(layers.get(i).name() + " is bidirectional: analyzing its forward direction");
            }
        }
        if (layer == null) {
            throw new IllegalArgumentException(t.modelFile() + " has no GRU, LSTM or SimpleRNN layer to analyse");
        }
        Tensor x = layerInputs(t, layers.subList(0, index));
        Files.createDirectories(output);
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "analyzing %s (%s, %d units) on %d sequence(s) of %d steps%n", layer.name(),
                layer.typeName(), layer.units(), x.dim(0), x.dim(1));
        String json;
        switch (what) {
            case "gates" -> {
                GateRecording rec = GateRecording.record(layer, x);
                json = rec.toJson();
                Charts.gateHeatmap(rec, 0, output.resolve("gates.png"), 1100, 700);
            }
            case "gradients" -> {
                GradientFlow flow = GradientFlow.measure(layer, x);
                json = flow.toJson();
                Charts.gradientFlow(List.of(flow), output.resolve("gradients.png"), 1000, 500);
            }
            case "fixed-points" -> {
                GateRecording rec = GateRecording.record(layer, x);
                double[][][] traj = trajectories(rec);
                double[][] visited = flatten(traj);
                CellDynamics d = CellDynamics.of(layer);
                List<double[]> starts = FixedPointFinder.initialStates(visited, 64, 0.02, new Rng(seed));
                FixedPoints fps = new FixedPointFinder().find(d, meanInput(x), starts);
                Pca pca = Pca.fit(visited, Math.min(3, d.stateSize()));
                json = "{\"fixed_points\": " + fps.toJson() + ", \"pca\": " + pca.toJson() + "}";
                if (pca.components().length >= 2) {
                    Charts.pcaTrajectories(pca, traj, fps, output.resolve("pca_fixed_points.png"), 900, 700);
                }
                if (!fps.points().isEmpty()) {
                    Charts.eigenvalues(fps, output.resolve("fixed_point_eigenvalues.png"), 800, 700);
                }
                out.printf("%d fixed point(s) at the mean input: %d stable, %d saddle(s)%n", fps.points().size(),
                        fps.withStability(Stability.STABLE).size(), fps.withStability(Stability.SADDLE).size());
            }
            case "lyapunov" -> {
                CellDynamics d = CellDynamics.of(layer);
                double[][] drive = drive(x);
                int transient_ = Math.min(100, drive.length / 4);
                int exponents = Math.min(d.stateSize(), 8);
                LyapunovSpectrum l = LyapunovSpectrum.driven(d, new double[d.stateSize()], drive, transient_,
                        exponents, Math.max(1, (drive.length - transient_) / 50));
                json = l.toJson();
                Charts.lyapunov(l, output.resolve("lyapunov.png"), 900, 500);
                out.printf(Locale.ROOT, "largest Lyapunov exponent %.4f per step over %d steps%n", l.exponents()[0],
                        l.steps());
            }
            default -> {
                GateRecording rec = GateRecording.record(layer, x);
                double[][][] traj = trajectories(rec);
                Pca pca = Pca.fit(flatten(traj), Math.min(3, traj[0][0].length));
                json = pca.toJson();
                if (pca.components().length >= 2) {
                    Charts.pcaTrajectories(pca, traj, null, output.resolve("pca.png"), 900, 700);
                }
            }
        }
        String name = what.replace('-', '_') + ".json";
        AtomicFiles.write(output.resolve(name), json.getBytes(StandardCharsets.UTF_8));
        out.println("wrote " + output.resolve(name) + " and charts in " + output);
        return 0;
    }

    /** The analysed layer's inputs {@code (batch, steps, features)}: the data through the layers before it. */
    private Tensor layerInputs(Inputs.Trained t, List<GraphLayer> before) throws Exception {
        TaskFile tf = t.task();
        Tensor x;
        Mask mask = null;
        String task = tf == null ? "none" : tf.task();
        switch (task) {
            case "forecast" -> {
                ForecastModel fm = new ForecastModel(t.model(), tf);
                float[][] s = fm.series(Inputs.csv(data));
                int from = fm.t.differenceLag() + fm.t.window();
                int count = Math.min(samples, s.length + 1 - from);
                // the last `count` windows, ending at the end of the series
                x = fm.windows(s, s.length + 1 - count, s.length + 1);
            }
            case "classify" -> {
                Csv csv = Inputs.csv(data);
                List<String> texts = csv.stringColumn(tf.string("text_column"));
                Preprocessing.PaddedSequences p = Restored.classifierInputs(tf,
                        texts.subList(0, Math.min(samples, texts.size())));
                x = p.values();
                mask = p.mask();
            }
            case "charlm" -> {
                String text = Inputs.text(data, "--data text file");
                x = Restored.charlm(t).windows(text)[0];
                if (x.dim(0) > samples) {
                    x = Tensor.of(java.util.Arrays.copyOf(x.data(), samples * x.dim(1)), samples, x.dim(1));
                }
            }
            case "none" -> x = plainWindows(Inputs.csv(data));
            default -> throw new IllegalArgumentException("analyze reads forecast, classify and charlm models and "
                    + "models without task.json; this is a " + task + " model");
        }
        for (GraphLayer g : before) {
            if (!(g.owner() instanceof Layer l)) {
                throw new IllegalArgumentException("cannot run layer " + g.name() + " before the recurrent layer");
            }
            x = l.forward(x, mask, Context.INFERENCE).output();
        }
        return x;
    }

    private Tensor plainWindows(Csv csv) {
        List<String> cols = csv.columns();
        float[][] s = csv.numericColumns(cols.toArray(new String[0]));
        int count = Math.min(samples, s.length / window);
        if (count == 0) {
            throw new IllegalArgumentException("the data has " + s.length + " rows, fewer than one window of "
                    + window + " steps; lower --window");
        }
        int f = cols.size();
        float[] x = new float[count * window * f];
        for (int i = 0; i < count * window; i++) {
            System.arraycopy(s[i], 0, x, i * f, f);
        }
        return Tensor.of(x, count, window, f);
    }

    /** Full cell states {@code [batch][step][state]} (h, then c for an LSTM), including the initial one. */
    private static double[][][] trajectories(GateRecording rec) {
        double[][][] h = rec.hidden();
        double[][][] c = rec.cell();
        if (c == null) {
            return h;
        }
        double[][][] out = new double[h.length][][];
        for (int b = 0; b < h.length; b++) {
            out[b] = new double[h[b].length][];
            for (int t = 0; t < h[b].length; t++) {
                double[] s = java.util.Arrays.copyOf(h[b][t], h[b][t].length + c[b][t].length);
                System.arraycopy(c[b][t], 0, s, h[b][t].length, c[b][t].length);
                out[b][t] = s;
            }
        }
        return out;
    }

    private static double[][] flatten(double[][][] traj) {
        int n = 0;
        for (double[][] t : traj) {
            n += t.length - 1;
        }
        double[][] out = new double[n][];
        int k = 0;
        for (double[][] t : traj) {
            for (int i = 1; i < t.length; i++) {
                out[k++] = t[i];
            }
        }
        return out;
    }

    private static double[] meanInput(Tensor x) {
        int f = x.dim(2);
        int rows = x.dim(0) * x.dim(1);
        double[] mean = new double[f];
        float[] d = x.data();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < f; c++) {
                mean[c] += d[r * f + c] / (double) rows;
            }
        }
        return mean;
    }

    /** All sequences one after another, as one long drive. */
    private static double[][] drive(Tensor x) {
        int f = x.dim(2);
        int rows = x.dim(0) * x.dim(1);
        if (rows < 2) {
            throw new IllegalArgumentException("need at least 2 input steps for a Lyapunov spectrum, got " + rows);
        }
        double[][] out = new double[rows][f];
        float[] d = x.data();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < f; c++) {
                out[r][c] = d[r * f + c];
            }
        }
        return out;
    }
}
