package org.gru4j.nn.recurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.gru4j.nn.Context;
import org.gru4j.nn.Dense;
import org.gru4j.nn.Embedding;
import org.gru4j.nn.GradientCheck;
import org.gru4j.nn.Mask;
import org.gru4j.nn.Parameter;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Central finite differences against backpropagation through time, for every cell and every option of the
 * recurrent layer: sequences or last output, final states with their own gradient, given initial states (checked
 * as parameters), masks, reverse direction, bidirectional merges and stacks.
 */
class RecurrentGradientCheckTest {
    static final int B = 3;
    static final int T = 5;
    static final int IN = 3;
    static final int H = 4;
    static final int[] LENGTHS = {5, 3, 1};

    static Supplier<RecurrentLayer> cell(String kind) {
        return MaskingTest.factory(kind);
    }

    static Tensor input(long seed) {
        Rng rng = new Rng(seed);
        float[] d = new float[B * T * IN];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.uniform(-1f, 1f);
        }
        return Tensor.of(d, B, T, IN);
    }

    /**
     * relu has a kink at 0, where a central difference measures neither side. Its layer is therefore moved into
     * the region where every pre-activation is at least 0.1 (weights scaled by 0.1, bias 1), far beyond the step
     * eps = 0.01; the zero side of relu is covered by the kernel tests.
     */
    static void avoidReluKink(String kind, RecurrentLayer layer) {
        if (!kind.equals("rnn_relu")) {
            return;
        }
        for (Parameter p : layer.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                p.values()[p.offset() + i] = p.name().equals("bias") ? 1f : 0.1f * p.values()[p.offset() + i];
            }
        }
    }

    /**
     * Dropout scales kept inputs by 1 / (1 - rate), so the same step eps moves a pre-activation further and the
     * truncation error (eps^2 f''' / 6) grows: a smaller step keeps it below the tolerance.
     *
     * <p>Layer normalization divides each gate block by its standard deviation, which on these 4-unit blocks is as
     * small as 0.065 (rstd 15): truncation error grows like rstd^3 and float round-off like rstd / eps. At eps 1e-2
     * the truncation error reaches 0.5 on some elements; at eps 3e-4, where the two balance, the worst difference
     * is about 5e-3, hence that atol. The exact check of the cell's formulas is {@link LayerNormGRUTest}, against
     * central differences of a double-precision implementation.
     */
    static GradientCheck.Options options(String kind) {
        if (kind.startsWith("gru_ln")) {
            return new GradientCheck.Options().eps(3e-4).atol(5e-3);
        }
        return kind.endsWith("_drop") ? new GradientCheck.Options().eps(3e-3) : new GradientCheck.Options();
    }

    /** Concatenates the output and the final states into one tensor so one check covers all of them. */
    static Tensor concat(Tensor out, Tensor[] states) {
        int n = out.size();
        for (Tensor s : states) {
            n += s.size();
        }
        float[] all = new float[n];
        System.arraycopy(out.data(), 0, all, 0, out.size());
        int o = out.size();
        for (Tensor s : states) {
            System.arraycopy(s.data(), 0, all, o, s.size());
            o += s.size();
        }
        return Tensor.of(all, n);
    }

    static Tensor[] split(Tensor g, Tensor out, Tensor[] states) {
        Tensor[] parts = new Tensor[1 + states.length];
        float[] d = g.data();
        float[] o = new float[out.size()];
        System.arraycopy(d, 0, o, 0, o.length);
        parts[0] = Tensor.of(o, out.shape());
        int off = o.length;
        for (int i = 0; i < states.length; i++) {
            float[] s = new float[states[i].size()];
            System.arraycopy(d, off, s, 0, s.length);
            off += s.length;
            parts[i + 1] = Tensor.of(s, states[i].shape());
        }
        return parts;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gru", "gru_before", "lstm", "rnn", "rnn_relu", "gru_hard", "gru_before_hard", "lstm_hard", "gru_drop", "gru_before_drop", "lstm_drop", "rnn_drop", "gru_ln", "gru_ln_drop", "gru_ln_hard"})
    void allOptionsOfOneLayer(String kind) {
        for (boolean sequences : new boolean[] {true, false}) {
            for (boolean backwards : new boolean[] {false, true}) {
                for (boolean masked : new boolean[] {false, true}) {
                    checkLayer(kind, sequences, backwards, masked);
                }
            }
        }
    }

    private void checkLayer(String kind, boolean sequences, boolean backwards, boolean masked) {
        RecurrentLayer layer = cell(kind).get().returnSequences(sequences).goBackwards(backwards).returnState(true);
        layer.build(new int[] {T, IN}, new Rng(21));
        avoidReluKink(kind, layer);
        List<Parameter> init = new ArrayList<>();
        Rng rng = new Rng(5);
        for (int s = 0; s < layer.stateCount(); s++) {
            Parameter p = new Parameter("initial_state_" + s, B, H);
            for (int i = 0; i < p.size(); i++) {
                p.values()[i] = rng.uniform(-0.5f, 0.5f);
            }
            init.add(p);
        }
        Mask mask = masked ? Mask.fromLengths(LENGTHS, T) : null;
        List<Parameter> params = new ArrayList<>(layer.parameters());
        params.addAll(init);
        GradientCheck.Model model = x -> {
            Tensor[] s0 = init.stream().map(Parameter::valueTensor).toArray(Tensor[]::new);
            RecurrentLayer.Result r = layer.run(x, s0, mask, Context.training(new Rng(1)));
            Tensor[] finals = r.finalStates();
            return GradientCheck.pass(concat(r.output(), finals), g -> {
                Tensor[] parts = split(g, r.output(), finals);
                Tensor[] gFinal = java.util.Arrays.copyOfRange(parts, 1, parts.length);
                RecurrentLayer.Gradients grads = layer.backward(r, parts[0], gFinal);
                for (int s = 0; s < init.size(); s++) {
                    Parameter p = init.get(s);
                    float[] gs = grads.initialStates()[s].data();
                    for (int i = 0; i < gs.length; i++) {
                        p.grads()[i] += gs[i];
                    }
                }
                return grads.input();
            });
        };
        GradientCheck.check(model, input(3), params, options(kind));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONCAT", "SUM", "MUL", "AVE"})
    void bidirectionalMergeModesWithMask(String merge) {
        for (String kind : new String[] {"gru", "lstm", "gru_ln"}) {
            for (boolean sequences : new boolean[] {true, false}) {
                Bidirectional bi = new Bidirectional(cell(kind).get().returnSequences(sequences),
                        MergeMode.valueOf(merge));
                bi.build(new int[] {T, IN}, new Rng(8));
                GradientCheck.check(bi, input(4), Mask.fromLengths(LENGTHS, T),
                        () -> Context.training(new Rng(2)), options(kind));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"GRU", "GRU_RESET_BEFORE", "LSTM", "RNN_TANH"})
    void stackOfTwoBidirectionalLayers(String kind) {
        RecurrentStack stack = new RecurrentStack(RecurrentStack.Kind.valueOf(kind), IN, H, 2, true, new Rng(9));
        GradientCheck.check(stack, input(6), Mask.fromLengths(LENGTHS, T), () -> Context.training(new Rng(2)),
                new GradientCheck.Options());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gru", "lstm", "rnn", "gru_ln"})
    void embeddingRecurrentDenseStack(String kind) {
        Embedding emb = new Embedding(7, IN, true);
        RecurrentLayer rec = cell(kind).get().returnSequences(true);
        Dense dense = new Dense(2, "tanh");
        Rng rng = new Rng(13);
        emb.build(new int[] {T}, rng);
        rec.build(new int[] {T, IN}, rng);
        dense.build(new int[] {T, H}, rng);
        // Token ids, right-padded with 0 (the padding id of a maskZero embedding).
        float[] ids = {1, 2, 3, 4, 5, 6, 2, 3, 0, 0, 5, 0, 0, 0, 0};
        Tensor x = Tensor.of(ids, B, T);
        List<Parameter> params = new ArrayList<>(emb.parameters());
        params.addAll(rec.parameters());
        params.addAll(dense.parameters());
        GradientCheck.Model model = in -> {
            Context ctx = Context.training(new Rng(3));
            org.gru4j.nn.Forward fe = emb.forward(in, null, ctx);
            org.gru4j.nn.Forward fr = rec.forward(fe.output(), fe.mask(), ctx);
            org.gru4j.nn.Forward fd = dense.forward(fr.output(), fr.mask(), ctx);
            return GradientCheck.pass(fd.output(), g -> {
                Tensor gr = dense.backward(fd, g);
                Tensor ge = rec.backward(fr, gr);
                return emb.backward(fe, ge);
            });
        };
        GradientCheck.check(model, x, params, options(kind));
    }
}
