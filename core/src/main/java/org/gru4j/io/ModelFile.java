package org.gru4j.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32;
import org.gru4j.model.GraphStep;
import org.gru4j.model.Model;
import org.gru4j.model.Node;
import org.gru4j.model.Sequential;
import org.gru4j.nn.GraphLayer;
import org.gru4j.nn.Layer;
import org.gru4j.nn.Parameter;
import org.gru4j.optim.Optimizer;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/**
 * gru4j's native model file: one file holding a model's architecture, its weights, optionally its compile settings,
 * and for checkpoints the optimizer state and training progress, so that training resumes bit for bit.
 *
 * <pre>
 *   ModelFile.save(model, Path.of("model.gru4j"));            // or model.save(path)
 *   Model m = ModelFile.load(Path.of("model.gru4j"));          // compiled if the file has compile settings
 *
 *   ModelFile.saveCheckpoint(model, Path.of("ckpt.gru4j"), 3); // after 3 epochs (or the Checkpoint callback)
 *   ModelFile.Loaded c = ModelFile.read(Path.of("ckpt.gru4j"));
 *   c.model().fit(x, y, FitOptions.epochs(10).initialEpoch(c.epoch()));   // same weights as 10 epochs in one go
 * </pre>
 *
 * <h2>Layout, version 1</h2>
 * All integers are unsigned little-endian. The file is a fixed header followed by sections.
 * <pre>
 *   offset  size  content
 *   0       8     magic: 0x89 'G' 'R' 'U' '4' 'J' 0x0D 0x0A  (the high byte and CR LF catch 7-bit and text-mode
 *                 transfers, as PNG's magic does)
 *   8       4     u32 format version = 1
 *   12      4     u32 flags = 0 (reserved; readers of version 1 reject any other value)
 *   16      ...   sections, each:
 *                   +0   4   tag, 4 ASCII bytes
 *                   +4   4   u32 CRC-32 (ISO-HDLC, java.util.zip.CRC32) of the payload
 *                   +8   8   u64 payload length L
 *                   +16  L   payload
 * </pre>
 * Sections come in this order, and no others may appear:
 * <ol>
 *   <li>{@code CONF} (required): UTF-8 JSON object {@code {"format": "gru4j-model", "model": {...},
 *       "compile": {...}}}, at most {@link #MAX_CONFIG_BYTES}. {@code model} is the architecture ({@code class}
 *       "Sequential" or "Model", name, seed, layers with their configuration by {@link LayerCodecs}, the input
 *       shape or the graph steps, per-parameter training flags); {@code compile} (absent when the model was not
 *       compiled or was saved without it) holds the optimizer, losses, loss weights and metrics.</li>
 *   <li>{@code WGHT} (required): a complete safetensors file ({@link SafeTensors}) with every parameter as F32
 *       under its model-wide name {@code layer/param}, shaped like the parameter.</li>
 *   <li>{@code OPTM} (checkpoints only): a safetensors file with the optimizer's slots, F32, rank 1, named
 *       {@code layer/param/slot} ({@link Optimizer#state()}).</li>
 *   <li>{@code PROG} (checkpoints only, right after OPTM): UTF-8 JSON {@code {"epoch": completed epochs,
 *       "optimizer_built": bool, "iterations": optimizer steps, "rng_state": the training generator's state}},
 *       at most {@link #MAX_PROGRESS_BYTES}.</li>
 *   <li>{@code END } (required, tag ends with a space): L = 0, and the file ends right after it, so a file cut
 *       at any section boundary is detected.</li>
 * </ol>
 * See {@code docs/model-format.md} for the JSON keys of each object.
 *
 * <h2>Validation</h2>
 * A loader sees the whole file checked before it gets a model, and every defect is a {@link ModelFormatException}
 * naming the file: magic, version and flags; each section's tag, order, length (checked against the bytes that
 * remain, so a huge length cannot cause a huge allocation) and CRC; the JSON (strict, nesting bounded by
 * {@link Json#MAX_DEPTH}); the safetensors sections with all of {@link SafeTensors}'s checks; dtypes (F32 only);
 * unknown layer types (all named at once); the graph (node indices, at most {@link #MAX_STEPS} steps). Building
 * then proceeds layer by layer, and before a layer is created its parameter count, computed from its
 * configuration and input shapes by its codec, must equal the number of values the file stores for it: so a
 * configuration asking for more memory than the file holds fails before anything is allocated. After building, the
 * parameter names and shapes must match the file's tensors exactly; only then are the weights copied, the model
 * compiled, the optimizer state restored. Java serialization is never used.
 *
 * <h2>Writing</h2>
 * Files are written through {@link AtomicFiles}: a temporary file in the same directory, forced to disk, renamed
 * over the target; a crash leaves the old file or the new one. Each section is assembled in memory, so a
 * section must stay below 2 GiB.
 */
