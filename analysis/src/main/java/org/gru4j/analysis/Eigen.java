package org.gru4j.analysis;

import java.util.Arrays;
import java.util.Comparator;
import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Eigenvalues and norms of small dense matrices, in double, by EJML (the only class that touches it, so the
 * library can be swapped in one place). Matrices are {@code double[rows][cols]}.
 */
public final class Eigen {
    private Eigen() {
    }

    /** A symmetric eigen-decomposition: values in descending order, {@code vectors[k]} the k-th unit vector. */
    public record Symmetric(double[] values, double[][] vectors) {
    }

    /**
     * Eigenvalues of a real square matrix (nonsymmetric: complex pairs come out as conjugates), sorted by modulus,
     * largest first; ties by real part, then imaginary part, largest first, so the order is deterministic.
     *
     * @throws ArithmeticException if the QR algorithm does not converge
     */
    public static Complex[] eigenvalues(double[][] a) {
        int n = checkSquare(a);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false);
        if (!eig.decompose(toEjml(a))) {
            throw new ArithmeticException("eigenvalue decomposition of a " + n + " x " + n + " matrix failed");
        }
        Complex[] out = new Complex[n];
        for (int i = 0; i < n; i++) {
            Complex_F64 c = eig.getEigenvalue(i);
            out[i] = new Complex(c.real, c.imaginary);
        }
        Arrays.sort(out, Comparator.comparingDouble(Complex::abs).thenComparingDouble(Complex::re)
                .thenComparingDouble(Complex::im).reversed());
        return out;
    }

    /**
     * Eigen-decomposition of a symmetric matrix (only its lower triangle need be right). Each eigenvector's sign
     * is fixed so that its component of largest magnitude is positive, so results are reproducible.
     */
    public static Symmetric symmetric(double[][] a) {
        int n = checkSquare(a);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(toEjml(a))) {
            throw new ArithmeticException("symmetric eigen-decomposition of a " + n + " x " + n + " matrix failed");
        }
        Integer[] order = new Integer[n];
        double[] vals = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            vals[i] = eig.getEigenvalue(i).real;
        }
        Arrays.sort(order, (p, q) -> Double.compare(vals[q], vals[p]));
        double[] values = new double[n];
        double[][] vectors = new double[n][];
        for (int k = 0; k < n; k++) {
            values[k] = vals[order[k]];
            double[] v = eig.getEigenVector(order[k]).getData().clone();
            int arg = 0;
            for (int i = 1; i < n; i++) {
                if (Math.abs(v[i]) > Math.abs(v[arg])) {
                    arg = i;
                }
            }
            if (v[arg] < 0) {
                for (int i = 0; i < n; i++) {
                    v[i] = -v[i];
                }
            }
            vectors[k] = v;
        }
        return new Symmetric(values, vectors);
    }

    /** The induced 2-norm (largest singular value) of a matrix. */
    public static double spectralNorm(double[][] a) {
        return NormOps_DDRM.inducedP2(toEjml(a));
    }

    static DMatrixRMaj toEjml(double[][] a) {
        return new DMatrixRMaj(a);
    }

    private static int checkSquare(double[][] a) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("expected a square " + n + " x " + n + " matrix, row " + i
                        + " has " + a[i].length + " columns");
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("expected a non-empty matrix, got 0 x 0");
        }
        return n;
    }
}
