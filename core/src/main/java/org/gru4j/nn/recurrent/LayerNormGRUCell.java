package org.gru4j.nn.recurrent;

import java.util.List;
import org.gru4j.kernels.GateActivation;
import org.gru4j.kernels.Kernels;
import org.gru4j.kernels.ScalarKernels;
import org.gru4j.nn.Parameter;

/**
 * A GRU with layer normalization (Ba, Kiros and Hinton 2016, "Layer Normalization", section 3.1 and the
 * normalized LSTM of its appendix, carried over to the GRU): the input projection and the recurrent projection are
 * normalized separately, each gate block on its own, before they are combined. Reset gate after the recurrent
 * product (the PyTorch/cuDNN/Keras-default GRU); gate blocks r, z, n as in {@link GRUCell}.
 *
 * <p>With {@code a = W_ih x} and {@code c = W_hh h} (no raw biases), {@code a_g} and {@code c_g} their blocks of
 * {@code H} rows for gate {@code g} in r, z, n:
 * <pre>
 *   LN(v; gamma, beta) = gamma * (v - mean(v)) / sqrt(var(v) + 1e-5) + beta     mean, var over the H entries of v;
 *                                                                               var biased (divides by H)
 *   A_g = LN(a_g; gamma_ih_g, beta_ih_g)          C_g = LN(c_g; gamma_hh_g, beta_hh_g)
 *   r  = sigmoid(A_r + C_r)
 *   z  = sigmoid(A_z + C_z)
 *   n  = tanh(A_n + r * C_n)
 *   h' = (1 - z) * n + z * h
 * </pre>
 * The normalization is PyTorch's {@code nn.LayerNorm(H, eps=1e-5)} applied to each block; {@code gamma} starts at
 * 1 and {@code beta} at 0.
 *
 * <p>Differences from the paper and from the plain GRU:
 * <ul>
 *   <li>The paper's normalized LSTM adds a separate bias after the two normalizations; here the two betas are the
 *       biases. For r and z only their sum matters (as {@code b_i* + b_h*} in the plain GRU); for n,
 *       {@code beta_hh_n} sits inside the reset product exactly like the plain GRU's {@code b_hn}. A raw bias before
 *       a normalization would only lose its mean to the subtraction, so the cell has no {@code bias_ih} or
 *       {@code bias_hh}.</li>
 *   <li>The paper normalizes all gates of a projection together; each gate block is normalized on its own here,
 *       so one gate's large pre-activations do not shrink another's (as TensorFlow Addons' LayerNormLSTMCell).</li>
 *   <li>The paper's LSTM also normalizes the cell state before the output; a GRU has no separate cell state, so
 *       the new state is not normalized.</li>
 *   <li>Only the reset-after formulation: reset-before would need the recurrent product of {@code r * h}, whose
 *       normalization statistics change with r.</li>
 * </ul>
 *
 * <p>Parameters: {@code weight_ih (3H, I)}, {@code weight_hh (3H, H)}, and {@code (3H)} each:
 * {@code ln_ih_gamma}, {@code ln_ih_beta}, {@code ln_hh_gamma}, {@code ln_hh_beta} (blocks r, z, n). So
 * {@code 3H(I + H) + 12H} parameters, against {@code 3H(I + H) + 6H} for the plain GRU.
 *
 * <p>Backward: with {@code dh} the gradient reaching {@code h'},
 * <pre>
 *   dn_pre = dh * (1 - z) * (1 - n^2)
 *   dz_pre = dh * (h - n) * z * (1 - z)
 *   dr_pre = dn_pre * C_n * r * (1 - r)
 *   dA = [dr_pre, dz_pre, dn_pre]      dC = [dr_pre, dz_pre, dn_pre * r]
 *   per block, with xhat = (v - mean) * rstd, rstd = 1 / sqrt(var + 1e-5), dy = dA_g (or dC_g):
 *     dbeta += dy,   dgamma += dy * xhat,   g = dy * gamma
 *     dv = rstd * (g - mean(g) - xhat * mean(g * xhat))
 * </pre>
 * {@code dv} of all steps goes, as for every cell, into one product each for {@code dW_ih}, {@code dW_hh} and
 * {@code dx}. The per-step work is scalar code (no vector kernel) and allocates nothing: the normalized values and
 * {@code rstd} of both projections are kept in the step's cache, and the gradients are transformed in place in the
 * layer's gradient buffers.
 */
public final class LayerNormGRUCell extends RecurrentCell {
    /** Inside the square root, as PyTorch's LayerNorm default. */
    public static final float EPSILON = 1e-5f;

    private final GateActivation gate;
    private Parameter gammaIh;
    private Parameter betaIh;
    private Parameter gammaHh;
    private Parameter betaHh;

    public LayerNormGRUCell(int units) {
        this(units, GateActivation.SIGMOID);
    }

