package org.gru4j.nn.recurrent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gru4j.io.SafeTensors;
import org.gru4j.io.SafeTensorsFile;
import org.gru4j.nn.Context;
import org.gru4j.nn.Parameter;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;

/**
 * Every case of the PyTorch float64 golden files (src/test/resources/golden, made by golden_gen.py): outputs,
 * final states and the gradients of the input, the initial states and every parameter, computed in float32 from
 * the float64 inputs, must match to a relative error of at most 1e-5 (infinity norm of the difference over the
 * infinity norm of the reference, per tensor).
 */
class PyTorchGoldenTest {
    static final double MAX_RELATIVE_ERROR = 1e-5;
    static double worst;

    @Test
    void gruOneLayer() throws IOException {
        check("gru_1l", RecurrentStack.Kind.GRU, 1, false);
    }

    @Test
    void gruTwoLayersBidirectional() throws IOException {
        check("gru_2l_bidir", RecurrentStack.Kind.GRU, 2, true);
    }

    @Test
    void gruResetBefore() throws IOException {
        check("gru_reset_before_1l", RecurrentStack.Kind.GRU_RESET_BEFORE, 1, false);
    }

    @Test
    void lstmOneLayer() throws IOException {
        check("lstm_1l", RecurrentStack.Kind.LSTM, 1, false);
    }

    @Test
    void rnnTanhOneLayer() throws IOException {
        check("rnn_tanh_1l", RecurrentStack.Kind.RNN_TANH, 1, false);
    }

    private void check(String stem, RecurrentStack.Kind kind, int layers, boolean bidir) throws IOException {
        Map<String, Tensor> g = load(stem);
        Tensor x = g.get("input");
        Tensor h0 = g.get("h0");
        int hidden = h0.dim(2);
        RecurrentStack stack = new RecurrentStack(kind, x.dim(2), hidden, layers, bidir, new Rng(0));
        Map<String, Tensor> sd = new LinkedHashMap<>();
        g.forEach((k, v) -> {
            if (k.startsWith("weight_") || k.startsWith("bias_")) {
                sd.put(k, v);
            }
        });
        stack.loadStateDict(sd);
        RecurrentStack.Result r = stack.run(x, h0, g.get("c0"), null, Context.training(new Rng(1)));
        StringBuilder report = new StringBuilder();
        compare(report, stem, "output", r.output(), g.get("output"));
        compare(report, stem, "h_n", r.hn(), g.get("h_n"));
        if (r.cn() != null) {
            compare(report, stem, "c_n", r.cn(), g.get("c_n"));
        }
        RecurrentStack.StackGradients grads = stack.backward(r, g.get("R"), g.get("Rh"), g.get("Rc"));
        compare(report, stem, "grad.input", grads.input(), g.get("grad.input"));
        compare(report, stem, "grad.h0", grads.h0(), g.get("grad.h0"));
        if (grads.c0() != null) {
            compare(report, stem, "grad.c0", grads.c0(), g.get("grad.c0"));
        }
        Map<String, Parameter> params = stack.namedParameters();
        for (String key : sd.keySet()) {
            Parameter p = params.get(key);
            if (p == null) {
                // A single-bias cell: d/d(bias_ih) = d/d(bias_hh) = d/d(bias), since the two only add.
                p = params.get("bias" + key.substring(key.indexOf("_l")));
            }
            compare(report, stem, "grad." + key, p.gradTensor(), g.get("grad." + key));
        }
        System.out.print(report);
        assertTrue(report.indexOf("FAIL") < 0, report.toString());
    }

    private static void compare(StringBuilder report, String stem, String name, Tensor got, Tensor ref) {
        float[] a = got.data();
        float[] b = ref.data();
        if (a.length != b.length) {
            report.append("FAIL ").append(stem).append(' ').append(name).append(": shape ")
                    .append(Tensor.shapeString(got.shape())).append(" vs ").append(Tensor.shapeString(ref.shape()))
                    .append('\n');
            return;
        }
        double maxDiff = 0;
        double maxRef = 0;
        int at = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - refValue(ref, i));
            if (d > maxDiff) {
                maxDiff = d;
                at = i;
            }
            maxRef = Math.max(maxRef, Math.abs(refValue(ref, i)));
        }
        double rel = maxDiff / maxRef;
        worst = Math.max(worst, rel);
        report.append(rel <= MAX_RELATIVE_ERROR ? "ok   " : "FAIL ").append(stem).append(' ').append(name)
                .append(String.format(": max |diff| %.3e at %d (got %.9g, ref %.9g), relative %.3e%n", maxDiff, at,
                        a[at], refValue(ref, at), rel));
    }

    private static double refValue(Tensor ref, int i) {
        return DOUBLES.get(ref)[i];
    }

    /** Float64 reference values by tensor, so comparisons use the exact reference, not its float32 rounding. */
    private static final Map<Tensor, double[]> DOUBLES = new java.util.IdentityHashMap<>();

    /** Reads a golden file with the project's safetensors reader, keeping the float64 values beside the tensors. */
    static Map<String, Tensor> load(String stem) throws IOException {
        byte[] bytes;
        try (InputStream in = PyTorchGoldenTest.class.getResourceAsStream("/golden/" + stem + ".safetensors")) {
            bytes = in.readAllBytes();
        }
        SafeTensorsFile f = SafeTensors.read(bytes, stem);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : f.names()) {
            double[] d = f.doubles(name);
            Tensor t = Tensor.ofDoubles(d, f.shape(name));
            DOUBLES.put(t, d);
            out.put(name, t);
        }
        return out;
    }

    @Test
    void stateDictWithWrongShapesOrKeysIsRejectedWholesale() throws IOException {
        Map<String, Tensor> g = load("gru_1l");
        Map<String, Tensor> sd = new LinkedHashMap<>();
        g.forEach((k, v) -> {
            if (k.startsWith("weight_") || k.startsWith("bias_")) {
                sd.put(k, v);
            }
        });
        RecurrentStack stack = RecurrentStack.gru(3, 4, 1, false, new Rng(0));
        float[] before = stack.namedParameters().get("weight_ih_l0").valueTensor().data();
        Map<String, Tensor> wrong = new LinkedHashMap<>(sd);
        wrong.put("weight_hh_l0", Tensor.zeros(12, 5));
        org.gru4j.tensor.ShapeException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.gru4j.tensor.ShapeException.class, () -> stack.loadStateDict(wrong));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().endsWith(
                "state_dict tensor 'weight_hh_l0': expected shape (12, 4), got (12, 5)"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertArrayEquals(before,
                stack.namedParameters().get("weight_ih_l0").valueTensor().data(), "nothing may change");
        Map<String, Tensor> missing = new LinkedHashMap<>(sd);
        missing.remove("bias_hh_l0");
        IllegalArgumentException m = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> stack.loadStateDict(missing));
        org.junit.jupiter.api.Assertions.assertTrue(m.getMessage().contains("missing key 'bias_hh_l0'"), m.getMessage());
        Map<String, Tensor> extra = new LinkedHashMap<>(sd);
        extra.put("weight_ih_l1", Tensor.zeros(12, 4));
        IllegalArgumentException x = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> stack.loadStateDict(extra));
        org.junit.jupiter.api.Assertions.assertTrue(x.getMessage().contains("unexpected key(s) in state_dict "
                + "[weight_ih_l1]"), x.getMessage());
    }

    @org.junit.jupiter.api.AfterAll
    static void reportWorst() {
        System.out.printf("PyTorch golden cases: worst relative error %.3e (limit %.0e)%n", worst, MAX_RELATIVE_ERROR);
    }
}
