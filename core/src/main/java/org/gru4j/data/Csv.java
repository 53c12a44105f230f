package org.gru4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A CSV table read whole into memory: column names and string cells, with typed column extraction.
 *
 * <p>Format (RFC 4180): UTF-8 (a leading byte-order mark is dropped), fields separated by commas, records by LF or
 * CRLF; a field in double quotes may contain commas, line breaks and doubled quotes ({@code ""} for one quote). A
 * quote inside an unquoted field, text after a closing quote, an unterminated quote, or a record with the wrong
 * number of fields is an error rather than a guess. Lines that are empty outside quotes are skipped, as pandas
 * does. Files whose name ends in {@code .gz} are gunzipped.
 *
 * <p>Every error is an {@link InvalidDataException} naming the file, the 1-based line number where the record
 * starts (a quoted field can span lines, so this is not the record count), the column and the value.
 */
public final class Csv {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final String source;
    private final List<String> columns;
    private final Map<String, Integer> columnIndex;
    private final List<String[]> rows;
    private final int[] lines;

    private Csv(String source, List<String> columns, List<String[]> rows, int[] lines) {
        this.source = source;
        this.columns = Collections.unmodifiableList(columns);
        this.columnIndex = new HashMap<>();
        for (int c = 0; c < columns.size(); c++) {
            if (columnIndex.putIfAbsent(columns.get(c), c) != null) {
                throw new InvalidDataException(source + ": duplicate column name \"" + columns.get(c) + "\" in the"
                        + " header");
            }
        }
        this.rows = rows;
        this.lines = lines;
    }

    /** Reads a file whose first record is the header of column names. */
    public static Csv read(Path path) {
        return read(path, true);
    }

