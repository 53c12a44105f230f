package org.gru4j.io;

import static org.gru4j.io.SafeTensorsWriteTest.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Malformed, truncated and hostile files: the only allowed outcomes are a valid file or a
 * {@link ModelFormatException}, within a second.
 */
class SafeTensorsCorruptTest {
    private static final Duration FAST = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    /** A small valid file: a matrix, a scalar, an empty tensor and metadata. */
    static byte[] small() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("w", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        t.put("s", Tensor.of(new float[] {7}));
        t.put("e", Tensor.zeros(0));
        return SafeTensors.toBytes(t, Map.of("k", "v"));
    }

    /** Reads {@code bytes}; returns the file, or null if it was rejected with a ModelFormatException. */
    static SafeTensorsFile outcome(byte[] bytes, String what) {
        return assertTimeoutPreemptively(FAST, () -> {
            SafeTensorsFile f;
            try {
                f = SafeTensors.read(bytes);
            } catch (ModelFormatException e) {
                assertTrue(e.getMessage().startsWith("<in-memory safetensors>: "), e.getMessage());
                return null;
            } catch (Throwable t) {
                throw new AssertionError(what + ": expected success or ModelFormatException, got " + t, t);
            }
            // a file that was accepted must be usable throughout
            for (String name : f.names()) {
                f.tensor(name);
                f.doubles(name);
                f.dtype(name);
                f.shape(name);
            }
            return f;
        }, what);
    }

    static ModelFormatException rejected(byte[] bytes, String expectedMessagePart) {
        ModelFormatException e = assertTimeoutPreemptively(FAST,
                () -> assertThrows(ModelFormatException.class, () -> SafeTensors.read(bytes)));
        assertTrue(e.getMessage().contains(expectedMessagePart),
                "expected a message containing \"" + expectedMessagePart + "\", got: " + e.getMessage());
        return e;
    }

