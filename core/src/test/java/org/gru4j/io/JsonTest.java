package org.gru4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {

    @Test
    void parsesEveryValueKind() {
        Object v = Json.parse(" {\"a\": [1, -2, 3.5, -0, 1e2, true, false, null, \"x\\u00e9\\n\\\"\"], \"b\": {}, "
                + "\"c\": [] } ");
        Map<?, ?> m = assertInstanceOf(Map.class, v);
        assertEquals(List.of("a", "b", "c"), new ArrayList<>(m.keySet()));
        List<?> a = (List<?>) m.get("a");
        assertEquals(1L, a.get(0));
        assertEquals(-2L, a.get(1));
        assertEquals(3.5, a.get(2));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) a.get(3)));
        assertEquals(100.0, a.get(4));
        assertEquals(Boolean.TRUE, a.get(5));
        assertEquals(Boolean.FALSE, a.get(6));
        assertNull(a.get(7));
        assertEquals("x\u00e9\n\"", a.get(8));
        assertEquals(Map.of(), m.get("b"));
        assertEquals(List.of(), m.get("c"));
    }

    @Test
    void keepsObjectOrder() {
        Map<?, ?> m = (Map<?, ?>) Json.parse("{\"z\":1,\"a\":2,\"m\":3}");
        assertEquals(List.of("z", "a", "m"), new ArrayList<>(m.keySet()));
    }

    @Test
    void integersBecomeLongsUntilTheyOverflow() {
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(9223372036854775808.0, Json.parse("9223372036854775808"));
        assertEquals(1e30, Json.parse("1000000000000000000000000000000"));
        assertEquals(2.0, Json.parse("2.0"));
        assertEquals(0.0, Json.parse("1e-400"));
    }

    @Test
    void escapesAndSurrogates() {
        assertEquals("\u0001/\b\f\r\t\\", Json.parse("\"\\u0001\\/\\b\\f\\r\\t\\\\\""));
        assertEquals("\uD83D\uDE00", Json.parse("\"\\ud83d\\uDE00\""));
        assertEquals("\uD83D\uDE00", Json.parse("\"\uD83D\uDE00\""));
        String weird = "a\"b\\c\u0000\u001f\u007f\u2028\uD800x\uDC00\uD83D\uDE00";
        String written = Json.write(weird);
        assertEquals(weird, Json.parse(written));
        assertEquals(weird, Json.parse(written.getBytes(StandardCharsets.UTF_8)));
        assertTrue(written.contains("\\ud800") && written.contains("\\udc00") && written.contains("\\u0000"),
                written);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``|expected a value, found end of input|0",
        "`   `|expected a value, found end of input|3",
        "`{`|expected a string key|1",
        "`{\"a\"}`|expected ':'|4",
        "`{\"a\":1,}`|expected a string key|7",
        "`{\"a\":1 \"b\":2}`|expected ',' or '}'|7",
        "`[1,]`|expected a value|3",
        "`[1 2]`|expected ',' or ']'|3",
        "`[1`|expected ',' or ']' in array, found end of input|2",
        "`{'a':1}`|expected a string key|1",
        "`01`|leading zero|1",
        "`-`|expected a digit|1",
        "`1.`|expected a digit after '.'|2",
        "`.5`|expected a value|0",
        "`1e`|expected a digit in exponent|2",
        "`+1`|expected a value|0",
        "`NaN`|expected a value|0",
        "`Infinity`|expected a value|0",
        "`-Infinity`|expected a digit|1",
        "`1e400`|beyond the double range|0",
        "`tru`|expected true|0",
        "`nul`|expected null|0",
        "`True`|expected a value|0",
        "`\"abc`|unterminated string|4",
        "`\"\\x\"`|invalid escape|2",
        "`\"\\u12G4\"`|expected 4 hex digits|5",
        "`\"\\u12\"`|expected 4 hex digits|5",
        "`\"\\`|unterminated escape|2",
        "`1 2`|expected end of input|2",
        "`{} x`|expected end of input|3",
        "`[1] // c`|expected end of input|4",
        "`{\"a\":1,\"a\":2}`|duplicate key \"a\"|7",
        "`\uFEFF{}`|byte order mark|0",
    })
    void reportsErrorsWithPosition(String text, String message, long position) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertEquals(position, e.position(), e.getMessage());
    }

    @Test
    void rejectsRawControlCharactersInStrings() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("\"a\nb\""));
        assertTrue(e.getMessage().contains("unescaped control character U+000A"), e.getMessage());
        assertEquals(2, e.position());
        assertThrows(JsonException.class, () -> Json.parse("\"\u0000\""));
        // outside strings a control character is simply not a token
        assertThrows(JsonException.class, () -> Json.parse("[1,\u00002]"));
        assertThrows(JsonException.class, () -> Json.parse("[1,\u000b2]"));
    }

    @Test
    void rejectsNonAsciiDigitsInUnicodeEscapes() {
        // Character.digit would accept the fullwidth digit; JSON does not
        assertThrows(JsonException.class, () -> Json.parse("\"\\u00\uFF11\uFF11\""));
        assertThrows(JsonException.class, () -> Json.parse("[\uFF11]"));
    }

    @Test
    void rejectsInvalidUtf8WithBytePosition() {
        byte[] bad = {'[', '"', (byte) 0xC3, '"', ']'};
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(bad));
        assertEquals(2, e.position());
        // overlong encoding of '/', encoded surrogate, and a truncated 3-byte sequence at the end
        assertThrows(JsonException.class, () -> Json.parse(new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'}));
        assertThrows(JsonException.class,
                () -> Json.parse(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}));
        assertThrows(JsonException.class, () -> Json.parse(new byte[] {'"', (byte) 0xE2, (byte) 0x82}));
        assertEquals("\u20ac", Json.parse(new byte[] {'"', (byte) 0xE2, (byte) 0x82, (byte) 0xAC, '"'}));
    }

    @Test
    void nestingIsLimited() {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertInstanceOf(List.class, Json.parse(ok));
        String objects = "{\"a\":".repeat(Json.MAX_DEPTH) + "1" + "}".repeat(Json.MAX_DEPTH);
        assertInstanceOf(Map.class, Json.parse(objects));

        JsonException e = assertThrows(JsonException.class,
                () -> Json.parse("[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1)));
        assertTrue(e.getMessage().contains("nesting deeper than 256"), e.getMessage());
        assertEquals(Json.MAX_DEPTH, e.position());
    }

    @Test
    void hostileInputFailsFast() {
        // inputs are built outside the timed region; each parse must finish well within a second
        rejectedFast("[".repeat(10_000_000));
        rejectedFast("{\"a\":".repeat(1_000_000));
        rejectedFast("\"" + "a".repeat(10_000_000));
        rejectedFast("1" + "0".repeat(1_000_000) + "e99999999");
        rejectedFast("[" + "0,".repeat(1_000_000));
        String longKey = "k".repeat(1_000_000);
        JsonException dup = rejectedFast("{\"" + longKey + "\":1,\"" + longKey + "\":2}");
        assertTrue(dup.getMessage().length() < 200, "message is abbreviated");
        String bigNumber = "1" + "0".repeat(300) + ".000";
        assertEquals(1e300, (Double) assertTimeoutPreemptively(Duration.ofSeconds(1), () -> Json.parse(bigNumber)),
                0.0);
    }

    private static JsonException rejectedFast(String text) {
        return assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> assertThrows(JsonException.class, () -> Json.parse(text)));
    }

    @Test
    void doublesRoundTripBitForBit() {
        Rng rng = new Rng(42);
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL,
            0.1, 1.0 / 3, 1e23, 5e-324, 2.2250738585072011e-308, 9007199254740993.0, 123456789012345680.0};
        List<Double> values = new ArrayList<>();
        for (double d : special) {
            values.add(d);
        }
        for (int i = 0; i < 20_000; i++) {
            double d = Double.longBitsToDouble(rng.nextLong());
            if (Double.isFinite(d)) {
                values.add(d);
            }
            values.add(rng.nextGaussian() * Math.pow(10, rng.nextInt(40) - 20));
        }
        List<?> back = (List<?>) Json.parse(Json.write(values));
        for (int i = 0; i < values.size(); i++) {
            if (Double.doubleToRawLongBits(values.get(i)) != Double.doubleToRawLongBits((Double) back.get(i))) {
                throw new AssertionError("value " + i + ": wrote " + values.get(i) + ", read " + back.get(i));
            }
        }
    }

    @Test
    void pythonReprParsesToTheSameBits() {
        // Python: repr(x) and struct.pack('<d', x).hex() for a few awkward values
        String[] repr = {"0.1", "-0.5969344762116663", "1e-05", "1.7976931348623157e+308", "5e-324", "1e+16",
            "2.2250738585072014e-308"};
        double[] expected = {0.1, -0.5969344762116663, 1e-5, Double.MAX_VALUE, Double.MIN_VALUE, 1e16,
            Double.MIN_NORMAL};
        for (int i = 0; i < repr.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]),
                    Double.doubleToRawLongBits(((Number) Json.parse(repr[i])).doubleValue()), repr[i]);
        }
    }

    @Test
    void floatsRoundTrip() {
        Rng rng = new Rng(7);
        float[] values = new float[10_000];
        for (int i = 0; i < values.length; i++) {
            float f;
            do {
                f = Float.intBitsToFloat((int) rng.nextLong());
            } while (!Float.isFinite(f));
            values[i] = f;
        }
        List<?> back = (List<?>) Json.parse(Json.write(values));
        for (int i = 0; i < values.length; i++) {
            float read = ((Double) back.get(i)).floatValue();
            assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(read),
                    "value " + i);
        }
    }

    @Test
    void writesCompactAndPretty() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "gru");
        m.put("units", 64);
        m.put("rate", 0.5);
        m.put("shape", new int[] {2, 3});
        m.put("flags", List.of(true, false));
        m.put("none", null);
        m.put("empty", Map.of());
        m.put("nothing", List.of());
        String compact = Json.write(m);
        assertEquals("{\"name\":\"gru\",\"units\":64,\"rate\":0.5,\"shape\":[2,3],\"flags\":[true,false],"
                + "\"none\":null,\"empty\":{},\"nothing\":[]}", compact);
        String pretty = Json.writePretty(m);
        assertEquals("{\n  \"name\": \"gru\",\n  \"units\": 64,\n  \"rate\": 0.5,\n"
                + "  \"shape\": [\n    2,\n    3\n  ],\n"
                + "  \"flags\": [\n    true,\n    false\n  ],\n"
                + "  \"none\": null,\n  \"empty\": {},\n  \"nothing\": []\n}",
                pretty);
        Map<String, Object> expected = new LinkedHashMap<>(m);
        expected.put("units", 64L);
        expected.put("shape", List.of(2L, 3L));
        assertEquals(expected, Json.parse(compact));
        assertEquals(expected, Json.parse(pretty));
    }

    @Test
    void writerRejectsWhatJsonCannotHold() {
        assertThrows(JsonException.class, () -> Json.write(Double.NaN));
        assertThrows(JsonException.class, () -> Json.write(List.of(Float.POSITIVE_INFINITY)));
        assertThrows(JsonException.class, () -> Json.write(new Object()));
        Map<Object, Object> intKey = new LinkedHashMap<>();
        intKey.put(1, 2);
        assertThrows(JsonException.class, () -> Json.write(intKey));
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        JsonException e = assertThrows(JsonException.class, () -> Json.write(cyclic));
        assertEquals(-1, e.position());
    }

    @Test
    void writesPrimitiveArrays() {
        assertEquals("[1,2]", Json.write(new long[] {1, 2}));
        assertEquals("[1.5,-0.0]", Json.write(new double[] {1.5, -0.0}));
        assertEquals("[0.1]", Json.write(new float[] {0.1f}));
        assertArrayEquals(new Object[] {0.1}, ((List<?>) Json.parse(Json.write(new float[] {0.1f}))).toArray(),
                "Float.toString writes the shortest decimal of the float, which parses back to that float");
        assertEquals("[]", Json.write(new int[0]));
        assertEquals(Arrays.asList(1L, null), Json.parse("[1,null]"));
    }
}
