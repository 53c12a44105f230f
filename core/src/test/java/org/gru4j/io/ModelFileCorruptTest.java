package org.gru4j.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.gru4j.loss.MeanSquaredError;
import org.gru4j.model.FitOptions;
import org.gru4j.model.Model;
import org.gru4j.model.Sequential;
import org.gru4j.nn.Dense;
import org.gru4j.nn.Dropout;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.optim.Adam;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;

/**
 * Truncated, corrupt and hostile model files: every one must give a {@link ModelFormatException} within a second
 * and with memory bounded by a small multiple of the file's size, never another exception, an
 * {@link OutOfMemoryError} or a hang.
 */
class ModelFileCorruptTest {
    /** Allocation allowed per load: a generous multiple of the file size plus a fixed amount for the JVM's own. */
    static long allowedBytes(int fileSize) {
        return 64L * fileSize + (32L << 20);
    }

    // ------------------------------------------------------------------------------------------------ fixtures

    static Sequential small() {
        Sequential m = new Sequential("small", 3);
        m.input(2).add(Dense.builder(2).name("d1").build()).add(new Dropout(0.5, "drop"))
                .add(Dense.builder(1).name("d2").build());
        return m.build();
    }

    /** A checkpoint of a small GRU model after one epoch, so every section is present. */
    static byte[] checkpoint() {
        Sequential m = new Sequential("ckpt", 5);
        m.input(-1, 2).add(new GRU(3)).add(new Dense(1));
        m.build();
        m.compile(new Adam(0.01), new MeanSquaredError());
        Rng rng = new Rng(9);
        m.fit(ModelFileTest.random(rng, 8, 4, 2), ModelFileTest.random(rng, 8, 1),
                FitOptions.epochs(1).batchSize(4).verbose(0));
        return ModelFile.checkpointBytes(m, 1);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A section of a file: where its 16-byte header and its payload start, and the payload length. */
    record Section(String tag, int header, int payload, int length) {
    }

    static List<Section> sections(byte[] f) {
        List<Section> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        int pos = ModelFile.HEADER_BYTES;
        while (pos < f.length) {
            String tag = new String(f, pos, 4, StandardCharsets.US_ASCII);
            int len = (int) b.getLong(pos + 8);
            out.add(new Section(tag, pos, pos + 16, len));
            pos += 16 + len;
        }
        return out;
    }

    static Section section(byte[] f, String tag) {
        return sections(f).stream().filter(s -> s.tag.equals(tag)).findFirst().orElseThrow();
    }

    static String conf(byte[] f) {
        Section s = section(f, ModelFile.CONF);
        return new String(f, s.payload, s.length, StandardCharsets.UTF_8);
    }

    /** The file with one section's payload replaced and its CRC and length fixed, to reach the semantic checks. */
    static byte[] rewrite(byte[] f, String tag, byte[] payload) {
        Section s = section(f, tag);
        ByteBuffer out = ByteBuffer.allocate(f.length - s.length + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(f, 0, s.header);
        CRC32 crc = new CRC32();
        crc.update(payload);
        out.put(tag.getBytes(StandardCharsets.US_ASCII)).putInt((int) crc.getValue()).putLong(payload.length);
        out.put(payload);
        out.put(f, s.payload + s.length, f.length - s.payload - s.length);
        return out.array();
    }

    static byte[] rewriteConf(byte[] f, String json) {
        if (json.equals(conf(f))) {
            throw new IllegalArgumentException("the test's edit did not change the configuration");
        }
        return rewrite(f, ModelFile.CONF, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Safetensors bytes with a hand-written header (padded to 8) and {@code data} bytes of data. */
    static byte[] safetensors(String header, int data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) & ~7;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + data).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(h);
        for (int i = h.length; i < padded; i++) {
            b.put((byte) ' ');
        }
        return b.array();
    }

    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t) {
            return t.getCurrentThreadAllocatedBytes();
        }
        return 0;
    }

