package org.gru4j.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gru4j.data.Datasets;
import org.gru4j.io.Json;
import org.gru4j.io.SafeTensors;
import org.gru4j.kernels.KernelProvider;
import org.gru4j.loss.MeanSquaredError;
import org.gru4j.model.FitOptions;
import org.gru4j.model.Sequential;
import org.gru4j.nn.Dense;
import org.gru4j.nn.Parameter;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.optim.Adam;
import org.gru4j.tensor.Tensor;
import org.gru4j.train.Callback;
import org.gru4j.train.History;
import org.gru4j.train.TrainingState;
import org.gru4j.util.Rng;

/**
 * Learning parity with PyTorch on the AirPassengers model (see {@code docs/parity.md}).
 *
 * <p>Builds the training windows exactly as {@link org.gru4j.tasks.Forecast#run} does for
 * {@link AirPassengersForecast} (log, difference at lag 12, standardization with the training part's mean and
 * deviation, windows of 12), but trains on the training part only, for a fixed number of epochs, without
 * validation or early stopping. The model is {@code GRU(32) + Dense(1)}, Adam(0.005), MSE, batch 16, seed 42.
 *
 * <p>{@code main(dir)} writes into {@code dir}:
 * <ul>
 *   <li>{@code airpassengers_inputs.safetensors}: {@code x_train}, {@code y_train}, {@code x_test}, the initial
 *       weights under PyTorch's names ({@code gru.weight_ih_l0}, {@code gru.weight_hh_l0}, {@code gru.bias_ih_l0},
 *       {@code gru.bias_hh_l0}, {@code fc.weight}, {@code fc.bias}), {@code batch_order} (epochs, N): the sample
 *       order of every epoch as the fit loop draws it, and what is needed to score the test forecasts in
 *       passengers ({@code test_log_base}, {@code test_actual}, {@code scale});</li>
 *   <li>{@code airpassengers_gru4j_curve.json}: gru4j's mean training loss per epoch, the loss of every batch and
 *       the test RMSE after training.</li>
 * </ul>
 * {@code tools/parity/airpassengers_torch.py} reads the first file and trains the same network in PyTorch.
 */
public final class ParityExport {
    public static final long SEED = 42L;
    public static final int EPOCHS = 100;
    public static final int BATCH_SIZE = 16;
    public static final double LEARNING_RATE = 0.005;
    public static final int UNITS = 32;
    public static final int WINDOW = 12;
    public static final int LAG = 12;
    public static final int TEST_SIZE = 24;
    public static final int VALIDATION_SIZE = 12;

    /** gru4j parameter name to PyTorch state_dict name, for {@code nn.GRU} named {@code gru}, {@code nn.Linear} {@code fc}. */
    public static final Map<String, String> TORCH_NAMES = torchNames();

    private ParityExport() {
    }

