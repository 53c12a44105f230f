package org.gru4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gru4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every golden safetensors file parses, and every tensor equals, bit for bit, the same tensor in the matching
 * .json file (written by Python's repr, so parsing must be exact); shapes match MANIFEST.txt.
 */
class SafeTensorsGoldenTest {

    @ParameterizedTest
    @FieldSource("org.gru4j.io.Golden#STEMS")
    void tensorsEqualTheJsonCopyBitForBit(String stem) throws IOException {
        SafeTensorsFile st = SafeTensors.read(Golden.path(stem + ".safetensors"));
        Map<?, ?> json = (Map<?, ?>) Json.parse(Files.readAllBytes(Golden.path(stem + ".json")));
        Map<?, ?> tensors = (Map<?, ?>) json.get("tensors");

        assertEquals(new ArrayList<>(tensors.keySet()).stream().sorted().toList(),
                st.names().stream().sorted().toList(), stem + ": tensor names");
        for (String name : st.names()) {
            Map<?, ?> t = (Map<?, ?>) tensors.get(name);
            int[] shape = ((List<?>) t.get("shape")).stream().mapToInt(d -> ((Long) d).intValue()).toArray();
            assertArrayEquals(shape, st.shape(name), stem + "/" + name + ": shape");
            assertEquals(DType.F64, st.dtype(name), stem + "/" + name);

            List<Double> expected = new ArrayList<>();
            flatten(t.get("data"), expected);
            double[] actual = st.doubles(name);
            assertEquals(expected.size(), actual.length, stem + "/" + name + ": element count");
            for (int i = 0; i < actual.length; i++) {
                long e = Double.doubleToRawLongBits(expected.get(i));
                long a = Double.doubleToRawLongBits(actual[i]);
                if (e != a) {
                    throw new AssertionError(stem + "/" + name + "[" + i + "]: json " + expected.get(i)
                            + ", safetensors " + actual[i]);
                }
            }

            Tensor f32 = st.tensor(name);
            assertArrayEquals(shape, f32.shape());
            for (int i = 0; i < actual.length; i++) {
                assertEquals(Float.floatToRawIntBits((float) actual[i]), Float.floatToRawIntBits(f32.data()[i]),
                        stem + "/" + name + "[" + i + "] as float32");
            }
        }

        Map<?, ?> jsonMeta = (Map<?, ?>) json.get("metadata");
        Map<String, String> asStrings = new LinkedHashMap<>();
        jsonMeta.forEach((k, v) -> asStrings.put((String) k, String.valueOf(v)));
        assertEquals(asStrings, st.metadata(), stem + ": metadata");
        assertEquals(stem, st.metadata().get("case"));
    }

    /** Nested lists (or a bare number for a 0-d tensor) in row-major order. */
    private static void flatten(Object data, List<Double> out) {
        if (data instanceof List<?> l) {
            for (Object o : l) {
                flatten(o, out);
            }
        } else {
            out.add(((Number) data).doubleValue());
        }
    }

    @Test
    void shapesAndSizesMatchTheManifest() throws IOException {
        Pattern fileLine = Pattern.compile("(\\S+)\\.safetensors \\((\\d+) bytes\\), (\\S+)\\.json \\((\\d+) bytes\\)");
        Pattern tensorLine = Pattern.compile("\\s+(\\S+)\\s+\\[([0-9, ]*)\\]");
        Map<String, Map<String, int[]>> manifest = new LinkedHashMap<>();
        Map<String, int[]> current = null;
        for (String line : Files.readAllLines(Golden.path("MANIFEST.txt"))) {
            Matcher f = fileLine.matcher(line);
            Matcher t = tensorLine.matcher(line);
            if (f.matches()) {
                String stem = f.group(1);
                assertEquals(Long.parseLong(f.group(2)), Files.size(Golden.path(stem + ".safetensors")), stem);
                assertEquals(Long.parseLong(f.group(4)), Files.size(Golden.path(stem + ".json")), stem);
                current = new LinkedHashMap<>();
                manifest.put(stem, current);
            } else if (t.matches()) {
                String dims = t.group(2).trim();
                current.put(t.group(1), dims.isEmpty() ? new int[0]
                        : Arrays.stream(dims.split(",\\s*")).mapToInt(Integer::parseInt).toArray());
            } else {
                assertTrue(line.isBlank(), "unexpected MANIFEST line: " + line);
            }
        }
        assertEquals(Golden.STEMS.stream().sorted().toList(), manifest.keySet().stream().sorted().toList());
        for (var e : manifest.entrySet()) {
            SafeTensorsFile st = SafeTensors.read(Golden.path(e.getKey() + ".safetensors"));
            assertEquals(e.getValue().keySet().stream().sorted().toList(), st.names().stream().sorted().toList());
            assertFalse(st.names().isEmpty());
            e.getValue().forEach((name, shape) -> assertArrayEquals(shape, st.shape(name), e.getKey() + "/" + name));
        }
    }

    @Test
    void pathAndByteReadersAgree() throws IOException {
        for (String stem : Golden.STEMS) {
            SafeTensorsFile fromPath = SafeTensors.read(Golden.path(stem + ".safetensors"));
            SafeTensorsFile fromBytes = SafeTensors.read(Files.readAllBytes(Golden.path(stem + ".safetensors")));
            assertEquals(fromPath.names(), fromBytes.names());
            assertEquals(fromPath.metadata(), fromBytes.metadata());
            for (String name : fromPath.names()) {
                assertArrayEquals(fromPath.bytes(name), fromBytes.bytes(name), stem + "/" + name);
            }
        }
    }
}