    /** Loading must fail with a ModelFormatException, within a second and bounded allocation; returns it. */
    static ModelFormatException expectFormatError(byte[] f, String what) {
        return assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            long before = allocatedBytes();
            try {
                ModelFile.read(f, what);
            } catch (ModelFormatException e) {
                long used = allocatedBytes() - before;
                assertTrue(used <= allowedBytes(f.length), what + ": allocated " + used + " bytes for a file of "
                        + f.length);
                return e;
            } catch (Throwable t) {
                throw new AssertionError(what + ": expected ModelFormatException, got " + t, t);
            }
            return fail(what + ": loaded without error");
        }, what);
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void truncatedAtEveryByteOfASmallFile() {
        byte[] f = ModelFile.toBytes(small(), false);
        for (int n = 0; n < f.length; n++) {
            expectFormatError(java.util.Arrays.copyOf(f, n), "truncated to " + n + " of " + f.length);
        }
    }

    @Test
    void truncatedAtEverySectionBoundaryOfACheckpoint() {
        byte[] f = checkpoint();
        List<Integer> cuts = new ArrayList<>(List.of(0, 8, 12, 16));
        for (Section s : sections(f)) {
            for (int c : new int[] {s.header, s.header + 4, s.header + 8, s.payload, s.payload + s.length}) {
                cuts.add(c - 1);
                cuts.add(c);
                cuts.add(c + 1);
            }
        }
        for (int c : cuts) {
            if (c >= 0 && c < f.length) {
                expectFormatError(java.util.Arrays.copyOf(f, c), "checkpoint truncated to " + c);
            }
        }
        // An intact file with trailing garbage is refused too.
        byte[] longer = java.util.Arrays.copyOf(f, f.length + 3);
        assertTrue(expectFormatError(longer, "trailing bytes").getMessage().contains("to end after the END"));
    }

    @Test
    void everyFlippedByteOfASmallFileIsCaught() {
        byte[] f = ModelFile.toBytes(small(), false);
        for (int i = 0; i < f.length; i++) {
            byte[] g = f.clone();
            g[i] ^= (byte) (1 << (i % 8));
            expectFormatError(g, "bit flipped in byte " + i);
        }
    }

    @Test
    void wrongMagicVersionOrFlags() {
        byte[] f = ModelFile.toBytes(small(), false);
        byte[] g = f.clone();
        g[1] = 'X';
        assertTrue(expectFormatError(g, "magic").getMessage().contains("not a gru4j model file"));
        g = f.clone();
        g[8] = 2;
        assertTrue(expectFormatError(g, "version").getMessage().contains("version 2 is not supported"));
        g = f.clone();
        g[12] = 1;
        assertTrue(expectFormatError(g, "flags").getMessage().contains("flags"));
        expectFormatError(safetensors("{}", 0), "a safetensors file is not a model file");
        expectFormatError(new byte[0], "empty");
    }

    @Test
    void absurdSectionLengths() {
        byte[] f = ModelFile.toBytes(small(), false);
        for (long len : new long[] {-1L, Long.MAX_VALUE, 1L << 40, Integer.MAX_VALUE, 1L << 31, f.length}) {
            for (String tag : List.of(ModelFile.CONF, ModelFile.WGHT, ModelFile.END)) {
                byte[] g = f.clone();
                ByteBuffer.wrap(g).order(ByteOrder.LITTLE_ENDIAN).putLong(section(f, tag).header + 8, len);
                expectFormatError(g, tag + " length " + Long.toUnsignedString(len));
            }
        }
    }

    @Test
    void unknownOrMisplacedSections() {
        byte[] f = ModelFile.toBytes(small(), false);
        byte[] g = f.clone();
        System.arraycopy("JUNK".getBytes(StandardCharsets.US_ASCII), 0, g, section(f, "WGHT").header, 4);
        assertTrue(expectFormatError(g, "unknown tag").getMessage().contains("expected section 'WGHT'"));
        // A PROG section without OPTM before it.
        byte[] c = checkpoint();
        Section optm = section(c, ModelFile.OPTM);
        byte[] h = new byte[c.length - 16 - optm.length];
        System.arraycopy(c, 0, h, 0, optm.header);
        System.arraycopy(c, optm.payload + optm.length, h, optm.header, c.length - optm.payload - optm.length);
        expectFormatError(h, "PROG without OPTM");
    }

    @Test
    void absurdShapesInTheWeights() {
        byte[] f = ModelFile.toBytes(small(), false);
        // 2^40 elements declared, 8 bytes present.
        expectFormatError(rewrite(f, ModelFile.WGHT, safetensors("{\"dense/kernel\":{\"dtype\":\"F32\","
                + "\"shape\":[1048576,1048576],\"data_offsets\":[0,8]}}", 8)), "2^40 elements");
        expectFormatError(rewrite(f, ModelFile.WGHT, safetensors("{\"dense/kernel\":{\"dtype\":\"F32\","
                + "\"shape\":[4294967296,4294967296,4294967296],\"data_offsets\":[0,8]}}", 8)), "overflowing count");
        expectFormatError(rewrite(f, ModelFile.WGHT, safetensors("{\"dense/kernel\":{\"dtype\":\"F32\","
                + "\"shape\":[2],\"data_offsets\":[-8,0]}}", 8)), "negative offset");
        expectFormatError(rewrite(f, ModelFile.WGHT, safetensors("{\"dense/kernel\":{\"dtype\":\"F32\","
                + "\"shape\":[1],\"data_offsets\":[0,4]},\"dense/kernel\":{\"dtype\":\"F32\",\"shape\":[1],"
                + "\"data_offsets\":[4,8]}}", 8)), "duplicate tensor name");
        expectFormatError(rewrite(f, ModelFile.WGHT, safetensors("{\"dense/kernel\":{\"dtype\":\"F64\","
                + "\"shape\":[1],\"data_offsets\":[0,8]}}", 8)), "wrong dtype");
        expectFormatError(rewrite(f, ModelFile.WGHT, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}), "safetensors header length 2^63-1");
    }

    @Test
    void absurdConfigurations() {
        byte[] f = ModelFile.toBytes(small(), false);
        String c = conf(f);
        // A layer that would need 2^40 weights, in a file that stores a handful.
        ModelFormatException e = expectFormatError(rewriteConf(f, c.replaceFirst("\"units\": 2", "\"units\": 1099511627")
                .replace("\"input_shape\": [\n      2\n    ]", "\"input_shape\": [\n      1000000\n    ]")), "huge units");
        assertTrue(e.getMessage().contains("needs"), e.getMessage());
        expectFormatError(rewriteConf(f, c.replace("\"input_shape\": [\n      2\n    ]",
                "\"input_shape\": [\n      2147483647\n    ]")), "huge input");
        expectFormatError(rewriteConf(f, c.replace("\"input_shape\": [\n      2\n    ]",
                "\"input_shape\": [\n      -5\n    ]")), "negative input size");
        expectFormatError(rewriteConf(f, c.replace("\"rate\": 0.5", "\"rate\": 1.5")), "dropout rate");
        expectFormatError(rewriteConf(f, c.replace("\"rate\": 0.5", "\"rate\": \"half\"")), "dropout rate type");
        expectFormatError(rewriteConf(f, c.replace("\"activation\": \"linear\"", "\"activation\": \"gelu\"")),
                "activation");
        expectFormatError(rewriteConf(f, c.replace("\"use_bias\": true", "\"use_bias\": true, \"extra\": 1")),
                "unknown key");
        expectFormatError(rewriteConf(f, c.replace("\"name\": \"drop\"", "\"name\": \"d1\"")), "duplicate names");
        expectFormatError(rewriteConf(f, c.replace("\"format\": \"gru4j-model\"", "\"format\": \"keras\"")),
                "format");
        expectFormatError(rewriteConf(f, c.replace("\"class\": \"Sequential\"", "\"class\": \"Model\"")),
                "class without graph");
        expectFormatError(rewriteConf(f, "{\"format\": \"gru4j-model\", \"format\": \"gru4j-model\"}"),
                "duplicate JSON key");
        expectFormatError(rewriteConf(f, "[]"), "not an object");
        expectFormatError(rewriteConf(f, ""), "empty JSON");
        byte[] badUtf8 = {'{', '"', (byte) 0xC0, (byte) 0x80, '"', ':', '1', '}'};
        expectFormatError(rewrite(f, ModelFile.CONF, badUtf8), "overlong UTF-8");
    }

    @Test
    void jsonNestingBombs() {
        byte[] f = ModelFile.toBytes(small(), false);
        expectFormatError(rewriteConf(f, "[".repeat(1_000_000)), "a million brackets");
        expectFormatError(rewriteConf(f, "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000)), "nested objects");
        String c = conf(f);
        String deep = "[".repeat(200) + "]".repeat(200);
        expectFormatError(rewriteConf(f, c.replace("\"rate\": 0.5", "\"rate\": " + deep)), "deep value in a config");
    }

    @Test
    void hostileGraphs() {
        Model m = ModelFileTest.encoderDecoder();
        byte[] f = ModelFile.toBytes(m, false);
        String c = conf(f);
        expectFormatError(rewriteConf(f, c.replaceFirst("\"inputs\": \\[\\s*0\\s*\\]", "\"inputs\": [99]")),
                "node index out of range");
        expectFormatError(rewriteConf(f, c.replaceFirst("\"inputs\": \\[\\s*0\\s*\\]", "\"inputs\": [-1]")),
                "negative node index");
        expectFormatError(rewriteConf(f, c.replaceFirst("\"inputs\": \\[\\s*1,\\s*3,", "\"inputs\": [1, 9,")),
                "a node used before it exists");
        expectFormatError(rewriteConf(f, c.replaceFirst("\"layer\": \"encoder\"", "\"layer\": \"nobody\"")),
                "unknown layer in a step");
        expectFormatError(rewriteConf(f, c.replaceFirst("\"outputs\": 3", "\"outputs\": 2")), "output count");
        // A thousand and one steps: refused before any is built.
        StringBuilder steps = new StringBuilder("[");
        for (int i = 0; i <= ModelFile.MAX_STEPS; i++) {
            steps.append(i == 0 ? "" : ",").append("{\"layer\":\"d\",\"inputs\":[").append(i).append("],\"outputs\":1}");
        }
        steps.append(']');
        String graph = "{\"format\":\"gru4j-model\",\"model\":{\"class\":\"Model\",\"name\":\"m\",\"seed\":1,"
                + "\"layers\":[{\"name\":\"d\",\"class\":\"Dropout\",\"config\":{\"rate\":0.1}}],"
                + "\"inputs\":[{\"name\":\"x\",\"shape\":[3]}],\"steps\":" + steps + ",\"outputs\":[1],"
                + "\"parameters\":{}}}";
        ModelFormatException e = expectFormatError(rewriteConf(f, graph), "too many steps");
        assertTrue(e.getMessage().contains("at most " + ModelFile.MAX_STEPS), e.getMessage());
    }

    @Test
    void hostileCheckpointProgress() {
        byte[] f = checkpoint();
        Section p = section(f, ModelFile.PROG);
        String prog = new String(f, p.payload, p.length, StandardCharsets.UTF_8);
        for (String bad : List.of(prog.replaceFirst("\"epoch\": 1", "\"epoch\": -1"),
                prog.replaceFirst("\"iterations\": \\d+", "\"iterations\": -3"),
                prog.replaceFirst("\"rng_state\": -?\\d+", "\"rng_state\": 1.5"),
                prog.replaceFirst("\"optimizer_built\": true", "\"optimizer_built\": false"), "{}", "[1]")) {
            expectFormatError(rewrite(f, ModelFile.PROG, bad.getBytes(StandardCharsets.UTF_8)), "PROG " + bad);
        }
        // Optimizer slots of the wrong length.
        Tensor wrong = Tensor.zeros(1);
        expectFormatError(rewrite(f, ModelFile.OPTM, SafeTensors.toBytes(java.util.Map.of("gru/weight_ih/momentum",
                wrong), java.util.Map.of())), "OPTM of the wrong shape");
        // A checkpoint whose CONF lost its compile settings.
        String c = conf(f);
        String noCompile = c.substring(0, c.indexOf(",\n  \"compile\"")) + "\n}";
        expectFormatError(rewriteConf(f, noCompile), "checkpoint without compile");
    }

    @Test
    void absurdRecurrentConfigurations() {
        byte[] f = checkpoint();
        String c = conf(f);
        expectFormatError(rewriteConf(f, c.replace("\"units\": 3", "\"units\": 2000000000")), "huge GRU");
        expectFormatError(rewriteConf(f, c.replace("\"units\": 3", "\"units\": 0")), "zero units");
        expectFormatError(rewriteConf(f, c.replace("\"gate_activation\": \"sigmoid\"",
                "\"gate_activation\": \"SIGMOID\"")), "gate name");
        expectFormatError(rewriteConf(f, c.replace("\"class\": \"GRU\"", "\"class\": \"RecurrentStack\"")),
                "config of another type");
    }

    /**
     * Random mutations of valid files: raw byte damage (caught by structure or CRC) and damage behind a fixed CRC
     * (reaching the JSON, safetensors and configuration checks). The only allowed outcomes are a model or a
     * ModelFormatException.
     */
    @Test
    void mutationFuzz() {
        List<byte[]> seeds = List.of(ModelFile.toBytes(small(), false), checkpoint(),
                ModelFile.toBytes(ModelFileTest.encoderDecoder(), false));
        Rng rng = new Rng(20240601L);
        int loaded = 0;
        int rejected = 0;
        for (int it = 0; it < 3000; it++) {
            byte[] base = seeds.get(rng.nextInt(seeds.size()));
            byte[] f = mutate(base, rng);
            long start = System.nanoTime();
            long before = allocatedBytes();
            try {
                ModelFile.read(f, "fuzz " + it);
                loaded++;
            } catch (ModelFormatException e) {
                rejected++;
            } catch (Throwable t) {
                throw new AssertionError("iteration " + it + ": expected success or ModelFormatException, got " + t, t);
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < 1000, "iteration " + it + " took " + ms + " ms");
            long used = allocatedBytes() - before;
            assertTrue(used <= allowedBytes(f.length), "iteration " + it + " allocated " + used);
        }
        assertTrue(rejected > 1000 && loaded > 0, "loaded " + loaded + ", rejected " + rejected);
    }

    private static final String[] NUMBERS = {"0", "-1", "1", "2147483648", "1099511627776", "-9223372036854775808",
        "1e308", "-0", "0.5", "null", "true", "\"x\"", "[]", "{}"};

    static byte[] mutate(byte[] f, Rng rng) {
        List<Section> secs = sections(f);
        switch (rng.nextInt(8)) {
            case 0: { // flip a few bits anywhere
                byte[] g = f.clone();
                for (int k = 1 + rng.nextInt(4); k > 0; k--) {
                    g[rng.nextInt(g.length)] ^= (byte) (1 << rng.nextInt(8));
                }
                return g;
            }
            case 1: // truncate
                return java.util.Arrays.copyOf(f, rng.nextInt(f.length));
            case 2: { // overwrite a section length with something odd
                byte[] g = f.clone();
                Section s = secs.get(rng.nextInt(secs.size()));
                long[] odd = {rng.nextLong(), s.length + 1, s.length - 1, 0, f.length};
                ByteBuffer.wrap(g).order(ByteOrder.LITTLE_ENDIAN).putLong(s.header + 8, odd[rng.nextInt(odd.length)]);
                return g;
            }
            case 3: case 4: case 5: { // edit the JSON behind a fixed CRC
                String tag = secs.stream().anyMatch(s -> s.tag.equals(ModelFile.PROG)) && rng.nextInt(4) == 0
                        ? ModelFile.PROG : ModelFile.CONF;
                Section s = section(f, tag);
                String json = new String(f, s.payload, s.length, StandardCharsets.UTF_8);
                return rewrite(f, tag, mutateJson(json, rng).getBytes(StandardCharsets.UTF_8));
            }
            default: { // damage a safetensors section behind a fixed CRC
                String tag = secs.stream().anyMatch(s -> s.tag.equals(ModelFile.OPTM)) && rng.nextInt(3) == 0
                        ? ModelFile.OPTM : ModelFile.WGHT;
                Section s = section(f, tag);
                byte[] p = java.util.Arrays.copyOfRange(f, s.payload, s.payload + s.length);
                int headerEnd = (int) Math.min(p.length, 8 + ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).getLong());
                if (rng.nextInt(2) == 0 && headerEnd > 8) {
                    String h = new String(p, 8, headerEnd - 8, StandardCharsets.UTF_8);
                    byte[] nh = mutateJson(h, rng).getBytes(StandardCharsets.UTF_8);
                    ByteBuffer b = ByteBuffer.allocate(8 + nh.length + p.length - headerEnd)
                            .order(ByteOrder.LITTLE_ENDIAN);
                    b.putLong(nh.length).put(nh).put(p, headerEnd, p.length - headerEnd);
                    p = b.array();
                } else {
                    p[rng.nextInt(p.length)] ^= (byte) (1 << rng.nextInt(8));
                }
                return rewrite(f, tag, p);
            }
        }
    }

    static String mutateJson(String s, Rng rng) {
        StringBuilder sb = new StringBuilder(s);
        for (int k = 1 + rng.nextInt(3); k > 0 && sb.length() > 0; k--) {
            int at = rng.nextInt(sb.length());
            switch (rng.nextInt(6)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, "[{\",:}]".charAt(rng.nextInt(7)));
                case 2 -> { // replace the number or literal at a random place
                    int i = at;
                    while (i < sb.length() && "-0123456789.eEtruefalsn".indexOf(sb.charAt(i)) < 0) {
                        i++;
                    }
                    int j = i;
                    while (j < sb.length() && "-0123456789.eEtruefalsn".indexOf(sb.charAt(j)) >= 0) {
                        j++;
                    }
                    if (i < sb.length()) {
                        sb.replace(i, j, NUMBERS[rng.nextInt(NUMBERS.length)]);
                    }
                }
                case 3 -> { // duplicate a slice
                    int len = rng.nextInt(Math.min(64, sb.length() - at) + 1);
                    sb.insert(at, sb.substring(at, at + len));
                }
                case 4 -> { // change a string's content
                    int q = sb.indexOf("\"", at);
                    if (q >= 0 && q + 1 < sb.length()) {
                        sb.insert(q + 1, (char) ('a' + rng.nextInt(26)));
                    }
                }
                default -> { // swap booleans
                    int t = sb.indexOf("true", at);
                    if (t >= 0) {
                        sb.replace(t, t + 4, "false");
                    }
                }
            }
        }
        return sb.toString();
    }

    @Test
    void aValidFileStillLoadsAfterTheseHelpers() throws ModelFormatException {
        byte[] f = checkpoint();
        assertTrue(ModelFile.read(rewrite(f, ModelFile.CONF, conf(f).getBytes(StandardCharsets.UTF_8)), "same conf").isCheckpoint());
        assertThrows(ModelFormatException.class, () -> ModelFile.read(java.util.Arrays.copyOf(f, 20), "x"));
    }
}
