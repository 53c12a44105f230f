package org.gru4j.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of the ONNX protobuf schema ({@code onnx/onnx.proto}, proto2) that gru4j reads and writes, as plain
 * classes with hand-written encoders and decoders over protobuf-java's {@link CodedInputStream} and
 * {@link CodedOutputStream}. No generated code: the schema is small and stable, and this keeps the decoder's
 * checks (lengths against remaining bytes, element counts against dims) in one readable place.
 *
 * <p>Field numbers, from onnx.proto (unlisted fields are skipped on read and never written):
 * <pre>
 *   ModelProto          ir_version 1 (int64), producer_name 2, producer_version 3, domain 4, model_version 5,
 *                       doc_string 6, graph 7, opset_import 8 (repeated OperatorSetIdProto)
 *   OperatorSetIdProto  domain 1 (string), version 2 (int64)
 *   GraphProto          node 1, name 2, initializer 5, doc_string 10, input 11, output 12, value_info 13
 *   NodeProto           input 1, output 2, name 3, op_type 4, attribute 5, doc_string 6, domain 7
 *   AttributeProto      name 1, f 2 (float), i 3 (int64), s 4 (bytes), t 5 (TensorProto), g 6 (GraphProto, skipped),
 *                       floats 7, ints 8, strings 9, tensors 10, type 20 (AttributeType)
 *   TensorProto         dims 1 (int64), data_type 2, float_data 4 (packed), int32_data 5 (packed), string_data 6,
 *                       int64_data 7 (packed), name 8, raw_data 9 (little-endian), double_data 10,
 *                       data_location 14 (1 = EXTERNAL, rejected)
 *   ValueInfoProto      name 1, type 2 (TypeProto)
 *   TypeProto           tensor_type 1 (TypeProto.Tensor: elem_type 1, shape 2); other kinds skipped
 *   TensorShapeProto    dim 1 (Dimension: dim_value 1 (int64), dim_param 2 (string))
 * </pre>
 *
 * <p>Decoding never trusts a length: each length-delimited field is checked against the bytes left in its enclosing
 * message before anything is allocated, and a tensor's element count must equal the product of its dims (computed
 * with overflow checks). Nested graphs (attribute {@code g}) and non-tensor types are skipped, not parsed, so the
 * recursion depth is fixed. Every protobuf error surfaces as {@link InvalidProtocolBufferException}, which
 * {@link OnnxImport} turns into a {@link org.gru4j.io.ModelFormatException}.
 */
final class OnnxProto {
    /** TensorProto.DataType values used here. */
    static final int FLOAT = 1;
    static final int UINT8 = 2;
    static final int INT8 = 3;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int BOOL = 9;
    static final int DOUBLE = 11;

    /** AttributeProto.AttributeType values. */
    static final int ATTR_FLOAT = 1;
    static final int ATTR_INT = 2;
    static final int ATTR_STRING = 3;
    static final int ATTR_TENSOR = 4;
    static final int ATTR_GRAPH = 5;
    static final int ATTR_FLOATS = 6;
    static final int ATTR_INTS = 7;
    static final int ATTR_STRINGS = 8;

    private OnnxProto() {
    }

    static final class Model {
        long irVersion;
        String producerName = "";
        String producerVersion = "";
        String domain = "";
        long modelVersion;
        String docString = "";
        Graph graph;
        /** Operator set versions by domain ("" is the default ONNX domain). */
        final Map<String, Long> opsets = new LinkedHashMap<>();
    }

    static final class Graph {
        String name = "";
        final List<Node> nodes = new ArrayList<>();
        final List<TensorData> initializers = new ArrayList<>();
        final List<ValueInfo> inputs = new ArrayList<>();
        final List<ValueInfo> outputs = new ArrayList<>();
    }

    static final class Node {
        String name = "";
        String opType = "";
        String domain = "";
        final List<String> inputs = new ArrayList<>();
        final List<String> outputs = new ArrayList<>();
        final Map<String, Attribute> attributes = new LinkedHashMap<>();

