package org.gru4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gru4j.kernels.KernelProvider;
import org.gru4j.loss.MeanSquaredError;
import org.gru4j.loss.SparseCategoricalCrossentropy;
import org.gru4j.model.FitOptions;
import org.gru4j.model.Model;
import org.gru4j.model.Sequential;
import org.gru4j.nn.Activation;
import org.gru4j.nn.Dense;
import org.gru4j.nn.Dropout;
import org.gru4j.nn.Embedding;
import org.gru4j.nn.recurrent.Bidirectional;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.LSTM;
import org.gru4j.nn.recurrent.MergeMode;
import org.gru4j.nn.recurrent.SimpleRNN;
import org.gru4j.optim.Adam;
import org.gru4j.optim.SGD;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Files of every released format version stay loadable: the committed fixtures under
 * src/test/resources/modelfiles/v{N} load, predict what they predicted when written, a checkpoint resumes to the
 * recorded weights, and saving the loaded model again gives the committed bytes (for the current version).
 *
 * <p>Predictions are compared to 1e-6 relative: a fixture outlives the kernels it was written with (the scalar and
 * vector kernels, and successive versions of the vector kernels, round differently), while what it guards is that
 * the file still loads into the same model. Bit-exact save/load round trips are ModelFileTest's job. Regenerate (only when adding a new version's fixtures) with
 * {@code mvn -pl core test -Dtest=ModelFileFixtureTest -Dgru4j.writeFixtures=true}.
 */
class ModelFileFixtureTest {
    static final String[] MODELS = {"sequential", "functional", "checkpoint"};

