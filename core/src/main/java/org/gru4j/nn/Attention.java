package org.gru4j.nn;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gru4j.kernels.KernelProvider;
import org.gru4j.kernels.Kernels;
import org.gru4j.nn.init.Initializers;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/**
 * Luong's global attention with the "general" score (Luong, Pham and Manning 2015, eqs. 5, 7 and 8), for
 * encoder-decoder models. Inputs: the decoder's states {@code Q (B, Td, Hd)} and the encoder's outputs
 * {@code M (B, Te, He)}; output the attentional vectors {@code A (B, Td, units)}:
 * <pre>
 *   K[b, s]      = W_a M[b, s]                        keys, W_a ("score_kernel"): (Hd, He)
 *   e[b, t, s]   = Q[b, t] . K[b, s]                   = Q[b, t]^T W_a M[b, s]
 *   e[b, t, s]   = -inf where the encoder mask marks s as padding
 *   alpha[b, t]  = softmax over s of e[b, t, :]
 *   C[b, t]      = sum_s alpha[b, t, s] M[b, s]        context, (He)
 *   A[b, t]      = tanh(W_c [C[b, t]; Q[b, t]] + b_c)  W_c ("kernel"): (units, He + Hd),  b_c ("bias"): (units)
 * </pre>
 * Luong's {@code W_c} has no bias; ours has one, initialized to zero, as a Keras {@code Dense} would. A sample whose
 * encoder steps are all padding gets zero weights and a zero context. The decoder's mask passes through to the
 * output, so a loss on the output ignores padded target steps.
 *
 * <p>Backward, with {@code dZ = dA (1 - A^2)} and {@code [dC; dQ'] = dZ W_c}:
 * <pre>
 *   dW_c += dZ^T [C; Q],  db_c += sum dZ
 *   dalpha[t, s] = dC[t] . M[s],   dM[s] += sum_t alpha[t, s] dC[t]
 *   de[t, s]     = alpha[t, s] (dalpha[t, s] - sum_s' alpha[t, s'] dalpha[t, s'])    (0 at padding)
 *   dQ[t] = dQ'[t] + sum_s de[t, s] K[s],   dK[s] = sum_t de[t, s] Q[t]
 *   dW_a += dK^T M,   dM += dK W_a
 * </pre>
 *
 * <p><b>Streaming.</b> A decoder that runs one step at a time (a {@link org.gru4j.nn.recurrent.RecurrentStepper}
 * during greedy or beam-search decoding) computes the keys once per source with {@link #memory} and then calls
 * {@link #step} on each step's decoder state. The full forward is written as the same per-row products, so a step
 * gives bit for bit the row of the full forward at that position.
 */
public final class Attention implements GraphLayer {
    private final String name;
    private final int units;
    private int queryDim;
    private int memoryDim;
    private Parameter scoreKernel;
    private Parameter kernel;
    private Parameter bias;
    private Map<String, Parameter> params = Collections.emptyMap();

    /** An attention block whose attentional vectors have {@code units} features. */
    public Attention(int units) {
        this(units, null);
    }

    /** @param name the layer name, or null for an automatic one ("attention", "attention_1", ...) */
    public Attention(int units, String name) {
        this.name = name == null ? AbstractLayer.uniqueName("attention") : name;
        if (units <= 0) {
            throw new IllegalArgumentException(this.name + ": units must be positive, got " + units);
        }
        this.units = units;
    }

    @Override
    public String name() {
        return name;
    }

    public int units() {
        return units;
    }

    @Override
    public String typeName() {
        return "Attention";
    }

    @Override
    public boolean isBuilt() {
        return kernel != null;
    }