        /** Input {@code i}, or "" when absent (ONNX marks a skipped optional input with an empty name). */
        String input(int i) {
            return i < inputs.size() ? inputs.get(i) : "";
        }

        String output(int i) {
            return i < outputs.size() ? outputs.get(i) : "";
        }
    }

    static final class Attribute {
        String name = "";
        int type;
        float f;
        long i;
        String s = "";
        TensorData t;
        final List<Float> floats = new ArrayList<>();
        final List<Long> ints = new ArrayList<>();
        final List<String> strings = new ArrayList<>();
    }

    /**
     * A tensor: float-like types (FLOAT, DOUBLE) decode into {@link #floats}, integer-like ones (INT8/32/64, UINT8,
     * BOOL) into {@link #longs}; other types keep only their dims and type, and users of the value reject them.
     */
    static final class TensorData {
        String name = "";
        int dataType;
        long[] dims = new long[0];
        float[] floats;
        long[] longs;
    }

    static final class ValueInfo {
        String name = "";
        int elemType;
        /** One entry per dimension: a Long (dim_value) or a String (dim_param); null when the shape is unknown. */
        List<Object> dims;
    }

    // ------------------------------------------------------------------------------------------------- decoding

    private static int tag(int field, int wireType) {
        return (field << 3) | wireType;
    }

    private static final int LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int VARINT = WireFormat.WIRETYPE_VARINT;
    private static final int I32 = WireFormat.WIRETYPE_FIXED32;
    private static final int I64 = WireFormat.WIRETYPE_FIXED64;

    @FunctionalInterface
    private interface Decoder<T> {
        T decode(CodedInputStream in) throws IOException;
    }

    static Model decodeModel(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.pushLimit(bytes.length);
        Model m = new Model();
        while (!in.isAtEnd()) {
            int t = in.readTag();
            if (t == tag(1, VARINT)) {
                m.irVersion = in.readInt64();
            } else if (t == tag(2, LEN)) {
                m.producerName = in.readStringRequireUtf8();
            } else if (t == tag(3, LEN)) {
                m.producerVersion = in.readStringRequireUtf8();
            } else if (t == tag(4, LEN)) {
                m.domain = in.readStringRequireUtf8();
            } else if (t == tag(5, VARINT)) {
                m.modelVersion = in.readInt64();
            } else if (t == tag(6, LEN)) {
                m.docString = in.readStringRequireUtf8();
            } else if (t == tag(7, LEN)) {
                m.graph = message(in, OnnxProto::decodeGraph);
            } else if (t == tag(8, LEN)) {
                Object[] opset = message(in, OnnxProto::decodeOpset);
                m.opsets.put((String) opset[0], (Long) opset[1]);
            } else {
                skip(in, t);
            }
        }
        return m;
    }

    private static Object[] decodeOpset(CodedInputStream in) throws IOException {
        String domain = "";
        long version = 0;
        while (!in.isAtEnd()) {
            int t = in.readTag();
            if (t == tag(1, LEN)) {
                domain = in.readStringRequireUtf8();
            } else if (t == tag(2, VARINT)) {
                version = in.readInt64();
            } else {
                skip(in, t);
            }
        }
        return new Object[] {domain, version};
    }

    private static Graph decodeGraph(CodedInputStream in) throws IOException {
        Graph g = new Graph();
        while (!in.isAtEnd()) {
            int t = in.readTag();
            if (t == tag(1, LEN)) {
                g.nodes.add(message(in, OnnxProto::decodeNode));
            } else if (t == tag(2, LEN)) {
                g.name = in.readStringRequireUtf8();
            } else if (t == tag(5, LEN)) {
                g.initializers.add(message(in, OnnxProto::decodeTensor));
            } else if (t == tag(11, LEN)) {
                g.inputs.add(message(in, OnnxProto::decodeValueInfo));
            } else if (t == tag(12, LEN)) {
                g.outputs.add(message(in, OnnxProto::decodeValueInfo));
            } else {
                skip(in, t);
            }
        }
        return g;
    }

