package org.gru4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gru4j.nn.init.Initializers;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;

class EmbeddingTest {
    private static final Tensor TABLE = Tensor.of(new float[][] {{0, 0.5f}, {1, 2}, {3, 4}, {5, 6}});

    private static Embedding layer(boolean maskZero) {
        Embedding e = new Embedding(4, 2, maskZero);
        e.build(new int[] {-1}, new Rng(1));
        e.embeddings().set(TABLE);
        return e;
    }

    @Test
    void looksUpRowsAndMasksZero() {
        Tensor ids = Tensor.of(new float[][] {{1, 0, 3}, {2, 2, 0}});
        Forward f = layer(true).forward(ids, null, Context.INFERENCE);
        assertArrayEquals(new int[] {2, 3, 2}, f.output().shape());
        assertArrayEquals(new float[] {1, 2, 0, 0.5f, 5, 6, 3, 4, 3, 4, 0, 0.5f}, f.output().data());
        boolean[][] want = {{true, false, true}, {true, true, false}};
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 3; t++) {
                assertEquals(want[b][t], f.mask().valid(b, t), "(" + b + ", " + t + ")");
            }
        }
    }

    @Test
    void incomingMaskIsCombinedOrPassedOn() {
        Tensor ids = Tensor.of(new float[][] {{1, 2, 3}});
        Mask m = Mask.fromLengths(new int[] {2}, 3);
        Forward masked = layer(true).forward(ids, m, Context.INFERENCE);
        assertTrue(masked.mask().valid(0, 1) && !masked.mask().valid(0, 2));
        assertSame(m, layer(false).forward(ids, m, Context.INFERENCE).mask());
        assertNull(layer(false).forward(ids, null, Context.INFERENCE).mask());
    }

    @Test
    void badIdsNameValueAndPosition() {
        Embedding e = layer(false);
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> e.forward(Tensor.of(new float[][] {{1, 2, 3}, {0, 1, 4}}), null, Context.INFERENCE));
        assertTrue(x.getMessage().contains("token id 4.0 at (1, 2)") && x.getMessage().contains("[0, 4)"),
                x.getMessage());
        x = assertThrows(IllegalArgumentException.class,
                () -> e.forward(Tensor.of(new float[][] {{1.5f}}), null, Context.INFERENCE));
        assertTrue(x.getMessage().contains("1.5 at (0, 0)"), x.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> e.forward(Tensor.of(new float[][] {{-1}}), null, Context.INFERENCE));
        assertThrows(IllegalArgumentException.class,
                () -> e.forward(Tensor.of(new float[][] {{Float.NaN}}), null, Context.INFERENCE));
        ShapeException s = assertThrows(ShapeException.class,
                () -> e.forward(Tensor.zeros(2, 3, 1), null, Context.INFERENCE));
        assertTrue(s.getMessage().contains("expected shape (*, *), got (2, 3, 1)"), s.getMessage());
    }

    @Test
    void backwardScatterAddsRepeatedIds() {
        Embedding e = layer(true);
        Tensor ids = Tensor.of(new float[][] {{2, 2, 0}});
        Forward f = e.forward(ids, null, Context.INFERENCE);
        Tensor dy = Tensor.of(new float[][][] {{{1, 2}, {10, 20}, {100, 200}}});
        assertNull(e.backward(f, dy));
        assertArrayEquals(new float[] {100, 200, 0, 0, 11, 22, 0, 0}, e.embeddings().gradTensor().data());
        e.backward(f, dy);
        assertArrayEquals(new float[] {200, 400, 0, 0, 22, 44, 0, 0}, e.embeddings().gradTensor().data());
    }

    @Test
    void defaultInitIsKerasUniformAndPyTorchNormalIsAvailable() {
        Embedding keras = new Embedding(50, 40, false);
        keras.build(new int[] {5}, new Rng(3));
        float max = 0;
        for (float v : keras.embeddings().values()) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max <= 0.05f && max > 0.04f, "max " + max);
        Embedding torch = new Embedding(50, 40, false, Initializers.normal(0, 1), "tok");
        torch.build(new int[] {5}, new Rng(3));
        double ss = 0;
        for (float v : torch.embeddings().values()) {
            ss += v * v;
        }
        assertEquals(1.0, ss / 2000, 0.1);
        assertEquals("tok", torch.name());
    }
}