    /** @param gate the activation of r and z (Keras's {@code recurrent_activation}) */
    public LayerNormGRUCell(int units, GateActivation gate) {
        super(units);
        if (gate == null) {
            throw new IllegalArgumentException("gate activation must not be null");
        }
        this.gate = gate;
    }

    public GateActivation gateActivation() {
        return gate;
    }

    @Override
    public LayerNormGRUCell freshCopy() {
        return new LayerNormGRUCell(units, gate);
    }

    @Override
    public int gates() {
        return 3;
    }

    /**
     * Per row: r, z, n, C_n (H each), the normalized input projection xhat_a (3H), the normalized recurrent
     * projection xhat_c (3H), then rstd of the three input blocks and of the three recurrent blocks.
     */
    @Override
    public int cacheWidth() {
        return 10 * units + 6;
    }

    /** No raw biases at all: the betas of the normalizations take their place. */
    @Override
    public boolean twoBiases() {
        return false;
    }

    @Override
    public String typeName() {
        return "LayerNormGRU";
    }

    @Override
    void create(int inputSize) {
        this.inputSize = inputSize;
        int gh = 3 * units;
        weightIh = new Parameter("weight_ih", gh, inputSize);
        weightHh = new Parameter("weight_hh", gh, units);
        biasIh = null;
        biasHh = null;
        gammaIh = new Parameter("ln_ih_gamma", gh);
        betaIh = new Parameter("ln_ih_beta", gh);
        gammaHh = new Parameter("ln_hh_gamma", gh);
        betaHh = new Parameter("ln_hh_beta", gh);
    }

