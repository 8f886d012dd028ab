package org.methylstream.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * A file a long-running command touches while it is healthy, for a container health check to look at (these
 * commands serve no port to probe). A command that fails exits, so a stale file means a stuck one.
 */
final class AliveFileOption {
    static final Duration EVERY = Duration.ofSeconds(5);

    @Option(names = "--alive-file", paramLabel = "FILE",
            description = "Touch FILE every 5 s while running healthy, delete it on exit: for container health checks"
                    + " (healthy while 'find FILE -mmin -1' finds it).")
    Path file;

    private long lastTouch = Long.MIN_VALUE;

    /** Call whenever the command has checked it is healthy; touches the file at most every {@link #EVERY}. */
    void healthy() {
        long now = System.nanoTime();
        if (file == null || lastTouch != Long.MIN_VALUE && now - lastTouch < EVERY.toNanos()) {
            return;
        }
        try {
            if (Files.exists(file)) {
                Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
            } else {
                Files.createFile(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot touch the alive file " + file, e);
        }
        lastTouch = now;
    }

    /** The command is stopping: it is no longer alive. */
    void gone() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the alive file " + file, e);
            }
        }
    }
}
