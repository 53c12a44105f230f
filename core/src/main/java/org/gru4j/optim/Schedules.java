package org.gru4j.optim;

/** Validation shared by schedules and optimizers. */
final class Schedules {
    private Schedules() {
    }

    static void requireRate(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be finite and >= 0, got " + v);
        }
    }

    static void requireUnit(String what, double v, boolean oneAllowed) {
        if (!(v >= 0 && (oneAllowed ? v <= 1 : v < 1))) {
            throw new IllegalArgumentException(what + " must lie in [0, 1" + (oneAllowed ? "]" : ")") + ", got " + v);
        }
    }
}
