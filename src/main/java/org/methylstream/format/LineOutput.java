package org.methylstream.format;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where a command writes its lines: standard output, or a file that appears only when complete. The file is
 * written beside its final name and renamed on {@link #commit()}, so an interrupted or failed run never leaves
 * a file that looks finished but is not. Lines are written as UTF-8 bytes, through a buffer of its own.
 */
public final class LineOutput implements Closeable {
    private static final int BUFFER = 1 << 16;

    private final OutputStream stream;
    private final Path target;
    private final Path partial;
    private final LineBuffer buffer = new LineBuffer(BUFFER);
    private boolean committed;

    private LineOutput(OutputStream stream, Path target, Path partial) {
        this.stream = stream;
        this.target = target;
        this.partial = partial;
    }

    /** Standard output (flushed, never closed), or {@code file} when it is not null. */
    public static LineOutput open(Path file) throws IOException {
        if (file == null) {
            return new LineOutput(System.out, null, null);
        }
        Path absolute = file.toAbsolutePath();
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        return new LineOutput(Files.newOutputStream(partial), absolute, partial);
    }

    /** One line; its newline is added. */
    public void line(CharSequence line) throws IOException {
        buffer.text(line).newline();
        if (buffer.size() >= BUFFER) {
            drain();
        }
    }

    /** Whole lines as UTF-8 bytes, each with its newline. */
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (buffer.size() + length > BUFFER) {
            drain();
        }
        if (length >= BUFFER) {
            stream.write(bytes, offset, length);
        } else {
            buffer.bytes(bytes, offset, length);
        }
    }

    private void drain() throws IOException {
        stream.write(buffer.array(), 0, buffer.size());
        buffer.clear();
    }

    /** Flushes; a file output takes its final name. */
    public void commit() throws IOException {
        drain();
        stream.flush();
        if (target != null) {
            stream.close();
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        committed = true;
    }

    /** Without a commit, a file output is removed: nothing half-written is left behind. */
    @Override
    public void close() throws IOException {
        if (target == null) {
            drain();
            stream.flush();
            return;
        }
        if (!committed) {
            stream.close();
            Files.deleteIfExists(partial);
        }
    }
}