    private static Node decodeNode(CodedInputStream in) throws IOException {
        Node n = new Node();
        while (!in.isAtEnd()) {
            int t = in.readTag();
            if (t == tag(1, LEN)) {
                n.inputs.add(in.readStringRequireUtf8());
            } else if (t == tag(2, LEN)) {
                n.outputs.add(in.readStringRequireUtf8());
            } else if (t == tag(3, LEN)) {
                n.name = in.readStringRequireUtf8();
            } else if (t == tag(4, LEN)) {
                n.opType = in.readStringRequireUtf8();
            } else if (t == tag(5, LEN)) {
                Attribute a = message(in, OnnxProto::decodeAttribute);
                n.attributes.put(a.name, a);
            } else if (t == tag(7, LEN)) {
                n.domain = in.readStringRequireUtf8();
            } else {
                skip(in, t);
            }
        }
        return n;
    }

    private static Attribute decodeAttribute(CodedInputStream in) throws IOException {
        Attribute a = new Attribute();
        while (!in.isAtEnd()) {
            int t = in.readTag();
            if (t == tag(1, LEN)) {
                a.name = in.readStringRequireUtf8();
            } else if (t == tag(20, VARINT)) {
                a.type = in.readEnum();
            } else if (t == tag(2, I32)) {
                a.f = in.readFloat();
            } else if (t == tag(3, VARINT)) {
                a.i = in.readInt64();
            } else if (t == tag(4, LEN)) {
                a.s = in.readStringRequireUtf8();
            } else if (t == tag(5, LEN)) {
                a.t = message(in, OnnxProto::decodeTensor);
            } else if (t == tag(7, I32)) {
                a.floats.add(in.readFloat());
            } else if (t == tag(7, LEN)) {
                for (float v : packedFloats(in)) {
                    a.floats.add(v);
                }
            } else if (t == tag(8, VARINT)) {
                a.ints.add(in.readInt64());
            } else if (t == tag(8, LEN)) {
                LongList v = packedVarints(in);
                for (int k = 0; k < v.size; k++) {
                    a.ints.add(v.a[k]);
                }
            } else if (t == tag(9, LEN)) {
                a.strings.add(in.readStringRequireUtf8());
            } else {
                // g (6), tensors (10), graphs (11) and newer kinds are skipped: no supported operator uses them, and
                // skipping keeps the decoder free of unbounded recursion.
                skip(in, t);
            }
        }
        return a;
    }