public final class ModelFile {
    /** The current format version, the one {@link #save} writes. */
    public static final int VERSION = 1;
    /** Largest accepted {@code CONF} section. */
    public static final long MAX_CONFIG_BYTES = 16L << 20;
    /** Largest accepted {@code PROG} section. */
    public static final long MAX_PROGRESS_BYTES = 64L << 10;
    /**
     * Most layers, graph steps or model inputs a file may have. Bounded because graph traversal in {@link Model}
     * recurses once per step; far above any real recurrent model.
     */
    public static final int MAX_STEPS = 1000;

    static final byte[] MAGIC = {(byte) 0x89, 'G', 'R', 'U', '4', 'J', 0x0D, 0x0A};
    static final int HEADER_BYTES = 16;
    static final int SECTION_HEADER_BYTES = 16;
    static final String CONF = "CONF";
    static final String WGHT = "WGHT";
    static final String OPTM = "OPTM";
    static final String PROG = "PROG";
    static final String END = "END ";
    private static final String FORMAT = "gru4j-model";

    private ModelFile() {
    }

    /** A loaded file: the model and, for checkpoints, the number of completed epochs (else -1). */
    public record Loaded(Model model, int epoch) {
        /** True when the file was a checkpoint (optimizer state, training generator and epoch restored). */
        public boolean isCheckpoint() {
            return epoch >= 0;
        }
    }

    // ------------------------------------------------------------------------------------------------ saving

    /**
     * Saves architecture, weights and, when the model is compiled, its compile settings.
     *
     * @throws IllegalStateException    if the model is not built yet
     * @throws IllegalArgumentException if a layer, optimizer, schedule or loss has no file representation
     */
    public static void save(Model model, Path path) throws IOException {
        save(model, path, true);
    }

    /** As {@link #save(Model, Path)}; {@code withCompile = false} leaves the compile settings out. */
    public static void save(Model model, Path path, boolean withCompile) throws IOException {
        write(path, sections(model, withCompile && model.optimizer() != null, false, 0));
    }

    /**
     * Saves a checkpoint: everything {@link #save} writes plus the optimizer state, the training generator's
     * state and {@code epoch}, the number of completed epochs (pass it to {@code FitOptions.initialEpoch} when
     * resuming).
     *
     * @throws IllegalStateException if the model is not compiled
     */
    public static void saveCheckpoint(Model model, Path path, int epoch) throws IOException {
        write(path, sections(model, true, true, epoch));
    }

    /** The bytes {@link #save(Model, Path, boolean)} would write. */
    public static byte[] toBytes(Model model, boolean withCompile) {
        return concat(sections(model, withCompile && model.optimizer() != null, false, 0));
    }

    /** The bytes {@link #saveCheckpoint} would write. */
    public static byte[] checkpointBytes(Model model, int epoch) {
        return concat(sections(model, true, true, epoch));
    }

