package org.gru4j.keras;

import java.util.List;
import org.gru4j.io.ModelFormatException;
import org.gru4j.nn.Dense;
import org.gru4j.nn.Embedding;
import org.gru4j.nn.Parameter;
import org.gru4j.nn.recurrent.RecurrentCell;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.tensor.Tensor;

/**
 * The one place where Keras weight layouts become gru4j's (see {@code docs/gru-math.md}). Every array is checked
 * against the shape the gru4j layer expects before it is copied, and the message says "expected X, got Y".
 *
 * <table>
 *   <caption>Keras to gru4j</caption>
 *   <tr><th>layer</th><th>Keras</th><th>gru4j</th><th>conversion</th></tr>
 *   <tr><td>GRU</td><td>{@code kernel (I, 3H)}, {@code recurrent_kernel (H, 3H)}, gate blocks z, r, h</td>
 *       <td>{@code weight_ih (3H, I)}, {@code weight_hh (3H, H)}, blocks r, z, n</td>
 *       <td>transpose, then move blocks: our r = Keras block 1, our z = block 0, our n = block 2</td></tr>
 *   <tr><td>GRU reset_after=True</td><td>{@code bias (2, 3H)} = [input bias; recurrent bias]</td>
 *       <td>{@code bias_ih}, {@code bias_hh}</td><td>row 0 and row 1, blocks moved as above</td></tr>
 *   <tr><td>GRU reset_after=False</td><td>{@code bias (3H)}</td><td>{@code bias}</td><td>blocks moved</td></tr>
 *   <tr><td>CuDNNGRU</td><td>{@code bias (6H)} = input then recurrent; kernels in cuDNN layout</td>
 *       <td>as GRU reset_after=True</td><td>first Keras's own CuDNNGRU-to-GRU conversion (below), then as GRU</td></tr>
 *   <tr><td>LSTM</td><td>{@code kernel (I, 4H)}, {@code recurrent_kernel (H, 4H)}, {@code bias (4H)}, blocks
 *       i, f, c, o</td><td>{@code weight_ih (4H, I)}, {@code weight_hh (4H, H)}, {@code bias}, blocks i, f, g, o</td>
 *       <td>transpose only (same gate order)</td></tr>
 *   <tr><td>CuDNNLSTM</td><td>{@code bias (8H)} = input then recurrent</td><td>as LSTM</td>
 *       <td>Keras's CuDNN conversion, then {@code bias = b_input + b_recurrent}</td></tr>
 *   <tr><td>SimpleRNN</td><td>{@code kernel (I, H)}, {@code recurrent_kernel (H, H)}, {@code bias (H)}</td>
 *       <td>{@code weight_ih (H, I)}, {@code weight_hh (H, H)}, {@code bias}</td><td>transpose</td></tr>
 *   <tr><td>Dense</td><td>{@code kernel (in, out)}, {@code bias (out)}</td><td>{@code kernel (out, in)}</td>
 *       <td>transpose</td></tr>
 *   <tr><td>Embedding</td><td>{@code embeddings (vocab, dim)}</td><td>same</td><td>none</td></tr>
 * </table>
 *
 * <p>With {@code use_bias=False} Keras stores no bias; the gru4j biases stay zero, which computes the same thing.
 *
 * <p><b>CuDNN layouts.</b> Keras 2 converts CuDNNGRU/CuDNNLSTM weights to GRU/LSTM weights in
 * {@code keras.engine.saving._convert_rnn_weights}: per gate block, the input kernel {@code C (I, H)} becomes
 * {@code C.T.reshape((I, H), order='F')} and the recurrent block {@code R (H, H)} becomes {@code R.T}; the gate
 * order is unchanged. We apply exactly that, then the ordinary GRU/LSTM conversion. No CuDNN file with a license
 * was available to test this against (see the fixtures' README), so it is covered by a unit test of the algebra only.
 */
final class KerasConversion {
    /** Our GRU block g (r, z, n) comes from Keras block GRU_FROM_KERAS[g] (Keras order z, r, h). */
    private static final int[] GRU_FROM_KERAS = {1, 0, 2};
    private static final int[] IDENTITY_4 = {0, 1, 2, 3};
    private static final int[] IDENTITY_1 = {0};

    private KerasConversion() {
    }

