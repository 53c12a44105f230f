package org.gru4j.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.gru4j.util.Rng;

/**
 * Finds fixed points and slow points of {@code h' = F(h, x*)} for a constant input {@code x*}, after Sussillo and
 * Barak (2013, "Opening the black box") and Golub and Sussillo's FixedPointFinder (2018): from many initial states
 * it minimizes the speed
 * <pre>
 *   q(h) = 1/2 |F(h, x*) - h|^2,      grad q = (J - I)^T (F(h, x*) - h) = J^T (F - h) - (F - h)
 * </pre>
 * with the exact Jacobian {@code J = dF/dh}. Minima with {@code q = 0} are fixed points; minima with small positive q
 * are slow points, where the dynamics linger. Points are deduplicated by distance and classified by the eigenvalues
 * of J ({@link Stability}).
 *
 * <p>Optimization is in double (the core optimizers work on float parameters, too coarse to drive q to 1e-20). L-BFGS
 * (memory 10, Armijo backtracking) is the default and reaches machine precision quickly on these small, smooth
 * problems; Adam is offered as in Golub and Sussillo, with the step halved whenever q rises.
 */
public final class FixedPointFinder {
    /** The optimizer. */
    public enum Method {
        LBFGS, ADAM
    }

    /**
     * Immutable settings.
     *
     * @param method            optimizer
     * @param maxIterations     per initial state
     * @param qTolerance        an optimization stops, converged, once {@code q <= qTolerance}
     * @param learningRate      Adam's initial step (unused by L-BFGS)
     * @param keepQ             points with a final q above this are dropped (raise it to keep slow points)
     * @param dedupTolerance    two points closer than this (Euclidean) are one; the one with lower q is kept
     * @param marginalTolerance an eigenvalue with {@code ||lambda| - 1| <= marginalTolerance} makes a point marginal
     */
    public record Options(Method method, int maxIterations, double qTolerance, double learningRate, double keepQ,
                          double dedupTolerance, double marginalTolerance) {
        public Options {
            if (method == null) {
                throw new IllegalArgumentException("expected a method, got null");
            }
            if (maxIterations <= 0) {
                throw new IllegalArgumentException("expected maxIterations > 0, got " + maxIterations);
            }
            if (!(qTolerance >= 0) || !(learningRate > 0) || !(keepQ >= qTolerance) || !(dedupTolerance >= 0)
                    || !(marginalTolerance >= 0)) {
                throw new IllegalArgumentException("expected qTolerance >= 0, learningRate > 0, keepQ >= qTolerance,"
                        + " dedupTolerance >= 0 and marginalTolerance >= 0, got " + this);
            }
        }

        /** L-BFGS, 2000 iterations, q tolerance 1e-20, keep q up to 1e-8, dedup 1e-4, marginal 1e-3. */
        public static Options defaults() {
            return new Options(Method.LBFGS, 2000, 1e-20, 1e-2, 1e-8, 1e-4, 1e-3);
        }

        public Options withMethod(Method m) {
            return new Options(m, maxIterations, qTolerance, learningRate, keepQ, dedupTolerance, marginalTolerance);
        }

        public Options withMaxIterations(int n) {
            return new Options(method, n, qTolerance, learningRate, keepQ, dedupTolerance, marginalTolerance);
        }

        public Options withQTolerance(double t) {
            return new Options(method, maxIterations, t, learningRate, Math.max(keepQ, t), dedupTolerance,
                    marginalTolerance);
        }

        public Options withLearningRate(double lr) {
            return new Options(method, maxIterations, qTolerance, lr, keepQ, dedupTolerance, marginalTolerance);
        }

        public Options withKeepQ(double k) {
            return new Options(method, maxIterations, qTolerance, learningRate, k, dedupTolerance, marginalTolerance);
        }

        public Options withDedupTolerance(double t) {
            return new Options(method, maxIterations, qTolerance, learningRate, keepQ, t, marginalTolerance);
        }

        public Options withMarginalTolerance(double t) {
            return new Options(method, maxIterations, qTolerance, learningRate, keepQ, dedupTolerance, t);
        }
    }

    private static final int MEMORY = 10;
    private static final double ARMIJO = 1e-4;