    private static void write(Path path, List<byte[]> parts) throws IOException {
        AtomicFiles.write(path, ch -> {
            for (byte[] p : parts) {
                AtomicFiles.writeFully(ch, ByteBuffer.wrap(p));
            }
        });
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** File header, then each section's header and payload, as separate arrays (written in order). */
    private static List<byte[]> sections(Model model, boolean withCompile, boolean checkpoint, int epoch) {
        if (!model.isBuilt()) {
            throw new IllegalStateException(model.name() + " is not built; build it (fit, predict or build()) "
                    + "before saving");
        }
        if (checkpoint && epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        if (checkpoint && model.optimizer() == null) {
            throw new IllegalStateException(model.name() + " is not compiled; a checkpoint needs the optimizer");
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("model", architecture(model));
        if (withCompile) {
            root.put("compile", CompileConfig.toJson(model));
        }
        List<byte[]> out = new ArrayList<>();
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).putInt(VERSION).putInt(0);
        out.add(header.array());
        section(out, CONF, Json.writePretty(root).getBytes(StandardCharsets.UTF_8));
        Map<String, Tensor> weights = new LinkedHashMap<>();
        model.namedParameters().forEach((k, p) -> weights.put(k, p.valueTensor()));
        section(out, WGHT, SafeTensors.toBytes(weights, Map.of()));
        if (checkpoint) {
            Optimizer opt = model.optimizer();
            Map<String, Tensor> slots = new LinkedHashMap<>();
            opt.state().forEach((k, v) -> slots.put(k, Tensor.of(v, v.length)));
            section(out, OPTM, SafeTensors.toBytes(slots, Map.of()));
            Map<String, Object> prog = new LinkedHashMap<>();
            prog.put("epoch", epoch);
            prog.put("optimizer_built", opt.isBuilt());
            prog.put("iterations", opt.iterations());
            prog.put("rng_state", model.trainingRng().state());
            section(out, PROG, Json.writePretty(prog).getBytes(StandardCharsets.UTF_8));
        }
        section(out, END, new byte[0]);
        return out;
    }

    private static void section(List<byte[]> out, String tag, byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteBuffer h = ByteBuffer.allocate(SECTION_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.put(tag.getBytes(StandardCharsets.US_ASCII)).putInt((int) crc.getValue()).putLong(payload.length);
        out.add(h.array());
        out.add(payload);
    }

    private static Map<String, Object> architecture(Model model) {
        Map<String, Object> m = new LinkedHashMap<>();
        boolean sequential = model instanceof Sequential;
        m.put("class", sequential ? "Sequential" : "Model");
        m.put("name", model.name());
        m.put("seed", model.seed());
        List<GraphStep> steps = model.graph();
        List<Object> layers = new ArrayList<>();
        Map<Object, String> names = new IdentityHashMap<>();
        for (GraphStep s : steps) {
            Object owner = s.layer().owner();
            if (names.put(owner, s.layer().name()) == null) {
                if (s.layer().name().indexOf('/') >= 0) {
                    // Parameters are named "<layer>/<param>"; a slash in the layer name would make that ambiguous.
                    throw new IllegalArgumentException("layer name '" + s.layer().name() + "' contains '/', which "
                            + "model files reserve as the separator of parameter names");
                }
                LayerCodec c = LayerCodecs.forLayer(owner);
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("name", s.layer().name());
                l.put("class", c.type());
                l.put("config", c.toConfig(owner));
                layers.add(l);
            }
        }
        m.put("layers", layers);
        if (sequential) {
            m.put("input_shape", model.inputs().get(0).shape());
        } else {
            List<Object> inputs = new ArrayList<>();
            for (Node n : model.inputs()) {
                Map<String, Object> i = new LinkedHashMap<>();
                i.put("name", n.name());
                i.put("shape", n.shape());
                inputs.add(i);
            }
            m.put("inputs", inputs);
            List<Object> js = new ArrayList<>();
            for (GraphStep s : steps) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("layer", names.get(s.layer().owner()));
                j.put("inputs", s.inputs());
                j.put("outputs", s.outputs().size());
                js.add(j);
            }
            m.put("steps", js);
            m.put("outputs", model.outputIndices());
        }
        Map<String, Object> flags = new LinkedHashMap<>();
        model.namedParameters().forEach((k, p) -> {
            if (!p.trainable() || p.l1() != 0 || p.l2() != 0) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("trainable", p.trainable());
                f.put("l1", p.l1());
                f.put("l2", p.l2());
                flags.put(k, f);
            }
        });
        m.put("parameters", flags);
        return m;
    }

    // ------------------------------------------------------------------------------------------------ loading

    /** Loads a model (compiled when the file has compile settings; a checkpoint's training state restored). */
    public static Model load(Path path) throws IOException {
        return read(path).model();
    }

    /** Loads a model or checkpoint and reports which it was; see {@link Loaded}. */
    public static Loaded read(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            String where = path.toString();
            return parse(ByteSource.of(ch, where), where);
        }
    }

    /** Loads from bytes held in memory; {@code sourceName} names them in messages. */
    public static Loaded read(byte[] bytes, String sourceName) throws ModelFormatException {
        try {
            return parse(ByteSource.of(bytes), sourceName);
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new AssertionError("in-memory reads do no I/O", e);
        }
    }


