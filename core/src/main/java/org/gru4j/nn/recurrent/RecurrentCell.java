package org.gru4j.nn.recurrent;

import java.util.List;
import org.gru4j.kernels.Kernels;
import org.gru4j.nn.Parameter;

/**
 * One step of a recurrent network: how a cell turns the input projection of a step and its previous state into
 * its new state, and how it backpropagates. {@link RecurrentLayer} owns the time loop, directions, masking, state
 * in and out and the big matrix products; the cell only does the per-step work.
 *
 * <p>Every cell has {@code G} gate blocks of {@code H} units and these parameters, stored like PyTorch
 * ({@code (out, in)}, gate blocks stacked along rows):
 * <ul>
 *   <li>{@code weight_ih}, shape {@code (G*H, I)}: input weights;</li>
 *   <li>{@code weight_hh}, shape {@code (G*H, H)}: recurrent weights;</li>
 *   <li>{@code bias_ih} and {@code bias_hh}, shape {@code (G*H)} each, when the cell needs two biases (the GRU
 *       with the reset gate after the recurrent product, where {@code b_hn} is multiplied by {@code r}); otherwise
 *       a single {@code bias}, shape {@code (G*H)}, because two biases that are only ever added are one parameter
 *       (this is Keras's layout and makes parameter counts equal Keras's);</li>
 *   <li>no raw bias at all for {@link LayerNormGRUCell}, where the normalizations' shifts take its place (it adds
 *       its gains and shifts to {@link #parameters()}).</li>
 * </ul>
 *
 * <p>Buffers are time-major. For step {@code s} of a batch of {@code B} rows: the input projection
 * {@code xp = x W_ih^T + b} (B x GH) at {@code xpOff}; state {@code k} (h, and c for LSTM) of the previous step at
 * {@code states[k][prevOff]} and of this step at {@code states[k][nextOff]}, each B x H contiguous; the step's cache
 * (B x {@link #cacheWidth()}) at {@code cacheOff}.
 */
public abstract class RecurrentCell {
    protected final int units;
    protected int inputSize = -1;
    protected Parameter weightIh;
    protected Parameter weightHh;
    /** The input-side bias, or the single bias; null for a cell without raw biases. */
    protected Parameter biasIh;
    /** The recurrent-side bias, or null when the cell has a single bias. */
    protected Parameter biasHh;

    protected RecurrentCell(int units) {
        if (units <= 0) {
            throw new IllegalArgumentException("units must be positive, got " + units);
        }
        this.units = units;
    }

    /** A new, unbuilt cell with the same configuration (no parameters). */
    public abstract RecurrentCell freshCopy();

    /** Number of gate blocks G: 3 for GRU, 4 for LSTM, 1 for a simple RNN. */
    public abstract int gates();

    /** Number of state tensors: 2 for LSTM (h, c), 1 otherwise. */
    public int stateCount() {
        return 1;
    }

    /** Floats cached per batch row and step for backward. */
    public abstract int cacheWidth();

    /** True when the cell has separate input and recurrent biases. */
    public abstract boolean twoBiases();

    /** Short type name used in summaries and files: "GRU", "LSTM", "SimpleRNN". */
    public abstract String typeName();

    public int units() {
        return units;
    }

    public int inputSize() {
        return inputSize;
    }

    /** Creates the parameters for inputs of {@code inputSize} features (values zero until initialized). */
    void create(int inputSize) {
        this.inputSize = inputSize;
        int gh = gates() * units;
        weightIh = new Parameter("weight_ih", gh, inputSize);
        weightHh = new Parameter("weight_hh", gh, units);
        if (twoBiases()) {
            biasIh = new Parameter("bias_ih", gh);
            biasHh = new Parameter("bias_hh", gh);
        } else {
            biasIh = new Parameter("bias", gh);
            biasHh = null;
        }
    }

    public Parameter weightIh() {
        return weightIh;
    }

    public Parameter weightHh() {
        return weightHh;
    }

    /** The input-side bias ({@code bias_ih}), the single {@code bias}, or null for {@link LayerNormGRUCell}. */
    public Parameter biasIh() {
        return biasIh;
    }

    /** The recurrent-side bias {@code bias_hh}, or null for single-bias cells. */
    public Parameter biasHh() {
        return biasHh;
    }

    /** The parameters a bias regularizer acts on: the raw biases (one or two). */
    public List<Parameter> biases() {
        return biasHh == null ? List.of(biasIh) : List.of(biasIh, biasHh);
    }