    /** Input shapes {@code [(Td, Hd), (Te, He)]} (steps may be -1); output {@code [(Td, units)]}. */
    @Override
    public synchronized List<int[]> build(List<int[]> inputShapes, Rng rng) {
        if (inputShapes.size() != 2 || inputShapes.get(0).length != 2 || inputShapes.get(1).length != 2) {
            throw new ShapeException(name + ": expected two inputs, decoder states (steps, features) and encoder "
                    + "outputs (steps, features); got " + inputShapes.size() + " input(s)");
        }
        int hd = inputShapes.get(0)[1];
        int he = inputShapes.get(1)[1];
        if (hd <= 0 || he <= 0) {
            throw new ShapeException(name + ": expected a positive number of features, got " + hd + " and " + he);
        }
        if (isBuilt()) {
            if (hd != queryDim || he != memoryDim) {
                throw new ShapeException(name + ": built for " + queryDim + " decoder and " + memoryDim
                        + " encoder features, got " + hd + " and " + he);
            }
        } else {
            queryDim = hd;
            memoryDim = he;
            scoreKernel = new Parameter("score_kernel", hd, he);
            Initializers.glorotUniform().fill(scoreKernel, he, hd, rng);
            kernel = new Parameter("kernel", units, he + hd);
            Initializers.glorotUniform().fill(kernel, he + hd, units, rng);
            bias = new Parameter("bias", units);
            Map<String, Parameter> m = new LinkedHashMap<>();
            m.put(scoreKernel.name(), scoreKernel);
            m.put(kernel.name(), kernel);
            m.put(bias.name(), bias);
            params = Collections.unmodifiableMap(m);
        }
        return List.of(new int[] {inputShapes.get(0)[0], units});
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        return params;
    }

    private void requireBuilt() {
        if (!isBuilt()) {
            throw new IllegalStateException(name + ": not built; add it to a model or call build(shapes, rng)");
        }
    }

    // ------------------------------------------------------------------------------------------------ memory

    /** Encoder outputs prepared for attention: the values, their keys {@code W_a M} and the encoder mask. */
    public static final class Memory {
        final Attention owner;
        final Tensor values;
        final float[] keys;
        final Mask mask;
        final int batch;
        final int steps;

        private Memory(Attention owner, Tensor values, float[] keys, Mask mask) {
            this.owner = owner;
            this.values = values;
            this.keys = keys;
            this.mask = mask;
            this.batch = values.dim(0);
            this.steps = values.dim(1);
        }

        public int batch() {
            return batch;
        }

        public int steps() {
            return steps;
        }
    }

    /**
     * Computes the keys of encoder outputs {@code (B, Te, He)} once, for any number of {@link #step} calls.
     *
     * @param mask which encoder steps are real, or null for all
     */
    public Memory memory(Tensor encoderOutputs, Mask mask) {
        requireBuilt();
        encoderOutputs.requireShape(name + " encoder outputs (batch, steps, features)", -1, -1, memoryDim);
        int b = encoderOutputs.dim(0);
        int te = encoderOutputs.dim(1);
        if (mask != null) {
            mask.require(b, te);
        }
        float[] keys = new float[b * te * queryDim];
        KernelProvider.get().gemm(false, true, b * te, queryDim, memoryDim, 1f, encoderOutputs.data(), 0, memoryDim,
                scoreKernel.values(), scoreKernel.offset(), memoryDim, 0f, keys, 0, queryDim);
        return new Memory(this, encoderOutputs, keys, mask);
    }

    /**
     * One decoder step: the attentional vectors {@code (B, units)} for decoder states {@code (B, Hd)}, one per
     * sample of {@code memory}.
     */
    public Tensor step(Memory memory, Tensor query) {
        if (memory.owner != this) {
            throw new IllegalArgumentException(name + ": the memory was made by another attention layer");
        }
        query.requireShape(name + " decoder state (batch, features)", memory.batch, queryDim);
        Rows r = attend(memory, query.data(), 1);
        return Tensor.of(r.output, memory.batch, units);
    }

    /** What the forward pass computed, per row {@code (b, t)}. */
    private static final class Rows {
        float[] alpha;
        float[] concat;
        float[] output;
    }

