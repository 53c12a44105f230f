package org.gru4j.io;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The JSON configuration of one layer in a model file, read with type and range checks: every getter throws a
 * {@link ModelFormatException} that names the layer, the key, what was expected and what was found, so a
 * {@link LayerCodec} never has to catch a {@code ClassCastException} or trust a number from a file.
 */
public final class LayerConfig {
    private final String where;
    private final Map<String, Object> values;

    LayerConfig(String where, Map<String, Object> values) {
        this.where = where;
        this.values = values;
    }

    /** Where the configuration comes from, for messages: {@code "file.gru4j: layer 'dense'"}. */
    public String where() {
        return where;
    }

    /** The raw values (unmodifiable). */
    public Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    /** Fails unless every key is one of {@code allowed}: a key this reader does not know means a newer writer. */
    public void requireOnly(String... allowed) throws ModelFormatException {
        TreeSet<String> extra = new TreeSet<>(values.keySet());
        extra.removeAll(Arrays.asList(allowed));
        if (!extra.isEmpty()) {
            throw fail("unknown configuration key(s) " + ModelFile.shortly(extra) + "; expected only "
                    + Arrays.toString(allowed));
        }
    }

    /** An integer in {@code [min, max]}. */
    public int integer(String key, int min, int max) throws ModelFormatException {
        Object v = need(key);
        if (!(v instanceof Long l) || l < min || l > max) {
            throw fail("'" + key + "': expected an integer in [" + min + ", " + max + "], found "
                    + ModelFile.shortly(v));
        }
        return (int) (long) l;
    }

    /** A 64-bit integer in {@code [min, max]}. */
    public long longInteger(String key, long min, long max) throws ModelFormatException {
        Object v = need(key);
        if (!(v instanceof Long l) || l < min || l > max) {
            throw fail("'" + key + "': expected an integer in [" + min + ", " + max + "], found "
                    + ModelFile.shortly(v));
        }
        return l;
    }

    /** A finite number (an integer literal is accepted). */
    public double number(String key) throws ModelFormatException {
        Object v = need(key);
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw fail("'" + key + "': expected a finite number, found " + ModelFile.shortly(v));
        }
        return n.doubleValue();
    }

    public boolean bool(String key) throws ModelFormatException {
        Object v = need(key);
        if (!(v instanceof Boolean b)) {
            throw fail("'" + key + "': expected true or false, found " + ModelFile.shortly(v));
        }
        return b;
    }

    public String string(String key) throws ModelFormatException {
        Object v = need(key);
        if (!(v instanceof String s)) {
            throw fail("'" + key + "': expected a string, found " + ModelFile.shortly(v));
        }
        return s;
    }

    /** One of {@code choices} (exact spelling). */
    public String choice(String key, List<String> choices) throws ModelFormatException {
        String s = string(key);
        if (!choices.contains(s)) {
            throw fail("'" + key + "': expected one of " + choices + ", found '" + ModelFile.shortly(s) + "'");
        }
        return s;
    }

    /** A nested object, e.g. the wrapped layer of a Bidirectional. */
    public LayerConfig object(String key) throws ModelFormatException {
        Object v = need(key);
        if (!(v instanceof Map<?, ?> m)) {
            throw fail("'" + key + "': expected an object, found " + ModelFile.shortly(v));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) m;
        return new LayerConfig(where + "." + key, typed);
    }

    private Object need(String key) throws ModelFormatException {
        if (!values.containsKey(key)) {
            throw fail("missing configuration key '" + key + "'");
        }
        return values.get(key);
    }

    /** An error about this configuration. */
    public ModelFormatException fail(String message) {
        return new ModelFormatException(where + ": " + message);
    }
}
