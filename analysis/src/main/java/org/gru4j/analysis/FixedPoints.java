package org.gru4j.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gru4j.io.Json;

/**
 * What {@link FixedPointFinder#find} found: distinct points, lowest q first.
 *
 * @param input  the constant input {@code x*} (empty for an autonomous map)
 * @param starts how many initial states were optimized
 * @param points the distinct points kept (q at most the keep threshold), lowest q first
 */
public record FixedPoints(double[] input, int starts, List<FixedPoint> points) {
    public FixedPoints {
        points = List.copyOf(points);
    }

    /** The points of one stability class. */
    public List<FixedPoint> withStability(Stability s) {
        return points.stream().filter(p -> p.stability() == s).toList();
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", JsonValues.vector(input));
        m.put("starts", starts);
        List<Object> ps = new ArrayList<>();
        for (FixedPoint p : points) {
            ps.add(p.toMap());
        }
        m.put("points", ps);
        return Json.write(m);
    }
}
