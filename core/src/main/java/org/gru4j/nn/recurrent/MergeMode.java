package org.gru4j.nn.recurrent;

/** How {@link Bidirectional} combines the forward and backward outputs (Keras's merge_mode). */
public enum MergeMode {
    /** {@code [forward, backward]} along the feature axis: 2 x units features. */
    CONCAT,
    /** forward + backward. */
    SUM,
    /** forward * backward, element-wise. */
    MUL,
    /** (forward + backward) / 2. */
    AVE
}
