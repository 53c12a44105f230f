package org.gru4j.model;

import org.gru4j.data.Dataset;
import org.gru4j.data.Datasets;
import org.gru4j.tensor.Tensor;

/** The bundled 8x8 digits as 8 steps of 8 pixels, and row slicing for train/test splits. */
final class DigitsData {
    final Tensor x;
    final Tensor y;

    private DigitsData(Tensor x, Tensor y) {
        this.x = x;
        this.y = y;
    }

    static DigitsData load() {
        Dataset d = Datasets.digits();
        return new DigitsData(d.x(), d.y());
    }

    Tensor rows(Tensor t, int from, int to) {
        int row = t.size() / t.dim(0);
        float[] d = new float[(to - from) * row];
        System.arraycopy(t.data(), from * row, d, 0, d.length);
        int[] shape = t.shape();
        shape[0] = to - from;
        return Tensor.of(d, shape);
    }
}
