package org.gru4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;

/** Luong attention: finite-difference gradients with an encoder mask, masking, and the single-step function. */
class AttentionTest {
    private static final int B = 3;
    private static final int TD = 4;
    private static final int TE = 5;
    private static final int HD = 3;
    private static final int HE = 4;

    static Tensor random(Rng rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = rng.uniform(-1, 1);
        }
        return t;
    }

    private static Attention built(int units) {
        Attention a = new Attention(units);
        a.build(List.of(new int[] {-1, HD}, new int[] {-1, HE}), new Rng(5));
        return a;
    }

    /** Sample 0 complete, sample 1 with two padded encoder steps, sample 2 with only padding. */
    private static Mask encoderMask() {
        return Mask.fromLengths(new int[] {TE, TE - 2, 0}, TE);
    }

    @Test
    void gradientsOfQueriesMemoryAndParametersMatchFiniteDifferencesWithAMask() {
        Attention att = built(6);
        Rng rng = new Rng(11);
        Parameter memory = new Parameter("encoder_outputs", B, TE, HE);
        memory.set(random(rng, B, TE, HE));
        Mask encMask = encoderMask();
        GradientCheck.Model f = q -> {
            GraphForward fwd = att.forward(List.of(q, memory.valueTensor()), Arrays.asList(null, encMask),
                    Context.INFERENCE);
            return GradientCheck.pass(fwd.outputs().get(0), dy -> {
                List<Tensor> g = att.backward(fwd, Arrays.asList(dy));
                float[] dm = g.get(1).data();
                for (int i = 0; i < dm.length; i++) {
                    memory.grads()[memory.offset() + i] += dm[i];
                }
                return g.get(0);
            });
        };
        List<Parameter> params = new ArrayList<>(att.namedParameters().values());
        params.add(memory);
        GradientCheck.Report r = GradientCheck.check(f, random(rng, B, TD, HD), params, new GradientCheck.Options());
        assertEquals(B * TD * HD + HD * HE + 6 * (HE + HD) + 6 + B * TE * HE, r.checked);
    }

    @Test
    void paddedEncoderStepsGetNoWeightAndNoGradient() {
        Attention att = built(6);
        Rng rng = new Rng(3);
        Tensor q = random(rng, B, TD, HD);
        Tensor m = random(rng, B, TE, HE);
        Mask encMask = encoderMask();
        Tensor out = att.forward(List.of(q, m), Arrays.asList(null, encMask), Context.INFERENCE).outputs().get(0);
        // Changing padded encoder steps changes nothing.
        Tensor m2 = m.copy();
        for (int s = TE - 2; s < TE; s++) {
            for (int j = 0; j < HE; j++) {
                m2.set(99f, 1, s, j);
            }
        }
        for (int s = 0; s < TE; s++) {
            for (int j = 0; j < HE; j++) {
                m2.set(-99f, 2, s, j);
            }
        }
        GraphForward f2 = att.forward(List.of(q, m2), Arrays.asList(null, encMask), Context.INFERENCE);
        assertArrayEquals(out.data(), f2.outputs().get(0).data());
        Tensor dm = att.backward(f2, List.of(random(rng, B, TD, 6))).get(1);
        for (int s = TE - 2; s < TE; s++) {
            for (int j = 0; j < HE; j++) {
                assertEquals(0f, dm.get(1, s, j));
            }
        }
        for (int i = 0; i < TE * HE; i++) {
            assertEquals(0f, dm.data()[2 * TE * HE + i]);
        }
    }

    @Test
    void theDecoderMaskPassesThrough() {
        Attention att = built(2);
        Rng rng = new Rng(4);
        Mask decMask = Mask.fromLengths(new int[] {1, 2, 4}, TD);
        GraphForward f = att.forward(List.of(random(rng, B, TD, HD), random(rng, B, TE, HE)),
                Arrays.asList(decMask, null), Context.INFERENCE);
        assertSame(decMask, f.masks().get(0));
    }

    @Test
    void aStepEqualsTheFullForwardBitForBit() {
        Attention att = built(16);
        Rng rng = new Rng(8);
        Tensor q = random(rng, B, TD, HD);
        Tensor m = random(rng, B, TE, HE);
        Mask encMask = encoderMask();
        Tensor full = att.forward(List.of(q, m), Arrays.asList(null, encMask), Context.INFERENCE).outputs().get(0);
        Attention.Memory mem = att.memory(m, encMask);
        for (int t = 0; t < TD; t++) {
            float[] qt = new float[B * HD];
            for (int b = 0; b < B; b++) {
                System.arraycopy(q.data(), (b * TD + t) * HD, qt, b * HD, HD);
            }
            Tensor y = att.step(mem, Tensor.of(qt, B, HD));
            for (int b = 0; b < B; b++) {
                float[] want = Arrays.copyOfRange(full.data(), (b * TD + t) * 16, (b * TD + t + 1) * 16);
                float[] got = Arrays.copyOfRange(y.data(), b * 16, (b + 1) * 16);
                assertArrayEquals(want, got, "step " + t + " sample " + b);
            }
        }
        assertThrows(ShapeException.class, () -> att.step(mem, Tensor.zeros(B + 1, HD)));
    }
}
