package org.gru4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gru4j.loss.MeanSquaredError;
import org.gru4j.nn.Context;
import org.gru4j.nn.Dense;
import org.gru4j.nn.GradientCheck;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.LSTM;
import org.gru4j.optim.Adam;
import org.gru4j.tensor.Tensor;
import org.gru4j.train.History;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;

/** Functional graphs: several inputs, states passed between layers, shared layers, several outputs. */
class FunctionalModelTest {

    static Tensor random(Rng rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = rng.uniform(-1, 1);
        }
        return t;
    }

    /** An encoder-decoder: the encoder's final state starts the decoder. */
    static Model encoderDecoder(boolean lstm) {
        Node enc = Node.input("encoder_in", -1, 3);
        Node dec = Node.input("decoder_in", -1, 2);
        Node[] encOut = lstm ? Node.call(new LSTM(4).returnState(true), enc)
                : Node.call(new GRU(4).returnState(true), enc);
        Node[] states = java.util.Arrays.copyOfRange(encOut, 1, encOut.length);
        Node[] decArgs = new Node[1 + states.length];
        decArgs[0] = dec;
        System.arraycopy(states, 0, decArgs, 1, states.length);
        Node seq = (lstm ? Node.call(new LSTM(4).returnSequences(true), decArgs)
                : Node.call(new GRU(4).returnSequences(true), decArgs))[0];
        Dense shared = new Dense(2, "tanh");
        Node y = seq.then(shared);
        Node last = encOut[0].then(new Dense(4)).then(shared);
        return new Model("seq2seq", List.of(enc, dec), List.of(y, last), 3);
    }

    @Test
    void encoderDecoderGradientsMatchFiniteDifferences() {
        for (boolean lstm : new boolean[] {false, true}) {
            Model m = encoderDecoder(lstm);
            Rng rng = new Rng(4);
            Tensor dec = random(rng, 2, 4, 2);
            Tensor r2 = random(rng, 2, 2);
            GradientCheck.Model f = x -> {
                Model.Trace t = m.run(List.of(x, dec), null, Context.training(new Rng(1)));
                // Concatenate both outputs; the second is weighted by a fixed random r2 through a sum.
                Tensor y0 = t.output(0);
                Tensor y1 = t.output(1);
                float[] all = new float[y0.size() + y1.size()];
                System.arraycopy(y0.data(), 0, all, 0, y0.size());
                System.arraycopy(y1.data(), 0, all, y0.size(), y1.size());
                return GradientCheck.pass(Tensor.of(all, all.length), g -> {
                    float[] g0 = java.util.Arrays.copyOfRange(g.data(), 0, y0.size());
                    float[] g1 = java.util.Arrays.copyOfRange(g.data(), y0.size(), all.length);
                    m.backward(t, List.of(Tensor.of(g0, y0.shape()), Tensor.of(g1, y1.shape())));
                    return null;
                });
            };
            assertEquals(r2.size(), 4);
            GradientCheck.check(f, random(rng, 2, 5, 3), m.parameters(), new GradientCheck.Options());
        }
    }

    @Test
    void twoInputTwoOutputModelTrains() {
        Model m = encoderDecoder(false);
        m.compile(new Adam(0.02), List.of(new MeanSquaredError(), new MeanSquaredError()), new double[] {1, 0.5},
                List.of(List.of("mae"), List.of()));
        Rng rng = new Rng(9);
        Tensor enc = random(rng, 64, 5, 3);
        Tensor dec = random(rng, 64, 4, 2);
        Tensor y0 = Tensor.zeros(64, 4, 2).fill(0.3f);
        Tensor y1 = Tensor.zeros(64, 2).fill(-0.2f);
        History h = m.fit(List.of(enc, dec), List.of(y0, y1), FitOptions.epochs(20).batchSize(16).verbose(0));
        assertTrue(h.last("loss") < 0.2 * h.get("loss").get(0), h.get("loss").toString());
        assertTrue(h.history().containsKey("dense_" .substring(0, 0) + m.outputs().get(0).producer.layer.name()
                + "_mae"), h.history().keySet().toString());
        String s = m.summary();
        assertTrue(s.contains("(None, None, 4), (None, 4)") || s.contains("(None, 4), (None, 4)"), s);
    }

    @Test
    void inputsThatAreNotDeclaredAreRejected() {
        Node a = Node.input(-1, 2);
        Node b = Node.input(-1, 2);
        Node y = b.then(new GRU(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Model(List.of(a), List.of(y)));
        assertTrue(e.getMessage().contains("not one of the model's inputs"), e.getMessage());
    }
}