    static Path fixtureDir(int version) {
        try {
            return Path.of(ModelFileFixtureTest.class.getResource("/modelfiles/v" + version).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Model sequential() {
        Sequential m = new Sequential("fixture_sequential", 21);
        m.input(-1).add(new Embedding(16, 6, true, org.gru4j.nn.init.Initializers.normal(0, 1), "emb"))
                .add(new Bidirectional(new GRU(5).returnSequences(true).dropout(0.1), MergeMode.CONCAT).name("bigru"))
                .add(new Dropout(0.2, "drop"))
                .add(new SimpleRNN(4, true).returnSequences(true).name("rnn"))
                .add(new Bidirectional(new LSTM(3), MergeMode.AVE).name("bilstm"))
                .add(Dense.builder(3).activation(Activation.SOFTMAX).name("out").build());
        m.build();
        m.compile(new Adam(0.005), new SparseCategoricalCrossentropy(), "accuracy");
        return m;
    }

    static Model checkpointModel() {
        Sequential m = new Sequential("fixture_checkpoint", 22);
        m.input(-1, 2).add(new GRU(4, false).returnSequences(true).name("gru"))
                .add(new LSTM(3).recurrentDropout(0.2).name("lstm")).add(Dense.builder(1).name("head").build());
        m.build();
        m.compile(new SGD(0.05, 0.9, false), new MeanSquaredError(), "mae");
        return m;
    }

    /** Inputs and targets, the same on every run (all from fixed seeds). */
    static Map<String, Tensor> data() {
        Rng r = new Rng(99);
        Map<String, Tensor> d = new LinkedHashMap<>();
        d.put("sequential.x", ModelFileTest.tokens(r, 4, 6, 16));
        d.put("functional.x0", ModelFileTest.random(r, 3, 5, 3));
        d.put("functional.x1", ModelFileTest.random(r, 3, 4, 2));
        d.put("checkpoint.x", ModelFileTest.random(r, 16, 5, 2));
        d.put("checkpoint.y", ModelFileTest.random(r, 16, 1));
        return d;
    }

    static List<Tensor> inputs(String model, Map<String, Tensor> d) {
        return switch (model) {
            case "sequential" -> List.of(d.get("sequential.x"));
            case "functional" -> List.of(d.get("functional.x0"), d.get("functional.x1"));
            default -> List.of(d.get("checkpoint.x"));
        };
    }

    static FitOptions resume(int epoch) {
        return FitOptions.epochs(epoch + 1).initialEpoch(epoch).batchSize(4).verbose(0);
    }

    @Test
    @EnabledIfSystemProperty(named = "gru4j.writeFixtures", matches = "true")
    void writeFixtures() throws IOException {
        Path dir = Path.of("src/test/resources/modelfiles/v" + ModelFile.VERSION);
        Files.createDirectories(dir);
        Map<String, Tensor> d = data();
        Model seq = sequential();
        Model fun = ModelFileTest.encoderDecoder();
        Model ckpt = checkpointModel();
        ckpt.fit(d.get("checkpoint.x"), d.get("checkpoint.y"), FitOptions.epochs(1).batchSize(4).verbose(0));
        ModelFile.save(seq, dir.resolve("sequential.gru4j"));
        ModelFile.save(fun, dir.resolve("functional.gru4j"));
        ModelFile.saveCheckpoint(ckpt, dir.resolve("checkpoint.gru4j"), 1);
        Map<String, Tensor> expected = new LinkedHashMap<>(d);
        Map<String, Model> models = Map.of("sequential", seq, "functional", fun, "checkpoint", ckpt);
        for (String name : MODELS) {
            List<Tensor> out = models.get(name).predict(inputs(name, d), null, 32);
            for (int i = 0; i < out.size(); i++) {
                expected.put(name + ".y" + i, out.get(i));
            }
        }
        ckpt.fit(d.get("checkpoint.x"), d.get("checkpoint.y"), resume(1));
        expected.put("checkpoint.resumed_weights", Tensor.of(ckpt.weights(), ckpt.weights().length));
        SafeTensors.write(dir.resolve("expected.safetensors"), expected,
                Map.of("kernels", KernelProvider.get().getClass().getSimpleName()));
    }

    @Test
    void version1FixturesLoadAndPredictAsWritten() throws IOException {
        check(1);
    }

    private void check(int version) throws IOException {
        Path dir = fixtureDir(version);
        SafeTensorsFile expected = SafeTensors.read(dir.resolve("expected.safetensors"));
        Map<String, Tensor> d = new LinkedHashMap<>();
        for (String n : expected.names()) {
            d.put(n, expected.tensor(n));
        }
        assertEquals(data().keySet(), d.keySet().stream().filter(k -> data().containsKey(k))
                .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)));
        for (String name : MODELS) {
            Path file = dir.resolve(name + ".gru4j");
            ModelFile.Loaded loaded = ModelFile.read(file);
            List<Tensor> out = loaded.model().predict(inputs(name, d), null, 32);
            for (int i = 0; i < out.size(); i++) {
                compare(d.get(name + ".y" + i), out.get(i), name + " output " + i);
            }
            if (version == ModelFile.VERSION) {
                byte[] again = loaded.isCheckpoint() ? ModelFile.checkpointBytes(loaded.model(), loaded.epoch())
                        : ModelFile.toBytes(loaded.model(), true);
                assertArrayEquals(Files.readAllBytes(file), again, name + ": saving the loaded model changed bytes");
            }
            if (loaded.isCheckpoint()) {
                assertEquals(1, loaded.epoch());
                loaded.model().fit(d.get("checkpoint.x"), d.get("checkpoint.y"), resume(loaded.epoch()));
                Tensor w = Tensor.of(loaded.model().weights(), loaded.model().weights().length);
                compare(d.get("checkpoint.resumed_weights"), w, "resumed weights");
            }
        }
    }

    private static void compare(Tensor want, Tensor got, String what) {
        assertArrayEquals(want.shape(), got.shape(), what);
        for (int i = 0; i < want.size(); i++) {
            float a = want.data()[i];
            float b = got.data()[i];
            assertTrue(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a)), what + " at " + i + ": " + a + " vs " + b);
        }
    }
}
