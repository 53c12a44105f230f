package org.gru4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gru4j.io.ModelFormatException;
import org.gru4j.io.PyTorchFiles;
import org.gru4j.keras.KerasImport;
import org.gru4j.model.Model;
import org.gru4j.nn.GraphLayer;
import org.gru4j.onnx.OnnxExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gru4j convert}: between model file formats, chosen by extension. Readable: .gru4j, .keras/.h5 (import
 * only), .safetensors (a PyTorch state_dict, which holds no architecture: {@code --like} names a .gru4j file that
 * gives it). Writable: .gru4j, .safetensors, .onnx. The PyTorch module mapping ({@code --modules}) defaults to
 * every layer with parameters under its own gru4j name.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert a model file to another format, chosen by extension.",
                "  from .gru4j, .keras/.h5 (Keras import), .safetensors (PyTorch state_dict, with --like);",
                "  to .gru4j, .safetensors (PyTorch state_dict) or .onnx.",
                "PyTorch module mapping (--modules): gru4j layer name = PyTorch module prefix, comma-separated,",
                "'m#k' for layer k of a multi-layer nn.GRU/LSTM/RNN, e.g. --modules embedding=emb,gru=rnn#0,dense=fc;",
                "unmapped layers with parameters keep their gru4j name. See docs/pytorch.md."})
final class ConvertCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, description = "Model file to read.")
    Path from;

    @Option(names = "--to", required = true, description = "Model file to write (.gru4j, .safetensors or .onnx).")
    Path to;

    @Option(names = "--like", description = "For a .safetensors input: a .gru4j model with the same architecture, "
            + "whose weights are replaced.")
    Path like;

    @Option(names = "--modules", description = "PyTorch module mapping LAYER=PREFIX,... (see above).")
    String modules;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Inputs.existingFile(from, "--from model file");
        ModelFormats in = ModelFormats.detect(from);
        ModelFormats out = ModelFormats.of(to);
        if (out == ModelFormats.KERAS) {
            throw new IllegalArgumentException("gru4j imports Keras files but does not write them; convert to "
                    + ".gru4j, .safetensors or .onnx");
        }
        Model model = read(in);
        switch (out) {
            case NATIVE -> model.save(to);
            case SAFETENSORS -> PyTorchFiles.writeStateDict(to, PyTorchFiles.stateDict(model, mapping(model)));
            default -> OnnxExport.write(model, to);
        }
        PrintStream o = System.out;
        o.printf("wrote %s (%s) from %s (%s)%n", to, out.description, from, in.description);
        return 0;
    }

    private Model read(ModelFormats in) throws IOException {
        try {
            switch (in) {
                case NATIVE:
                    return Inputs.nativeModel(from);
                case KERAS:
                    return KerasImport.load(from).model();
                case SAFETENSORS: {
                    if (like == null) {
                        throw new IllegalArgumentException("a PyTorch state_dict holds no architecture; give --like "
                                + "MODEL.gru4j with the same layers");
                    }
                    Model m = Inputs.nativeModel(Inputs.existingFile(like, "--like model file"));
                    PyTorchFiles.loadStateDict(m, PyTorchFiles.readStateDict(from, ""), mapping(m));
                    return m;
                }
                default:
                    throw new IllegalArgumentException("ONNX files are run with OnnxImport and inspected, not "
                            + "converted from; convert from .gru4j, .keras/.h5 or .safetensors");
            }
        } catch (ModelFormatException e) {
            throw new IllegalArgumentException(from + " is not a readable " + in.description + ": " + e.getMessage());
        }
    }

    /** Every layer with parameters under its own name, overridden by --modules. */
    private Map<String, String> mapping(Model m) {
        Map<String, String> map = new LinkedHashMap<>();
        for (GraphLayer g : m.layers()) {
            if (!g.namedParameters().isEmpty()) {
                map.put(g.name(), g.name());
            }
        }
        if (modules != null) {
            for (String entry : Inputs.names(modules)) {
                int eq = entry.indexOf('=');
                if (eq <= 0 || eq == entry.length() - 1) {
                    throw new IllegalArgumentException("--modules expects LAYER=PREFIX entries, got '" + entry + "'");
                }
                String layer = entry.substring(0, eq).strip();
                if (!map.containsKey(layer)) {
                    throw new IllegalArgumentException("--modules names layer '" + layer + "', but the model's layers "
                            + "with parameters are " + map.keySet());
                }
                map.put(layer, entry.substring(eq + 1).strip());
            }
        }
        return map;
    }
}
