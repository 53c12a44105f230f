package org.gru4j.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gru4j.io.Json;
import org.gru4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every real Keras file in {@code src/test/resources/fixtures} (see its README for origins and licences) runs in
 * gru4j and matches the independent float64 reference in {@code <name>.expected.json}: the final output and every
 * layer's output (for the T=1000 medaka model only at the listed time steps), within 1e-5 absolute. The README
 * measures float32-vs-float64 noise at up to 1.8e-6.
 */
class KerasFixturesTest {
    static final double TOLERANCE = 1e-5;

    static Path fixture(String file) throws Exception {
        return Path.of(KerasFixturesTest.class.getResource("/fixtures/" + file).toURI());
    }

    static KerasModel load(String name) throws Exception {
        if (name.equals("lstm_keras213_dl4j")) {
            return KerasImport.load(fixture(name + ".weights.h5"), fixture(name + ".config.json"));
        }
        String file = Files.exists(fixture("").resolve(name + ".keras")) ? name + ".keras" : name + ".h5";
        return KerasImport.load(fixture(file));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> expected(String name) throws Exception {
        return (Map<String, Object>) Json.parse(Files.readAllBytes(fixture(name + ".expected.json")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gru_keras214_tfp", "bigru_keras215_medaka", "gru_tfkeras210_cos30018",
        "gru_keras35_legacy", "gru_keras310", "lstm_keras310", "bilstm_tfkeras224_dl4j", "simplernn_keras213_dl4j",
        "lstm_keras213_dl4j"})
    @SuppressWarnings("unchecked")
    void matchesReference(String name) throws Exception {
        KerasModel model = load(name);
        Map<String, Object> exp = expected(name);
        assertEquals(exp.get("keras_version"), model.kerasVersion());
        Map<String, Object> input = (Map<String, Object>) exp.get("input");
        Tensor x = tensor(input.get("data"), shape(input.get("shape")));
        Map<String, Tensor> outs = model.predictAll(x);

        double worst = 0;
        Map<String, Object> output = (Map<String, Object>) exp.get("output");
        Tensor y = model.predict(x);
        assertArrayEquals(shape(output.get("shape")), y.shape(), name + ": output shape");
        worst = Math.max(worst, compare(name + " output", y, flatten(output.get("data"))));

        for (Object o : (List<Object>) exp.get("layers")) {
            Map<String, Object> l = (Map<String, Object>) o;
            String layer = (String) l.get("name");
            Tensor got = outs.get(layer);
            if (got == null) {
                fail(name + ": no output for layer " + layer + "; have " + outs.keySet());
            }
            assertArrayEquals(shape(l.get("shape")), got.shape(), name + "/" + layer + ": shape");
            if (l.containsKey("timesteps")) {
                int[] ts = shape(l.get("timesteps"));
                worst = Math.max(worst, compare(name + "/" + layer, atTimesteps(got, ts),
                        flatten(l.get("output_at_timesteps"))));
            } else {
                worst = Math.max(worst, compare(name + "/" + layer, got, flatten(l.get("output"))));
            }
        }
        System.out.printf("fixture %-26s keras %-9s %-16s worst |diff| %.3g%n", name, model.kerasVersion(),
                model.format(), worst);
    }

    /** Rows of a (B, T, F) tensor at the given steps, as (B, steps, F). */
    static Tensor atTimesteps(Tensor y, int[] ts) {
        int b = y.dim(0);
        int t = y.dim(1);
        int f = y.dim(2);
        float[] d = new float[b * ts.length * f];
        for (int i = 0; i < b; i++) {
            for (int s = 0; s < ts.length; s++) {
                System.arraycopy(y.data(), (i * t + ts[s]) * f, d, (i * ts.length + s) * f, f);
            }
        }
        return Tensor.of(d, b, ts.length, f);
    }

    /** Max |got - want|; fails naming the tensor, the flat index and the difference. */
    static double compare(String what, Tensor got, double[] want) {
        assertEquals(want.length, got.size(), what + ": number of values");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < want.length; i++) {
            double d = Math.abs(got.data()[i] - want[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        double w = worst;
        int a = at;
        assertTrue(worst <= TOLERANCE, () -> what + ": |diff| " + w + " at flat index " + a + " (got "
                + got.data()[a] + ", want " + want[a] + ")");
        return worst;
    }

    static Tensor tensor(Object nested, int[] shape) {
        double[] d = flatten(nested);
        return Tensor.ofDoubles(d, shape);
    }

    @SuppressWarnings("unchecked")
    static int[] shape(Object o) {
        List<Object> l = (List<Object>) o;
        int[] s = new int[l.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = ((Number) l.get(i)).intValue();
        }
        return s;
    }

    static double[] flatten(Object nested) {
        List<Double> out = new ArrayList<>();
        flatten(nested, out);
        double[] d = new double[out.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = out.get(i);
        }
        return d;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(Object o, List<Double> out) {
        if (o instanceof List) {
            for (Object e : (List<Object>) o) {
                flatten(e, out);
            }
        } else {
            out.add(((Number) o).doubleValue());
        }
    }
}
