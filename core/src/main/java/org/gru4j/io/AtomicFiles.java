package org.gru4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes files so that readers see either the old content or the complete new content, never a partial file.
 *
 * <p>Protocol: create a temporary file in the target's directory (same file system, so the final rename is
 * atomic), let the caller write it, {@link FileChannel#force(boolean) force} data and metadata to disk, close, then
 * {@link Files#move} it over the target with {@code ATOMIC_MOVE} and {@code REPLACE_EXISTING}. Where the file
 * system cannot move atomically, the move falls back to a plain {@code REPLACE_EXISTING}. On any failure the
 * temporary file is deleted and the target is untouched. Finally the directory is synced, where the platform
 * allows it, so the rename itself survives a crash.
 *
 * <p>The temporary file is named {@code .<target name>.<pid>.<n>.tmp} and created with {@code CREATE_NEW}, so it
 * gets the platform's default permissions (unlike {@link Files#createTempFile}, which makes it owner-only).
 */
public final class AtomicFiles {
    private static final AtomicLong COUNTER = new AtomicLong();

    private AtomicFiles() {
    }

    /** Writes the content of a file through an open channel positioned at 0. */
    @FunctionalInterface
    public interface ChannelWriter {
        void write(FileChannel channel) throws IOException;
    }

    /** Atomically replaces {@code target} with {@code bytes}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, ch -> writeFully(ch, ByteBuffer.wrap(bytes)));
    }

    /** Atomically replaces {@code target} with whatever {@code body} writes to the channel it is given. */
    public static void write(Path target, ChannelWriter body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = createTemp(dir, absolute.getFileName().toString());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                body.write(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        syncDirectory(dir);
    }

    /** Writes all of {@code buf} (a single {@code write} call may write less). */
    public static void writeFully(WritableByteChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        long pid = ProcessHandle.current().pid();
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + pid + "." + COUNTER.incrementAndGet() + ".tmp");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                // a leftover from a crashed process with the same pid: try the next number
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    private static void syncDirectory(Path dir) {
        // Opening a directory for reading works on Linux and macOS, not on Windows; the data is already safe
        // there, only the rename's durability across power loss depends on this, so failure is ignored.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort, see above
        }
    }
}
