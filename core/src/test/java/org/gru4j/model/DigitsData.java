package org.gru4j.model;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.gru4j.data.Csv;
import org.gru4j.tensor.Tensor;

/** sklearn's 8x8 digits (test resources), read as 8 steps of 8 pixels scaled to [0, 1], labels as class ids. */
final class DigitsData {
    final Tensor x;
    final Tensor y;

    private DigitsData(Tensor x, Tensor y) {
        this.x = x;
        this.y = y;
    }

    static DigitsData load() {
        Path p;
        try {
            p = Path.of(DigitsData.class.getResource("/datasets/sequences/sklearn_digits.csv").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Csv csv = Csv.read(p, false);
        String[] cols = new String[65];
        for (int i = 0; i < 65; i++) {
            cols[i] = Integer.toString(i);
        }
        float[][] rows = csv.numericColumns(cols);
        int n = rows.length;
        float[] x = new float[n * 64];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 64; j++) {
                x[i * 64 + j] = rows[i][j] / 16f;
            }
            y[i] = rows[i][64];
        }
        return new DigitsData(Tensor.of(x, n, 8, 8), Tensor.of(y, n));
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