    private static Map<String, String> torchNames() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("gru/weight_ih", "gru.weight_ih_l0");
        m.put("gru/weight_hh", "gru.weight_hh_l0");
        m.put("gru/bias_ih", "gru.bias_ih_l0");
        m.put("gru/bias_hh", "gru.bias_hh_l0");
        m.put("fc/kernel", "fc.weight");
        m.put("fc/bias", "fc.bias");
        return m;
    }

    /** The prepared series: training and test windows, and what turns a test prediction back into passengers. */
    public record Data(Tensor xTrain, Tensor yTrain, Tensor xTest, double mean, double std, double[] testLogBase,
                       double[] testActual) {

        /** RMSE in passengers (thousands) of standardized predictions for the test windows. */
        public double testRmse(float[] pred) {
            double se = 0;
            for (int k = 0; k < testActual.length; k++) {
                double y = Math.exp(testLogBase[k] + pred[k] * std + mean);
                se += (y - testActual[k]) * (y - testActual[k]);
            }
            return Math.sqrt(se / testActual.length);
        }
    }

    /** One training run. */
    public record Run(Map<String, Tensor> initialWeights, int[][] batchOrder, double[] epochLoss,
                      double[][] batchLoss, double testRmse) {
    }

    /** The AirPassengers windows, computed as {@code Forecast.run} computes them with log and lag 12. */
    public static Data data() {
        float[] series = Datasets.airPassengers();
        int n = series.length;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = Math.log(series[i]);
        }
        double[] d = new double[n];
        for (int i = LAG; i < n; i++) {
            d[i] = z[i] - z[i - LAG];
        }
        int testStart = n - TEST_SIZE;
        int valStart = testStart - VALIDATION_SIZE;
        int first = LAG + WINDOW;
        double mean = 0;
        int count = 0;
        for (int i = LAG; i < valStart; i++) {
            mean += d[i];
            count++;
        }
        mean /= count;
        double var = 0;
        for (int i = LAG; i < valStart; i++) {
            var += (d[i] - mean) * (d[i] - mean);
        }
        double std = Math.sqrt(var / count);
        float[] s = new float[n];
        for (int i = LAG; i < n; i++) {
            s[i] = (float) ((d[i] - mean) / std);
        }
        Tensor[] train = windows(s, first, valStart);
        Tensor[] test = windows(s, testStart, n);
        double[] base = new double[TEST_SIZE];
        double[] actual = new double[TEST_SIZE];
        for (int k = 0; k < TEST_SIZE; k++) {
            base[k] = z[testStart + k - LAG];
            actual[k] = series[testStart + k];
        }
        return new Data(train[0], train[1], test[0], mean, std, base, actual);
    }

    private static Tensor[] windows(float[] s, int from, int to) {
        int count = to - from;
        float[] x = new float[count * WINDOW];
        float[] y = new float[count];
        for (int k = 0; k < count; k++) {
            System.arraycopy(s, from + k - WINDOW, x, k * WINDOW, WINDOW);
            y[k] = s[from + k];
        }
        return new Tensor[] {Tensor.of(x, count, WINDOW, 1), Tensor.of(y, count, 1)};
    }

    /** The compiled model, its weights drawn from {@link #SEED}. */
    public static Sequential model() {
        Sequential model = new Sequential(SEED);
        model.input(-1, 1);
        model.add(new GRU(UNITS).name("gru"));
        model.add(Dense.builder(1).name("fc").build());
        model.build();
        model.compile(new Adam(LEARNING_RATE), new MeanSquaredError());
        return model;
    }

    /** Trains gru4j for {@code epochs} epochs and records everything the PyTorch side needs and is compared on. */
    public static Run train(Data data, int epochs) {
        Sequential model = model();
        Map<String, Tensor> initial = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            String torch = TORCH_NAMES.get(e.getKey());
            if (torch == null) {
                throw new IllegalStateException("unexpected parameter " + e.getKey());
            }
            initial.put(torch, e.getValue().valueTensor());
        }
        if (!initial.keySet().containsAll(TORCH_NAMES.values())) {
            throw new IllegalStateException("missing parameters: " + initial.keySet());
        }
        int n = data.xTrain().dim(0);
        // The fit loop shuffles range(0, n) once per epoch with the model's training generator; nothing else draws
        // from it here (no dropout). A copy of the generator replays the same orders; the check after fit proves
        // that the model's generator made exactly these draws and no others.
        Rng replay = new Rng(0).restore(model.trainingRng().state());
        int[][] order = new int[epochs][];
        for (int e = 0; e < epochs; e++) {
            int[] o = new int[n];
            Arrays.setAll(o, i -> i);
            replay.shuffle(o);
            order[e] = o;
        }
        int steps = (n + BATCH_SIZE - 1) / BATCH_SIZE;
        double[][] batchLoss = new double[epochs][steps];
        Callback perBatch = new Callback() {
            private double previous;

            @Override
            public void onBatchEnd(int epoch, int batch, Map<String, Double> logs, TrainingState state) {
                // logs hold the running mean over the epoch; undo the mean to get this batch's own loss.
                int seen = Math.min(n, (batch + 1) * BATCH_SIZE);
                int size = seen - batch * BATCH_SIZE;
                double sum = logs.get("loss") * seen;
                batchLoss[epoch][batch] = (sum - (batch == 0 ? 0 : previous)) / size;
                previous = sum;
            }
        };
        History h = model.fit(data.xTrain(), data.yTrain(), FitOptions.epochs(epochs).batchSize(BATCH_SIZE)
                .shuffle(true).verbose(0).callbacks(perBatch));
        if (model.trainingRng().state() != replay.state()) {
            throw new IllegalStateException("the fit loop drew from the training generator beyond the batch shuffles;"
                    + " the exported batch order would be wrong");
        }
        List<Double> losses = h.history().get("loss");
        double[] epochLoss = new double[losses.size()];
        for (int i = 0; i < epochLoss.length; i++) {
            epochLoss[i] = losses.get(i);
        }
        double rmse = data.testRmse(model.predict(data.xTest()).data());
        return new Run(initial, order, epochLoss, batchLoss, rmse);
    }

    /** Writes the PyTorch script's input file. */
    public static void writeInputs(Path file, Data data, Run run) throws IOException {
        SafeTensors.Writer w = SafeTensors.writer();
        w.add("x_train", data.xTrain());
        w.add("y_train", data.yTrain());
        w.add("x_test", data.xTest());
        run.initialWeights().forEach(w::add);
        int epochs = run.batchOrder().length;
        int n = data.xTrain().dim(0);
        double[] order = new double[epochs * n];
        for (int e = 0; e < epochs; e++) {
            for (int i = 0; i < n; i++) {
                order[e * n + i] = run.batchOrder()[e][i];
            }
        }
        w.add("batch_order", order, epochs, n);
        w.add("test_log_base", data.testLogBase(), data.testLogBase().length);
        w.add("test_actual", data.testActual(), data.testActual().length);
        w.add("scale", new double[] {data.mean(), data.std()}, 2);
        w.metadata("format", "gru4j-parity-airpassengers");
        w.metadata("model", "GRU(" + UNITS + ") + Dense(1), reset_after (nn.GRU), h0 = 0, last output to fc");
        w.metadata("optimizer", "Adam lr " + LEARNING_RATE + " beta1 0.9 beta2 0.999 epsilon 1e-7, Keras form");
        w.metadata("loss", "mean squared error, mean over the batch");
        w.metadata("batch_size", Integer.toString(BATCH_SIZE));
        w.metadata("epochs", Integer.toString(epochs));
        w.metadata("seed", Long.toString(SEED));
        w.metadata("scale", "[mean, std] of the yearly log-difference over the training part");
        w.write(file);
    }

    /** The gru4j curve as JSON. */
    public static String curveJson(Run run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("framework", "gru4j");
        m.put("kernels", KernelProvider.get().getClass().getSimpleName());
        m.put("epochs", run.epochLoss().length);
        m.put("batch_size", BATCH_SIZE);
        m.put("epoch_loss", run.epochLoss());
        List<double[]> batches = new ArrayList<>(Arrays.asList(run.batchLoss()));
        m.put("batch_loss", batches);
        m.put("test_rmse", run.testRmse());
        return Json.writePretty(m) + "\n";
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : EPOCHS;
        Files.createDirectories(dir);
        Data data = data();
        Run run = train(data, epochs);
        writeInputs(dir.resolve("airpassengers_inputs.safetensors"), data, run);
        Files.writeString(dir.resolve("airpassengers_gru4j_curve.json"), curveJson(run), StandardCharsets.UTF_8);
        System.out.printf("%d training windows, %d epochs; gru4j loss: first epoch %.6f, last %.6f; test RMSE %.3f%n",
                data.xTrain().dim(0), epochs, run.epochLoss()[0], run.epochLoss()[epochs - 1], run.testRmse());
        System.out.println("wrote " + dir.resolve("airpassengers_inputs.safetensors") + " and "
                + dir.resolve("airpassengers_gru4j_curve.json"));
    }
}
