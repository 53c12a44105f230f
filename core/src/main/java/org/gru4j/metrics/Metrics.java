package org.gru4j.metrics;

import java.util.List;
import java.util.Locale;
import org.gru4j.loss.BinaryCrossentropy;
import org.gru4j.loss.CategoricalCrossentropy;
import org.gru4j.loss.Loss;
import org.gru4j.loss.SparseCategoricalCrossentropy;
import org.gru4j.tensor.Tensor;

/** Metrics by their Keras names. */
public final class Metrics {
    /** Every name {@link #byName} accepts. */
    public static final List<String> NAMES = List.of("accuracy", "acc", "binary_accuracy", "categorical_accuracy",
            "sparse_categorical_accuracy", "mean_absolute_error", "mae", "mean_squared_error", "mse",
            "root_mean_squared_error", "rmse", "precision", "recall", "auc");

    private Metrics() {
    }

    /**
     * A new metric for {@code name}. {@code "accuracy"} (or {@code "acc"}) is resolved from the loss, as Keras
     * {@code compile} does: binary crossentropy gives binary accuracy, categorical gives categorical, sparse
     * categorical gives sparse categorical; the metric keeps the name {@code "accuracy"}. For other losses (or
     * {@code null}) it is resolved from the shapes of the first batch by Keras's rule: a last prediction axis of 1
     * means binary; targets of lower rank than the predictions, or a target axis of 1 against more classes, mean
     * sparse; otherwise categorical.
     *
     * <p>Unlike Keras, binary accuracy for a loss on logits ({@code BinaryCrossentropy(true)}) uses threshold 0,
     * which is the 0.5 probability threshold seen through the sigmoid; Keras would compare logits with 0.5.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Metric byName(String name, Loss loss) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        switch (n) {
            case "accuracy":
            case "acc":
                if (loss instanceof BinaryCrossentropy) {
                    return new BinaryAccuracy("accuracy", ((BinaryCrossentropy) loss).fromLogits() ? 0.0 : 0.5);
                }
                if (loss instanceof CategoricalCrossentropy) {
                    return new CategoricalAccuracy("accuracy");
                }
                if (loss instanceof SparseCategoricalCrossentropy) {
                    return new SparseCategoricalAccuracy("accuracy");
                }
                return new ShapeResolvedAccuracy();
            case "binary_accuracy":
                return new BinaryAccuracy();
            case "categorical_accuracy":
                return new CategoricalAccuracy();
            case "sparse_categorical_accuracy":
                return new SparseCategoricalAccuracy();
            case "mean_absolute_error":
            case "mae":
                return new MeanAbsoluteError();
            case "mean_squared_error":
            case "mse":
                return new MeanSquaredError();
            case "root_mean_squared_error":
            case "rmse":
                return new RootMeanSquaredError();
            case "precision":
                return new Precision();
            case "recall":
                return new Recall();
            case "auc":
                return new Auc();
            default:
                throw new IllegalArgumentException("unknown metric \"" + name + "\"; known: "
                        + String.join(", ", NAMES));
        }
    }

    /** "accuracy" whose kind is chosen by Keras's shape rule at the first update. */
    private static final class ShapeResolvedAccuracy implements Metric {
        private Metric delegate;

        @Override
        public String name() {
            return "accuracy";
        }

        @Override
        public void reset() {
            if (delegate != null) {
                delegate.reset();
            }
        }

        @Override
        public void update(Tensor pred, Tensor target) {
            if (delegate == null) {
                int pLast = pred.rank() <= 1 ? 1 : pred.dim(-1);
                int tLast = target.rank() <= 1 ? 1 : target.dim(-1);
                if (pLast == 1) {
                    delegate = new BinaryAccuracy("accuracy", 0.5);
                } else if (target.rank() < pred.rank() || tLast == 1) {
                    delegate = new SparseCategoricalAccuracy("accuracy");
                } else {
                    delegate = new CategoricalAccuracy("accuracy");
                }
            }
            delegate.update(pred, target);
        }

        @Override
        public double result() {
            return delegate == null ? 0 : delegate.result();
        }
    }
}
