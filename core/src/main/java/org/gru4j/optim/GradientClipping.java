package org.gru4j.optim;

import java.util.List;
import org.gru4j.nn.Parameter;

/**
 * Keras's gradient clipping ({@code clipvalue}, {@code clipnorm}, {@code global_clipnorm}), applied to the
 * gradients of the trainable parameters before the update. As in Keras only one kind can be chosen. Gradients are
 * changed in place (the training loop zeroes them before the next step anyway).
 *
 * <ul>
 *   <li>by value: {@code g = clamp(g, -v, v)};</li>
 *   <li>by norm, each parameter alone: {@code g = g * c / max(||g||, c)};</li>
 *   <li>by global norm over all trainable parameters, {@code n = sqrt(sum ||g_i||^2)}:
 *       {@code g_i = g_i * c * min(1/n, 1/c)}; a non-finite {@code n} turns every gradient into NaN, as Keras does,
 *       so a blow-up is visible rather than silently rescaled.</li>
 * </ul>
 * Norms are summed in double.
 */
public final class GradientClipping {
    private enum Kind { NONE, VALUE, NORM, GLOBAL_NORM }

    private static final GradientClipping NONE = new GradientClipping(Kind.NONE, 0);

    private final Kind kind;
    private final double limit;

    private GradientClipping(Kind kind, double limit) {
        if (kind != Kind.NONE && !(limit > 0)) {
            throw new IllegalArgumentException("clipping limit must be positive, got " + limit);
        }
        this.kind = kind;
        this.limit = limit;
    }

    public static GradientClipping none() {
        return NONE;
    }

    /** Keras {@code clipvalue}. */
    public static GradientClipping byValue(double clipValue) {
        return new GradientClipping(Kind.VALUE, clipValue);
    }

    /** Keras {@code clipnorm}: each parameter's gradient separately. */
    public static GradientClipping byNorm(double clipNorm) {
        return new GradientClipping(Kind.NORM, clipNorm);
    }

    /** Keras {@code global_clipnorm}: all gradients scaled together. */
    public static GradientClipping byGlobalNorm(double clipNorm) {
        return new GradientClipping(Kind.GLOBAL_NORM, clipNorm);
    }

    /** Keras's option name: {@code "none"}, {@code "clipvalue"}, {@code "clipnorm"} or {@code "global_clipnorm"}. */
    public String mode() {
        switch (kind) {
            case VALUE:
                return "clipvalue";
            case NORM:
                return "clipnorm";
            case GLOBAL_NORM:
                return "global_clipnorm";
            default:
                return "none";
        }
    }

    /** The clipping limit; 0 for {@link #none()}. */
    public double limit() {
        return limit;
    }

    /** Clips the gradients of the trainable parameters in {@code params} in place. */
    public void apply(List<Parameter> params) {
        switch (kind) {
            case NONE:
                return;
            case VALUE:
                float v = (float) limit;
                for (Parameter p : params) {
                    if (p.trainable()) {
                        float[] g = p.grads();
                        for (int i = p.offset(), e = i + p.size(); i < e; i++) {
                            g[i] = Math.max(-v, Math.min(v, g[i]));
                        }
                    }
                }
                return;
            case NORM:
                for (Parameter p : params) {
                    if (p.trainable()) {
                        double n = Math.sqrt(sumOfSquares(p));
                        if (n > limit) {
                            scale(p, limit / n);
                        }
                    }
                }
                return;
            case GLOBAL_NORM:
                double ss = 0;
                for (Parameter p : params) {
                    if (p.trainable()) {
                        ss += sumOfSquares(p);
                    }
                }
                double n = Math.sqrt(ss);
                double s = Double.isFinite(n) ? limit * Math.min(1 / n, 1 / limit) : Double.NaN;
                if (s != 1) {
                    for (Parameter p : params) {
                        if (p.trainable()) {
                            scale(p, s);
                        }
                    }
                }
                return;
            default:
                throw new AssertionError(kind);
        }
    }

    private static double sumOfSquares(Parameter p) {
        float[] g = p.grads();
        double s = 0;
        for (int i = p.offset(), e = i + p.size(); i < e; i++) {
            s += (double) g[i] * g[i];
        }
        return s;
    }

    private static void scale(Parameter p, double s) {
        float[] g = p.grads();
        for (int i = p.offset(), e = i + p.size(); i < e; i++) {
            g[i] = (float) (g[i] * s);
        }
    }

    @Override
    public String toString() {
        return kind == Kind.NONE ? "no clipping" : kind.name().toLowerCase(java.util.Locale.ROOT) + " " + limit;
    }
}
