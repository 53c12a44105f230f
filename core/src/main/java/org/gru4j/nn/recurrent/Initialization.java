package org.gru4j.nn.recurrent;

import org.gru4j.nn.Parameter;
import org.gru4j.util.Rng;

/** Parameter initialization of recurrent cells. */
final class Initialization {
    private Initialization() {
    }

    static void initialize(RecurrentCell cell, RecurrentLayer.Init scheme, Rng rng) {
        float bound = (float) (1.0 / Math.sqrt(cell.units()));
        for (Parameter p : cell.parameters()) {
            uniform(p, -bound, bound, rng);
        }
    }

    private static void uniform(Parameter p, float lo, float hi, Rng rng) {
        float[] v = p.values();
        for (int i = 0; i < p.size(); i++) {
            v[p.offset() + i] = rng.uniform(lo, hi);
        }
    }
}