    private final Options options;

    public FixedPointFinder(Options options) {
        this.options = options;
    }

    public FixedPointFinder() {
        this(Options.defaults());
    }

    public Options options() {
        return options;
    }

    /**
     * Initial states for {@link #find}: {@code count} rows drawn with replacement from {@code states} (visited
     * states, e.g. {@link GateRecording#statesAfterSteps()}), each plus Gaussian noise of standard deviation
     * {@code noiseStd}.
     */
    public static List<double[]> initialStates(double[][] states, int count, double noiseStd, Rng rng) {
        if (states.length == 0) {
            throw new IllegalArgumentException("expected at least one state to sample from, got none");
        }
        List<double[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double[] s = states[rng.nextInt(states.length)].clone();
            for (int j = 0; j < s.length; j++) {
                s[j] += noiseStd * rng.nextGaussian();
            }
            out.add(s);
        }
        return out;
    }

    /** {@code q(h) = 1/2 |F(h, x) - h|^2}; fills {@code grad} with its gradient when not null. */
    public static double q(Dynamics d, double[] h, double[] x, double[] grad) {
        int n = d.stateSize();
        double[] f = d.step(h, x);
        double q = 0;
        for (int i = 0; i < n; i++) {
            f[i] -= h[i];
            q += f[i] * f[i];
        }
        if (grad != null) {
            double[][] j = d.jacobian(h, x);
            for (int k = 0; k < n; k++) {
                double a = -f[k];
                for (int i = 0; i < n; i++) {
                    a += j[i][k] * f[i];
                }
                grad[k] = a;
            }
        }
        return q / 2;
    }

    /**
     * Minimizes q from each initial state, drops points with q above the keep threshold, deduplicates and
     * classifies.
     *
     * @param input the constant input {@code x*} (null for an autonomous map, or zero input)
     */
    public FixedPoints find(Dynamics d, double[] input, List<double[]> initialStates) {
        List<FixedPoint> found = new ArrayList<>();
        for (double[] h0 : initialStates) {
            if (h0.length != d.stateSize()) {
                throw new IllegalArgumentException("expected initial states of length " + d.stateSize() + ", got "
                        + h0.length);
            }
            double[] h = h0.clone();
            int[] iterations = new int[1];
            double q = options.method == Method.LBFGS ? lbfgs(d, input, h, iterations) : adam(d, input, h, iterations);
            if (q <= options.keepQ) {
                found.add(classify(d, input, h, q, q <= options.qTolerance, iterations[0]));
            }
        }
        found.sort(Comparator.comparingDouble(FixedPoint::q));
        List<FixedPoint> distinct = new ArrayList<>();
        for (FixedPoint p : found) {
            boolean duplicate = false;
            for (FixedPoint k : distinct) {
                if (distance(p.state(), k.state()) <= options.dedupTolerance) {
                    duplicate = true;
                    break;
                }
            }
            if (!duplicate) {
                distinct.add(p);
            }
        }
        return new FixedPoints(input == null ? new double[0] : input.clone(), initialStates.size(), distinct);
    }

    /** Classifies the point {@code h} by the eigenvalues of {@code dF/dh} there. */
    public FixedPoint classify(Dynamics d, double[] input, double[] h, double q, boolean converged, int iterations) {
        Complex[] eig = Eigen.eigenvalues(d.jacobian(h, input));
        int unstable = 0;
        boolean marginal = false;
        for (Complex c : eig) {
            double m = c.abs();
            if (Math.abs(m - 1) <= options.marginalTolerance) {
                marginal = true;
            } else if (m > 1) {
                unstable++;
            }
        }
        Stability s = marginal ? Stability.MARGINAL
                : unstable == 0 ? Stability.STABLE
                : unstable == eig.length ? Stability.UNSTABLE
                : Stability.SADDLE;
        return new FixedPoint(h.clone(), q, converged, iterations, eig, s, unstable);
    }

