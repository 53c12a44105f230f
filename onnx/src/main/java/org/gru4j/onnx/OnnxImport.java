package org.gru4j.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gru4j.io.ModelFormatException;

/**
 * Loads ONNX files made of recurrent operators into an {@link OnnxModel} that runs them with gru4j's layers:
 *
 * <pre>
 *   OnnxModel m = OnnxImport.load(Path.of("model.onnx"));
 *   Tensor y = m.predict(x);                         // or m.run(Map.of("input", x, ...))
 * </pre>
 *
 * <p>Reads what {@link OnnxExport} writes and what {@code torch.onnx.export} produces for {@code nn.GRU},
 * {@code nn.LSTM}, {@code nn.RNN} and {@code nn.Linear} models: the operators in {@link OnnxModel#SUPPORTED}. ONNX
 * gate order (GRU z, r, h; LSTM i, o, f, c) is converted to gru4j's (r, z, n; i, f, g, o) here and nowhere else.
 *
 * <p>Not supported, each rejected at load with a {@link ModelFormatException} naming the node: other operators and
 * domains, unknown attributes, recurrent weights computed at run time (W, R, B must be initializers or
 * {@code Constant}s), LSTM peepholes, {@code input_forget}, {@code clip}, {@code layout=1}, activations other than
 * Sigmoid/HardSigmoid (alpha 0.2 or 1/6, beta 0.5) on gates and Tanh elsewhere (Tanh/Relu for RNN), tensors stored
 * in external files, and element types other than float, double and the integer types.
 */
public final class OnnxImport {
    /** Files larger than this are refused before reading (ONNX's protobuf form is limited to 2 GiB anyway). */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    private OnnxImport() {
    }

    /**
     * Reads and checks an ONNX file.
     *
     * @throws ModelFormatException for a corrupt, truncated or unsupported file, naming the file and what is wrong
     */
    public static OnnxModel load(Path path) throws IOException {
        long size = Files.size(path);
        if (size > MAX_FILE_BYTES) {
            throw new ModelFormatException(path.getFileName() + ": " + size + " bytes is more than an ONNX protobuf "
                    + "can hold");
        }
        return load(Files.readAllBytes(path), String.valueOf(path.getFileName()));
    }

    /** Reads ONNX bytes; {@code name} is used in messages. */
    public static OnnxModel load(byte[] bytes, String name) throws ModelFormatException {
        OnnxProto.Model m;
        try {
            m = OnnxProto.decodeModel(bytes);
        } catch (IOException | ArithmeticException e) {
            // InvalidProtocolBufferException: truncated, malformed or inconsistent bytes; ArithmeticException:
            // dims whose product overflows.
            throw new ModelFormatException(name + ": not a valid ONNX model: " + e.getMessage(), e);
        }
        if (m.graph == null && m.opsets.isEmpty()) {
            throw new ModelFormatException(name + ": not an ONNX model (no graph, no opset_import)");
        }
        return OnnxModel.compile(m, name);
    }
}
