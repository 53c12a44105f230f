package org.gru4j.analysis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fixed or slow point found by {@link FixedPointFinder}.
 *
 * @param state         the point {@code h*}
 * @param q             {@code 1/2 |F(h*, x*) - h*|^2} there: 0 at an exact fixed point, small at a slow point
 * @param converged     true when the optimizer reached the q tolerance
 * @param iterations    optimizer iterations used
 * @param eigenvalues   of the Jacobian {@code dF/dh} at {@code h*}, largest modulus first
 * @param stability     classification by the eigenvalue moduli
 * @param unstableModes number of eigenvalues with {@code |lambda| > 1} (beyond the marginal tolerance)
 */
public record FixedPoint(double[] state, double q, boolean converged, int iterations, Complex[] eigenvalues,
                         Stability stability, int unstableModes) {

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", JsonValues.vector(state));
        m.put("q", JsonValues.number(q));
        m.put("converged", converged);
        m.put("iterations", iterations);
        m.put("eigenvalues", JsonValues.complex(eigenvalues));
        m.put("stability", stability.name());
        m.put("unstable_modes", unstableModes);
        return m;
    }

    public String toJson() {
        return org.gru4j.io.Json.write(toMap());
    }
}