    public List<Parameter> parameters() {
        return biasHh == null ? List.of(weightIh, weightHh, biasIh) : List.of(weightIh, weightHh, biasIh, biasHh);
    }

    /**
     * Fills {@code hp} (B x GH, packed) with the recurrent bias rows, or zeros, ready for a product with
     * {@code beta = 1}.
     */
    protected final void initRecurrentProjection(int batch, float[] hp) {
        int gh = gates() * units;
        if (biasHh == null) {
            java.util.Arrays.fill(hp, 0, batch * gh, 0f);
        } else {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(biasHh.values(), biasHh.offset(), hp, b * gh, gh);
            }
        }
    }

    /**
     * The recurrent weights prepared for the products of one call's time loop (packed once, used every step):
     * for the forward steps {@code op = W_hh^T}, for the backward steps {@code op = W_hh}. The default is the whole
     * matrix; cells that multiply by blocks of it override this. The storage of {@code reuse} (an earlier result of
     * this method for the same direction, or null) is reused when it is large enough.
     */
    Kernels.Packed[] packRecurrent(Kernels k, boolean forward, Kernels.Packed[] reuse) {
        int gh = gates() * units;
        float[] w = weightHh.values();
        int w0 = weightHh.offset();
        return new Kernels.Packed[] {forward ? k.pack(true, units, gh, w, w0, units, reused(reuse, 0))
                : k.pack(false, gh, units, w, w0, units, reused(reuse, 0))};
    }

    /** Entry i of an earlier {@link #packRecurrent} result whose storage may be reused, or null. */
    static Kernels.Packed reused(Kernels.Packed[] reuse, int i) {
        return reuse != null && i < reuse.length ? reuse[i] : null;
    }

    /**
     * Computes one step. The recurrent products read {@code hIn} (B x H at {@code hInOff}): the previous hidden
     * state itself, or a copy multiplied by a recurrent-dropout mask; the state update itself always uses the
     * unmasked previous state in {@code states}.
     *
     * @param w  {@link #packRecurrent}{@code (k, true)}
     * @param hp scratch of at least B x GH floats
     */
    abstract void forwardStep(Kernels k, Kernels.Packed[] w, int batch, float[] xp, int xpOff,
                              float[][] states, int prevOff, int nextOff, float[] hIn, int hInOff,
                              float[] cache, int cacheOff, float[] hp);

    /**
     * Backpropagates one step. {@code dState[k]} holds dL/d(state k of this step) (B x H; rows of masked samples
     * are zero). Writes the pre-activation gradients of the step into {@code dxp} (input side, B x GH at
     * {@code dOff}) and {@code dhp} (recurrent side, same place in its own array, which may be {@code dxp}
     * itself for cells where both sides are equal); overwrites {@code dStatePrev[k]} with the gradient reaching
     * the previous state directly (not through the recurrent products) and {@code dRec} with the gradient of the
     * recurrent-product input {@code hIn}. The layer adds {@code dRec} (times the dropout mask, if any) to
     * {@code dStatePrev[0]}.
     *
     * @param w       {@link #packRecurrent}{@code (k, false)}
     * @param scratch at least B x H floats
     */
    abstract void backwardStep(Kernels k, Kernels.Packed[] w, int batch,
                               float[][] states, int prevOff, int nextOff, float[] hIn, int hInOff,
                               float[] cache, int cacheOff,
                               float[][] dState, float[][] dStatePrev, float[] dRec,
                               float[] dxp, float[] dhp, int dOff, float[] scratch);

    /**
     * True when {@link #forwardStep} and {@link #backwardStep} touch nothing shared between batch rows except
     * read-only weights, so the layer may run disjoint row ranges on different threads.
     */
    boolean rowsIndependent() {
        return true;
    }

    /** True when the recurrent-side pre-activation gradients differ from the input side ones (need own buffer). */
    abstract boolean separateRecurrentGradient();

    /**
     * After the backward sweep: adds the recurrent weight gradient of all {@code rows = T * B} rows in one product,
     * {@code dW_hh += dHP^T * Hin} where {@code Hin} are the recurrent-product inputs of all steps (for the
     * reset-before GRU the n block uses {@code r * Hin}, kept in the cache).
     */
    void accumulateRecurrentWeightGradient(Kernels k, int rows, float[] dhp, float[] hPrev, float[] cache) {
        int gh = gates() * units;
        k.gemm(true, false, gh, units, rows, 1f, dhp, 0, gh, hPrev, 0, units, 1f,
                weightHh.grads(), weightHh.offset(), units);
    }
}