    private static TensorData decodeTensor(CodedInputStream in) throws IOException {
        TensorData d = new TensorData();
        LongList dims = new LongList();
        byte[] raw = null;
        FloatList floatData = new FloatList();
        LongList intData = new LongList();
        List<Double> doubleData = new ArrayList<>();
        boolean external = false;
        while (!in.isAtEnd()) {
            int t = in.readTag();
            if (t == tag(1, VARINT)) {
                dims.add(in.readInt64());
            } else if (t == tag(1, LEN)) {
                dims.addAll(packedVarints(in));
            } else if (t == tag(2, VARINT)) {
                d.dataType = in.readInt32();
            } else if (t == tag(4, LEN)) {
                floatData.addAll(packedFloats(in));
            } else if (t == tag(4, I32)) {
                floatData.add(in.readFloat());
            } else if (t == tag(5, LEN) || t == tag(7, LEN)) {
                intData.addAll(packedVarints(in));
            } else if (t == tag(5, VARINT) || t == tag(7, VARINT)) {
                intData.add(in.readInt64());
            } else if (t == tag(8, LEN)) {
                d.name = in.readStringRequireUtf8();
            } else if (t == tag(9, LEN)) {
                raw = in.readByteArray();
            } else if (t == tag(10, LEN)) {
                int len = checkedLength(in);
                int old = in.pushLimit(len);
                while (!in.isAtEnd()) {
                    doubleData.add(in.readDouble());
                }
                in.popLimit(old);
            } else if (t == tag(10, I64)) {
                doubleData.add(in.readDouble());
            } else if (t == tag(14, VARINT)) {
                external = in.readEnum() == 1;
            } else {
                skip(in, t);
            }
        }
        if (external) {
            throw new InvalidProtocolBufferException("tensor '" + d.name + "' keeps its data in an external file, "
                    + "which is not supported; save the model with all tensors inside the .onnx file");
        }
        d.dims = dims.toArray();
        long count = 1;
        for (long v : d.dims) {
            if (v < 0) {
                throw new InvalidProtocolBufferException("tensor '" + d.name + "' has a negative dimension " + v);
            }
            count = Math.multiplyExact(count, v);
            if (count > Integer.MAX_VALUE) {
                throw new InvalidProtocolBufferException("tensor '" + d.name + "' is too large: " + count
                        + " elements");
            }
        }
        int n = (int) count;
        switch (d.dataType) {
            case FLOAT:
                if (raw != null) {
                    requireCount(d, n, raw.length, 4);
                    d.floats = new float[n];
                    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(d.floats);
                } else {
                    requireCount(d, n, floatData.size, 1);
                    d.floats = floatData.toArray();
                }
                break;
            case DOUBLE:
                d.floats = new float[n];
                if (raw != null) {
                    requireCount(d, n, raw.length, 8);
                    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < n; i++) {
                        d.floats[i] = (float) b.getDouble();
                    }
                } else {
                    requireCount(d, n, doubleData.size(), 1);
                    for (int i = 0; i < n; i++) {
                        d.floats[i] = doubleData.get(i).floatValue();
                    }
                }
                break;
            case INT64:
            case INT32:
            case INT8:
            case UINT8:
            case BOOL:
                if (raw != null) {
                    int width = d.dataType == INT64 ? 8 : d.dataType == INT32 ? 4 : 1;
                    requireCount(d, n, raw.length, width);
                    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
                    d.longs = new long[n];
                    for (int i = 0; i < n; i++) {
                        d.longs[i] = width == 8 ? b.getLong() : width == 4 ? b.getInt()
                                : d.dataType == INT8 ? b.get() : (b.get() & 0xff);
                    }
                } else {
                    requireCount(d, n, intData.size, 1);
                    d.longs = intData.toArray();
                }
                break;
            default:
                // Kept as dims and type only; an operator that needs the values rejects it by name.
                break;
        }
        return d;
    }

    private static void requireCount(TensorData d, int n, int have, int width) throws IOException {
        if ((long) n * width != have) {
            throw new InvalidProtocolBufferException("tensor '" + d.name + "': dims " + java.util.Arrays.toString(d.dims)
                    + " need " + n + " values (" + (long) n * width + " bytes), the data holds " + have
                    + (width == 1 ? " values" : " bytes"));
        }
    }

    private static ValueInfo decodeValueInfo(CodedInputStream in) throws IOException {
        ValueInfo v = new ValueInfo();
        while (!in.isAtEnd()) {
            int t = in.readTag();
            if (t == tag(1, LEN)) {
                v.name = in.readStringRequireUtf8();
            } else if (t == tag(2, LEN)) {
                message(in, c -> decodeType(c, v));
            } else {
                skip(in, t);
            }
        }
        return v;
    }

    private static Void decodeType(CodedInputStream in, ValueInfo v) throws IOException {
        while (!in.isAtEnd()) {
            int t = in.readTag();
            if (t == tag(1, LEN)) {
                message(in, c -> decodeTensorType(c, v));
            } else {
                skip(in, t);
            }
        }
        return null;
    }

    private static Void decodeTensorType(CodedInputStream in, ValueInfo v) throws IOException {
        while (!in.isAtEnd()) {
            int t = in.readTag();
            if (t == tag(1, VARINT)) {
                v.elemType = in.readInt32();
            } else if (t == tag(2, LEN)) {
                v.dims = new ArrayList<>();
                message(in, c -> {
                    while (!c.isAtEnd()) {
                        int dt = c.readTag();
                        if (dt == tag(1, LEN)) {
                            v.dims.add(message(c, OnnxProto::decodeDimension));
                        } else {
                            skip(c, dt);
                        }
                    }
                    return null;
                });
            } else {
                skip(in, t);
            }
        }
        return null;
    }

    private static Object decodeDimension(CodedInputStream in) throws IOException {
        Object d = "?";
        while (!in.isAtEnd()) {
            int t = in.readTag();
            if (t == tag(1, VARINT)) {
                d = in.readInt64();
            } else if (t == tag(2, LEN)) {
                d = in.readStringRequireUtf8();
            } else {
                skip(in, t);
            }
        }
        return d;
    }

    /** Reads a length prefix and checks it against the bytes left in the enclosing message. */
    private static int checkedLength(CodedInputStream in) throws IOException {
        int len = in.readRawVarint32();
        int left = in.getBytesUntilLimit();
        if (len < 0 || len > left) {
            throw new InvalidProtocolBufferException("a field declares " + len + " bytes but only " + left
                    + " remain in its message");
        }
        return len;
    }

    private static <T> T message(CodedInputStream in, Decoder<T> d) throws IOException {
        int len = checkedLength(in);
        int old = in.pushLimit(len);
        T value = d.decode(in);
        if (!in.isAtEnd()) {
            throw new InvalidProtocolBufferException("a nested message was not read to its end");
        }
        in.popLimit(old);
        return value;
    }

    private static float[] packedFloats(CodedInputStream in) throws IOException {
        int len = checkedLength(in);
        if (len % 4 != 0) {
            throw new InvalidProtocolBufferException("packed floats of " + len + " bytes, not a multiple of 4");
        }
        float[] out = new float[len / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = in.readFloat();
        }
        return out;
    }

    private static LongList packedVarints(CodedInputStream in) throws IOException {
        int len = checkedLength(in);
        int old = in.pushLimit(len);
        LongList out = new LongList();
        while (!in.isAtEnd()) {
            out.add(in.readInt64());
        }
        in.popLimit(old);
        return out;
    }

    private static void skip(CodedInputStream in, int tag) throws IOException {
        int wire = WireFormat.getTagWireType(tag);
        // ONNX uses no groups; refusing them also keeps skipField from recursing through nested group tags.
        if (tag == 0 || wire == WireFormat.WIRETYPE_START_GROUP || wire == WireFormat.WIRETYPE_END_GROUP
                || !in.skipField(tag)) {
            throw new InvalidProtocolBufferException("invalid tag " + tag);
        }
    }

    /** A growable long array; protobuf repeated fields have no declared count, so lists grow as they are read. */
    private static final class LongList {
        long[] a = new long[8];
        int size;

        void add(long v) {
            if (size == a.length) {
                a = java.util.Arrays.copyOf(a, 2 * size);
            }
            a[size++] = v;
        }

        void addAll(LongList o) {
            for (int i = 0; i < o.size; i++) {
                add(o.a[i]);
            }
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(a, size);
        }
    }

    private static final class FloatList {
        float[] a = new float[8];
        int size;

        void add(float v) {
            if (size == a.length) {
                a = java.util.Arrays.copyOf(a, 2 * size);
            }
            a[size++] = v;
        }

        void addAll(float[] v) {
            for (float x : v) {
                add(x);
            }
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(a, size);
        }
    }

    // ------------------------------------------------------------------------------------------------- encoding

    /**
     * Serializes one message. Nested messages are encoded into their own writer first, because protobuf needs the
     * byte length before the body; models are small enough that the copy does not matter.
     */
    static final class Writer {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(buf);

        Writer string(int field, String s) throws IOException {
            if (s != null && !s.isEmpty()) {
                out.writeString(field, s);
            }
            return this;
        }

        Writer int64(int field, long v) throws IOException {
            out.writeInt64(field, v);
            return this;
        }

        Writer float32(int field, float v) throws IOException {
            out.writeFloat(field, v);
            return this;
        }

        Writer bytes(int field, byte[] b) throws IOException {
            out.writeByteArray(field, b);
            return this;
        }

        Writer message(int field, Writer w) throws IOException {
            out.writeByteArray(field, w.toBytes());
            return this;
        }

        byte[] toBytes() throws IOException {
            out.flush();
            return buf.toByteArray();
        }
    }

    static byte[] encodeModel(Model m) throws IOException {
        Writer w = new Writer().int64(1, m.irVersion).string(2, m.producerName).string(3, m.producerVersion)
                .string(4, m.domain).int64(5, m.modelVersion).string(6, m.docString);
        w.message(7, encodeGraph(m.graph));
        for (Map.Entry<String, Long> e : m.opsets.entrySet()) {
            w.message(8, new Writer().string(1, e.getKey()).int64(2, e.getValue()));
        }
        return w.toBytes();
    }

    private static Writer encodeGraph(Graph g) throws IOException {
        Writer w = new Writer();
        for (Node n : g.nodes) {
            w.message(1, encodeNode(n));
        }
        w.string(2, g.name);
        for (TensorData t : g.initializers) {
            w.message(5, encodeTensor(t));
        }
        for (ValueInfo v : g.inputs) {
            w.message(11, encodeValueInfo(v));
        }
        for (ValueInfo v : g.outputs) {
            w.message(12, encodeValueInfo(v));
        }
        return w;
    }

    private static Writer encodeNode(Node n) throws IOException {
        Writer w = new Writer();
        for (String s : n.inputs) {
            w.out.writeString(1, s); // empty names are meaningful here: a skipped optional input
        }
        for (String s : n.outputs) {
            w.out.writeString(2, s);
        }
        w.string(3, n.name).string(4, n.opType);
        for (Attribute a : n.attributes.values()) {
            w.message(5, encodeAttribute(a));
        }
        w.string(7, n.domain);
        return w;
    }

    private static Writer encodeAttribute(Attribute a) throws IOException {
        Writer w = new Writer().string(1, a.name);
        switch (a.type) {
            case ATTR_FLOAT:
                w.float32(2, a.f);
                break;
            case ATTR_INT:
                w.int64(3, a.i);
                break;
            case ATTR_STRING:
                w.bytes(4, a.s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                break;
            case ATTR_TENSOR:
                w.message(5, encodeTensor(a.t));
                break;
            case ATTR_FLOATS:
                for (float f : a.floats) {
                    w.float32(7, f);
                }
                break;
            case ATTR_INTS:
                for (long v : a.ints) {
                    w.int64(8, v);
                }
                break;
            case ATTR_STRINGS:
                for (String s : a.strings) {
                    w.bytes(9, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                break;
            default:
                throw new IllegalArgumentException("attribute " + a.name + ": cannot write type " + a.type);
        }
        w.int64(20, a.type);
        return w;
    }

    /** Tensors are written with raw_data (little-endian), the compact form every ONNX reader accepts. */
    private static Writer encodeTensor(TensorData t) throws IOException {
        Writer w = new Writer();
        for (long d : t.dims) {
            w.int64(1, d);
        }
        w.int64(2, t.dataType);
        w.string(8, t.name);
        ByteBuffer b;
        switch (t.dataType) {
            case FLOAT:
                b = ByteBuffer.allocate(4 * t.floats.length).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(t.floats);
                break;
            case INT64:
                b = ByteBuffer.allocate(8 * t.longs.length).order(ByteOrder.LITTLE_ENDIAN);
                b.asLongBuffer().put(t.longs);
                break;
            case INT32:
                b = ByteBuffer.allocate(4 * t.longs.length).order(ByteOrder.LITTLE_ENDIAN);
                for (long v : t.longs) {
                    b.putInt((int) v);
                }
                break;
            default:
                throw new IllegalArgumentException("tensor " + t.name + ": cannot write data type " + t.dataType);
        }
        w.bytes(9, b.array());
        return w;
    }

    private static Writer encodeValueInfo(ValueInfo v) throws IOException {
        Writer shape = new Writer();
        for (Object d : v.dims) {
            Writer dim = d instanceof Long ? new Writer().int64(1, (Long) d) : new Writer().string(2, (String) d);
            shape.message(1, dim);
        }
        Writer tensorType = new Writer().int64(1, v.elemType).message(2, shape);
        return new Writer().string(1, v.name).message(2, new Writer().message(1, tensorType));
    }
}
