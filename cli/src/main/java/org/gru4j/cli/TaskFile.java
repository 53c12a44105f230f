package org.gru4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gru4j.io.AtomicFiles;
import org.gru4j.io.Json;
import org.gru4j.io.JsonException;

/**
 * The sidecar {@code task.json} next to a trained model: which task preset made it and that task's preprocessing
 * state (forecast transform, vocabularies, class names, settings), so that {@code evaluate}, {@code predict},
 * {@code forecast}, {@code generate} and {@code translate} prepare new data exactly as training did. A JSON object
 * {@code {"format": "gru4j-task", "version": 1, "task": NAME, ...}}; numbers are written so they read back bit for
 * bit.
 */
final class TaskFile {
    static final String NAME = "task.json";
    static final String FORMAT = "gru4j-task";
    static final int VERSION = 1;

    private final Map<String, Object> values;

    private TaskFile(Map<String, Object> values) {
        this.values = values;
    }

    static TaskFile create(String task) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", VERSION);
        m.put("task", task);
        return new TaskFile(m);
    }

    @SuppressWarnings("unchecked")
    static TaskFile read(Path path) throws IOException {
        Object o;
        try {
            o = Json.parse(Files.readAllBytes(path));
        } catch (JsonException e) {
            throw new IllegalArgumentException(path + " is not a valid task.json (" + e.getMessage() + ")");
        }
        if (!(o instanceof Map) || !FORMAT.equals(((Map<String, Object>) o).get("format"))) {
            throw new IllegalArgumentException(path + " is not a gru4j task file (expected \"format\": \"" + FORMAT
                    + "\")");
        }
        Map<String, Object> m = (Map<String, Object>) o;
        if (!(m.get("version") instanceof Long v) || v != VERSION) {
            throw new IllegalArgumentException(path + ": task file version " + m.get("version")
                    + " is not supported (expected " + VERSION + ")");
        }
        return new TaskFile(m);
    }

    void write(Path path) throws IOException {
        AtomicFiles.write(path, Json.writePretty(values).getBytes(StandardCharsets.UTF_8));
    }

    String task() {
        return string("task");
    }

    TaskFile put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    private Object get(String key) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("task.json has no \"" + key + "\" (was it written by gru4j train?)");
        }
        return values.get(key);
    }

    String string(String key) {
        return (String) get(key);
    }

    int integer(String key) {
        return ((Number) get(key)).intValue();
    }

    long longValue(String key) {
        return ((Number) get(key)).longValue();
    }

    double number(String key) {
        return ((Number) get(key)).doubleValue();
    }

    boolean bool(String key) {
        return (Boolean) get(key);
    }

    @SuppressWarnings("unchecked")
    List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<Object>) get(key)) {
            out.add((String) o);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    double[] doubles(String key) {
        List<Object> l = (List<Object>) get(key);
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).doubleValue();
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    long[] longs(String key) {
        List<Object> l = (List<Object>) get(key);
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).longValue();
        }
        return out;
    }

    Map<String, Object> asMap() {
        return values;
    }
}