    static byte[] withLength(long headerLength, byte[] rest) {
        return ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength).put(rest)
                .array();
    }

    @Test
    void everyTruncationIsRejected() throws IOException {
        byte[] valid = small();
        outcome(valid, "untruncated");
        for (int len = 0; len < valid.length; len++) {
            byte[] cut = Arrays.copyOf(valid, len);
            if (outcome(cut, "truncated to " + len) != null) {
                fail("truncation to " + len + " of " + valid.length + " bytes was accepted");
            }
            Path p = dir.resolve("cut" + len + ".safetensors");
            Files.write(p, cut);
            ModelFormatException e = assertTimeoutPreemptively(FAST,
                    () -> assertThrows(ModelFormatException.class, () -> SafeTensors.read(p)));
            assertTrue(e.getMessage().startsWith(p.toString() + ": "), e.getMessage());
        }
    }

    @Test
    void flippedHeaderBytesAreRejectedOrHarmless() {
        byte[] valid = small();
        int headerEnd = 8 + (int) ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] replacements = {0x00, 0x01, 0x20, 0x7F, (byte) 0x80, (byte) 0xFF, '"', '{', '}', '[', ']', ',', ':',
            '0', '9', '-', 'e', '.', '\\'};
        int accepted = 0;
        for (int pos = 0; pos < headerEnd; pos++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] m = valid.clone();
                m[pos] ^= (byte) (1 << bit);
                accepted += outcome(m, "bit " + bit + " of byte " + pos + " flipped") != null ? 1 : 0;
            }
            for (byte r : replacements) {
                byte[] m = valid.clone();
                m[pos] = r;
                accepted += outcome(m, "byte " + pos + " set to " + r) != null ? 1 : 0;
            }
        }
        // flipping, e.g., a letter inside a tensor name or metadata value leaves a valid file
        assertTrue(accepted > 0, "some mutations should stay valid");
    }

    @Test
    void badHeaderLengths() {
        byte[] valid = small();
        byte[] rest = Arrays.copyOfRange(valid, 8, valid.length);
        rejected(withLength(1L << 40, rest), "header length 1099511627776 exceeds the limit of 100000000 bytes");
        rejected(withLength(Long.MIN_VALUE, rest), "header length 9223372036854775808 exceeds the limit");
        rejected(withLength(-1L, rest), "header length 18446744073709551615 exceeds the limit");
        rejected(withLength(SafeTensors.MAX_HEADER_BYTES + 1, rest), "exceeds the limit");
        rejected(withLength(rest.length + 1, rest), "header length " + (rest.length + 1) + " exceeds the "
                + rest.length + " bytes that follow");
        rejected(withLength(0, rest), "expected a value, found end of input");
        rejected(new byte[0], "expected at least 8 bytes (the header length), the file has 0");
        rejected(new byte[7], "the file has 7");
        rejected(withLength(8, "[[[[[[[[".getBytes(StandardCharsets.US_ASCII)),
                "expected a value, found end of input at position 8");
        byte[] deep = "[".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        rejected(withLength(deep.length, deep), "nesting deeper than 256 levels");
        // one byte too long: the header swallows the first data byte (0x00 of the float 1.0)
        long n = ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).getLong();
        rejected(withLength(n + 1, rest), "header is not valid UTF-8 JSON: expected end of input, found U+0000");
        // one byte too short: a padding space becomes a data byte, so the tensors no longer cover the data
        rejected(withLength(n - 1, rest), "");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // name | header | data length | expected message part
        "absurd shape 2^40 elements|{\"a\":{\"dtype\":\"F32\",\"shape\":[1048576,1048576],\"data_offsets\":[0,4]}}|4"
            + "|needs 1099511627776 elements",
        "element count overflows 64 bits|{\"a\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647],"
            + "\"data_offsets\":[0,4]}}|4|more elements than a 64-bit count holds",
        "dimension beyond int|{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296],\"data_offsets\":[0,4]}}|4"
            + "|found 4294967296 at index 0",
        "negative dimension|{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}|4|found -1 at index 0",
        "fractional dimension|{\"a\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}|4|found 1.0",
        "string dimension|{\"a\":{\"dtype\":\"F32\",\"shape\":[\"1\"],\"data_offsets\":[0,4]}}|4|found 1 at index 0",
        "shape not an array|{\"a\":{\"dtype\":\"F32\",\"shape\":4,\"data_offsets\":[0,4]}}|4|found the number 4",
        "negative start|{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}}|4|found [-4, 0]",
        "end before start|{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}|8|found [8, 4]",
        "end beyond data|{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}|3|"
            + "0 <= start <= end <= 3",
        "huge offsets|{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[9223372036854775804,"
            + "9223372036854775807]}}|4|0 <= start <= end <= 4",
        "offsets beyond long|{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,1e30]}}|4"
            + "|expected data_offsets to be [start, end] integers",
        "three offsets|{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}|4"
            + "|expected data_offsets to be [start, end] integers",
        "missing offsets|{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}|4|found null",
        "size not a multiple of dtype|{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,5]}}|5"
            + "|hold 5 bytes but shape [1] of F32 needs 1 elements of 4 bytes",
        "overlapping ranges|{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}|12|overlap tensor 'a'",
        "identical ranges|{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}|8|overlap tensor 'a'",
        "empty tensor inside another|{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,4]}}|8|overlap tensor 'a'",
        "gap between tensors|{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}|12|bytes [4, 8) of the data section",
        "trailing bytes|{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}|9|found 5 trailing bytes",
        "duplicate names|{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}|4|duplicate key \"a\"",
        "unknown dtype|{\"a\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}}|16"
            + "|expected a dtype among [F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL], found 'F128'",
        "lower-case dtype|{\"a\":{\"dtype\":\"f32\",\"shape\":[1],\"data_offsets\":[0,4]}}|4|found 'f32'",
        "dtype not a string|{\"a\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}|4"
            + "|expected a string dtype, found the number 4",
        "unknown entry key|{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}|4"
            + "|found 'x'",
        "entry not an object|{\"a\":[1,2]}|0|expected an object with dtype, shape and data_offsets, found an array",
        "header is an array|[1,2]|0|expected the header to be a JSON object, found an array",
        "header is a string|\"x\"|0|found a string",
        "header is null|null|0|found null",
        "header is a number|8|0|found the number 8",
        "metadata not an object|{\"__metadata__\":[\"a\"]}|0|expected __metadata__ to be an object of strings",
        "metadata value not a string|{\"__metadata__\":{\"seed\":1}}|0|__metadata__ entry 'seed': expected a string",
        "trailing garbage after JSON|{} x|0|expected end of input",
        "unterminated JSON|{\"a\":|0|expected a value, found end of input",
        "comment in JSON|{/*c*/}|0|expected a string key",
    })
    void malformedHeaders(String name, String header, int dataLength, String message) {
        rejected(file(header, new byte[dataLength]), message);
    }

    @Test
    void okAfterPadding() throws ModelFormatException {
        // spaces after the JSON object are the padding writers add; whitespace before it is valid JSON too
        String header = " {\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}   ";
        SafeTensorsFile f = SafeTensors.read(file(header, new byte[4]));
        assertEquals(0f, f.tensor("a").data()[0]);
        assertEquals(0, SafeTensors.read(file("{}", new byte[0])).names().size());
    }

    @Test
    void invalidUtf8InHeader() {
        byte[] good = file("{\"__metadata__\":{\"k\":\"vv\"}}", new byte[0]);
        byte[] bad = good.clone();
        int at = new String(good, StandardCharsets.ISO_8859_1).indexOf("vv");
        bad[at] = (byte) 0xC3; // a lead byte followed by an ASCII 'v'
        ModelFormatException e = rejected(bad, "invalid UTF-8 byte sequence at position " + (at - 8));
        assertTrue(e.getMessage().contains("header is not valid UTF-8 JSON"), e.getMessage());
        bad[at] = (byte) 0xFF;
        rejected(bad, "invalid UTF-8");
        // an encoded surrogate half (CESU-8) is not UTF-8
        byte[] cesu = file("{\"__metadata__\":{\"k\":\"\u0000\u0000\u0000\"}}", new byte[0]);
        int z = new String(cesu, StandardCharsets.ISO_8859_1).indexOf('\u0000', 8);
        cesu[z] = (byte) 0xED;
        cesu[z + 1] = (byte) 0xA0;
        cesu[z + 2] = (byte) 0x80;
        rejected(cesu, "invalid UTF-8");
    }

    @Test
    void boolValuesMustBeZeroOrOne() {
        String header = "{\"b\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[0,3]}}";
        rejected(file(header, new byte[] {0, 1, 2}), "expected BOOL bytes 0 or 1, found 2 at element 2");
    }

    @Test
    void mutationFuzz() throws IOException {
        Rng rng = new Rng(20241123);
        byte[][] seeds = {small(), Files.readAllBytes(Golden.path("rnn_tanh_1l.safetensors"))};
        int accepted = 0;
        int rejected = 0;
        for (int iter = 0; iter < 2000; iter++) {
            byte[] m = seeds[rng.nextInt(seeds.length)].clone();
            int headerEnd = 8 + (int) ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).getLong();
            int edits = 1 + rng.nextInt(4);
            StringBuilder log = new StringBuilder("iteration " + iter + ":");
            for (int e = 0; e < edits && m.length > 0; e++) {
                // most edits land in the header, where the parser's decisions are made
                int pos = rng.nextInt(4) == 0 ? rng.nextInt(m.length) : rng.nextInt(Math.min(headerEnd, m.length));
                switch (rng.nextInt(5)) {
                    case 0 -> {
                        m[pos] = (byte) rng.nextInt(256);
                        log.append(" set ").append(pos);
                    }
                    case 1 -> {
                        m[pos] ^= (byte) (1 << rng.nextInt(8));
                        log.append(" flip ").append(pos);
                    }
                    case 2 -> {
                        byte[] n = new byte[m.length + 1];
                        System.arraycopy(m, 0, n, 0, pos);
                        n[pos] = (byte) "{}[],:\"0123456789-.e \\".charAt(rng.nextInt(22));
                        System.arraycopy(m, pos, n, pos + 1, m.length - pos);
                        m = n;
                        log.append(" insert ").append(pos);
                    }
                    case 3 -> {
                        byte[] n = new byte[m.length - 1];
                        System.arraycopy(m, 0, n, 0, pos);
                        System.arraycopy(m, pos + 1, n, pos, m.length - pos - 1);
                        m = n;
                        log.append(" delete ").append(pos);
                    }
                    default -> {
                        m = Arrays.copyOf(m, pos);
                        log.append(" truncate ").append(pos);
                    }
                }
            }
            if (outcome(m, log.toString()) != null) {
                accepted++;
            } else {
                rejected++;
            }
        }
        assertEquals(2000, accepted + rejected);
        assertTrue(rejected > 1000, "most mutations break the file: " + rejected + " rejected");
    }
}
