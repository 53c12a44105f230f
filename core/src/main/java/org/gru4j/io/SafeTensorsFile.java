package org.gru4j.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.gru4j.tensor.Tensor;

/**
 * The validated, fully loaded content of a safetensors file: named tensors with their stored dtype and shape, and
 * the {@code __metadata__} strings. Obtained from {@link SafeTensors#read(java.nio.file.Path)} or
 * {@link SafeTensors#read(byte[])}; once you hold one, every tensor in it is known to be well formed.
 *
 * <p>Tensors keep their stored bytes; {@link #tensor} and {@link #doubles} convert on each call and return fresh
 * arrays, so callers may modify the results. Asking for a name that is not in the file throws
 * {@link NoSuchElementException} listing the names that are. Immutable and thread-safe.
 */
public final class SafeTensorsFile {
    /** One tensor: stored type, shape and its little-endian bytes (exactly {@code count * dtype.byteSize()}). */
    record Entry(String name, DType dtype, int[] shape, byte[] data) {
    }

    private final String source;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    SafeTensorsFile(String source, Map<String, Entry> entries, Map<String, String> metadata) {
        this.source = source;
        this.entries = Collections.unmodifiableMap(entries);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /** Where the data came from (the file path, or a description for in-memory bytes), as used in messages. */
    public String source() {
        return source;
    }

    /** Tensor names in header order (the order they were written in, for files written by gru4j). */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The {@code __metadata__} map, empty when the file has none; unmodifiable. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The stored element type of tensor {@code name}. */
    public DType dtype(String name) {
        return entry(name).dtype;
    }

    /** The shape of tensor {@code name}; {@code []} for a 0-d scalar. */
    public int[] shape(String name) {
        return entry(name).shape.clone();
    }

    /** A copy of the stored little-endian bytes of tensor {@code name}. */
    public byte[] bytes(String name) {
        return entry(name).data.clone();
    }

    /**
     * Tensor {@code name} converted to float32: F64 and I64/I32 are rounded to nearest (I64 and I32 beyond 2^24 may
     * lose low bits), F16/BF16/I16/I8/U8 are exact, BOOL gives 0 or 1. A 0-d scalar becomes a rank-0 tensor of one
     * element.
     */
    public Tensor tensor(String name) {
        Entry e = entry(name);
        ByteBuffer b = ByteBuffer.wrap(e.data).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[e.data.length / e.dtype.byteSize()];
        switch (e.dtype) {
            case F32 -> b.asFloatBuffer().get(out);
            case F64 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) b.getDouble(8 * i);
                }
            }
            case F16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = halfToFloat(b.getShort(2 * i));
                }
            }
            default -> {
                double[] d = doubles(e);
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) d[i];
                }
            }
        }
        return Tensor.of(out, e.shape);
    }

    /**
     * Tensor {@code name} as doubles in row-major order: exact for every dtype except I64 values beyond 2^53.
     * For F64 data these are the stored bits, which is what golden-value tests compare against.
     */
    public double[] doubles(String name) {
        return doubles(entry(name));
    }

    private static double[] doubles(Entry e) {
        ByteBuffer b = ByteBuffer.wrap(e.data).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[e.data.length / e.dtype.byteSize()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (e.dtype) {
                case F64 -> b.getDouble(8 * i);
                case F32 -> b.getFloat(4 * i);
                case F16 -> halfToFloat(b.getShort(2 * i));
                // bfloat16 is the high half of a float32
                case BF16 -> Float.intBitsToFloat((b.getShort(2 * i) & 0xFFFF) << 16);
                case I64 -> b.getLong(8 * i);
                case I32 -> b.getInt(4 * i);
                case I16 -> b.getShort(2 * i);
                case I8, BOOL -> b.get(i);
                case U8 -> b.get(i) & 0xFF;
            };
        }
        return out;
    }

    /** IEEE-754 binary16 to float32, exact (JDK 17 has no {@code Float.float16ToFloat}). */
    static float halfToFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exp == 0x1F) {
            // infinity or NaN, keeping the NaN payload
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exp == 0) {
            // zero or subnormal: mantissa * 2^-24, exact in float
            float v = mantissa * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        // rebias the exponent from 15 to 127
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mantissa << 13));
    }

    private Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            List<String> names = new ArrayList<>(entries.keySet());
            String listed = names.size() <= 50 ? names.toString()
                    : names.subList(0, 50) + " and " + (names.size() - 50) + " more";
            throw new NoSuchElementException(source + ": no tensor named '" + name + "'; available: " + listed);
        }
        return e;
    }

    @Override
    public String toString() {
        return "SafeTensorsFile(" + source + ", " + entries.size() + " tensors)";
    }
}
