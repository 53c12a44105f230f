package org.gru4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Random-access bytes a file reader parses: an open file or an array in memory. */
interface ByteSource {
    long size() throws IOException;

    /** Fills {@code dst} from {@code position}; callers check bounds against {@link #size()} first. */
    void read(long position, byte[] dst) throws IOException;

    /** Bytes held in memory. */
    static ByteSource of(byte[] bytes) {
        return new ByteSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public void read(long position, byte[] dst) {
                System.arraycopy(bytes, (int) position, dst, 0, dst.length);
            }
        };
    }

    /**
     * An open file; {@code where} names it in the error raised when it turns out shorter than its size said (it was
     * truncated while being read).
     */
    static ByteSource of(FileChannel ch, String where) {
        return new ByteSource() {
            @Override
            public long size() throws IOException {
                return ch.size();
            }

            @Override
            public void read(long position, byte[] dst) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(dst);
                while (buf.hasRemaining()) {
                    if (ch.read(buf, position + buf.position()) < 0) {
                        throw new ModelFormatException(where + ": file ended at byte " + (position + buf.position())
                                + " while reading " + dst.length + " bytes at " + position
                                + " (was it truncated while being read?)");
                    }
                }
            }
        };
    }
}
