package org.gru4j.nn;

import org.gru4j.nn.recurrent.Bidirectional;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.nn.recurrent.RecurrentStack;

/** Small helpers about layers. */
public final class Layers {
    private Layers() {
    }

    /** The type name shown in summaries: "GRU", "LSTM", "SimpleRNN", "Bidirectional", "Dense", ... */
    public static String typeName(Layer layer) {
        if (layer instanceof RecurrentLayer) {
            return ((RecurrentLayer) layer).cell().typeName();
        }
        if (layer instanceof Bidirectional) {
            return "Bidirectional";
        }
        if (layer instanceof RecurrentStack) {
            return ((RecurrentStack) layer).kind().name() + "Stack";
        }
        return layer.getClass().getSimpleName();
    }
}
