package org.methylstream.format;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where a command writes its lines: standard output, or a file that appears only when complete. The file is
 * written beside its final name and renamed on {@link #commit()}, so an interrupted or failed run never leaves
 * a file that looks finished but is not.
 */
public final class LineOutput implements Closeable {
    private final Writer writer;
    private final Path target;
    private final Path partial;
    private boolean committed;

    private LineOutput(Writer writer, Path target, Path partial) {
        this.writer = writer;
        this.target = target;
        this.partial = partial;
    }

    /** Standard output (flushed, never closed), or {@code file} when it is not null. */
    public static LineOutput open(Path file) throws IOException {
        if (file == null) {
            return new LineOutput(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16),
                    null, null);
        }
        Path absolute = file.toAbsolutePath();
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        return new LineOutput(Files.newBufferedWriter(partial, StandardCharsets.UTF_8), absolute, partial);
    }

    public void line(CharSequence line) throws IOException {
        writer.append(line).append('\n');
    }

    /** Flushes; a file output takes its final name. */
    public void commit() throws IOException {
        writer.flush();
        if (target != null) {
            writer.close();
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        committed = true;
    }

    /** Without a commit, a file output is removed: nothing half-written is left behind. */
    @Override
    public void close() throws IOException {
        if (target == null) {
            writer.flush();
            return;
        }
        if (!committed) {
            writer.close();
            Files.deleteIfExists(partial);
        }
    }
}
