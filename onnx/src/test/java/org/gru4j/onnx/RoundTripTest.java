package org.gru4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.gru4j.io.ModelFormatException;
import org.gru4j.model.Sequential;
import org.gru4j.nn.Mask;
import org.gru4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Export, import, and the imported graph (run by gru4j's layers) predicts what the original model does. */
class RoundTripTest {
    /** Same kernels on both sides; only the order of a few float additions may differ (MatMul vs Dense). */
    static final double TOL = 1e-6;

    static Stream<org.junit.jupiter.params.provider.Arguments> models() {
        return OnnxRuntimeExportTest.models();
    }

    @ParameterizedTest(name = "{0} masked={2}")
    @MethodSource("models")
    void importedModelPredictsTheSame(String name, Supplier<Sequential> factory, boolean masked) throws Exception {
        Sequential model = factory.get();
        Tensor x = Models.input(31);
        OnnxModel imported = OnnxImport.load(OnnxExport.toBytes(model, masked), name + ".onnx");
        Tensor expected;
        Tensor got;
        if (masked) {
            expected = model.predict(x, Mask.fromLengths(Models.LENGTHS, Models.STEPS));
            got = imported.predict(x, Models.LENGTHS);
        } else {
            expected = model.predict(x);
            got = imported.predict(x);
        }
        assertEquals(Tensor.shapeString(expected.shape()), Tensor.shapeString(got.shape()), name + " output shape");
        double err = Models.check(name + " round trip", expected, got.data(), TOL);
        System.out.printf("round trip %-32s masked=%-5s max|diff|=%.3g%n", name, masked, err);
    }

    @Test
    void embeddingRoundTrip(@TempDir Path dir) throws Exception {
        for (boolean maskZero : new boolean[] {false, true}) {
            Sequential model = Models.embeddingModel(maskZero);
            Tensor ids = Models.ids(9, maskZero ? Models.LENGTHS : null);
            Path p = dir.resolve("emb.onnx");
            OnnxExport.write(model, p);
            OnnxModel m = OnnxImport.load(p);
            assertEquals(List.of(OnnxExport.INPUT), m.inputNames());
            Models.check("embedding round trip maskZero=" + maskZero, model.predict(ids), m.predict(ids).data(), TOL);
        }
    }

    @Test
    void importBuildsGru4jLayersWithTheOriginalWeights() throws Exception {
        Sequential model = Models.all().get("bi_gru_concat_seq").get();
        OnnxModel m = OnnxImport.load(OnnxExport.toBytes(model, false), "bi.onnx");
        assertEquals(2, m.recurrentLayers().size());
        org.gru4j.nn.recurrent.Bidirectional bi = (org.gru4j.nn.recurrent.Bidirectional) model.sequentialLayers()
                .get(0);
        // z, r, h -> r, z, n at the import boundary gives back exactly the original blocks.
        assertEquals(0f, bi.forwardLayer().cell().weightIh().valueTensor()
                .maxAbsDiff(m.recurrentLayers().get(0).cell().weightIh().valueTensor()));
        assertEquals(0f, bi.backwardLayer().cell().biasHh().valueTensor()
                .maxAbsDiff(m.recurrentLayers().get(1).cell().biasHh().valueTensor()));
        assertTrue(m.recurrentLayers().get(1).goBackwards());
    }

    @Test
    void unsupportedOperatorNamesNodeOpAndSupportedList() throws Exception {
        OnnxProto.Model m = new OnnxProto.Model();
        m.irVersion = 8;
        m.opsets.put("", 14L);
        m.graph = new OnnxProto.Graph();
        OnnxProto.ValueInfo in = new OnnxProto.ValueInfo();
        in.name = "x";
        in.elemType = OnnxProto.FLOAT;
        in.dims = List.of("batch", 3L);
        m.graph.inputs.add(in);
        OnnxProto.Node conv = new OnnxProto.Node();
        conv.name = "my_conv";
        conv.opType = "Conv";
        conv.inputs.add("x");
        conv.outputs.add("y");
        m.graph.nodes.add(conv);
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> OnnxImport.load(OnnxProto.encodeModel(m), "conv.onnx"));
        assertTrue(e.getMessage().contains("my_conv") && e.getMessage().contains("Conv")
                && e.getMessage().contains("GRU") && e.getMessage().contains("conv.onnx"), e.getMessage());

        conv.opType = "GRU";
        OnnxProto.Attribute clip = new OnnxProto.Attribute();
        clip.name = "clip";
        clip.type = OnnxProto.ATTR_FLOAT;
        clip.f = 3f;
        conv.attributes.put("clip", clip);
        e = assertThrows(ModelFormatException.class, () -> OnnxImport.load(OnnxProto.encodeModel(m), "gru.onnx"));
        assertTrue(e.getMessage().contains("my_conv") && e.getMessage().contains("GRU"), e.getMessage());
    }

    @Test
    void unsupportedExportNamesTheLayer() {
        Sequential s = new Sequential(1);
        s.input(-1, 4);
        s.add(new org.gru4j.nn.Embedding(5, 4, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExport.toBytes(s.build(), false));
        assertTrue(e.getMessage().contains("token ids") || e.getMessage().contains("Embedding"), e.getMessage());
    }

    @Test
    void layerNormalizedGruIsRejectedByName() {
        Sequential s = new Sequential(1);
        s.input(-1, 3).add(new org.gru4j.nn.recurrent.GRU(4).layerNorm(true).name("ln_gru"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExport.toBytes(s.build(), false));
        assertTrue(e.getMessage().contains("ln_gru (LayerNormGRU)"), e.getMessage());
    }
}
