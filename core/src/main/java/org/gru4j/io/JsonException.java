package org.gru4j.io;

/**
 * Malformed JSON text, or a value the JSON writer cannot represent.
 *
 * <p>Unchecked (an {@link IllegalArgumentException}) because JSON usually arrives as a string the caller already
 * holds; readers of files catch it and rethrow it as a {@link ModelFormatException} naming the file. For parse
 * errors {@link #position()} is the zero-based character index in the parsed text where the problem was found;
 * it is -1 for writer errors.
 */
public class JsonException extends IllegalArgumentException {
    private final long position;

    public JsonException(String message, long position) {
        super(position >= 0 ? message + " at position " + position : message);
        this.position = position;
    }

    /** Zero-based character index of the error in the parsed text, or -1 when there is none. */
    public long position() {
        return position;
    }
}
