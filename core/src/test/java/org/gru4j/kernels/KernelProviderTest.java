package org.gru4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * The provider's choice in this JVM. Run both with the module (the default build) and without it
 * ({@code -Dgru4j.vector.args=}); {@code -Dgru4j.kernels=scalar} forces the reference.
 */
class KernelProviderTest {

    private static String forced() {
        return System.getProperty(KernelProvider.PROPERTY, "").trim().toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void defaultIsVectorWhenTheModuleIsPresent() {
        assumeTrue(KernelProvider.vectorModulePresent(), "jdk.incubator.vector is not loaded");
        Kernels k = KernelProvider.get();
        if (forced().equals("scalar")) {
            assertSame(ScalarKernels.INSTANCE, k);
        } else {
            assertTrue(k.name().startsWith("vector-"), "expected the vector kernels, got " + k.name());
            assertSame(KernelProvider.vector(), k);
        }
    }

    @Test
    void fallsBackToScalarWithoutTheModule() {
        assumeFalse(KernelProvider.vectorModulePresent(), "jdk.incubator.vector is loaded");
        assumeFalse(forced().equals("vector"), "vector forced");
        assertSame(ScalarKernels.INSTANCE, KernelProvider.get());
        IllegalStateException e = assertThrows(IllegalStateException.class, KernelProvider::vector);
        assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
    }

    /** The reference needs nothing beyond java.base: a 2x2 product and the activations at known points. */
    @Test
    void scalarKernelsWorkOnTheirOwn() {
        Kernels k = ScalarKernels.INSTANCE;
        assertEquals("scalar", k.name());
        float[] a = {1, 2, 3, 4};
        float[] b = {5, 6, 7, 8};
        float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        k.gemm(false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {19, 22, 43, 50}, c);
        k.gemm(false, true, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {17, 23, 39, 53}, c);
        float[] s = new float[3];
        k.sigmoid(3, new float[] {0f, 100f, -200f}, 0, s, 0);
        assertArrayEquals(new float[] {0.5f, 1f, 0f}, s);
        float[] t = new float[2];
        k.tanh(2, new float[] {0f, 20f}, 0, t, 0);
        assertArrayEquals(new float[] {0f, 1f}, t);
    }
}
