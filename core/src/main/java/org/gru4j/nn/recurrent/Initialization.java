package org.gru4j.nn.recurrent;

import org.gru4j.nn.Parameter;
import org.gru4j.nn.init.Initializers;
import org.gru4j.util.Rng;

/** Parameter initialization of recurrent cells, by scheme. */
final class Initialization {
    private Initialization() {
    }

    /**
     * KERAS: {@code weight_ih} glorot_uniform with Keras's fans for its kernel {@code (I, G*H)}, {@code weight_hh}
     * orthogonal over the whole {@code (G*H, H)} matrix (Keras's recurrent kernel transposed), biases zero
     * except the LSTM forget gate's, which is one (Keras's {@code unit_forget_bias}).
     * PYTORCH: every weight and bias uniform in {@code (-1/sqrt(H), 1/sqrt(H))}.
     * Layer-normalization gains are 1 and shifts 0 under both.
     */
    static void initialize(RecurrentCell cell, RecurrentLayer.Init scheme, Rng rng) {
        if (cell instanceof LayerNormGRUCell) {
            // Both schemes start the normalizations as the identity, as PyTorch's LayerNorm does.
            ((LayerNormGRUCell) cell).resetNormalization();
        }
        if (scheme == RecurrentLayer.Init.PYTORCH) {
            for (Parameter p : cell.parameters()) {
                if (!isNormalization(cell, p)) {
                    Initializers.torchDefault(cell.units()).fill(p, rng);
                }
            }
            return;
        }
        int gh = cell.gates() * cell.units();
        Initializers.glorotUniform().fill(cell.weightIh(), cell.inputSize(), gh, rng);
        Initializers.orthogonal().fill(cell.weightHh(), rng);
        if (cell.biasIh() != null) {
            Initializers.zeros().fill(cell.biasIh(), rng);
        }
        if (cell.biasHh() != null) {
            Initializers.zeros().fill(cell.biasHh(), rng);
        }
        if (cell instanceof LSTMCell) {
            // Keras's unit_forget_bias=True: the forget gate starts open.
            Parameter b = cell.biasIh();
            java.util.Arrays.fill(b.values(), b.offset() + cell.units(), b.offset() + 2 * cell.units(), 1f);
        }
    }

    private static boolean isNormalization(RecurrentCell cell, Parameter p) {
        return cell instanceof LayerNormGRUCell && ((LayerNormGRUCell) cell).normalizationParameters().contains(p);
    }
}
