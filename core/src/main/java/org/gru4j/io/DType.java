package org.gru4j.io;

/**
 * Element types of safetensors files, by their header names. All are little-endian; {@link #BOOL} is one byte,
 * 0 or 1. {@link #F16} is IEEE-754 binary16 and {@link #BF16} is bfloat16 (the upper half of a float32).
 */
public enum DType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The type named {@code name} exactly as in a safetensors header (e.g. "F32"), or null if unknown. */
    public static DType byName(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