    /** GRU, reset before or after; {@code cudnn} for CuDNNGRU files. */
    static void loadGru(RecurrentLayer layer, List<KerasArray> w, boolean useBias, boolean cudnn, String where)
            throws ModelFormatException {
        RecurrentCell c = layer.cell();
        int h = c.units();
        int in = c.inputSize();
        boolean resetAfter = c.twoBiases();
        requireCount(w, useBias ? 3 : 2, where);
        float[] k = matrix(w.get(0), in, 3 * h, where, "kernel");
        float[] r = matrix(w.get(1), h, 3 * h, where, "recurrent_kernel");
        if (cudnn) {
            k = cudnnInputKernel(k, in, 3, h);
            r = cudnnRecurrentKernel(r, 3, h);
        }
        set(c.weightIh(), gateMatrix(k, in, h, GRU_FROM_KERAS));
        set(c.weightHh(), gateMatrix(r, h, h, GRU_FROM_KERAS));
        if (!useBias) {
            return;
        }
        KerasArray b = w.get(2);
        if (resetAfter) {
            // (2, 3H) from GRU(reset_after=True); (6H) from CuDNNGRU: both are [input bias, recurrent bias].
            boolean ok = (b.rank() == 2 && b.dim(0) == 2 && b.dim(1) == 3 * h) || (b.rank() == 1 && b.dim(0) == 6 * h);
            if (!ok) {
                throw new ModelFormatException(where + ": bias " + b.path() + ": expected shape (2, " + 3 * h
                        + ") or (" + 6 * h + ") for reset_after=True, got " + b.shapeString());
            }
            set(c.biasIh(), gateVector(b.data(), 0, h, GRU_FROM_KERAS));
            set(c.biasHh(), gateVector(b.data(), 3 * h, h, GRU_FROM_KERAS));
        } else {
            if (b.rank() != 1 || b.dim(0) != 3 * h) {
                throw new ModelFormatException(where + ": bias " + b.path() + ": expected shape (" + 3 * h
                        + ") for reset_after=False, got " + b.shapeString());
            }
            set(c.biasIh(), gateVector(b.data(), 0, h, GRU_FROM_KERAS));
        }
    }

    /** LSTM (or CuDNNLSTM with {@code cudnn}). */
    static void loadLstm(RecurrentLayer layer, List<KerasArray> w, boolean useBias, boolean cudnn, String where)
            throws ModelFormatException {
        RecurrentCell c = layer.cell();
        int h = c.units();
        int in = c.inputSize();
        requireCount(w, useBias ? 3 : 2, where);
        float[] k = matrix(w.get(0), in, 4 * h, where, "kernel");
        float[] r = matrix(w.get(1), h, 4 * h, where, "recurrent_kernel");
        if (cudnn) {
            k = cudnnInputKernel(k, in, 4, h);
            r = cudnnRecurrentKernel(r, 4, h);
        }
        set(c.weightIh(), gateMatrix(k, in, h, IDENTITY_4));
        set(c.weightHh(), gateMatrix(r, h, h, IDENTITY_4));
        if (!useBias) {
            return;
        }
        KerasArray b = w.get(2);
        int n = cudnn ? 8 * h : 4 * h;
        if (b.rank() != 1 || b.dim(0) != n) {
            throw new ModelFormatException(where + ": bias " + b.path() + ": expected shape (" + n + "), got "
                    + b.shapeString());
        }
        float[] bias = new float[4 * h];
        for (int i = 0; i < 4 * h; i++) {
            // CuDNNLSTM keeps input and recurrent biases apart; they are only ever added.
            bias[i] = cudnn ? b.data()[i] + b.data()[4 * h + i] : b.data()[i];
        }
        set(c.biasIh(), bias);
    }

    static void loadSimpleRnn(RecurrentLayer layer, List<KerasArray> w, boolean useBias, String where)
            throws ModelFormatException {
        RecurrentCell c = layer.cell();
        int h = c.units();
        int in = c.inputSize();
        requireCount(w, useBias ? 3 : 2, where);
        set(c.weightIh(), gateMatrix(matrix(w.get(0), in, h, where, "kernel"), in, h, IDENTITY_1));
        set(c.weightHh(), gateMatrix(matrix(w.get(1), h, h, where, "recurrent_kernel"), h, h, IDENTITY_1));
        if (useBias) {
            set(c.biasIh(), vector(w.get(2), h, where));
        }
    }

