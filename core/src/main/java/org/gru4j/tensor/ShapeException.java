package org.gru4j.tensor;

/** A tensor, weight or input came with a shape other than the one expected; the message names both. */
public class ShapeException extends IllegalArgumentException {
    public ShapeException(String message) {
        super(message);
    }
}
