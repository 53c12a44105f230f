package org.gru4j.io;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON (RFC 8259) parser and writer over plain Java values.
 *
 * <h2>Value mapping</h2>
 * <table>
 *   <caption>JSON to Java</caption>
 *   <tr><th>JSON</th><th>parsed as</th><th>written from</th></tr>
 *   <tr><td>object</td><td>{@code LinkedHashMap<String, Object>} in document order</td>
 *       <td>any {@code Map} with {@code String} keys, in its iteration order</td></tr>
 *   <tr><td>array</td><td>{@code ArrayList<Object>}</td>
 *       <td>any {@code Collection}, or {@code int[]}, {@code long[]}, {@code float[]}, {@code double[]}</td></tr>
 *   <tr><td>string</td><td>{@code String}</td><td>{@code String}</td></tr>
 *   <tr><td>number</td><td>{@code Long} for an integer literal (no fraction, no exponent) that fits in a
 *       {@code long}, else {@code Double}; {@code -0} is {@code Double} -0.0 so the sign survives</td>
 *       <td>{@code Double}, {@code Float}, {@code Long}, {@code Integer}, {@code Short}, {@code Byte}</td></tr>
 *   <tr><td>true / false</td><td>{@code Boolean}</td><td>{@code Boolean}</td></tr>
 *   <tr><td>null</td><td>{@code null}</td><td>{@code null}</td></tr>
 * </table>
 *
 * <h2>Strictness</h2>
 * Exactly the RFC grammar: one value surrounded by optional whitespace (space, tab, CR, LF); no comments, no
 * trailing commas, no single quotes, no leading zeros, no {@code NaN}/{@code Infinity}, no unescaped control
 * characters in strings, no byte order mark. Duplicate object keys are an error (the RFC leaves them undefined,
 * and silently keeping one of two values hides corrupt files). Numbers whose magnitude overflows a double are an
 * error; numbers that underflow become 0 as in {@link Double#parseDouble}.
 *
 * <h2>Numbers round-trip exactly</h2>
 * Doubles are written with {@link Double#toString(double)} and floats with {@link Float#toString(float)}; both
 * produce a decimal that {@link Double#parseDouble} turns back into the same bits (for a float: the double equal to
 * the float's value). Python's {@code repr} also round-trips, so golden data written by Python parses bit for bit.
 *
 * <h2>Hostile input</h2>
 * Parsing is one pass, linear in the input length, and never recurses deeper than {@link #MAX_DEPTH} nested
 * arrays/objects, so deeply nested input cannot overflow the stack. Every parsed value consumes at least one
 * input character, so memory is bounded by a small constant times the input length; callers that read JSON from
 * a file bound that length first (see {@link SafeTensors}). Errors are {@link JsonException}s carrying the
 * character position.
 */
public final class Json {
    /** Deepest nesting of arrays and objects accepted by the parser and produced by the writer. */
    public static final int MAX_DEPTH = 256;

    private Json() {
    }

    /** Parses one JSON value from {@code text}. */
    public static Object parse(String text) {
        return new Parser(text).parseDocument();
    }

    /**
     * Parses one JSON value from UTF-8 bytes. Malformed UTF-8 (including overlong forms and encoded surrogates)
     * is an error reported with its byte offset; syntax errors report the character index in the decoded text,
     * which equals the byte offset while the text is ASCII.
     */
    public static Object parse(byte[] utf8) {
        return parse(decodeUtf8(utf8));
    }

    /** Strict UTF-8 decoding; the error position is a byte offset. */
    static String decodeUtf8(byte[] utf8) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(utf8);
        CharBuffer out = CharBuffer.allocate(utf8.length);
        try {
            var result = decoder.decode(in, out, true);
            if (result.isError()) {
                throw new JsonException("invalid UTF-8 byte sequence", in.position());
            }
            result = decoder.flush(out);
            if (result.isError()) {
                throw new JsonException("invalid UTF-8 byte sequence", in.position());
            }
        } catch (IllegalStateException e) {
            throw new JsonException("invalid UTF-8: " + e.getMessage(), in.position());
        }
        out.flip();
        return out.toString();
    }

    /** Compact JSON text for {@code value}: no whitespace between tokens. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        new Writer(sb, null).value(value, 0);
        return sb.toString();
    }

    /** Indented JSON text for {@code value}: two spaces per level, one member or element per line. */
    public static String writePretty(Object value) {
        StringBuilder sb = new StringBuilder();
        new Writer(sb, "  ").value(value, 0);
        return sb.toString();
    }

    /** Appends {@code s} as a quoted JSON string literal. */
    public static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || Character.isSurrogate(c)) {
                        // Lone surrogates are escaped so the output always encodes to valid UTF-8.
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static final class Writer {
        private final StringBuilder sb;
        private final String indent;

        Writer(StringBuilder sb, String indent) {
            this.sb = sb;
            this.indent = indent;
        }

        void value(Object v, int depth) {
            if (v == null) {
                sb.append("null");
            } else if (v instanceof String s) {
                quote(s, sb);
            } else if (v instanceof Boolean b) {
                sb.append(b.booleanValue());
            } else if (v instanceof Double d) {
                sb.append(finite(d, d.isNaN() || d.isInfinite()));
            } else if (v instanceof Float f) {
                sb.append(finite(f, f.isNaN() || f.isInfinite()));
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                sb.append(((Number) v).longValue());
            } else if (v instanceof Map<?, ?> m) {
                object(m, depth + 1);
            } else if (v instanceof Collection<?> c) {
                array(c, depth + 1);
            } else if (v instanceof int[] a) {
                array(Arrays.stream(a).boxed().toList(), depth + 1);
            } else if (v instanceof long[] a) {
                array(Arrays.stream(a).boxed().toList(), depth + 1);
            } else if (v instanceof double[] a) {
                array(Arrays.stream(a).boxed().toList(), depth + 1);
            } else if (v instanceof float[] a) {
                List<Object> l = new ArrayList<>(a.length);
                for (float x : a) {
                    l.add(x);
                }
                array(l, depth + 1);
            } else {
                throw new JsonException("cannot write a " + v.getClass().getName() + " as JSON", -1);
            }
        }

        private static String finite(Number n, boolean bad) {
            if (bad) {
                throw new JsonException("JSON has no representation for " + n, -1);
            }
            return n.toString();
        }

        private void checkDepth(int depth) {
            // Also stops a cyclic structure from recursing until the stack overflows.
            if (depth > MAX_DEPTH) {
                throw new JsonException("nesting deeper than " + MAX_DEPTH + " levels (cyclic structure?)", -1);
            }
        }

        private void object(Map<?, ?> m, int depth) {
            checkDepth(depth);
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new JsonException("JSON object keys must be strings, got " + e.getKey(), -1);
                }
                separator(first, depth);
                first = false;
                quote(key, sb);
                sb.append(indent == null ? ":" : ": ");
                value(e.getValue(), depth);
            }
            close(first, depth, '}');
        }

        private void array(Collection<?> c, int depth) {
            checkDepth(depth);
            sb.append('[');
            boolean first = true;
            for (Object o : c) {
                separator(first, depth);
                first = false;
                value(o, depth);
            }
            close(first, depth, ']');
        }

        private void separator(boolean first, int depth) {
            if (!first) {
                sb.append(',');
            }
            newline(depth);
        }

        private void close(boolean empty, int depth, char bracket) {
            if (!empty) {
                newline(depth - 1);
            }
            sb.append(bracket);
        }

        private void newline(int depth) {
            if (indent != null) {
                sb.append('\n');
                sb.append(indent.repeat(depth));
            }
        }
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Object parseDocument() {
            if (!s.isEmpty() && s.charAt(0) == '\uFEFF') {
                throw error("byte order mark before JSON text");
            }
            skipWhitespace();
            Object v = value(0);
            skipWhitespace();
            if (pos < s.length()) {
                throw error("expected end of input, found " + describe(pos));
            }
            return v;
        }

        private Object value(int depth) {
            if (pos >= s.length()) {
                throw error("expected a value, found end of input");
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object(depth + 1);
                case '[' -> array(depth + 1);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("expected a value, found " + describe(pos));
                }
            };
        }

        private Map<String, Object> object(int depth) {
            checkDepth(depth);
            pos++; // '{'
            Map<String, Object> map = new LinkedHashMap<>();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("expected a string key, found " + describe(pos));
                }
                int keyPos = pos;
                String key = string();
                if (map.containsKey(key)) {
                    pos = keyPos;
                    throw error("duplicate key \"" + abbreviate(key) + "\"");
                }
                skipWhitespace();
                expect(':');
                skipWhitespace();
                map.put(key, value(depth));
                skipWhitespace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == '}') {
                    pos++;
                    return map;
                } else {
                    throw error("expected ',' or '}' in object, found " + describe(pos));
                }
            }
        }

        private List<Object> array(int depth) {
            checkDepth(depth);
            pos++; // '['
            List<Object> list = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                skipWhitespace();
                list.add(value(depth));
                skipWhitespace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == ']') {
                    pos++;
                    return list;
                } else {
                    throw error("expected ',' or ']' in array, found " + describe(pos));
                }
            }
        }

        private void checkDepth(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH + " levels");
            }
        }

        private String string() {
            pos++; // opening quote
            StringBuilder sb = null; // only allocated when the string has escapes
            int runStart = pos;
            while (true) {
                if (pos >= s.length()) {
                    throw error("unterminated string, found end of input");
                }
                char c = s.charAt(pos);
                if (c == '"') {
                    String result = sb == null ? s.substring(runStart, pos)
                            : sb.append(s, runStart, pos).toString();
                    pos++;
                    return result;
                } else if (c == '\\') {
                    if (sb == null) {
                        sb = new StringBuilder();
                    }
                    sb.append(s, runStart, pos);
                    pos++;
                    sb.append(escape());
                    runStart = pos;
                } else if (c < 0x20) {
                    throw error("unescaped control character " + describe(pos) + " in string");
                } else {
                    pos++;
                }
            }
        }

        private char escape() {
            if (pos >= s.length()) {
                throw error("unterminated escape, found end of input");
            }
            char c = s.charAt(pos++);
            switch (c) {
                case '"': return '"';
                case '\\': return '\\';
                case '/': return '/';
                case 'b': return '\b';
                case 'f': return '\f';
                case 'n': return '\n';
                case 'r': return '\r';
                case 't': return '\t';
                case 'u': {
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = hexDigit(peek());
                        if (d < 0) {
                            throw error("expected 4 hex digits after \\u, found " + describe(pos));
                        }
                        v = v * 16 + d;
                        pos++;
                    }
                    return (char) v;
                }
                default:
                    pos--;
                    throw error("invalid escape \\" + describe(pos));
            }
        }

        private static int hexDigit(char c) {
            if (c >= '0' && c <= '9') {
                return c - '0';
            } else if (c >= 'a' && c <= 'f') {
                return c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                return c - 'A' + 10;
            }
            return -1;
        }

        private Object number() {
            int start = pos;
            boolean integer = true;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
                if (isDigit(peek())) {
                    throw error("leading zero in number");
                }
            } else if (isDigit(peek())) {
                digits();
            } else {
                throw error("expected a digit, found " + describe(pos));
            }
            if (peek() == '.') {
                integer = false;
                pos++;
                if (!isDigit(peek())) {
                    throw error("expected a digit after '.', found " + describe(pos));
                }
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                integer = false;
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!isDigit(peek())) {
                    throw error("expected a digit in exponent, found " + describe(pos));
                }
                digits();
            }
            String text = s.substring(start, pos);
            // "-0" stays a double so the sign survives; 20 characters is the longest long ("-9223372036854775808"),
            // and the length test keeps Long.parseLong from scanning a hostile million-digit literal twice.
            if (integer && !text.equals("-0") && text.length() <= 20) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException beyondLong) {
                    // falls through to a double, as documented
                }
            }
            double d = Double.parseDouble(text);
            if (Double.isInfinite(d)) {
                pos = start;
                throw error("number " + abbreviate(text) + " is beyond the double range");
            }
            return d;
        }

        private void digits() {
            while (isDigit(peek())) {
                pos++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private Object literal(String word, Object v) {
            if (!s.startsWith(word, pos)) {
                throw error("expected " + word + ", found " + describe(pos));
            }
            pos += word.length();
            return v;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "', found " + describe(pos));
            }
            pos++;
        }

        /** The current character, or 0 at the end (0 never starts a valid token outside strings). */
        private char peek() {
            return pos < s.length() ? s.charAt(pos) : 0;
        }

        private void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        private String describe(int at) {
            if (at >= s.length()) {
                return "end of input";
            }
            char c = s.charAt(at);
            if (c < 0x20 || c > 0x7e) {
                return String.format("U+%04X", (int) c);
            }
            return "'" + c + "'";
        }

        private JsonException error(String message) {
            return new JsonException(message, pos);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
