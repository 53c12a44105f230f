package org.gru4j.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.gru4j.model.Sequential;
import org.gru4j.nn.Mask;
import org.gru4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves the exported files: ONNX Runtime (the reference engine) must compute gru4j's outputs to 1e-5 for every layer
 * kind, with and without {@code sequence_lens}.
 */
class OnnxRuntimeExportTest {
    static final double TOL = 1e-5;
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    static Stream<Arguments> models() {
        return Models.all().entrySet().stream().flatMap(e -> Stream.of(Arguments.of(e.getKey(), e.getValue(), false),
                Arguments.of(e.getKey(), e.getValue(), true)));
    }

    @ParameterizedTest(name = "{0} masked={2}")
    @MethodSource("models")
    void onnxRuntimeMatchesGru4j(String name, Supplier<Sequential> factory, boolean masked) throws Exception {
        Sequential model = factory.get();
        Tensor x = Models.input(21);
        Tensor expected = masked ? model.predict(x, Mask.fromLengths(Models.LENGTHS, Models.STEPS)) : model.predict(x);
        byte[] onnx = OnnxExport.toBytes(model, masked);
        float[] got = runOrt(onnx, x, false, masked ? Models.LENGTHS : null);
        double err = Models.check(name + (masked ? " masked" : ""), expected, got, TOL);
        System.out.printf("ORT %-32s masked=%-5s max|diff|=%.3g%n", name, masked, err);
    }

    @Test
    void embeddingModelWithAndWithoutMaskZero() throws Exception {
        for (boolean maskZero : new boolean[] {false, true}) {
            Sequential model = Models.embeddingModel(maskZero);
            Tensor ids = Models.ids(5, maskZero ? Models.LENGTHS : null);
            Tensor expected = model.predict(ids);
            float[] got = runOrt(OnnxExport.toBytes(model, false), ids, true, null);
            double err = Models.check("embedding maskZero=" + maskZero, expected, got, TOL);
            System.out.printf("ORT embedding maskZero=%s max|diff|=%.3g%n", maskZero, err);
        }
    }

    @Test
    void writeIsAtomicAndReadable(@TempDir Path dir) throws Exception {
        Sequential model = Models.all().get("lstm_seq").get();
        Path p = dir.resolve("m.onnx");
        OnnxExport.write(model, p);
        OnnxExport.write(model, p);
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.allMatch(f -> f.getFileName().toString().equals("m.onnx")), "no temporary files left");
        }
        Tensor x = Models.input(3);
        Models.check("written file", model.predict(x), runOrt(Files.readAllBytes(p), x, false, null), TOL);
    }

    /** Runs a model in ONNX Runtime; ids are passed as int64, lengths as int32. */
    static float[] runOrt(byte[] onnx, Tensor x, boolean ids, int[] lengths) throws OrtException {
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            // Full graph optimizations fuse and reorder float math; basic keeps the reference numerics.
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
            try (OrtSession s = ENV.createSession(onnx, opts)) {
                long[] shape = new long[x.rank()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = x.dim(i);
                }
                Map<String, OnnxTensor> in = new HashMap<>();
                try {
                    if (ids) {
                        long[] v = new long[x.size()];
                        for (int i = 0; i < v.length; i++) {
                            v[i] = (long) x.data()[i];
                        }
                        in.put(OnnxExport.INPUT, OnnxTensor.createTensor(ENV, LongBuffer.wrap(v), shape));
                    } else {
                        in.put(OnnxExport.INPUT, OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x.data()), shape));
                    }
                    if (lengths != null) {
                        in.put(OnnxExport.SEQUENCE_LENS, OnnxTensor.createTensor(ENV, IntBuffer.wrap(lengths),
                                new long[] {lengths.length}));
                    }
                    try (OrtSession.Result r = s.run(in)) {
                        FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
                        float[] out = new float[fb.remaining()];
                        fb.get(out);
                        return out;
                    }
                } finally {
                    for (OnnxTensor t : in.values()) {
                        t.close();
                    }
                }
            }
        }
    }
}
