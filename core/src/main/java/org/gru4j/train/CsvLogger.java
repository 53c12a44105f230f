package org.gru4j.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Appends one CSV row per epoch ({@code epoch,loss,...}) to a file, flushed at each epoch so a crash loses
 * nothing that was logged (Keras's CSVLogger). With {@code append = false} the file is started afresh.
 */
public final class CsvLogger implements Callback {
    private final Path path;
    private final boolean append;
    private List<String> columns;

    public CsvLogger(Path path, boolean append) {
        this.path = path;
        this.append = append;
    }

    @Override
    public void onTrainBegin(TrainingState state) {
        columns = null;
        if (!append) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot reset CSV log " + path, e);
            }
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingState state) {
        StringBuilder sb = new StringBuilder();
        try {
            boolean fresh = !Files.exists(path) || Files.size(path) == 0;
            if (columns == null) {
                columns = new ArrayList<>(logs.keySet());
                if (fresh) {
                    sb.append("epoch");
                    for (String c : columns) {
                        sb.append(',').append(c);
                    }
                    sb.append('\n');
                }
            }
            sb.append(epoch);
            for (String c : columns) {
                Double v = logs.get(c);
                sb.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.8g", v));
            }
            sb.append('\n');
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            Files.writeString(path, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CSV log " + path, e);
        }
    }
}
