package org.gru4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void rowMajorIndexing() {
        Tensor t = Tensor.zeros(2, 3, 4);
        t.set(7f, 1, 2, 3);
        assertEquals(23, t.flatIndex(1, 2, 3));
        assertEquals(7f, t.data()[23]);
        assertEquals(7f, t.get(1, 2, 3));
        assertArrayEquals(new int[] {2, 3, 4}, t.shape());
    }

    @Test
    void wrongDataLengthSaysExpectedAndGot() {
        ShapeException e = assertThrows(ShapeException.class, () -> Tensor.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("length 5") && e.getMessage().contains("(2, 3)")
                && e.getMessage().contains("expected 6"), e.getMessage());
    }

    @Test
    void requireShapeNamesBothShapes() {
        Tensor t = Tensor.zeros(4, 10, 3);
        t.requireShape("x", -1, -1, 3);
        ShapeException e = assertThrows(ShapeException.class, () -> t.requireShape("GRU input", -1, -1, 5));
        assertEquals("GRU input: expected shape (*, *, 5), got (4, 10, 3)", e.getMessage());
    }

    @Test
    void hugeShapesAreRejectedNotAllocated() {
        assertThrows(ShapeException.class, () -> Tensor.zeros(1 << 20, 1 << 20));
        assertThrows(ShapeException.class, () -> Tensor.zeros(3, -1));
    }

    @Test
    void nestedArraysKeepOrder() {
        Tensor t = Tensor.of(new float[][][] {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}});
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, t.data());
        assertThrows(ShapeException.class, () -> Tensor.of(new float[][] {{1, 2}, {3}}));
    }
}
