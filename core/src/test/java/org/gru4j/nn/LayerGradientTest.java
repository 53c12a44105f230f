package org.gru4j.nn;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.gru4j.nn.init.Initializers;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Central finite-difference checks ({@link GradientCheck}) of every feed-forward layer and a small stack. */
class LayerGradientTest {

    static Tensor gaussian(long seed, int... shape) {
        Rng rng = new Rng(seed);
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rng.nextGaussian();
        }
        return t;
    }

    /** relu has a kink at 0: a smaller step keeps perturbations from crossing it, at the price of more noise. */
    private static GradientCheck.Options optionsFor(Activation a) {
        return a == Activation.RELU ? new GradientCheck.Options().eps(1e-3).atol(1e-3) : new GradientCheck.Options();
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void denseOnBatches(Activation act) {
        Dense d = Dense.builder(5).activation(act).biasInitializer(Initializers.normal(0, 0.5)).build();
        d.build(new int[] {4}, new Rng(1));
        GradientCheck.Report r = GradientCheck.check(d, gaussian(2, 3, 4), null, () -> Context.INFERENCE,
                optionsFor(act));
        System.out.println("dense " + act + " 2-D: " + r);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void denseOnSequencesWithMask(Activation act) {
        Dense d = Dense.builder(5).activation(act).biasInitializer(Initializers.normal(0, 0.5)).build();
        d.build(new int[] {-1, 4}, new Rng(3));
        Mask mask = Mask.fromLengths(new int[] {3, 1}, 3);
        Tensor x = gaussian(4, 2, 3, 4);
        assertSame(mask, d.forward(x, mask, Context.INFERENCE).mask());
        GradientCheck.Report r = GradientCheck.check(d, x, mask, () -> Context.INFERENCE, optionsFor(act));
        System.out.println("dense " + act + " 3-D: " + r);
    }

    @Test
    void denseWithoutBias() {
        Dense d = Dense.builder(3).activation(Activation.TANH).useBias(false).build();
        d.build(new int[] {6}, new Rng(5));
        assertTrue(d.parameters().size() == 1);
        GradientCheck.check(d, gaussian(6, 4, 6), null);
    }

    @Test
    void embeddingTableGradientWithRepeatedIds() {
        Embedding e = new Embedding(6, 3, true, Initializers.normal(0, 1), null);
        e.build(new int[] {4}, new Rng(7));
        Tensor ids = Tensor.of(new float[][] {{1, 2, 2, 0}, {5, 1, 0, 0}});
        GradientCheck.Report r = GradientCheck.check(e, ids, null);
        System.out.println("embedding: " + r);
        // Backward has no input gradient for ids.
        Forward f = e.forward(ids, null, Context.INFERENCE);
        assertTrue(e.backward(f, Tensor.zeros(2, 4, 3)) == null);
    }

    @Test
    void dropoutWithAFixedGeneratorIsAFixedLinearMap() {
        Dropout d = new Dropout(0.4);
        d.build(new int[] {5, 6}, new Rng(0));
        GradientCheck.Report r = GradientCheck.check(d, gaussian(8, 3, 5, 6), null,
                () -> Context.training(new Rng(77)), new GradientCheck.Options());
        System.out.println("dropout: " + r);
    }

    @Test
    void stackEmbeddingDenseSoftmax() {
        Rng rng = new Rng(11);
        Embedding emb = new Embedding(7, 4, true, Initializers.normal(0, 1), null);
        Dense hidden = new Dense(5, Activation.TANH);
        Dense out = Dense.builder(3).activation(Activation.SOFTMAX).biasInitializer(Initializers.normal(0, 0.3))
                .build();
        int[] s = emb.build(new int[] {3}, rng);
        s = hidden.build(s, rng);
        out.build(s, rng);
        List<Parameter> params = new ArrayList<>();
        params.addAll(emb.parameters());
        params.addAll(hidden.parameters());
        params.addAll(out.parameters());
        GradientCheck.Model model = x -> {
            Forward f1 = emb.forward(x, null, Context.INFERENCE);
            Forward f2 = hidden.forward(f1.output(), f1.mask(), Context.INFERENCE);
            Forward f3 = out.forward(f2.output(), f2.mask(), Context.INFERENCE);
            // Backward in exact reverse order of the forward calls.
            return GradientCheck.pass(f3.output(), dy -> emb.backward(f1, hidden.backward(f2, out.backward(f3, dy))));
        };
        Tensor ids = Tensor.of(new float[][] {{3, 1, 0}, {6, 6, 2}});
        GradientCheck.Report r = GradientCheck.check(model, ids, params, new GradientCheck.Options());
        System.out.println("embedding -> dense(tanh) -> dense(softmax): " + r);
    }

    @Test
    void theCheckCatchesAWrongGradient() {
        Dense d = new Dense(2, Activation.SIGMOID);
        d.build(new int[] {3}, new Rng(1));
        // A backward that forgets the activation derivative must fail, and the message must name the tensor.
        GradientCheck.Model broken = x -> {
            Forward f = d.forward(x, null, Context.INFERENCE);
            return GradientCheck.pass(f.output(), dy -> d.backward(f, dy.copy().fill(0.5f)));
        };
        AssertionError e = assertThrows(AssertionError.class, () -> GradientCheck.check(broken, gaussian(2, 2, 3),
                d.parameters(), new GradientCheck.Options()));
        assertTrue(e.getMessage().contains("kernel[") && e.getMessage().contains("analytic")
                && e.getMessage().contains("numeric"), e.getMessage());
    }
}