    /** L-BFGS with the two-loop recursion and Armijo backtracking; {@code h} is updated in place. */
    private double lbfgs(Dynamics d, double[] x, double[] h, int[] iterations) {
        int n = h.length;
        double[] g = new double[n];
        double f = q(d, h, x, g);
        double[][] sHist = new double[MEMORY][];
        double[][] yHist = new double[MEMORY][];
        double[] rho = new double[MEMORY];
        int stored = 0;
        int newest = -1;
        double[] trial = new double[n];
        double[] gTrial = new double[n];
        int it = 0;
        while (it < options.maxIterations && f > options.qTolerance) {
            it++;
            double[] dir = twoLoop(g, sHist, yHist, rho, stored, newest);
            double slope = dot(g, dir);
            if (!(slope < 0)) {
                // The curvature history no longer gives a descent direction: forget it.
                stored = 0;
                dir = negate(g);
                slope = dot(g, dir);
            }
            if (slope == 0) {
                break;
            }
            // Without history the direction is -g, whose scale is arbitrary: start with a unit-length step.
            double step = stored == 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
            double fTrial = Double.NaN;
            boolean accepted = false;
            for (int ls = 0; ls < 60; ls++) {
                for (int i = 0; i < n; i++) {
                    trial[i] = h[i] + step * dir[i];
                }
                fTrial = q(d, trial, x, gTrial);
                if (fTrial <= f + ARMIJO * step * slope) {
                    accepted = true;
                    break;
                }
                step /= 2;
            }
            if (!accepted) {
                if (stored == 0) {
                    break;
                }
                stored = 0;
                continue;
            }
            double[] s = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = trial[i] - h[i];
                y[i] = gTrial[i] - g[i];
            }
            double sy = dot(s, y);
            if (sy > 1e-300) {
                newest = (newest + 1) % MEMORY;
                sHist[newest] = s;
                yHist[newest] = y;
                rho[newest] = 1 / sy;
                stored = Math.min(stored + 1, MEMORY);
            }
            System.arraycopy(trial, 0, h, 0, n);
            System.arraycopy(gTrial, 0, g, 0, n);
            f = fTrial;
        }
        iterations[0] = it;
        return f;
    }

    private static double[] twoLoop(double[] g, double[][] sHist, double[][] yHist, double[] rho, int stored,
                                    int newest) {
        double[] q = negate(g);
        if (stored == 0) {
            return q;
        }
        double[] alpha = new double[MEMORY];
        for (int m = 0; m < stored; m++) {
            int k = Math.floorMod(newest - m, MEMORY);
            alpha[k] = rho[k] * dot(sHist[k], q);
            axpy(-alpha[k], yHist[k], q);
        }
        double gamma = dot(sHist[newest], yHist[newest]) / dot(yHist[newest], yHist[newest]);
        for (int i = 0; i < q.length; i++) {
            q[i] *= gamma;
        }
        for (int m = stored - 1; m >= 0; m--) {
            int k = Math.floorMod(newest - m, MEMORY);
            double beta = rho[k] * dot(yHist[k], q);
            axpy(alpha[k] - beta, sHist[k], q);
        }
        return q;
    }

    /** Adam (beta1 0.9, beta2 0.999); the step is halved whenever q rises, so it can settle. */
    private double adam(Dynamics d, double[] x, double[] h, int[] iterations) {
        int n = h.length;
        double[] g = new double[n];
        double[] m = new double[n];
        double[] v = new double[n];
        double lr = options.learningRate;
        double f = q(d, h, x, g);
        double[] best = h.clone();
        double fBest = f;
        int it = 0;
        while (it < options.maxIterations && fBest > options.qTolerance) {
            it++;
            double c1 = 1 - Math.pow(0.9, it);
            double c2 = 1 - Math.pow(0.999, it);
            for (int i = 0; i < n; i++) {
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                h[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-300);
            }
            double fNew = q(d, h, x, g);
            if (fNew > f) {
                lr /= 2;
            }
            f = fNew;
            if (f < fBest) {
                fBest = f;
                System.arraycopy(h, 0, best, 0, n);
            }
        }
        System.arraycopy(best, 0, h, 0, n);
        iterations[0] = it;
        return fBest;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double[] negate(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = -a[i];
        }
        return out;
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double t = a[i] - b[i];
            s += t * t;
        }
        return Math.sqrt(s);
    }
}