    private static Loaded parse(ByteSource src, String where) throws IOException {
        long size = src.size();
        if (size < HEADER_BYTES) {
            throw fail(where, "expected at least " + HEADER_BYTES + " bytes (magic, version, flags), the file has "
                    + size);
        }
        byte[] head = new byte[HEADER_BYTES];
        src.read(0, head);
        if (!Arrays.equals(Arrays.copyOf(head, MAGIC.length), MAGIC)) {
            throw fail(where, "not a gru4j model file: expected the magic bytes 89 47 52 55 34 4A 0D 0A, found "
                    + hex(head, 0, MAGIC.length));
        }
        ByteBuffer hb = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        long version = hb.getInt(8) & 0xFFFFFFFFL;
        if (version != VERSION) {
            throw fail(where, "format version " + version + " is not supported; this reader knows version "
                    + VERSION + (version > VERSION ? " (the file was written by a newer gru4j)" : ""));
        }
        int flags = hb.getInt(12);
        if (flags != 0) {
            throw fail(where, "expected flags 0 in format version 1, found 0x" + Integer.toHexString(flags));
        }

        Map<String, byte[]> sections = new LinkedHashMap<>();
        long pos = HEADER_BYTES;
        String previous = null;
        while (true) {
            if (size - pos < SECTION_HEADER_BYTES) {
                throw fail(where, "truncated: expected a " + SECTION_HEADER_BYTES + "-byte section header at byte "
                        + pos + " (after " + (previous == null ? "the file header" : "section " + previous)
                        + "), the file ends at byte " + size);
            }
            byte[] sh = new byte[SECTION_HEADER_BYTES];
            src.read(pos, sh);
            ByteBuffer b = ByteBuffer.wrap(sh).order(ByteOrder.LITTLE_ENDIAN);
            String tag = new String(sh, 0, 4, StandardCharsets.ISO_8859_1);
            long crc = b.getInt(4) & 0xFFFFFFFFL;
            long length = b.getLong(8);
            List<String> allowed = nextAllowed(previous);
            if (!allowed.contains(tag)) {
                throw fail(where, "expected section " + describe(allowed) + " at byte " + pos + ", found tag "
                        + hex(sh, 0, 4));
            }
            long limit = switch (tag) {
                case CONF -> MAX_CONFIG_BYTES;
                case PROG -> MAX_PROGRESS_BYTES;
                case END -> 0;
                default -> Integer.MAX_VALUE - 8;
            };
            // length < 0 is an unsigned value of at least 2^63
            if (length < 0 || length > limit) {
                throw fail(where, "section " + tag.trim() + " at byte " + pos + " declares "
                        + Long.toUnsignedString(length) + " bytes, more than its limit of " + limit);
            }
            long remaining = size - pos - SECTION_HEADER_BYTES;
            if (length > remaining) {
                throw fail(where, "truncated: section " + tag.trim() + " at byte " + pos + " declares " + length
                        + " bytes, only " + remaining + " follow");
            }
            byte[] payload = new byte[(int) length];
            src.read(pos + SECTION_HEADER_BYTES, payload);
            CRC32 c = new CRC32();
            c.update(payload);
            if (c.getValue() != crc) {
                throw fail(where, "section " + tag.trim() + " at byte " + pos + " is corrupt: CRC-32 "
                        + String.format("%08x", c.getValue()) + " does not match the stored " + String.format("%08x",
                        crc));
            }
            pos += SECTION_HEADER_BYTES + length;
            if (tag.equals(END)) {
                if (pos != size) {
                    throw fail(where, "expected the file to end after the END section at byte " + pos + ", found "
                            + (size - pos) + " more bytes");
                }
                break;
            }
            sections.put(tag, payload);
            previous = tag;
        }

        Map<String, Object> root = asObject(json(where, CONF, sections.get(CONF)), where, "the CONF section");
        requireKeys(where, "the CONF section", root, Set.of("format", "model"), Set.of("compile"));
        if (!FORMAT.equals(root.get("format"))) {
            throw fail(where, "expected \"format\": \"" + FORMAT + "\", found " + shortly(root.get("format")));
        }
        SafeTensorsFile weights = SafeTensors.read(sections.get(WGHT), where + " (section WGHT)");
        requireF32(where, weights, WGHT);
        Map<String, Object> progress = null;
        SafeTensorsFile slots = null;
        if (sections.containsKey(PROG)) {
            progress = asObject(json(where, PROG, sections.get(PROG)), where, "the PROG section");
            requireKeys(where, "the PROG section", progress, Set.of("epoch", "optimizer_built", "iterations",
                    "rng_state"), Set.of());
            slots = SafeTensors.read(sections.get(OPTM), where + " (section OPTM)");
            requireF32(where, slots, OPTM);
            for (String n : slots.names()) {
                if (slots.shape(n).length != 1) {
                    throw fail(where, "section OPTM: tensor '" + shortly(n) + "' must have rank 1, has shape "
                            + Tensor.shapeString(slots.shape(n)));
                }
            }
            if (!root.containsKey("compile")) {
                throw fail(where, "a checkpoint (with sections OPTM and PROG) needs the compile settings in CONF");
            }
        }
        return build(where, root, weights, progress, slots);
    }

    private static List<String> nextAllowed(String previous) {
        if (previous == null) {
            return List.of(CONF);
        }
        return switch (previous) {
            case CONF -> List.of(WGHT);
            case WGHT -> List.of(OPTM, END);
            case OPTM -> List.of(PROG);
            default -> List.of(END);
        };
    }