    /** Gains to 1 and shifts to 0, the identity normalization (PyTorch's LayerNorm initialization). */
    void resetNormalization() {
        java.util.Arrays.fill(gammaIh.values(), gammaIh.offset(), gammaIh.offset() + gammaIh.size(), 1f);
        java.util.Arrays.fill(gammaHh.values(), gammaHh.offset(), gammaHh.offset() + gammaHh.size(), 1f);
        java.util.Arrays.fill(betaIh.values(), betaIh.offset(), betaIh.offset() + betaIh.size(), 0f);
        java.util.Arrays.fill(betaHh.values(), betaHh.offset(), betaHh.offset() + betaHh.size(), 0f);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weightIh, weightHh, gammaIh, betaIh, gammaHh, betaHh);
    }

    /** The shifts {@code ln_ih_beta} and {@code ln_hh_beta}, which play the part of the biases. */
    @Override
    public List<Parameter> biases() {
        return List.of(betaIh, betaHh);
    }

    /** The gains and shifts: ln_ih_gamma, ln_ih_beta, ln_hh_gamma, ln_hh_beta. */
    public List<Parameter> normalizationParameters() {
        return List.of(gammaIh, betaIh, gammaHh, betaHh);
    }

    /** No: backwardStep adds every row's contribution to the gain and shift gradients, in row order. */
    @Override
    boolean rowsIndependent() {
        return false;
    }

    @Override
    boolean separateRecurrentGradient() {
        return true;
    }

    @Override
    void forwardStep(Kernels k, Kernels.Packed[] w, int batch, float[] xp, int xpOff, float[][] states, int prevOff,
                     int nextOff, float[] hIn, int hInOff, float[] cache, int cacheOff, float[] hp) {
        int h = units;
        int gh = 3 * h;
        int cw = cacheWidth();
        float[] hs = states[0];
        // c = hIn W_hh^T without bias: the normalization's beta is the bias.
        k.gemm(false, batch, 1f, hIn, hInOff, h, w[0], 0f, hp, 0, gh);
        float[] gi = gammaIh.values();
        int gi0 = gammaIh.offset();
        float[] bi = betaIh.values();
        int bi0 = betaIh.offset();
        float[] gr = gammaHh.values();
        int gr0 = gammaHh.offset();
        float[] br = betaHh.values();
        int br0 = betaHh.offset();
        for (int b = 0; b < batch; b++) {
            int x0 = xpOff + b * gh;
            int p0 = b * gh;
            int c0 = cacheOff + b * cw;
            int xa = c0 + 4 * h;
            int xc = c0 + 7 * h;
            int rs = c0 + 10 * h;
            for (int g = 0; g < 3; g++) {
                cache[rs + g] = normalize(h, xp, x0 + g * h, cache, xa + g * h);
                cache[rs + 3 + g] = normalize(h, hp, p0 + g * h, cache, xc + g * h);
            }
            int hp0 = prevOff + b * h;
            int h0 = nextOff + b * h;
            for (int j = 0; j < h; j++) {
                int jz = h + j;
                int jn = 2 * h + j;
                float r = gate.apply(gi[gi0 + j] * cache[xa + j] + bi[bi0 + j]
                        + gr[gr0 + j] * cache[xc + j] + br[br0 + j]);
                float z = gate.apply(gi[gi0 + jz] * cache[xa + jz] + bi[bi0 + jz]
                        + gr[gr0 + jz] * cache[xc + jz] + br[br0 + jz]);
                float cn = gr[gr0 + jn] * cache[xc + jn] + br[br0 + jn];
                float n = ScalarKernels.tanh(gi[gi0 + jn] * cache[xa + jn] + bi[bi0 + jn] + r * cn);
                cache[c0 + j] = r;
                cache[c0 + h + j] = z;
                cache[c0 + 2 * h + j] = n;
                cache[c0 + 3 * h + j] = cn;
                float old = hs[hp0 + j];
                hs[h0 + j] = n + z * (old - n);
            }
        }
    }

    /**
     * Writes {@code (v - mean) * rstd} of {@code v[from, from + n)} to {@code out[to, ...)} and returns rstd. Sums in
     * double and subtracts the mean before squaring, so the variance does not cancel when the mean is large.
     */
    private static float normalize(int n, float[] v, int from, float[] out, int to) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += v[from + j];
        }
        float mean = (float) (sum / n);
        double sq = 0;
        for (int j = 0; j < n; j++) {
            float d = v[from + j] - mean;
            sq += d * d;
        }
        float rstd = (float) (1.0 / Math.sqrt(sq / n + EPSILON));
        for (int j = 0; j < n; j++) {
            out[to + j] = (v[from + j] - mean) * rstd;
        }
        return rstd;
    }

    @Override
    void backwardStep(Kernels k, Kernels.Packed[] w, int batch, float[][] states, int prevOff, int nextOff,
                      float[] hIn, int hInOff, float[] cache, int cacheOff, float[][] dState, float[][] dStatePrev,
                      float[] dRec, float[] dxp, float[] dhp, int dOff, float[] scratch) {
        int h = units;
        int gh = 3 * h;
        int cw = cacheWidth();
        float[] hs = states[0];
        float[] dh = dState[0];
        float[] dPrev = dStatePrev[0];
        for (int b = 0; b < batch; b++) {
            int c0 = cacheOff + b * cw;
            int d0 = dOff + b * gh;
            int hp0 = prevOff + b * h;
            // Gradients at the normalization outputs A and C, written where dv will go and transformed in place.
            for (int j = 0; j < h; j++) {
                float r = cache[c0 + j];
                float z = cache[c0 + h + j];
                float n = cache[c0 + 2 * h + j];
                float cn = cache[c0 + 3 * h + j];
                float g = dh[b * h + j];
                float dnPre = g * (1f - z) * (1f - n * n);
                float dzPre = g * (hs[hp0 + j] - n) * gate.derivative(z);
                float drPre = dnPre * cn * gate.derivative(r);
                dxp[d0 + j] = drPre;
                dxp[d0 + h + j] = dzPre;
                dxp[d0 + 2 * h + j] = dnPre;
                dhp[d0 + j] = drPre;
                dhp[d0 + h + j] = dzPre;
                dhp[d0 + 2 * h + j] = dnPre * r;
                dPrev[b * h + j] = g * z;
            }
            for (int g = 0; g < 3; g++) {
                normalizeBackward(h, dxp, d0 + g * h, cache, c0 + 4 * h + g * h, cache[c0 + 10 * h + g],
                        gammaIh, betaIh, g * h);
                normalizeBackward(h, dhp, d0 + g * h, cache, c0 + 7 * h + g * h, cache[c0 + 10 * h + 3 + g],
                        gammaHh, betaHh, g * h);
            }
        }
        k.gemm(false, batch, 1f, dhp, dOff, gh, w[0], 0f, dRec, 0, h);
    }

    /**
     * Backward of one block's normalization, in place: {@code d[at, at + n)} holds dL/dy on entry (y the
     * normalization's output) and dL/dv on exit; adds the gain and shift gradients of entries {@code p0 + j}.
     */
    private static void normalizeBackward(int n, float[] d, int at, float[] xhat, int xh, float rstd,
                                          Parameter gamma, Parameter beta, int p0) {
        float[] gv = gamma.values();
        float[] gg = gamma.grads();
        int g0 = gamma.offset() + p0;
        float[] bg = beta.grads();
        int b0 = beta.offset() + p0;
        double sumG = 0;
        double sumGx = 0;
        for (int j = 0; j < n; j++) {
            float dy = d[at + j];
            float x = xhat[xh + j];
            bg[b0 + j] += dy;
            gg[g0 + j] += dy * x;
            float g = dy * gv[g0 + j];
            sumG += g;
            sumGx += g * x;
        }
        float meanG = (float) (sumG / n);
        float meanGx = (float) (sumGx / n);
        for (int j = 0; j < n; j++) {
            float g = d[at + j] * gv[g0 + j];
            d[at + j] = rstd * (g - meanG - xhat[xh + j] * meanGx);
        }
    }
}
