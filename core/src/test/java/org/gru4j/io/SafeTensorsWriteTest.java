package org.gru4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writer round trips, atomic replacement, and reading every dtype. */
class SafeTensorsWriteTest {
    @TempDir
    Path dir;

    static Map<String, Tensor> sample() {
        Rng rng = new Rng(3);
        float[] w = new float[12];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.nextGaussian();
        }
        w[0] = -0.0f;
        w[1] = Float.MIN_VALUE;
        w[2] = Float.POSITIVE_INFINITY;
        w[3] = Float.intBitsToFloat(0x7FC00001); // a NaN with a payload
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("weight", Tensor.of(w, 3, 4));
        m.put("scalar", Tensor.of(new float[] {2.5f}));
        m.put("empty", Tensor.zeros(0, 3));
        m.put("also.empty", Tensor.zeros(2, 0, 5));
        m.put("unicode \u00e9\u4e2d\"\\", Tensor.of(new float[] {1, 2}, 2));
        return m;
    }

    static void assertSame(Map<String, Tensor> expected, SafeTensorsFile actual) {
        assertEquals(List.copyOf(expected.keySet()), actual.names());
        expected.forEach((name, t) -> {
            assertEquals(DType.F32, actual.dtype(name));
            assertArrayEquals(t.shape(), actual.shape(name), name);
            float[] back = actual.tensor(name).data();
            assertEquals(t.size(), back.length, name);
            for (int i = 0; i < back.length; i++) {
                assertEquals(Float.floatToRawIntBits(t.data()[i]), Float.floatToRawIntBits(back[i]),
                        name + "[" + i + "]");
            }
        });
    }

    @Test
    void float32RoundTripWithMetadataScalarsAndEmptyTensors() throws IOException {
        Map<String, Tensor> tensors = sample();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "gru4j");
        meta.put("note", "line\nbreak \u00fc");
        Path p = dir.resolve("model.safetensors");
        SafeTensors.write(p, tensors, meta);

        SafeTensorsFile f = SafeTensors.read(p);
        assertSame(tensors, f);
        assertEquals(meta, f.metadata());
        assertEquals(List.copyOf(meta.keySet()), List.copyOf(f.metadata().keySet()));
        assertArrayEquals(new int[0], f.shape("scalar"));
        assertEquals(0, f.tensor("scalar").rank());
        assertEquals(2.5f, f.tensor("scalar").data()[0]);
        assertArrayEquals(SafeTensors.toBytes(tensors, meta), Files.readAllBytes(p));
        assertSame(tensors, SafeTensors.read(SafeTensors.toBytes(tensors, meta)));
    }

    @Test
    void headerIsPaddedToEightBytesAndTensorsAreContiguous() {
        for (int extra = 0; extra < 10; extra++) {
            byte[] bytes = SafeTensors.toBytes(Map.of("x".repeat(extra + 1), Tensor.zeros(1)), Map.of());
            long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(0, n % 8, "header length " + n);
            assertEquals(8 + n + 4, bytes.length);
            String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
            assertTrue(header.startsWith("{\"x"), header);
            assertEquals(header.trim() + " ".repeat(header.length() - header.trim().length()), header);
        }
        byte[] bytes = SafeTensors.toBytes(sample(), Map.of());
        String header = new String(bytes, 8, (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(),
                StandardCharsets.UTF_8);
        assertTrue(header.contains("\"weight\":{\"dtype\":\"F32\",\"shape\":[3,4],\"data_offsets\":[0,48]}"), header);
        assertTrue(header.contains("\"scalar\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[48,52]}"), header);
        assertTrue(!header.contains("__metadata__"), "empty metadata is omitted");
    }

    @Test
    void float64WriterKeepsEveryBit() throws IOException {
        Rng rng = new Rng(11);
        double[] d = new double[1000];
        for (int i = 0; i < d.length; i++) {
            d[i] = Double.longBitsToDouble(rng.nextLong());
        }
        Path p = dir.resolve("f64.safetensors");
        SafeTensors.writer()
                .add("d", d, 10, 100)
                .add("s", new double[] {Math.PI})
                .add("f", Tensor.of(new float[] {1.5f}, 1))
                .metadata("k", "v")
                .write(p);
        SafeTensorsFile f = SafeTensors.read(p);
        assertEquals(DType.F64, f.dtype("d"));
        assertArrayEquals(new int[] {10, 100}, f.shape("d"));
        double[] back = f.doubles("d");
        for (int i = 0; i < d.length; i++) {
            assertEquals(Double.doubleToRawLongBits(d[i]), Double.doubleToRawLongBits(back[i]), "d[" + i + "]");
        }
        assertEquals(Math.PI, f.doubles("s")[0]);
        assertEquals((float) Math.PI, f.tensor("s").data()[0]);
        assertEquals(DType.F32, f.dtype("f"));
        assertEquals(1.5, f.doubles("f")[0]);
        assertEquals(Map.of("k", "v"), f.metadata());
    }

    @Test
    void largeTensorCrossesTheChunkBuffer() throws IOException {
        float[] big = new float[100_003];
        for (int i = 0; i < big.length; i++) {
            big[i] = i * 0.5f;
        }
        Path p = dir.resolve("big.safetensors");
        SafeTensors.write(p, Map.of("big", Tensor.of(big, big.length)), Map.of());
        assertArrayEquals(big, SafeTensors.read(p).tensor("big").data());
    }

    @Test
    void goldenFilesRewriteIdentically() throws IOException {
        for (String stem : Golden.STEMS) {
            SafeTensorsFile g = SafeTensors.read(Golden.path(stem + ".safetensors"));
            SafeTensors.Writer w = SafeTensors.writer();
            g.names().forEach(n -> w.add(n, g.doubles(n), g.shape(n)));
            g.metadata().forEach(w::metadata);
            SafeTensorsFile back = SafeTensors.read(w.toBytes());
            assertEquals(g.metadata(), back.metadata());
            for (String n : g.names()) {
                assertArrayEquals(g.bytes(n), back.bytes(n), stem + "/" + n);
            }
        }
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path p = dir.resolve("m.safetensors");
        SafeTensors.write(p, Map.of("a", Tensor.zeros(2)), Map.of());
        SafeTensors.write(p, Map.of("b", Tensor.zeros(3)), Map.of());
        assertEquals(List.of("b"), SafeTensors.read(p).names());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList());
        }
    }

    @Test
    void failedWriteKeepsTheOldFileAndDeletesTheTemporary() throws IOException {
        Path p = dir.resolve("keep.bin");
        AtomicFiles.write(p, "old".getBytes(StandardCharsets.UTF_8));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(p, ch -> {
            AtomicFiles.writeFully(ch, ByteBuffer.wrap("partial new content".getBytes(StandardCharsets.UTF_8)));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("old", Files.readString(p));
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(p, ch -> {
            throw new IllegalStateException("bug");
        }));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList());
        }
    }

    @Test
    void writerRejectsBadInput() {
        SafeTensors.Writer w = SafeTensors.writer().add("a", Tensor.zeros(1));
        assertThrows(IllegalArgumentException.class, () -> w.add("a", Tensor.zeros(1)));
        assertThrows(IllegalArgumentException.class, () -> w.add("__metadata__", Tensor.zeros(1)));
        assertThrows(IllegalArgumentException.class, () -> w.add("d", new double[3], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> w.metadata("k", "v").metadata("k", "w"));
        assertThrows(NullPointerException.class, () -> w.metadata("k2", null));
    }

    @Test
    void missingNameListsTheAvailableNames() throws IOException {
        SafeTensorsFile f = SafeTensors.read(SafeTensors.toBytes(sample(), Map.of()), "sample.safetensors");
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> f.tensor("bias"));
        assertTrue(e.getMessage().contains("sample.safetensors: no tensor named 'bias'"), e.getMessage());
        assertTrue(e.getMessage().contains("weight") && e.getMessage().contains("scalar"), e.getMessage());
        assertThrows(NoSuchElementException.class, () -> f.shape("x"));
    }

    /** A file with header {@code header} (unpadded) followed by {@code data}. */
    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        return b.putLong(h.length).put(h).put(data).array();
    }

    static byte[] le(int bytesPer, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * bytesPer).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            switch (bytesPer) {
                case 1 -> b.put((byte) v);
                case 2 -> b.putShort((short) v);
                case 4 -> b.putInt((int) v);
                default -> b.putLong(v);
            }
        }
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteBuffer b = ByteBuffer.allocate(Stream.of(parts).mapToInt(p -> p.length).sum());
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    @Test
    void readsEveryDtype() throws IOException {
        byte[] f16 = le(2, 0x3C00, 0xC000, 0x0001, 0x7C00, 0x8000, 0x7BFF, 0x3555, 0x03FF, 0xFC00);
        byte[] bf16 = le(2, 0x3F80, 0xC040, 0x0001);
        byte[] i64 = le(8, -5, 1L << 40);
        byte[] i32 = le(4, -7, Integer.MAX_VALUE);
        byte[] i16 = le(2, -32768, 32767);
        byte[] i8 = le(1, -128, 127);
        byte[] u8 = le(1, 255, 0);
        byte[] bool = le(1, 0, 1, 1);
        byte[] f64 = le(8, Double.doubleToRawLongBits(0.1));
        byte[] f32 = le(4, Float.floatToRawIntBits(0.1f));
        String header = "{\"f16\":{\"dtype\":\"F16\",\"shape\":[9],\"data_offsets\":[0,18]},"
                + "\"bf16\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[18,24]},"
                + "\"i64\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[24,40]},"
                + "\"i32\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[40,48]},"
                + "\"i16\":{\"dtype\":\"I16\",\"shape\":[2],\"data_offsets\":[48,52]},"
                + "\"i8\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[52,54]},"
                + "\"u8\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[54,56]},"
                + "\"bool\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[56,59]},"
                + "\"f64\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[59,67]},"
                + "\"f32\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[67,71]}}";
        SafeTensorsFile f = SafeTensors.read(file(header, concat(f16, bf16, i64, i32, i16, i8, u8, bool, f64, f32)));

        assertArrayEquals(new float[] {1, -2, 0x1p-24f, Float.POSITIVE_INFINITY, -0.0f, 65504, 0.333251953125f,
            0x3FFp-24f, Float.NEGATIVE_INFINITY}, f.tensor("f16").data());
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(f.tensor("f16").data()[4]));
        assertArrayEquals(new float[] {1, -3, Float.intBitsToFloat(0x10000)}, f.tensor("bf16").data());
        assertArrayEquals(new double[] {-5, 0x1p40}, f.doubles("i64"));
        assertArrayEquals(new double[] {-7, Integer.MAX_VALUE}, f.doubles("i32"));
        assertArrayEquals(new float[] {-32768, 32767}, f.tensor("i16").data());
        assertArrayEquals(new float[] {-128, 127}, f.tensor("i8").data());
        assertArrayEquals(new float[] {255, 0}, f.tensor("u8").data());
        assertArrayEquals(new float[] {0, 1, 1}, f.tensor("bool").data());
        assertEquals(0.1, f.doubles("f64")[0]);
        assertEquals(0.1f, f.tensor("f64").data()[0]);
        assertEquals(0, f.tensor("f64").rank());
        assertEquals((double) 0.1f, f.doubles("f32")[0]);
        assertEquals(DType.BF16, f.dtype("bf16"));
        assertArrayEquals(f16, f.bytes("f16"));

        // every finite half converts like the JDK's float16 arithmetic would: check against a slow reference
        for (int h = 0; h < 0x10000; h++) {
            float got = SafeTensorsFile.halfToFloat((short) h);
            int exp = (h >>> 10) & 0x1F;
            int mant = h & 0x3FF;
            double ref = exp == 0 ? mant * 0x1p-24 : exp == 31 ? (mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                    : (1 + mant / 1024.0) * Math.pow(2, exp - 15);
            ref = (h & 0x8000) != 0 ? -ref : ref;
            if (Double.isNaN(ref)) {
                assertTrue(Float.isNaN(got), "half " + Integer.toHexString(h));
            } else {
                assertEquals(Double.doubleToRawLongBits(ref), Double.doubleToRawLongBits(got),
                        "half " + Integer.toHexString(h));
            }
        }
    }
}