    private static String describe(List<String> tags) {
        List<String> q = new ArrayList<>();
        for (String t : tags) {
            q.add("'" + t + "'");
        }
        return String.join(" or ", q);
    }

    private static Object json(String where, String tag, byte[] payload) throws ModelFormatException {
        try {
            return Json.parse(payload);
        } catch (JsonException e) {
            throw fail(where, "section " + tag + " is not valid UTF-8 JSON: " + e.getMessage());
        }
    }

    private static void requireF32(String where, SafeTensorsFile f, String tag) throws ModelFormatException {
        for (String n : f.names()) {
            if (f.dtype(n) != DType.F32) {
                throw fail(where, "section " + tag + ": tensor '" + shortly(n) + "' has dtype " + f.dtype(n)
                        + ", expected F32");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ rebuilding

    private static Loaded build(String where, Map<String, Object> root, SafeTensorsFile weights,
                                Map<String, Object> progress, SafeTensorsFile slots) throws ModelFormatException {
        Map<String, Object> arch = asObject(root.get("model"), where, "\"model\"");
        String kind = string(arch, "class", where, "\"model\"");
        boolean sequential = kind.equals("Sequential");
        if (!sequential && !kind.equals("Model")) {
            throw fail(where, "\"model\".class: expected \"Sequential\" or \"Model\", found \"" + shortly(kind) + "\"");
        }
        requireKeys(where, "\"model\"", arch, sequential
                ? Set.of("class", "name", "seed", "layers", "input_shape", "parameters")
                : Set.of("class", "name", "seed", "layers", "inputs", "steps", "outputs", "parameters"), Set.of());
        String name = string(arch, "name", where, "\"model\"");
        if (!(arch.get("seed") instanceof Long seed)) {
            throw fail(where, "\"model\".seed: expected an integer, found " + shortly(arch.get("seed")));
        }
        Map<String, LayerEntry> layers = layers(where, list(arch, "layers", where, "\"model\""));

        // Stored values per layer, for the allocation guard: tensors are named "<layer>/<param>".
        Map<String, Long> stored = new HashMap<>();
        long totalStored = 0;
        for (String n : weights.names()) {
            long count = 1;
            for (int d : weights.shape(n)) {
                count *= d; // cannot overflow: the safetensors reader checked count * 4 against the file length
            }
            totalStored += count;
            int slash = n.indexOf('/');
            if (slash > 0) {
                stored.merge(n.substring(0, slash), count, Long::sum);
            }
        }
        Guard guard = new Guard(where, stored, totalStored);

        Model model;
        Map<String, Object> parameters = asObject(arch.get("parameters"), where, "\"model\".parameters");
        try {
            Rng rng = new Rng(seed);
            if (sequential) {
                int[] shape = shape(arch.get("input_shape"), where, "\"model\".input_shape");
                Sequential s = new Sequential(name, seed);
                s.input(shape);
                int[] current = shape;
                for (LayerEntry e : layers.values()) {
                    Object layer = guard.create(e, List.of(current));
                    if (!(layer instanceof Layer l)) {
                        throw fail(where, "layer '" + shortly(e.name) + "' of type " + e.type + " cannot be part of "
                                + "a Sequential model");
                    }
                    // As Sequential itself does, a layer with several outputs (returnState) feeds on its first.
                    current = GraphLayer.of(l).build(List.of(current), rng).get(0);
                    s.add(l);
                }
                model = s.build();
            } else {
                model = functional(where, arch, name, seed, layers, guard, rng);
            }
        } catch (RuntimeException e) {
            throw new ModelFormatException(where + ": cannot rebuild the model from its configuration: "
                    + e.getMessage(), e);
        }
        if (guard.allocated != totalStored) {
            throw fail(where, "the layers hold " + guard.allocated + " parameter values but section WGHT stores "
                    + totalStored);
        }

        // Names and shapes must match exactly before any value is copied.
        Map<String, Parameter> named = model.namedParameters();
        TreeSet<String> missing = new TreeSet<>(named.keySet());
        missing.removeAll(weights.names());
        TreeSet<String> extra = new TreeSet<>(weights.names());
        extra.removeAll(named.keySet());
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw fail(where, "section WGHT does not fit the architecture: missing " + shortly(missing)
                    + ", unexpected " + shortly(extra));
        }
        for (Map.Entry<String, Parameter> e : named.entrySet()) {
            int[] s = weights.shape(e.getKey());
            if (!Arrays.equals(s, e.getValue().shape())) {
                throw fail(where, "tensor '" + shortly(e.getKey()) + "' has shape " + Tensor.shapeString(s)
                        + ", the architecture needs " + Tensor.shapeString(e.getValue().shape()));
            }
        }
        Map<String, boolean[]> trainable = new HashMap<>();
        Map<String, double[]> penalties = new HashMap<>();
        for (Map.Entry<String, Object> e : parameters.entrySet()) {
            String what = "\"model\".parameters['" + shortly(e.getKey()) + "']";
            if (!named.containsKey(e.getKey())) {
                throw fail(where, what + ": no such parameter");
            }
            Map<String, Object> f = asObject(e.getValue(), where, what);
            requireKeys(where, what, f, Set.of("trainable", "l1", "l2"), Set.of());
            if (!(f.get("trainable") instanceof Boolean t)) {
                throw fail(where, what + ".trainable: expected true or false");
            }
            double l1 = nonNegative(f.get("l1"), where, what + ".l1");
            double l2 = nonNegative(f.get("l2"), where, what + ".l2");
            trainable.put(e.getKey(), new boolean[] {t});
            penalties.put(e.getKey(), new double[] {l1, l2});
        }
        for (Map.Entry<String, Parameter> e : named.entrySet()) {
            e.getValue().set(weights.tensor(e.getKey()));
            if (trainable.containsKey(e.getKey())) {
                e.getValue().setTrainable(trainable.get(e.getKey())[0]);
                double[] p = penalties.get(e.getKey());
                e.getValue().setRegularization(p[0], p[1]);
            }
        }

        if (root.containsKey("compile")) {
            Map<String, Object> compile = asObject(root.get("compile"), where, "\"compile\"");
            try {
                CompileConfig.apply(model, new LayerConfig(where + ": \"compile\"", compile), model.outputs().size());
            } catch (IllegalArgumentException e) {
                throw fail(where, "\"compile\": " + e.getMessage());
            }
        }
        int epoch = -1;
        if (progress != null) {
            epoch = restoreProgress(where, model, progress, slots);
        }
        return new Loaded(model, epoch);
    }

    private static int restoreProgress(String where, Model model, Map<String, Object> p, SafeTensorsFile slots)
            throws ModelFormatException {
        if (!(p.get("epoch") instanceof Long e) || e < 0 || e > Integer.MAX_VALUE) {
            throw fail(where, "PROG.epoch: expected an integer in [0, 2^31 - 1], found " + shortly(p.get("epoch")));
        }
        if (!(p.get("optimizer_built") instanceof Boolean built)) {
            throw fail(where, "PROG.optimizer_built: expected true or false");
        }
        if (!(p.get("iterations") instanceof Long it) || it < 0) {
            throw fail(where, "PROG.iterations: expected a non-negative integer, found " + shortly(p.get("iterations")));
        }
        if (!(p.get("rng_state") instanceof Long rngState)) {
            throw fail(where, "PROG.rng_state: expected a 64-bit integer, found " + shortly(p.get("rng_state")));
        }
        Optimizer opt = model.optimizer();
        if (built) {
            Map<String, float[]> state = new LinkedHashMap<>();
            for (String n : slots.names()) {
                state.put(n, slots.tensor(n).data());
            }
            // Built exactly as Model.fit builds it, so the state keys are the model-wide parameter names.
            Map<String, Parameter> named = model.namedParameters();
            try {
                opt.build(new ArrayList<>(named.values()), new ArrayList<>(named.keySet()));
                opt.restore(state, it);
            } catch (IllegalArgumentException ex) {
                throw fail(where, "section OPTM does not fit the " + opt.name() + " optimizer: " + ex.getMessage());
            }
        } else if (!slots.names().isEmpty() || it != 0) {
            throw fail(where, "PROG says the optimizer was not built, but OPTM or iterations hold state");
        }
        model.trainingRng().restore(rngState);
        return (int) (long) e;
    }

    private static Model functional(String where, Map<String, Object> arch, String name, long seed,
                                    Map<String, LayerEntry> layers, Guard guard, Rng rng) throws ModelFormatException {
        List<?> ins = list(arch, "inputs", where, "\"model\"");
        if (ins.isEmpty() || ins.size() > MAX_STEPS) {
            throw fail(where, "\"model\".inputs: expected 1 to " + MAX_STEPS + " inputs, found " + ins.size());
        }
        List<Node> nodes = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        List<Node> inputs = new ArrayList<>();
        for (int i = 0; i < ins.size(); i++) {
            String what = "\"model\".inputs[" + i + "]";
            Map<String, Object> in = asObject(ins.get(i), where, what);
            requireKeys(where, what, in, Set.of("name", "shape"), Set.of());
            int[] shape = shape(in.get("shape"), where, what + ".shape");
            Node n = Node.input(string(in, "name", where, what), shape);
            nodes.add(n);
            shapes.add(shape);
            inputs.add(n);
        }
        List<?> steps = list(arch, "steps", where, "\"model\"");
        if (steps.size() > MAX_STEPS) {
            throw fail(where, "\"model\".steps: at most " + MAX_STEPS + " steps are supported, found " + steps.size());
        }
        Map<String, Object> created = new HashMap<>();
        for (int si = 0; si < steps.size(); si++) {
            String what = "\"model\".steps[" + si + "]";
            Map<String, Object> st = asObject(steps.get(si), where, what);
            requireKeys(where, what, st, Set.of("layer", "inputs", "outputs"), Set.of());
            String ln = string(st, "layer", where, what);
            LayerEntry e = layers.get(ln);
            if (e == null) {
                throw fail(where, what + ": no layer named '" + shortly(ln) + "' in \"model\".layers");
            }
            List<?> idx = list(st, "inputs", where, what);
            if (idx.isEmpty() || idx.size() > 16) {
                throw fail(where, what + ".inputs: expected 1 to 16 node indices, found " + idx.size());
            }
            Node[] in = new Node[idx.size()];
            List<int[]> inShapes = new ArrayList<>();
            for (int k = 0; k < in.length; k++) {
                if (!(idx.get(k) instanceof Long v) || v < 0 || v >= nodes.size()) {
                    throw fail(where, what + ".inputs[" + k + "]: expected a node index in [0, " + nodes.size()
                            + "), found " + shortly(idx.get(k)));
                }
                in[k] = nodes.get((int) (long) v);
                inShapes.add(shapes.get((int) (long) v));
            }
            Object layer = created.get(ln);
            if (layer == null) {
                layer = guard.create(e, inShapes);
                created.put(ln, layer);
            }
            GraphLayer g = layer instanceof GraphLayer gl ? gl : GraphLayer.of((Layer) layer);
            List<int[]> outShapes = g.build(inShapes, rng);
            Node[] out = Node.call(g, in);
            if (!(st.get("outputs") instanceof Long count) || count != out.length || out.length != outShapes.size()) {
                throw fail(where, what + ".outputs: the file says " + shortly(st.get("outputs")) + ", layer '"
                        + shortly(ln) + "' has " + outShapes.size());
            }
            for (int k = 0; k < out.length; k++) {
                nodes.add(out[k]);
                shapes.add(outShapes.get(k));
            }
        }
        if (created.size() != layers.size()) {
            TreeSet<String> unused = new TreeSet<>(layers.keySet());
            unused.removeAll(created.keySet());
            throw fail(where, "layers not used by any step: " + shortly(unused));
        }
        List<?> outs = list(arch, "outputs", where, "\"model\"");
        if (outs.isEmpty() || outs.size() > MAX_STEPS) {
            throw fail(where, "\"model\".outputs: expected 1 to " + MAX_STEPS + " node indices, found " + outs.size());
        }
        List<Node> outputs = new ArrayList<>();
        for (int k = 0; k < outs.size(); k++) {
            if (!(outs.get(k) instanceof Long v) || v < 0 || v >= nodes.size()) {
                throw fail(where, "\"model\".outputs[" + k + "]: expected a node index in [0, " + nodes.size()
                        + "), found " + shortly(outs.get(k)));
            }
            outputs.add(nodes.get((int) (long) v));
        }
        return new Model(name, inputs, outputs, seed);
    }

    /** One entry of {@code "model".layers}, its type already known to be registered. */
    private record LayerEntry(String name, String type, LayerCodec codec, LayerConfig config) {
    }

    private static Map<String, LayerEntry> layers(String where, List<?> list) throws ModelFormatException {
        if (list.size() > MAX_STEPS) {
            throw fail(where, "\"model\".layers: at most " + MAX_STEPS + " layers are supported, found "
                    + list.size());
        }
        Map<String, LayerEntry> out = new LinkedHashMap<>();
        TreeSet<String> unknown = new TreeSet<>();
        for (int i = 0; i < list.size(); i++) {
            String what = "\"model\".layers[" + i + "]";
            Map<String, Object> l = asObject(list.get(i), where, what);
            requireKeys(where, what, l, Set.of("name", "class", "config"), Set.of());
            String name = string(l, "name", where, what);
            if (name.isBlank() || name.indexOf('/') >= 0) {
                throw fail(where, what + ".name: expected a non-blank name without '/', found \"" + shortly(name)
                        + "\"");
            }
            String type = string(l, "class", where, what);
            Map<String, Object> cfg = asObject(l.get("config"), where, what + ".config");
            LayerCodec codec = LayerCodecs.forType(type);
            if (codec == null) {
                unknown.add(shortly(type) + " (layer '" + shortly(name) + "')");
                continue;
            }
            if (out.put(name, new LayerEntry(name, type, codec,
                    new LayerConfig(where + ": layer '" + shortly(name) + "' (" + type + ")", cfg))) != null) {
                throw fail(where, "two layers are named '" + shortly(name) + "'");
            }
        }
        if (!unknown.isEmpty()) {
            throw fail(where, "unknown layer type(s): " + String.join(", ", unknown) + "; this reader knows "
                    + LayerCodecs.types());
        }
        return out;
    }

    /** Creates layers only after their parameter count has been checked against what the file stores. */
    private static final class Guard {
        final String where;
        final Map<String, Long> stored;
        final long totalStored;
        long allocated;

        Guard(String where, Map<String, Long> stored, long totalStored) {
            this.where = where;
            this.stored = stored;
            this.totalStored = totalStored;
        }

        Object create(LayerEntry e, List<int[]> inputShapes) throws ModelFormatException {
            long need = e.codec.parameterCount(e.config, inputShapes);
            long have = stored.getOrDefault(e.name, 0L);
            if (need != have) {
                throw fail(where, "layer '" + shortly(e.name) + "' (" + e.type + ") needs " + need + " parameter "
                        + "values for inputs " + shapes(inputShapes) + ", section WGHT stores " + have);
            }
            allocated += need;
            if (allocated > totalStored) {
                throw fail(where, "the layers need more parameter values than section WGHT stores (" + totalStored
                        + ")");
            }
            return e.codec.create(e.name, e.config);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String shapes(List<int[]> shapes) {
        List<String> s = new ArrayList<>();
        for (int[] x : shapes) {
            s.add(Tensor.shapeString(x));
        }
        return s.toString();
    }

    private static int[] shape(Object v, String where, String what) throws ModelFormatException {
        if (!(v instanceof List<?> l) || l.size() > 8) {
            throw fail(where, what + ": expected an array of at most 8 dimensions, found " + shortly(v));
        }
        int[] s = new int[l.size()];
        for (int i = 0; i < s.length; i++) {
            if (!(l.get(i) instanceof Long d) || d == 0 || d < -1 || d > Integer.MAX_VALUE) {
                throw fail(where, what + "[" + i + "]: expected -1 or a positive size, found " + shortly(l.get(i)));
            }
            s[i] = (int) (long) d;
        }
        return s;
    }

    private static double nonNegative(Object v, String where, String what) throws ModelFormatException {
        if (!(v instanceof Number n) || !(n.doubleValue() >= 0) || Double.isInfinite(n.doubleValue())) {
            throw fail(where, what + ": expected a finite number >= 0, found " + shortly(v));
        }
        return n.doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object v, String where, String what) throws ModelFormatException {
        if (!(v instanceof Map<?, ?> m)) {
            throw fail(where, what + ": expected a JSON object, found " + shortly(v));
        }
        return (Map<String, Object>) m;
    }

    private static List<?> list(Map<String, Object> m, String key, String where, String what)
            throws ModelFormatException {
        if (!(m.get(key) instanceof List<?> l)) {
            throw fail(where, what + "." + key + ": expected an array, found " + shortly(m.get(key)));
        }
        return l;
    }

    private static String string(Map<String, Object> m, String key, String where, String what)
            throws ModelFormatException {
        if (!(m.get(key) instanceof String s)) {
            throw fail(where, what + "." + key + ": expected a string, found " + shortly(m.get(key)));
        }
        return s;
    }

    private static void requireKeys(String where, String what, Map<String, Object> m, Set<String> required,
                                    Set<String> optional) throws ModelFormatException {
        for (String k : required) {
            if (!m.containsKey(k)) {
                throw fail(where, what + ": missing key \"" + k + "\"");
            }
        }
        Set<String> known = new HashSet<>(required);
        known.addAll(optional);
        for (String k : m.keySet()) {
            if (!known.contains(k)) {
                throw fail(where, what + ": unknown key \"" + shortly(k) + "\"; expected " + new TreeSet<>(known));
            }
        }
    }

    private static String hex(byte[] b, int from, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + n; i++) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02X", b[i] & 0xFF));
        }
        return sb.toString();
    }

    /** A value for an error message, cut short so a hostile file cannot make a huge message. */
    static String shortly(Object v) {
        String s = String.valueOf(v);
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    static ModelFormatException fail(String where, String message) {
        return new ModelFormatException(where + ": " + message);
    }
}
