package org.gru4j.loss;

import java.util.List;
import java.util.Locale;

/** Losses by their Keras names. */
public final class Losses {
    /** Every name {@link #byName} accepts. */
    public static final List<String> NAMES = List.of("binary_crossentropy", "categorical_crossentropy",
            "sparse_categorical_crossentropy", "mean_squared_error", "mse", "mean_absolute_error", "mae", "huber");

    private Losses() {
    }

    /**
     * The loss with Keras defaults for {@code name} (probabilities, not logits; Huber {@code delta = 1}).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Loss byName(String name) {
        switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "binary_crossentropy":
                return new BinaryCrossentropy();
            case "categorical_crossentropy":
                return new CategoricalCrossentropy();
            case "sparse_categorical_crossentropy":
                return new SparseCategoricalCrossentropy();
            case "mean_squared_error":
            case "mse":
                return new MeanSquaredError();
            case "mean_absolute_error":
            case "mae":
                return new MeanAbsoluteError();
            case "huber":
                return new Huber();
            default:
                throw new IllegalArgumentException("unknown loss \"" + name + "\"; known: " + String.join(", ", NAMES));
        }
    }
}
