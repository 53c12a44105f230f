package org.gru4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gru4j.data.Csv;
import org.gru4j.io.ModelFormatException;
import org.gru4j.model.Model;

/** Reading what the user names on the command line, with messages that say what to fix. */
final class Inputs {
    /** The model file that {@code train --output DIR} writes. */
    static final String MODEL_FILE = "model.gru4j";

    private Inputs() {
    }

    static Path existingFile(Path p, String what) {
        if (p == null) {
            throw new IllegalArgumentException("missing " + what);
        }
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no such file: " + p + " (" + what + ")");
        }
        return p;
    }

    static Csv csv(Path p) {
        return Csv.read(existingFile(p, "--data CSV file"));
    }

    static String text(Path p, String what) throws IOException {
        return Files.readString(existingFile(p, what));
    }

    /** Comma-separated names, blanks dropped. */
    static List<String> names(String commaSeparated) {
        List<String> out = new ArrayList<>();
        for (String s : commaSeparated.split(",")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    /** A trained model: a directory from {@code train --output} or a model file, with its task.json if any. */
    record Trained(Path modelFile, Model model, TaskFile task) {

        TaskFile requireTask(String command) {
            if (task == null) {
                throw new IllegalArgumentException(command + " needs the " + TaskFile.NAME + " that train --output "
                        + "writes next to " + modelFile.getFileName() + "; give the directory train wrote");
            }
            return task;
        }
    }

    static Trained trained(Path modelArg) throws IOException {
        if (modelArg == null) {
            throw new IllegalArgumentException("missing --model (a directory written by train --output, or a .gru4j "
                    + "file)");
        }
        Path file = Files.isDirectory(modelArg) ? modelArg.resolve(MODEL_FILE) : modelArg;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such model: " + file + " (give a directory written by train "
                    + "--output, or a .gru4j file)");
        }
        Path taskPath = file.resolveSibling(TaskFile.NAME);
        TaskFile task = Files.isRegularFile(taskPath) ? TaskFile.read(taskPath) : null;
        return new Trained(file, nativeModel(file), task);
    }

    static Model nativeModel(Path file) throws IOException {
        try {
            return Model.load(file);
        } catch (ModelFormatException e) {
            throw new IllegalArgumentException(file + " is not a readable gru4j model file: " + e.getMessage()
                    + " (give a .gru4j file written by gru4j, or convert it with gru4j convert)");
        }
    }
}
