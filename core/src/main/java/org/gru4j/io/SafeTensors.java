package org.gru4j.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.gru4j.tensor.Tensor;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format.
 *
 * <h2>Layout</h2>
 * <pre>
 *   bytes [0, 8)          N, the header length: unsigned 64-bit little-endian
 *   bytes [8, 8 + N)      header: a UTF-8 JSON object (writers may pad it with trailing spaces)
 *   bytes [8 + N, end)    data section: raw little-endian tensor data, row-major (C order)
 * </pre>
 * The header maps each tensor name to {@code {"dtype": "F32", "shape": [2, 3], "data_offsets": [start, end]}},
 * with offsets in bytes relative to the first byte of the data section; the optional key {@code "__metadata__"}
 * maps to a {@code {string: string}} object. A 0-d scalar has shape {@code []} and one element.
 *
 * <h2>Validation</h2>
 * {@link #read} checks everything before it returns, and reports every problem as a {@link ModelFormatException}
 * naming the file, what was expected and what was found:
 * <ul>
 *   <li>the file holds the 8-byte length; N is at most {@link #MAX_HEADER_BYTES} (the reference implementation's
 *       limit) and fits in the file; the header is valid UTF-8 and a valid, strict JSON object ({@link Json}) with
 *       no duplicate names;</li>
 *   <li>each entry is an object with exactly the keys {@code dtype}, {@code shape}, {@code data_offsets}; the
 *       dtype is one of {@link DType}; every dimension is an integer in [0, 2^31 - 1]; the element count,
 *       computed with overflow checks, times the dtype size equals {@code end - start} exactly; offsets are
 *       non-negative integers with {@code start <= end <= } data section length;</li>
 *   <li>the byte ranges, sorted by start, do not overlap and cover the data section exactly, without gaps or
 *       trailing bytes, as the reference implementation requires;</li>
 *   <li>{@code __metadata__}, when present, is an object of strings; BOOL bytes are 0 or 1.</li>
 * </ul>
 * Nothing is allocated before the size that justifies it has been checked against the file's length, so a
 * small hostile file cannot make the reader allocate much more than its own size, and the reader never reads
 * past the end of the file. The whole data section is loaded into memory; a single tensor must fit in a Java
 * array (less than 2 GiB of data).
 *
 * <h2>Writing</h2>
 * {@link #write(Path, Map, Map)} writes float32 tensors in the map's iteration order, {@link #writer()} also writes
 * float64 data. Tensors are stored contiguously in the order added, {@code __metadata__} comes first in the header
 * and is omitted when empty, and the header is padded with spaces so the data section starts at a multiple of 8
 * bytes. Files are replaced atomically through {@link AtomicFiles}.
 */
public final class SafeTensors {
    /** Largest header accepted or written: 100 MB, as in the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final String METADATA_KEY = "__metadata__";

    private SafeTensors() {
    }

    /** Reads and validates a safetensors file; errors name {@code path}. */
    public static SafeTensorsFile read(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            String where = path.toString();
            return parse(ByteSource.of(ch, where), where);
        }
    }

    /** Reads and validates safetensors bytes held in memory. */
    public static SafeTensorsFile read(byte[] bytes) throws ModelFormatException {
        return read(bytes, "<in-memory safetensors>");
    }

    /** Reads and validates safetensors bytes held in memory; {@code sourceName} names them in error messages. */
    public static SafeTensorsFile read(byte[] bytes, String sourceName) throws ModelFormatException {
        try {
            return parse(ByteSource.of(bytes), sourceName);
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new AssertionError("in-memory reads do no I/O", e);
        }
    }

    /** Writes float32 tensors, in {@code tensors}' iteration order, and {@code metadata} atomically to {@code path}. */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        writerOf(tensors, metadata).write(path);
    }

    /** The bytes {@link #write(Path, Map, Map)} would write. */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        return writerOf(tensors, metadata).toBytes();
    }

    /** A builder for files mixing float32 and float64 tensors. */
    public static Writer writer() {
        return new Writer();
    }

    private static Writer writerOf(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Writer w = new Writer();
        tensors.forEach(w::add);
        metadata.forEach(w::metadata);
        return w;
    }

    /**
     * Collects tensors and metadata, then writes them. Arrays are referenced, not copied, and read when
     * {@link #write(Path)} or {@link #toBytes()} runs. Not thread-safe.
     */
    public static final class Writer {
        private record Pending(String name, DType dtype, int[] shape, float[] floats, double[] doubles) {
            long byteLength() {
                return (long) (floats != null ? floats.length : doubles.length) * dtype.byteSize();
            }
        }

        private final Map<String, Pending> tensors = new LinkedHashMap<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Writer() {
        }

        /** Adds a float32 tensor. */
        public Writer add(String name, Tensor t) {
            return put(new Pending(name, DType.F32, t.shape(), t.data(), null));
        }

        /** Adds a float64 tensor of the given shape; {@code data.length} must equal the product of the shape. */
        public Writer add(String name, double[] data, int... shape) {
            if (Tensor.checkedSize(shape) != data.length) {
                throw new IllegalArgumentException("tensor '" + name + "': " + data.length
                        + " values cannot take shape " + Tensor.shapeString(shape));
            }
            return put(new Pending(name, DType.F64, shape.clone(), null, data));
        }

        /** Adds one {@code __metadata__} entry. */
        public Writer metadata(String key, String value) {
            Objects.requireNonNull(key, "metadata key");
            Objects.requireNonNull(value, "metadata value");
            if (metadata.putIfAbsent(key, value) != null) {
                throw new IllegalArgumentException("duplicate metadata key '" + key + "'");
            }
            return this;
        }

        private Writer put(Pending p) {
            Objects.requireNonNull(p.name, "tensor name");
            if (p.name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("'" + METADATA_KEY + "' is reserved and cannot name a tensor");
            }
            if (tensors.putIfAbsent(p.name, p) != null) {
                throw new IllegalArgumentException("duplicate tensor name '" + p.name + "'");
            }
            return this;
        }

        /** Atomically replaces {@code path} with the file. */
        public void write(Path path) throws IOException {
            byte[] header = header();
            AtomicFiles.write(path, ch -> writeTo(ch, header));
        }

        /** The file as bytes (for small files and tests; limited to 2 GiB). */
        public byte[] toBytes() {
            byte[] header = header();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                writeTo(Channels.newChannel(out), header);
            } catch (IOException e) {
                throw new AssertionError("in-memory writes do no I/O", e);
            }
            return out.toByteArray();
        }

        /** Length field plus JSON header, padded with spaces to a multiple of 8 bytes. */
        private byte[] header() {
            Map<String, Object> json = new LinkedHashMap<>();
            if (!metadata.isEmpty()) {
                json.put(METADATA_KEY, metadata);
            }
            long offset = 0;
            for (Pending p : tensors.values()) {
                long end = offset + p.byteLength();
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("dtype", p.dtype.name());
                entry.put("shape", p.shape);
                entry.put("data_offsets", new long[] {offset, end});
                json.put(p.name, entry);
                offset = end;
            }
            byte[] text = Json.write(json).getBytes(StandardCharsets.UTF_8);
            int padded = (text.length + 7) & ~7;
            if (padded > MAX_HEADER_BYTES) {
                throw new IllegalStateException("header of " + padded + " bytes exceeds the " + MAX_HEADER_BYTES
                        + "-byte limit readers enforce");
            }
            byte[] out = new byte[8 + padded];
            ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            System.arraycopy(text, 0, out, 8, text.length);
            Arrays.fill(out, 8 + text.length, out.length, (byte) ' ');
            return out;
        }

        private void writeTo(WritableByteChannel ch, byte[] header) throws IOException {
            AtomicFiles.writeFully(ch, ByteBuffer.wrap(header));
            // Converts through one 64 KiB buffer so a large tensor is never duplicated in memory.
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Pending p : tensors.values()) {
                int n = p.floats != null ? p.floats.length : p.doubles.length;
                int perChunk = buf.capacity() / p.dtype.byteSize();
                for (int from = 0; from < n; from += perChunk) {
                    int count = Math.min(perChunk, n - from);
                    buf.clear();
                    if (p.floats != null) {
                        buf.asFloatBuffer().put(p.floats, from, count);
                    } else {
                        buf.asDoubleBuffer().put(p.doubles, from, count);
                    }
                    buf.limit(count * p.dtype.byteSize());
                    AtomicFiles.writeFully(ch, buf);
                }
            }
        }
    }

    /** Random access to the bytes being parsed, so files and arrays share one validating parser. */

    private static SafeTensorsFile parse(ByteSource src, String where) throws IOException {
        long size = src.size();
        if (size < 8) {
            throw fail(where, "expected at least 8 bytes (the header length), the file has " + size);
        }
        byte[] lengthField = new byte[8];
        src.read(0, lengthField);
        long n = ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN).getLong();
        // n < 0 means the unsigned value is at least 2^63
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw fail(where, "header length " + Long.toUnsignedString(n) + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        if (n > size - 8) {
            throw fail(where, "header length " + n + " exceeds the " + (size - 8)
                    + " bytes that follow the length field");
        }
        byte[] headerBytes = new byte[(int) n];
        src.read(8, headerBytes);
        Object root;
        try {
            root = Json.parse(Json.decodeUtf8(headerBytes));
        } catch (JsonException e) {
            throw new ModelFormatException(where + ": header is not valid UTF-8 JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> header)) {
            throw fail(where, "expected the header to be a JSON object, found " + typeName(root));
        }
        long dataStart = 8 + n;
        long dataLength = size - dataStart;

        Map<String, String> metadata = new LinkedHashMap<>();
        List<Range> ranges = new ArrayList<>();
        for (Map.Entry<?, ?> e : header.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                parseMetadata(e.getValue(), metadata, where);
            } else {
                ranges.add(parseEntry(name, e.getValue(), dataLength, where));
            }
        }
        checkCoverage(ranges, dataLength, where);

        Map<String, SafeTensorsFile.Entry> entries = new LinkedHashMap<>();
        for (Range r : ranges) {
            // Coverage was checked, so all these arrays together are exactly the data section's size.
            byte[] data = new byte[(int) (r.end - r.start)];
            src.read(dataStart + r.start, data);
            if (r.dtype == DType.BOOL) {
                for (int i = 0; i < data.length; i++) {
                    if (data[i] != 0 && data[i] != 1) {
                        throw fail(where, "tensor '" + shortly(r.name) + "': expected BOOL bytes 0 or 1, found "
                                + (data[i] & 0xFF) + " at element " + i);
                    }
                }
            }
            entries.put(r.name, new SafeTensorsFile.Entry(r.name, r.dtype, r.shape, data));
        }
        return new SafeTensorsFile(where, entries, metadata);
    }

    private record Range(String name, DType dtype, int[] shape, long start, long end) {
    }

    private static void parseMetadata(Object value, Map<String, String> out, String where)
            throws ModelFormatException {
        if (!(value instanceof Map<?, ?> m)) {
            throw fail(where, "expected " + METADATA_KEY + " to be an object of strings, found " + typeName(value));
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw fail(where, METADATA_KEY + " entry '" + shortly(e.getKey()) + "': expected a string, found "
                        + typeName(e.getValue()));
            }
            out.put((String) e.getKey(), s);
        }
    }

    private static Range parseEntry(String name, Object value, long dataLength, String where)
            throws ModelFormatException {
        String what = "tensor '" + shortly(name) + "'";
        if (!(value instanceof Map<?, ?> m)) {
            throw fail(where, what + ": expected an object with dtype, shape and data_offsets, found "
                    + typeName(value));
        }
        for (Object key : m.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw fail(where, what + ": expected only the keys dtype, shape and data_offsets, found '"
                        + shortly(key) + "'");
            }
        }
        if (!(m.get("dtype") instanceof String dtypeName)) {
            throw fail(where, what + ": expected a string dtype, found " + typeName(m.get("dtype")));
        }
        DType dtype = DType.byName(dtypeName);
        if (dtype == null) {
            throw fail(where, what + ": expected a dtype among " + Arrays.toString(DType.values()) + ", found '"
                    + shortly(dtypeName) + "'");
        }
        if (!(m.get("shape") instanceof List<?> dims)) {
            throw fail(where, what + ": expected shape to be an array of integers, found "
                    + typeName(m.get("shape")));
        }
        int[] shape = new int[dims.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            Object d = dims.get(i);
            if (!(d instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
                throw fail(where, what + ": expected shape dimensions to be integers in [0, "
                        + Integer.MAX_VALUE + "], found " + shortly(d) + " at index " + i);
            }
            shape[i] = (int) (long) l;
            try {
                count = Math.multiplyExact(count, l);
            } catch (ArithmeticException overflow) {
                throw fail(where, what + ": shape " + shortly(dims) + " has more elements than a 64-bit count holds");
            }
        }
        if (!(m.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2
                || !(offsets.get(0) instanceof Long start) || !(offsets.get(1) instanceof Long end)) {
            throw fail(where, what + ": expected data_offsets to be [start, end] integers, found "
                    + shortly(m.get("data_offsets")));
        }
        if (start < 0 || end < start || end > dataLength) {
            throw fail(where, what + ": expected data_offsets with 0 <= start <= end <= " + dataLength
                    + " (the data section's length), found [" + start + ", " + end + "]");
        }
        long bytes = end - start;
        if (bytes % dtype.byteSize() != 0 || bytes / dtype.byteSize() != count) {
            throw fail(where, what + ": data_offsets [" + start + ", " + end + "] hold " + bytes + " bytes but shape "
                    + shortly(dims) + " of " + dtype + " needs " + count + " elements of " + dtype.byteSize()
                    + " bytes");
        }
        if (bytes > Integer.MAX_VALUE - 8) {
            throw fail(where, what + ": " + bytes + " bytes of data do not fit in one Java array");
        }
        return new Range(name, dtype, shape, start, end);
    }

    /** Sorted by start, ranges must tile [0, dataLength) exactly. */
    private static void checkCoverage(List<Range> ranges, long dataLength, String where)
            throws ModelFormatException {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(Range::start).thenComparingLong(Range::end));
        long expected = 0;
        Range previous = null;
        for (Range r : sorted) {
            if (r.start < expected) {
                throw fail(where, "tensor '" + shortly(r.name) + "' bytes [" + r.start + ", " + r.end
                        + ") overlap tensor '" + shortly(previous.name) + "' bytes [" + previous.start + ", "
                        + previous.end + ")");
            }
            if (r.start > expected) {
                throw fail(where, "expected tensor data to be contiguous, found a gap: bytes [" + expected + ", "
                        + r.start + ") of the data section belong to no tensor");
            }
            expected = r.end;
            previous = r;
        }
        if (expected != dataLength) {
            throw fail(where, "expected the tensors to cover the " + dataLength + "-byte data section, found "
                    + (dataLength - expected) + " trailing bytes after the last tensor");
        }
    }

    private static String typeName(Object v) {
        if (v == null) {
            return "null";
        } else if (v instanceof Map) {
            return "an object";
        } else if (v instanceof List) {
            return "an array";
        } else if (v instanceof String) {
            return "a string";
        } else if (v instanceof Boolean) {
            return "a boolean";
        }
        return "the number " + v;
    }

    /** A value for an error message, cut short so a hostile header cannot make a huge message. */
    private static String shortly(Object v) {
        String s = String.valueOf(v);
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    private static ModelFormatException fail(String where, String message) {
        return new ModelFormatException(where + ": " + message);
    }
}
