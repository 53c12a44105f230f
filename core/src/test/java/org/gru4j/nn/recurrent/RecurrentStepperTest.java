package org.gru4j.nn.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.gru4j.nn.Context;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Streaming one step at a time gives, bit for bit, the outputs and states of a run over the whole sequence. */
class RecurrentStepperTest {

    @ParameterizedTest
    @ValueSource(strings = {"gru", "gru_before", "lstm", "rnn", "rnn_relu", "gru_hard", "gru_ln"})
    void streamingEqualsTheBatchRun(String kind) {
        int batch = 3;
        int steps = 9;
        int in = 131; // more than one k-pass of the vector gemm (KC = 128)
        RecurrentLayer layer = MaskingTest.factory(kind).get().returnSequences(true);
        layer.build(new int[] {-1, in}, new Rng(17));
        Rng rng = new Rng(23);
        float[] xd = new float[batch * steps * in];
        for (int i = 0; i < xd.length; i++) {
            xd[i] = (float) rng.nextGaussian();
        }
        RecurrentLayer.Result whole = layer.run(Tensor.of(xd, batch, steps, in), null, null, Context.INFERENCE);
        RecurrentStepper s = layer.stepper(batch);
        int h = layer.units();
        float[] x = new float[batch * in];
        float[] out = new float[batch * h];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(xd, (b * steps + t) * in, x, b * in, in);
            }
            s.step(x, out);
            for (int b = 0; b < batch; b++) {
                float[] expected = new float[h];
                System.arraycopy(whole.output().data(), (b * steps + t) * h, expected, 0, h);
                float[] got = new float[h];
                System.arraycopy(out, b * h, got, 0, h);
                assertArrayEquals(expected, got, kind + " step " + t + " sample " + b);
            }
        }
        for (int k = 0; k < layer.stateCount(); k++) {
            assertArrayEquals(whole.finalStates()[k].data(), s.states()[k].data(), kind + " state " + k);
        }
        s.resetStates();
        for (Tensor st : s.states()) {
            assertArrayEquals(new float[batch * h], st.data());
        }
        assertThrows(org.gru4j.tensor.ShapeException.class, () -> s.step(new float[in], out));
    }
}
