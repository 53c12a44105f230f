package org.gru4j.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-epoch figures of a {@code fit} call, as Keras's History: {@code history().get("val_loss").get(epoch)}. */
public final class History implements Callback {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private final List<Integer> epochs = new ArrayList<>();
    private String stopReason;

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingState state) {
        epochs.add(epoch);
        logs.forEach((k, v) -> values.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }

    /** Metric name to one value per completed epoch. */
    public Map<String, List<Double>> history() {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
        return copy;
    }

    /** The values of one metric, or an exception listing the recorded names. */
    public List<Double> get(String metric) {
        List<Double> v = values.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("no metric '" + metric + "' in history; recorded: " + values.keySet());
        }
        return Collections.unmodifiableList(v);
    }

    /** The last value of one metric. */
    public double last(String metric) {
        List<Double> v = get(metric);
        return v.get(v.size() - 1);
    }

    /** Completed epochs (0-based). */
    public List<Integer> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** Why training stopped before the last epoch (early stopping, NaN), or null. */
    public String stopReason() {
        return stopReason;
    }

    /** Records the reason training stopped early. */
    public void setStopReason(String reason) {
        this.stopReason = reason;
    }
}
