package org.gru4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Eigenvalues against 2 x 2 examples solved by hand from the characteristic polynomial. */
class EigenTest {
    @Test
    void realEigenvaluesOfTwoByTwo() {
        // det(A - l I) = l^2 + 3 l + 2 = (l + 1)(l + 2)
        Complex[] e = Eigen.eigenvalues(new double[][] {{0, 1}, {-2, -3}});
        assertEquals(-2, e[0].re(), 1e-12);
        assertEquals(0, e[0].im(), 1e-12);
        assertEquals(-1, e[1].re(), 1e-12);
        assertEquals(0, e[1].im(), 1e-12);
    }

    @Test
    void complexPairOfTwoByTwo() {
        // [[a, -b], [b, a]]: l = a +- i b; with a = 0.6, b = 0.8 the pair lies on the unit circle.
        Complex[] e = Eigen.eigenvalues(new double[][] {{0.6, -0.8}, {0.8, 0.6}});
        assertEquals(0.6, e[0].re(), 1e-12);
        assertEquals(0.6, e[1].re(), 1e-12);
        assertEquals(0.8, Math.abs(e[0].im()), 1e-12);
        assertEquals(-e[0].im(), e[1].im(), 1e-12);
        assertEquals(1, e[0].abs(), 1e-12);
    }

    @Test
    void generalTwoByTwoFromTraceAndDeterminant() {
        double[][] a = {{1.5, 0.7}, {-0.4, 0.2}};
        double tr = a[0][0] + a[1][1];
        double det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
        double disc = tr * tr / 4 - det;
        Complex[] e = Eigen.eigenvalues(a);
        assertEquals(tr / 2 + Math.sqrt(disc), e[0].re(), 1e-12);
        assertEquals(tr / 2 - Math.sqrt(disc), e[1].re(), 1e-12);
    }

    @Test
    void symmetricAndSpectralNorm() {
        Eigen.Symmetric s = Eigen.symmetric(new double[][] {{2, 1}, {1, 2}});
        assertEquals(3, s.values()[0], 1e-12);
        assertEquals(1, s.values()[1], 1e-12);
        double r = Math.sqrt(0.5);
        assertEquals(r, s.vectors()[0][0], 1e-12);
        assertEquals(r, s.vectors()[0][1], 1e-12);
        assertEquals(0, s.vectors()[1][0] + s.vectors()[1][1], 1e-12);
        assertEquals(4, Eigen.spectralNorm(new double[][] {{3, 0}, {0, -4}}), 1e-12);
        // [[1, 1], [0, 1]]: singular values are the golden ratio and its inverse.
        assertEquals((1 + Math.sqrt(5)) / 2, Eigen.spectralNorm(new double[][] {{1, 1}, {0, 1}}), 1e-12);
    }
}
