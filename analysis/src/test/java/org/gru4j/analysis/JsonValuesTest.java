package org.gru4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.gru4j.io.Json;
import org.junit.jupiter.api.Test;

/** Results with non-finite numbers still write valid JSON. */
class JsonValuesTest {
    @Test
    void nonFiniteNumbersBecomeNull() {
        assertEquals(Arrays.asList(1.5, null, null), JsonValues.vector(new double[] {1.5, Double.NEGATIVE_INFINITY,
                Double.NaN}));
        // A map that collapses a direction (as an inactive relu unit does) has exponent -Infinity there: null.
        LyapunovSpectrum ls = LyapunovSpectrum.autonomous(Maps.linear(new double[][] {{0.5, 0}, {0, 0}},
                new double[2]), new double[] {1, 1}, 0, 5, 2, 5);
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(ls.toJson());
        assertEquals(Arrays.asList(Math.log(0.5), null), json.get("exponents"));
        assertEquals(List.of(5L), json.get("running_steps"));
    }
}
