package org.gru4j.model;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gru4j.data.Dataset;
import org.gru4j.tensor.Tensor;
import org.gru4j.train.Callback;

/**
 * Options of {@link Model#fit}, with Keras's names and defaults: 1 epoch, batch size 32, shuffling on, no
 * validation, verbose 1 (a live progress bar on a terminal, one line per epoch otherwise), TerminateOnNaN on.
 *
 * <pre>
 *   model.fit(x, y, FitOptions.epochs(10).batchSize(32).validationData(xVal, yVal));
 * </pre>
 */
public final class FitOptions {
    int epochs = 1;
    int batchSize = 32;
    boolean shuffle = true;
    double validationSplit;
    List<Tensor> validationX;
    List<Tensor> validationY;
    Dataset validationDataset;
    final List<Callback> callbacks = new ArrayList<>();
    Map<Integer, Double> classWeight;
    int verbose = 1;
    int initialEpoch;
    boolean terminateOnNaN = true;
    PrintStream out = System.out;

    /** Options with the given number of epochs. */
    public static FitOptions epochs(int n) {
        return new FitOptions().setEpochs(n);
    }

    public static FitOptions defaults() {
        return new FitOptions();
    }

    public FitOptions setEpochs(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("epochs must be positive, got " + n);
        }
        this.epochs = n;
        return this;
    }

    public FitOptions batchSize(int b) {
        if (b <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + b);
        }
        this.batchSize = b;
        return this;
    }

    public FitOptions shuffle(boolean s) {
        this.shuffle = s;
        return this;
    }

    /** Held-out data evaluated after each epoch (val_loss, val_accuracy, ...). */
    public FitOptions validationData(Tensor x, Tensor y) {
        this.validationX = List.of(x);
        this.validationY = List.of(y);
        return this;
    }

    public FitOptions validationData(Dataset d) {
        this.validationDataset = d;
        return this;
    }

    public FitOptions validationData(List<Tensor> xs, List<Tensor> ys) {
        this.validationX = List.copyOf(xs);
        this.validationY = List.copyOf(ys);
        return this;
    }

    /** Holds out the last fraction of the samples (before shuffling), as Keras's validation_split. */
    public FitOptions validationSplit(double f) {
        if (!(f >= 0 && f < 1)) {
            throw new IllegalArgumentException("validation split must be in [0, 1), got " + f);
        }
        this.validationSplit = f;
        return this;
    }

    public FitOptions callbacks(Callback... cbs) {
        this.callbacks.addAll(Arrays.asList(cbs));
        return this;
    }

    /** Loss weight per class id (sparse labels, one-hot argmax, or binary 0/1 targets). */
    public FitOptions classWeight(Map<Integer, Double> w) {
        this.classWeight = new LinkedHashMap<>(w);
        return this;
    }

    /** 0 silent, 1 progress bar (one line per epoch when not on a terminal), 2 one line per epoch. */
    public FitOptions verbose(int v) {
        if (v < 0 || v > 2) {
            throw new IllegalArgumentException("verbose must be 0, 1 or 2, got " + v);
        }
        this.verbose = v;
        return this;
    }

    /** The epoch to start from (0-based), e.g. when resuming; epochs still counts the last epoch + 1. */
    public FitOptions initialEpoch(int e) {
        this.initialEpoch = e;
        return this;
    }

    /** Stop (keeping the last good weights) when the loss is NaN or infinite. On by default. */
    public FitOptions terminateOnNaN(boolean t) {
        this.terminateOnNaN = t;
        return this;
    }

    /** Where progress goes; System.out by default. */
    public FitOptions output(PrintStream p) {
        this.out = p;
        return this;
    }
}
