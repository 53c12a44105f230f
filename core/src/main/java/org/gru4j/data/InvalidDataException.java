package org.gru4j.data;

/**
 * Input data that cannot be used as given: a non-numeric or non-finite CSV cell, a malformed CSV record, an unknown
 * column, a NaN in a dataset, a label outside its class range. The message names where (file, line, column, sample,
 * position) and what was found, so the user can fix the data without a debugger.
 *
 * <p>Unchecked, and a subclass of {@link IllegalArgumentException} like {@link org.gru4j.tensor.ShapeException}: bad
 * data is a caller error, not a recoverable condition. Shape disagreements (e.g. x and y with different numbers of
 * samples) throw {@code ShapeException} instead. Not related to the checked {@code java.util.zip.DataFormatException}.
 */
public class InvalidDataException extends IllegalArgumentException {
    public InvalidDataException(String message) {
        super(message);
    }
}