    static void loadDense(Dense d, List<KerasArray> w, String where) throws ModelFormatException {
        int[] ks = d.kernel().shape();
        int out = ks[0];
        int in = ks[1];
        requireCount(w, d.useBias() ? 2 : 1, where);
        set(d.kernel(), gateMatrix(matrix(w.get(0), in, out, where, "kernel"), in, out, IDENTITY_1));
        if (d.useBias()) {
            set(d.bias(), vector(w.get(1), out, where));
        }
    }

    static void loadEmbedding(Embedding e, List<KerasArray> w, String where) throws ModelFormatException {
        requireCount(w, 1, where);
        set(e.embeddings(), matrix(w.get(0), e.vocabSize(), e.dim(), where, "embeddings"));
    }

    /**
     * Keras {@code (in, G*H)} with gate blocks in Keras order to gru4j {@code (G*H, in)}: block {@code g} of the
     * result is the transpose of Keras block {@code from[g]}.
     */
    static float[] gateMatrix(float[] k, int in, int h, int[] from) {
        int gates = from.length;
        int cols = gates * h;
        float[] out = new float[cols * in];
        for (int g = 0; g < gates; g++) {
            int src = from[g] * h;
            for (int j = 0; j < h; j++) {
                int row = (g * h + j) * in;
                for (int i = 0; i < in; i++) {
                    out[row + i] = k[i * cols + src + j];
                }
            }
        }
        return out;
    }

    /** {@code G*H} bias values starting at {@code off}, gate blocks reordered like {@link #gateMatrix}. */
    static float[] gateVector(float[] b, int off, int h, int[] from) {
        float[] out = new float[from.length * h];
        for (int g = 0; g < from.length; g++) {
            System.arraycopy(b, off + from[g] * h, out, g * h, h);
        }
        return out;
    }

    /** Keras's {@code transpose_input(from_cudnn=True)} per gate: block {@code C (I, H)} to C.T reshaped (I, H), F order. */
    static float[] cudnnInputKernel(float[] k, int in, int gates, int h) {
        int cols = gates * h;
        float[] out = new float[k.length];
        for (int g = 0; g < gates; g++) {
            for (int a = 0; a < in; a++) {
                for (int b = 0; b < h; b++) {
                    // Element a + b*I (Fortran order) of C.T (H, I), read in Fortran order, is C[m / H][m % H].
                    int m = a + b * in;
                    out[a * cols + g * h + b] = k[(m / h) * cols + g * h + (m % h)];
                }
            }
        }
        return out;
    }

    /** Keras's CuDNN recurrent conversion: every {@code (H, H)} gate block transposed. */
    static float[] cudnnRecurrentKernel(float[] r, int gates, int h) {
        int cols = gates * h;
        float[] out = new float[r.length];
        for (int g = 0; g < gates; g++) {
            for (int a = 0; a < h; a++) {
                for (int b = 0; b < h; b++) {
                    out[a * cols + g * h + b] = r[b * cols + g * h + a];
                }
            }
        }
        return out;
    }

    private static void requireCount(List<KerasArray> w, int n, String where) throws ModelFormatException {
        if (w.size() != n) {
            throw new ModelFormatException(where + ": expected " + n + " weight arrays, got " + w.size()
                    + (w.isEmpty() ? "" : " (" + w.stream().map(KerasArray::path).reduce((a, b) -> a + ", " + b)
                    .orElse("") + ")"));
        }
    }

    private static float[] matrix(KerasArray a, int rows, int cols, String where, String what)
            throws ModelFormatException {
        if (a.rank() != 2 || a.dim(0) != rows || a.dim(1) != cols) {
            throw new ModelFormatException(where + ": " + what + " " + a.path() + ": expected shape (" + rows + ", "
                    + cols + "), got " + a.shapeString());
        }
        return a.data();
    }

    private static float[] vector(KerasArray a, int n, String where) throws ModelFormatException {
        if (a.rank() != 1 || a.dim(0) != n) {
            throw new ModelFormatException(where + ": bias " + a.path() + ": expected shape (" + n + "), got "
                    + a.shapeString());
        }
        return a.data();
    }

    private static void set(Parameter p, float[] values) {
        p.set(Tensor.of(values, p.shape()));
    }
}
