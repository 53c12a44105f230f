package org.gru4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gru4j.io.Json;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fixed points and their stability against answers solved independently in the test. */
class FixedPointTest {
    static double sigmoid(double a) {
        return 1 / (1 + Math.exp(-a));
    }

    /** The float value a parameter stores, as the layer and the adapter see it. */
    static double f(double v) {
        return (float) v;
    }

    static List<double[]> grid(double lo, double hi, int count) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new double[] {lo + (hi - lo) * i / (count - 1)});
        }
        return out;
    }

    /**
     * A one-unit GRU, H = I = 1, with a strong self-excitation W_hn = 4 so that it has three fixed points.
     * Since {@code F(h) = (1 - z) n + z h} and {@code z < 1}, {@code h = F(h)} exactly when {@code h = n(h)}:
     * the test solves that scalar equation by bisection, and takes the derivative by hand:
     * {@code F'(h*) = z + (1 - z) n'(h*)} (the {@code (h - n) z'} term vanishes at a fixed point), with
     * reset after {@code n' = (1 - n^2) (r' (W_hn h + b_hn) + r W_hn)}, reset before
     * {@code n' = (1 - n^2) W_hn (r + h r')}, and {@code r' = r (1 - r) W_hr}.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void oneUnitGruFixedPointsAndSlopesSolvedByHand(boolean resetAfter) {
        double wir = f(0.3);
        double wiz = f(-0.5);
        double win = f(0.8);
        double whr = f(0.5);
        double whz = f(0.4);
        double whn = f(4.0);
        double bir = f(0.1);
        double biz = f(0.2);
        double bin = f(-0.1);
        double bhr = f(-0.2);
        double bhz = f(0.3);
        double bhn = f(0.15);
        double x = 0.25;
        RecurrentLayer layer = new GRU(1, resetAfter);
        layer.build(new int[] {4, 1}, new Rng(1));
        Layers.set(layer, "weight_ih", wir, wiz, win);
        Layers.set(layer, "weight_hh", whr, whz, whn);
        if (resetAfter) {
            Layers.set(layer, "bias_ih", bir, biz, bin);
            Layers.set(layer, "bias_hh", bhr, bhz, bhn);
        } else {
            // One bias: the formulation where it is never gated; b_hn is not part of this cell.
            Layers.set(layer, "bias", bir, biz, bin);
            bhr = 0;
            bhz = 0;
            bhn = 0;
        }
        final double cbhr = bhr;
        final double cbhz = bhz;
        final double cbhn = bhn;
        java.util.function.DoubleUnaryOperator r = h -> sigmoid(wir * x + bir + whr * h + cbhr);
        java.util.function.DoubleUnaryOperator z = h -> sigmoid(wiz * x + biz + whz * h + cbhz);
        java.util.function.DoubleUnaryOperator n = resetAfter
                ? h -> Math.tanh(win * x + bin + r.applyAsDouble(h) * (whn * h + cbhn))
                : h -> Math.tanh(win * x + bin + whn * r.applyAsDouble(h) * h);

        // Roots of n(h) - h, all inside (-1, 1) since |n| < 1: bracket on a fine grid, then bisect.
        List<Double> roots = new ArrayList<>();
        int cells = 2000;
        for (int i = 0; i < cells; i++) {
            double a = -1 + 2.0 * i / cells;
            double b = -1 + 2.0 * (i + 1) / cells;
            double ga = n.applyAsDouble(a) - a;
            double gb = n.applyAsDouble(b) - b;
            if (ga * gb > 0) {
                continue;
            }
            for (int it = 0; it < 200; it++) {
                double m = (a + b) / 2;
                double gm = n.applyAsDouble(m) - m;
                if (ga * gm <= 0) {
                    b = m;
                } else {
                    a = m;
                    ga = gm;
                }
            }
            roots.add((a + b) / 2);
        }
        assertEquals(3, roots.size(), "the chosen weights give three fixed points: " + roots);

        CellDynamics d = CellDynamics.of(layer);
        FixedPoints found = new FixedPointFinder().find(d, new double[] {x}, grid(-1, 1, 41));
        // A GRU started in (-1, 1) stays there (h' is a convex combination of n and h). Outside it, where z
        // saturates at 1, F(h) - h = (1 - z)(n - h) is below any tolerance: the optimizer may walk off to such a
        // marginal "point at infinity". Those are real minima of q, so they are reported, and set aside here.
        List<FixedPoint> byState = new ArrayList<>();
        for (FixedPoint p : found.points()) {
            if (Math.abs(p.state()[0]) < 1) {
                byState.add(p);
            } else {
                assertEquals(Stability.MARGINAL, p.stability(), p.toJson());
            }
        }
        assertEquals(3, byState.size(), found.toJson());
        byState.sort((p, q) -> Double.compare(p.state()[0], q.state()[0]));
        for (int i = 0; i < 3; i++) {
            double h = roots.get(i);
            FixedPoint p = byState.get(i);
            double rh = r.applyAsDouble(h);
            double zh = z.applyAsDouble(h);
            double nh = n.applyAsDouble(h);
            double dr = rh * (1 - rh) * whr;
            double dn = resetAfter ? (1 - nh * nh) * (dr * (whn * h + bhn) + rh * whn)
                    : (1 - nh * nh) * whn * (rh + h * dr);
            double slope = zh + (1 - zh) * dn;
            System.out.printf("GRU reset %s: h* = %.12f (hand %.12f), F'(h*) = %.12f (hand %.12f), q = %.1e%n",
                    resetAfter ? "after" : "before", p.state()[0], h, p.eigenvalues()[0].re(), slope, p.q());
            assertEquals(h, p.state()[0], 1e-10, "fixed point " + i);
            assertEquals(slope, p.eigenvalues()[0].re(), 1e-9, "dF/dh at fixed point " + i);
            assertTrue(p.converged());
            Stability expected = slope > 1 ? Stability.UNSTABLE : Stability.STABLE;
            assertEquals(expected, p.stability());
            assertEquals(slope > 1 ? 1 : 0, p.unstableModes());
        }
        // Outer points attract, the middle one repels: a bistable unit.
        assertEquals(Stability.STABLE, byState.get(0).stability());
        assertEquals(Stability.UNSTABLE, byState.get(1).stability());
        assertEquals(Stability.STABLE, byState.get(2).stability());
    }

    @Test
    void linearMapFixedPointIsTheLinearSolveAndEigenvaluesAreWs() {
        // Upper triangular: eigenvalues are the diagonal; (I - W) h = b solved by back substitution.
        double[][] w = {{0.5, 0.3, -0.2}, {0, -0.8, 0.1}, {0, 0, 0.2}};
        double[] b = {1, 2, 3};
        double[] h = new double[3];
        for (int i = 2; i >= 0; i--) {
            double a = b[i];
            for (int j = i + 1; j < 3; j++) {
                a += w[i][j] * h[j];
            }
            h[i] = a / (1 - w[i][i]);
        }
        FixedPoints found = new FixedPointFinder().find(Maps.linear(w, b), null,
                FixedPointFinder.initialStates(new double[][] {{0, 0, 0}}, 10, 2.0, new Rng(4)));
        assertEquals(1, found.points().size());
        FixedPoint p = found.points().get(0);
        for (int i = 0; i < 3; i++) {
            assertEquals(h[i], p.state()[i], 1e-10, "component " + i);
        }
        assertEquals(-0.8, p.eigenvalues()[0].re(), 1e-12);
        assertEquals(0.5, p.eigenvalues()[1].re(), 1e-12);
        assertEquals(0.2, p.eigenvalues()[2].re(), 1e-12);
        assertEquals(Stability.STABLE, p.stability());
    }

    @Test
    void saddleAndMarginalPointsOfLinearMaps() {
        FixedPointFinder finder = new FixedPointFinder();
        FixedPoints saddle = finder.find(Maps.linear(new double[][] {{2, 0}, {0, 0.5}}, new double[] {1, 1}), null,
                List.of(new double[] {0.3, 0.3}, new double[] {5, -5}));
        assertEquals(1, saddle.points().size());
        FixedPoint s = saddle.points().get(0);
        assertEquals(-1, s.state()[0], 1e-10);
        assertEquals(2, s.state()[1], 1e-10);
        assertEquals(Stability.SADDLE, s.stability());
        assertEquals(1, s.unstableModes());

        double c = Math.cos(0.3);
        double sn = Math.sin(0.3);
        FixedPoints rot = finder.find(Maps.linear(new double[][] {{c, -sn}, {sn, c}}, new double[] {0.1, 0}), null,
                List.of(new double[] {0, 0}));
        assertEquals(Stability.MARGINAL, rot.points().get(0).stability());
        assertEquals(1, rot.points().get(0).eigenvalues()[0].abs(), 1e-12);
    }

    @Test
    void adamAlsoConverges() {
        double[][] w = {{0.5, 0.3}, {-0.2, 0.4}};
        double[] b = {1, -1};
        FixedPointFinder adam = new FixedPointFinder(FixedPointFinder.Options.defaults()
                .withMethod(FixedPointFinder.Method.ADAM).withMaxIterations(20000).withLearningRate(0.05)
                .withQTolerance(1e-20));
        FixedPoints found = adam.find(Maps.linear(w, b), null, List.of(new double[] {3, 3}));
        // (I - W) h = b: [[0.5, -0.3], [0.2, 0.6]] h = [1, -1], determinant 0.36
        double h0 = (1 * 0.6 - (-0.3) * (-1)) / 0.36;
        double h1 = (0.5 * (-1) - 0.2 * 1) / 0.36;
        FixedPoint p = found.points().get(0);
        System.out.printf("Adam: q = %.1e after %d iterations%n", p.q(), p.iterations());
        // Adam's fixed-size steps settle less precisely than L-BFGS; the q tolerance is still met or nearly so.
        assertEquals(h0, p.state()[0], 1e-6);
        assertEquals(h1, p.state()[1], 1e-6);
    }

    @Test
    void pointsOfATrainedSizeGruAreFixedPoints() {
        RecurrentLayer layer = Layers.random("gru", 6, 2, 2.0, 11);
        GateRecording rec = GateRecording.record(layer, Layers.input(4, 20, 2, 12));
        CellDynamics d = CellDynamics.of(layer);
        List<double[]> starts = FixedPointFinder.initialStates(rec.statesAfterSteps(), 40, 0.1, new Rng(13));
        FixedPoints found = new FixedPointFinder().find(d, null, starts);
        assertTrue(found.points().size() >= 1);
        for (FixedPoint p : found.points()) {
            double[] next = d.step(p.state(), null);
            for (int i = 0; i < next.length; i++) {
                assertEquals(p.state()[i], next[i], 1e-9);
            }
            assertEquals(p.unstableModes(), (int) java.util.Arrays.stream(p.eigenvalues())
                    .filter(e -> e.abs() > 1 + 1e-3).count());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(found.toJson());
        assertEquals(40L, json.get("starts"));
        assertEquals(found.points().size(), ((List<?>) json.get("points")).size());
    }
}
