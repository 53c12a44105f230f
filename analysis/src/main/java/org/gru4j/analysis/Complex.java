package org.gru4j.analysis;

/** A complex number, as eigenvalues of a real nonsymmetric matrix are. */
public record Complex(double re, double im) {
    /** The modulus {@code |re + i im|}. */
    public double abs() {
        return Math.hypot(re, im);
    }

    @Override
    public String toString() {
        return im == 0 ? Double.toString(re) : re + (im < 0 ? " - " : " + ") + Math.abs(im) + "i";
    }
}
