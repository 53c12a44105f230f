package org.gru4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.gru4j.io.Json;
import org.gru4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files made by {@code torch.onnx.export} (PyTorch 1.13, opset 14; see {@code make_torch_onnx.py} beside them) load
 * and reproduce PyTorch's float32 outputs to 1e-5. They exercise what PyTorch writes around its recurrent operators:
 * Shape/Gather/ConstantOfShape/Slice for the zero initial state, Transpose and Reshape for batch_first and the
 * direction merge, MatMul + Add for nn.Linear, Slice + Squeeze for {@code y[:, -1]}.
 */
class TorchImportTest {
    @ParameterizedTest
    @ValueSource(strings = {"torch_gru_bi2", "torch_lstm_last"})
    void torchExportMatchesPyTorch(String name) throws Exception {
        OnnxModel m;
        try (InputStream in = getClass().getResourceAsStream("/" + name + ".onnx")) {
            m = OnnxImport.load(in.readAllBytes(), name + ".onnx");
        }
        Map<?, ?> golden;
        try (InputStream in = getClass().getResourceAsStream("/" + name + ".json")) {
            golden = (Map<?, ?>) Json.parse(in.readAllBytes());
        }
        Tensor x = tensor((Map<?, ?>) golden.get("input"));
        Tensor expected = tensor((Map<?, ?>) golden.get("output"));
        assertEquals(List.of("x"), m.inputNames());
        assertTrue(!m.recurrentLayers().isEmpty(), "recurrent nodes run by gru4j layers");
        Tensor got = m.run(Map.of("x", x)).get("y");
        assertEquals(Tensor.shapeString(expected.shape()), Tensor.shapeString(got.shape()), name + " output shape");
        double err = Models.check(name + " vs PyTorch", expected, got.data(), 1e-5);
        System.out.printf("torch import %-16s max|diff|=%.3g (%s)%n", name, err, m);
    }

    private static Tensor tensor(Map<?, ?> t) {
        List<?> shape = (List<?>) t.get("shape");
        List<?> data = (List<?>) t.get("data");
        int[] s = new int[shape.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = ((Number) shape.get(i)).intValue();
        }
        float[] d = new float[data.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = ((Number) data.get(i)).floatValue();
        }
        return Tensor.of(d, s);
    }
}