    /**
     * Reads a file, with or without a header record. Without one, columns are named {@code "0", "1", ...} as in
     * pandas's {@code header=None}.
     *
     * @throws UncheckedIOException when the file cannot be read
     * @throws InvalidDataException when it is not well-formed CSV
     */
    public static Csv read(Path path, boolean header) {
        String text;
        try (InputStream in = open(path)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
        return parse(text, path.getFileName().toString(), header);
    }

    private static InputStream open(Path path) throws IOException {
        InputStream in = Files.newInputStream(path);
        return path.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /**
     * Parses CSV text.
     *
     * @param source names the text in error messages, e.g. a file name
     */
    public static Csv parse(String text, String source, boolean header) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String[]> records = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        new Parser(text, source, records, starts).run();
        List<String> names = new ArrayList<>();
        int first = 0;
        if (header) {
            if (records.isEmpty()) {
                throw new InvalidDataException(source + ": no header row (the file is empty)");
            }
            names.addAll(List.of(records.get(0)));
            first = 1;
        } else if (!records.isEmpty()) {
            for (int c = 0; c < records.get(0).length; c++) {
                names.add(Integer.toString(c));
            }
        }
        List<String[]> rows = new ArrayList<>(records.size() - first);
        int[] lines = new int[records.size() - first];
        for (int r = first; r < records.size(); r++) {
            if (records.get(r).length != names.size()) {
                throw new InvalidDataException(source + ": line " + starts.get(r) + " has " + records.get(r).length
                        + " fields, expected " + names.size() + " (columns " + String.join(", ", names) + ")");
            }
            rows.add(records.get(r));
            lines[r - first] = starts.get(r);
        }
        return new Csv(source, names, rows, lines);
    }

    /** The file name (or source given to {@link #parse}). */
    public String source() {
        return source;
    }

    /** Column names in file order (unmodifiable). */
    public List<String> columns() {
        return columns;
    }

    /** Number of data rows, header excluded. */
    public int rowCount() {
        return rows.size();
    }

    /** The 1-based line number where data row {@code row} (0-based) starts, for messages. */
    public int lineOf(int row) {
        return lines[row];
    }

    /** The raw cell at data row {@code row} (0-based) and the named column. */
    public String cell(int row, String column) {
        return rows.get(row)[index(column)];
    }

    /** A column's cells as read, quotes removed (unmodifiable). */
    public List<String> stringColumn(String name) {
        int c = index(name);
        List<String> out = new ArrayList<>(rows.size());
        for (String[] row : rows) {
            out.add(row[c]);
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The named columns as a {@code rows x names.length} matrix, in the order given. Cells must be decimal numbers
     * ({@code 12}, {@code -0.5}, {@code 1e-3}; surrounding spaces allowed); empty cells, {@code NA}, {@code NaN}
     * and infinities are errors, because every later step (scalers, training) needs finite values.
     *
     * @throws InvalidDataException naming file, line, column and value of the first bad cell, or the available
     *                              columns for an unknown name
     */
    public float[][] numericColumns(String... names) {
        int[] idx = new int[names.length];
        for (int k = 0; k < names.length; k++) {
            idx[k] = index(names[k]);
        }
        float[][] out = new float[rows.size()][names.length];
        for (int r = 0; r < rows.size(); r++) {
            for (int k = 0; k < names.length; k++) {
                out[r][k] = parseFloat(rows.get(r)[idx[k]], r, names[k]);
            }
        }
        return out;
    }

    /** One numeric column as a vector; see {@link #numericColumns}. */
    public float[] numericColumn(String name) {
        int c = index(name);
        float[] out = new float[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            out[r] = parseFloat(rows.get(r)[c], r, name);
        }
        return out;
    }

    /**
     * A column of integers, e.g. class labels.
     *
     * @throws InvalidDataException naming file, line, column and value of the first cell that is not an int
     */
    public int[] intColumn(String name) {
        int c = index(name);
        int[] out = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            String v = rows.get(r)[c];
            try {
                out[r] = Integer.parseInt(v.strip());
            } catch (NumberFormatException e) {
                throw badCell(r, name, v, "an integer");
            }
        }
        return out;
    }

    private float parseFloat(String v, int row, String column) {
        String s = v.strip();
        // The pattern rejects what Float.parseFloat would wrongly accept ("1f", "0x1p3", "NaN", "Infinity").
        if (!NUMBER.matcher(s).matches()) {
            throw badCell(row, column, v, "a number");
        }
        float f = Float.parseFloat(s);
        if (!Float.isFinite(f)) {
            throw badCell(row, column, v, "a number within float range");
        }
        return f;
    }

    private InvalidDataException badCell(int row, String column, String value, String expected) {
        return new InvalidDataException(source + ": line " + lines[row] + ", column \"" + column + "\": expected "
                + expected + ", got \"" + value + "\"");
    }

    private int index(String name) {
        Integer c = columnIndex.get(name);
        if (c == null) {
            throw new InvalidDataException(source + " has no column \"" + name + "\"; available: "
                    + String.join(", ", columns));
        }
        return c;
    }

    @Override
    public String toString() {
        return "Csv(" + source + ", " + rows.size() + " rows, columns " + columns + ")";
    }

    /** A single-pass RFC 4180 state machine over the whole text. */
    private static final class Parser {
        private final String text;
        private final String source;
        private final List<String[]> records;
        private final List<Integer> starts;
        private int pos;
        private int line = 1;

        Parser(String text, String source, List<String[]> records, List<Integer> starts) {
            this.text = text;
            this.source = source;
            this.records = records;
            this.starts = starts;
        }

        void run() {
            int n = text.length();
            while (pos < n) {
                if (atLineEnd()) {
                    skipLineEnd();
                    continue;
                }
                int start = line;
                List<String> fields = new ArrayList<>();
                while (true) {
                    fields.add(pos < n && text.charAt(pos) == '"' ? quoted() : unquoted());
                    if (pos >= n) {
                        break;
                    }
                    if (text.charAt(pos) == ',') {
                        pos++;
                        continue;
                    }
                    skipLineEnd();
                    break;
                }
                records.add(fields.toArray(new String[0]));
                starts.add(start);
            }
        }

        private boolean atLineEnd() {
            char c = text.charAt(pos);
            return c == '\n' || (c == '\r' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n');
        }

        private void skipLineEnd() {
            pos += text.charAt(pos) == '\r' ? 2 : 1;
            line++;
        }

        private String unquoted() {
            int from = pos;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == ',' || atLineEnd()) {
                    break;
                }
                if (c == '"') {
                    throw new InvalidDataException(source + ": line " + line + ": a quote inside the unquoted field \""
                            + text.substring(from, pos + 1) + "\" (quote the whole field and double inner quotes)");
                }
                pos++;
            }
            return text.substring(from, pos);
        }

        private String quoted() {
            int openLine = line;
            pos++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw new InvalidDataException(source + ": line " + openLine + ": quoted field is never closed");
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    if (pos < text.length() && text.charAt(pos) == '"') {
                        sb.append('"');
                        pos++;
                        continue;
                    }
                    if (pos < text.length() && text.charAt(pos) != ',' && !atLineEnd()) {
                        throw new InvalidDataException(source + ": line " + line + ": unexpected '" + text.charAt(pos)
                                + "' after the closing quote of \"" + sb + "\"");
                    }
                    return sb.toString();
                }
                if (c == '\n') {
                    line++;
                }
                sb.append(c);
            }
        }
    }
}