    /** Attention for {@code td} queries per sample of {@code m}; the queries are {@code (B, td, Hd)} row-major. */
    private Rows attend(Memory m, float[] q, int td) {
        Kernels k = KernelProvider.get();
        int b = m.batch;
        int te = m.steps;
        int hd = queryDim;
        int he = memoryDim;
        int cw = he + hd;
        Rows r = new Rows();
        r.alpha = new float[b * td * te];
        r.concat = new float[b * td * cw];
        float[] context = new float[td * he];
        float[] mv = m.values.data();
        for (int i = 0; i < b; i++) {
            k.gemm(false, true, td, te, hd, 1f, q, i * td * hd, hd, m.keys, i * te * hd, hd, 0f, r.alpha,
                    i * td * te, te);
            for (int t = 0; t < td; t++) {
                softmaxMasked(r.alpha, (i * td + t) * te, te, m.mask, i);
            }
            k.gemm(false, false, td, he, te, 1f, r.alpha, i * td * te, te, mv, i * te * he, he, 0f, context, 0, he);
            for (int t = 0; t < td; t++) {
                int row = (i * td + t) * cw;
                System.arraycopy(context, t * he, r.concat, row, he);
                System.arraycopy(q, (i * td + t) * hd, r.concat, row + he, hd);
            }
        }
        int rows = b * td;
        r.output = new float[rows * units];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(bias.values(), bias.offset(), r.output, i * units, units);
        }
        k.gemm(false, true, rows, units, cw, 1f, r.concat, 0, cw, kernel.values(), kernel.offset(), cw, 1f, r.output, 0,
                units);
        // Row by row, so each element is computed the same way whatever the number of rows (see the class comment).
        for (int i = 0; i < rows; i++) {
            k.tanh(units, r.output, i * units, r.output, i * units);
        }
        return r;
    }

    /** In-place softmax of {@code e[off, off + n)} over the real encoder steps of sample {@code b}; 0 at padding. */
    private static void softmaxMasked(float[] e, int off, int n, Mask mask, int b) {
        float max = Float.NEGATIVE_INFINITY;
        for (int s = 0; s < n; s++) {
            if (mask == null || mask.valid(b, s)) {
                max = Math.max(max, e[off + s]);
            }
        }
        if (max == Float.NEGATIVE_INFINITY) {
            Arrays.fill(e, off, off + n, 0f);
            return;
        }
        double sum = 0;
        for (int s = 0; s < n; s++) {
            if (mask == null || mask.valid(b, s)) {
                float v = (float) Math.exp(e[off + s] - max);
                e[off + s] = v;
                sum += v;
            } else {
                e[off + s] = 0f;
            }
        }
        float inv = (float) (1.0 / sum);
        for (int s = 0; s < n; s++) {
            e[off + s] *= inv;
        }
    }

    // ------------------------------------------------------------------------------------------------ graph

    private static final class Cache {
        final Attention owner;
        final Tensor query;
        final Memory memory;
        final Rows rows;

        Cache(Attention owner, Tensor query, Memory memory, Rows rows) {
            this.owner = owner;
            this.query = query;
            this.memory = memory;
            this.rows = rows;
        }
    }

    /** Inputs {@code [decoder states (B, Td, Hd), encoder outputs (B, Te, He)]} with their masks. */
    @Override
    public GraphForward forward(List<Tensor> inputs, List<Mask> masks, Context ctx) {
        requireBuilt();
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(name + ": takes decoder states and encoder outputs, got " + inputs.size()
                    + " inputs");
        }
        Tensor q = inputs.get(0);
        q.requireShape(name + " decoder states (batch, steps, features)", -1, -1, queryDim);
        Tensor enc = inputs.get(1);
        if (enc.dim(0) != q.dim(0)) {
            throw new ShapeException(name + ": decoder batch " + q.dim(0) + ", encoder batch " + enc.dim(0));
        }
        Mask qMask = masks.get(0);
        if (qMask != null) {
            qMask.require(q.dim(0), q.dim(1));
        }
        Memory m = memory(enc, masks.get(1));
        Rows r = attend(m, q.data(), q.dim(1));
        Tensor out = Tensor.of(r.output, q.dim(0), q.dim(1), units);
        return new GraphForward(List.of(out), Collections.singletonList(qMask), new Cache(this, q, m, r));
    }

    @Override
    public List<Tensor> backward(GraphForward fwd, List<Tensor> gradOutputs) {
        if (!(fwd.cache() instanceof Cache) || ((Cache) fwd.cache()).owner != this) {
            throw new IllegalArgumentException(name + ": backward needs a GraphForward made by this layer's forward");
        }
        Cache c = (Cache) fwd.cache();
        Tensor out = fwd.outputs().get(0);
        Tensor dA = gradOutputs.get(0);
        int b = c.memory.batch;
        int te = c.memory.steps;
        int td = c.query.dim(1);
        int hd = queryDim;
        int he = memoryDim;
        int cw = he + hd;
        int rows = b * td;
        if (dA == null) {
            return Arrays.asList(Tensor.zeros(c.query.shape()), Tensor.zeros(c.memory.values.shape()));
        }
        dA.requireShape(name + ": gradient of the output", out.shape());
        Kernels k = KernelProvider.get();
        float[] a = out.data();
        float[] dz = new float[rows * units];
        for (int i = 0; i < dz.length; i++) {
            dz[i] = dA.data()[i] * (1f - a[i] * a[i]);
        }
        k.gemm(true, false, units, cw, rows, 1f, dz, 0, units, c.rows.concat, 0, cw, 1f, kernel.grads(),
                kernel.offset(), cw);
        k.sumRows(rows, units, dz, 0, units, bias.grads(), bias.offset());
        float[] dConcat = new float[rows * cw];
        k.gemm(false, false, rows, cw, units, 1f, dz, 0, units, kernel.values(), kernel.offset(), cw, 0f, dConcat, 0,
                cw);
        float[] dq = new float[rows * hd];
        float[] dc = new float[rows * he];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(dConcat, i * cw, dc, i * he, he);
            System.arraycopy(dConcat, i * cw + he, dq, i * hd, hd);
        }
        float[] mv = c.memory.values.data();
        float[] q = c.query.data();
        float[] alpha = c.rows.alpha;
        float[] dm = new float[b * te * he];
        float[] dk = new float[b * te * hd];
        float[] de = new float[td * te];
        for (int i = 0; i < b; i++) {
            k.gemm(false, true, td, te, he, 1f, dc, i * td * he, he, mv, i * te * he, he, 0f, de, 0, te);
            k.gemm(true, false, te, he, td, 1f, alpha, i * td * te, te, dc, i * td * he, he, 1f, dm, i * te * he, he);
            for (int t = 0; t < td; t++) {
                int off = (i * td + t) * te;
                double s = 0;
                for (int j = 0; j < te; j++) {
                    s += (double) alpha[off + j] * de[t * te + j];
                }
                for (int j = 0; j < te; j++) {
                    de[t * te + j] = (float) (alpha[off + j] * (de[t * te + j] - s));
                }
            }
            k.gemm(false, false, td, hd, te, 1f, de, 0, te, c.memory.keys, i * te * hd, hd, 1f, dq, i * td * hd, hd);
            k.gemm(true, false, te, hd, td, 1f, de, 0, te, q, i * td * hd, hd, 0f, dk, i * te * hd, hd);
        }
        k.gemm(true, false, hd, he, b * te, 1f, dk, 0, hd, mv, 0, he, 1f, scoreKernel.grads(), scoreKernel.offset(),
                he);
        k.gemm(false, false, b * te, he, hd, 1f, dk, 0, hd, scoreKernel.values(), scoreKernel.offset(), he, 1f, dm, 0,
                he);
        return Arrays.asList(Tensor.of(dq, c.query.shape()), Tensor.of(dm, c.memory.values.shape()));
    }

    @Override
    public String toString() {
        return "Attention(" + name + ", " + units + " units)";
    }
}
