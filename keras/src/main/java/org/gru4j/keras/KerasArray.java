package org.gru4j.keras;

import org.gru4j.tensor.Tensor;

/**
 * One weight array as Keras stored it: its path in the HDF5 file (for messages), its Keras shape and its values,
 * row-major float32 (float64 files are narrowed on read).
 */
record KerasArray(String path, int[] shape, float[] data) {

    int dim(int axis) {
        return shape[axis];
    }

    int rank() {
        return shape.length;
    }

    String shapeString() {
        return Tensor.shapeString(shape);
    }
}
