package org.gru4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {

    private static Csv parse(String text) {
        return Csv.parse(text, "t.csv", true);
    }

    @Test
    void rfc4180QuotingCommasNewlinesAndDoubledQuotes() {
        Csv c = parse("id,text,score\r\n1,\"a, b\",0.5\r\n2,\"say \"\"hi\"\"\",1\r\n3,\"two\nlines\",-2e1\r\n4,,3\r\n");
        assertEquals(List.of("id", "text", "score"), c.columns());
        assertEquals(4, c.rowCount());
        assertEquals(List.of("a, b", "say \"hi\"", "two\nlines", ""), c.stringColumn("text"));
        assertArrayEquals(new float[] {0.5f, 1, -20, 3}, c.numericColumn("score"));
        assertArrayEquals(new int[] {1, 2, 3, 4}, c.intColumn("id"));
        // Row 3 starts on line 4; the quoted newline pushes row 4 to line 6.
        assertEquals(4, c.lineOf(2));
        assertEquals(6, c.lineOf(3));
    }

    @Test
    void numericColumnsInRequestedOrder() {
        Csv c = parse("a,b,c\n1,2,3\n4,5,6\n");
        float[][] m = c.numericColumns("c", "a");
        assertArrayEquals(new float[] {3, 1}, m[0]);
        assertArrayEquals(new float[] {6, 4}, m[1]);
        assertArrayEquals(new float[] {1.5f, -0.25f, 100}, parse("x\n 1.5\n-.25 \n1E2\n").numericColumn("x"));
    }

    @Test
    void edgeCases() {
        // BOM, quoted header, no trailing newline, blank lines skipped, empty last field, quoted empty string.
        Csv c = parse("\uFEFF\"a\",\"b\"\n\n1,\n\"\",x");
        assertEquals(List.of("a", "b"), c.columns());
        assertEquals(List.of("1", ""), c.stringColumn("a"));
        assertEquals(List.of("", "x"), c.stringColumn("b"));
        assertEquals(0, parse("a,b\n").rowCount());
        Csv noHeader = Csv.parse("1,2\n3,4\n", "n.csv", false);
        assertEquals(List.of("0", "1"), noHeader.columns());
        assertArrayEquals(new float[] {2, 4}, noHeader.numericColumn("1"));
        assertEquals("4", noHeader.cell(1, "1"));
    }

    @Test
    void nonNumericCellNamesFileLineColumnAndValue() {
        Csv c = parse("a,b\n1,2\n\"3\",\"x\ny\"\n5,NA\n");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> c.numericColumns("a", "b"));
        assertEquals("t.csv: line 3, column \"b\": expected a number, got \"x\ny\"", e.getMessage());
        e = assertThrows(InvalidDataException.class, () -> parse("a\n1\nNA\n").numericColumn("a"));
        assertEquals("t.csv: line 3, column \"a\": expected a number, got \"NA\"", e.getMessage());
        for (String bad : new String[] {"", "NaN", "Infinity", "1f", "0x10", "1,5", "--1"}) {
            String text = "a,b\n\"" + bad + "\",0\n";
            assertThrows(InvalidDataException.class, () -> parse(text).numericColumn("a"), bad);
        }
        e = assertThrows(InvalidDataException.class, () -> parse("a\n1e39\n").numericColumn("a"));
        assertEquals("t.csv: line 2, column \"a\": expected a number within float range, got \"1e39\"",
                e.getMessage());
        e = assertThrows(InvalidDataException.class, () -> parse("a\n1.5\n").intColumn("a"));
        assertEquals("t.csv: line 2, column \"a\": expected an integer, got \"1.5\"", e.getMessage());
    }

    @Test
    void unknownColumnListsTheAvailableOnes() {
        Csv c = parse("date,temp_max,weather\n2012,1,sun\n");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> c.numericColumns("temp"));
        assertEquals("t.csv has no column \"temp\"; available: date, temp_max, weather", e.getMessage());
        assertThrows(InvalidDataException.class, () -> c.stringColumn("Weather"));
    }

    @Test
    void malformedCsvErrors() {
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> parse("a,b\n1,2\n3\n"));
        assertEquals("t.csv: line 3 has 1 fields, expected 2 (columns a, b)", e.getMessage());
        e = assertThrows(InvalidDataException.class, () -> parse("a,b\n1,\"open\n2,3\n"));
        assertEquals("t.csv: line 2: quoted field is never closed", e.getMessage());
        e = assertThrows(InvalidDataException.class, () -> parse("a,b\n1,\"x\"y\n"));
        assertEquals("t.csv: line 2: unexpected 'y' after the closing quote of \"x\"", e.getMessage());
        e = assertThrows(InvalidDataException.class, () -> parse("a,b\n1,x\"y\n"));
        assertEquals("t.csv: line 2: a quote inside the unquoted field \"x\"\" (quote the whole field and double"
                + " inner quotes)", e.getMessage());
        e = assertThrows(InvalidDataException.class, () -> parse("a,b,a\n1,2,3\n"));
        assertEquals("t.csv: duplicate column name \"a\" in the header", e.getMessage());
        e = assertThrows(InvalidDataException.class, () -> parse(""));
        assertEquals("t.csv: no header row (the file is empty)", e.getMessage());
    }

    @Test
    void readsPlainAndGzipFiles(@TempDir Path dir) throws IOException {
        String text = "x,label\n1.5,\"a,b\"\n2.5,c\n";
        Path plain = dir.resolve("small.csv");
        Files.writeString(plain, text, StandardCharsets.UTF_8);
        Path gz = dir.resolve("small.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        for (Path p : List.of(plain, gz)) {
            Csv c = Csv.read(p);
            assertEquals(p.getFileName().toString(), c.source());
            assertArrayEquals(new float[] {1.5f, 2.5f}, c.numericColumn("x"));
            assertEquals(List.of("a,b", "c"), c.stringColumn("label"));
        }
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Csv.read(dir.resolve("none.csv")));
        assertEquals(true, e.getMessage().startsWith("cannot read "), e.getMessage());
    }
}
