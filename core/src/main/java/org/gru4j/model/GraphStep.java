package org.gru4j.model;

import java.util.List;
import org.gru4j.nn.GraphLayer;

/**
 * One step of a built model, for code that describes or rebuilds models (file formats, summaries): a layer applied
 * to nodes. Nodes are identified by index: {@code 0 .. inputs-1} are the model inputs in order, then every step's
 * outputs in order.
 *
 * @param layer   the layer (for a shared layer the same object appears in several steps)
 * @param inputs  indices of the input nodes
 * @param outputs indices of the output nodes
 */
public record GraphStep(GraphLayer layer, List<Integer> inputs, List<Integer> outputs) {
}
