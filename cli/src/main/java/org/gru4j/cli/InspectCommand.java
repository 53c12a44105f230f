package org.gru4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.gru4j.io.ModelFile;
import org.gru4j.io.ModelFormatException;
import org.gru4j.io.SafeTensors;
import org.gru4j.io.SafeTensorsFile;
import org.gru4j.keras.KerasImport;
import org.gru4j.keras.KerasModel;
import org.gru4j.model.Model;
import org.gru4j.model.Node;
import org.gru4j.nn.GraphLayer;
import org.gru4j.onnx.OnnxImport;
import org.gru4j.onnx.OnnxModel;
import org.gru4j.nn.recurrent.RecurrentLayer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gru4j inspect}: what a model file holds, for every format the command line reads. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Summarize a model file: format and version, type, layers, parameter count, input shape.",
                "Reads .gru4j (or a directory written by train --output, with its task.json), .safetensors,",
                ".keras/.h5 and .onnx files."})
final class InspectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "Model file or train --output directory.")
    Path file;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path f = file;
        if (Files.isDirectory(f)) {
            f = f.resolve(Inputs.MODEL_FILE);
        }
        Inputs.existingFile(f, "model file");
        ModelFormats format = ModelFormats.detect(f);
        out.println("file: " + f);
        try {
            switch (format) {
                case NATIVE -> nativeFile(f, out);
                case SAFETENSORS -> safetensors(f, out);
                case KERAS -> keras(f, out);
                default -> onnx(f, out);
            }
        } catch (ModelFormatException e) {
            throw new IllegalArgumentException(f + " is not a readable " + format.description + ": "
                    + e.getMessage());
        }
        return 0;
    }

    private static void nativeFile(Path f, PrintStream out) throws IOException {
        int version = ModelFormats.nativeVersion(f);
        ModelFile.Loaded l = ModelFile.read(f);
        Model m = l.model();
        out.printf("format: gru4j model file, version %d%n", version);
        out.println("type: " + (l.isCheckpoint() ? "checkpoint after epoch " + l.epoch() : "model")
                + " (" + m.getClass().getSimpleName() + " \"" + m.name() + "\")");
        StringBuilder in = new StringBuilder();
        for (Node n : m.inputs()) {
            in.append(in.length() > 0 ? ", " : "").append(shape(n.shape()));
        }
        out.println("input shape: " + in);
        out.printf(Locale.ROOT, "parameters: %,d%n", m.countParameters());
        out.println("layers:");
        for (GraphLayer g : m.layers()) {
            out.println("  " + g.name() + " (" + g.typeName() + ")");
        }
        Path task = f.resolveSibling(TaskFile.NAME);
        if (Files.isRegularFile(task)) {
            out.println("task: " + TaskFile.read(task).task() + " (" + task.getFileName() + ")");
        }
        out.print(m.summary());
    }

    private static void safetensors(Path f, PrintStream out) throws IOException {
        SafeTensorsFile s = SafeTensors.read(f);
        out.println("format: safetensors" + (s.metadata().isEmpty() ? "" : ", metadata " + s.metadata()));
        out.println("type: state_dict of " + s.names().size() + " tensors (no architecture: convert it with --like "
                + "MODEL.gru4j)");
        long total = 0;
        for (String n : s.names()) {
            int[] shape = s.shape(n);
            long size = 1;
            for (int d : shape) {
                size *= d;
            }
            total += size;
            out.println("  " + n + " " + s.dtype(n) + " " + Arrays.toString(shape));
        }
        out.printf(Locale.ROOT, "parameters: %,d%n", total);
    }

    private static void keras(Path f, PrintStream out) throws IOException {
        KerasModel k = KerasImport.load(f);
        out.println("format: Keras (" + k.format() + "), written by Keras " + k.kerasVersion());
        out.println("type: " + k.model().getClass().getSimpleName() + " \"" + k.model().name() + "\"");
        out.println("input shape: " + shape(k.inputShape()));
        out.printf(Locale.ROOT, "parameters: %,d%n", k.parameterCount());
        out.print(k.model().summary());
    }

    private static void onnx(Path f, PrintStream out) throws IOException {
        OnnxModel o = OnnxImport.load(f);
        out.println("format: ONNX, opset " + o.opset());
        out.println("inputs: " + o.inputNames() + ", outputs: " + o.outputNames());
        out.println("recurrent layers:");
        for (RecurrentLayer r : o.recurrentLayers()) {
            out.println("  " + r.typeName() + "(" + r.units() + ")");
        }
    }

    static String shape(int[] s) {
        StringBuilder sb = new StringBuilder("(batch");
        for (int d : s) {
            sb.append(", ").append(d < 0 ? "steps" : Integer.toString(d));
        }
        return sb.append(')').toString();
    }
}
