package org.gru4j.train;

import java.util.Map;

/** Which figure a callback watches and whether lower or higher is better (Keras's monitor and mode). */
final class Monitor {
    final String name;
    final boolean lowerIsBetter;
    final double minDelta;

    Monitor(String name, String mode, double minDelta) {
        this.name = name;
        switch (mode) {
            case "min":
                lowerIsBetter = true;
                break;
            case "max":
                lowerIsBetter = false;
                break;
            case "auto":
                // As Keras: accuracies, AUC, precision and recall improve upwards, everything else downwards.
                String n = name.startsWith("val_") ? name.substring(4) : name;
                lowerIsBetter = !(n.contains("acc") || n.equals("auc") || n.equals("precision")
                        || n.equals("recall"));
                break;
            default:
                throw new IllegalArgumentException("mode must be auto, min or max, got '" + mode + "'");
        }
        this.minDelta = Math.abs(minDelta);
    }

    double read(Map<String, Double> logs) {
        Double v = logs.get(name);
        if (v == null) {
            throw new IllegalArgumentException("monitored figure '" + name + "' is not in the logs " + logs.keySet()
                    + " (val_* figures need validation data)");
        }
        return v;
    }

    boolean improves(double current, double best) {
        if (Double.isNaN(best)) {
            return !Double.isNaN(current);
        }
        return lowerIsBetter ? current < best - minDelta : current > best + minDelta;
    }
}
