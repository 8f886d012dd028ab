package org.methylstream.embedded;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The copies of lz4-java's native library (Kafka's lz4 compression) that killed JVMs left in the temp folder. lz4-java
 * copies its 236 KB library there at every start, beside a {@code .lck} file, and deletes both only at a clean exit;
 * its own clean-up skips every copy that still has its {@code .lck}, so each killed process (a crashed processor, a
 * SIGKILL) leaves one for good. A copy is an orphan when no process maps it (Linux's {@code /proc/PID/maps}) and it
 * is old enough to have been loaded: deleting it cannot disturb anyone, a loaded library stays mapped anyway.
 */
public final class Lz4TempCopies {
    /** lz4-java's file names: {@code liblz4-java-<random>.so} and {@code liblz4-java-<random>.so.lck}. */
    private static final String PREFIX = "liblz4-java-";
    private static final String LOCK = ".lck";
    /** Far longer than copying and loading 236 KB: a copy this old is loaded or was abandoned. */
    static final Duration SETTLED = Duration.ofMinutes(1);

    private Lz4TempCopies() {
    }

    /**
     * Removes orphaned copies from the JVM's temp folder, on a daemon thread of its own (off every command's start),
     * and only where {@code /proc} tells which files processes map.
     */
    public static void removeOrphansInBackground() {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc.resolve("self"))) {
            return;
        }
        Thread cleaner = new Thread(() -> removeOrphans(Path.of(System.getProperty("java.io.tmpdir")), proc,
                Instant.now()), "lz4-temp-copies");
        cleaner.setDaemon(true);
        cleaner.setPriority(Thread.MIN_PRIORITY);
        cleaner.start();
    }

    /**
     * Deletes, in {@code tempDir}, every lz4-java library copy last modified before {@code now} minus {@link #SETTLED}
     * that no process in {@code proc} maps, with its lock file; returns how many copies went. Files this user may
     * not delete, or that another process maps, stay.
     */
    static int removeOrphans(Path tempDir, Path proc, Instant now) {
        Set<Path> candidates = new HashSet<>();
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(tempDir, PREFIX + "*")) {
            for (Path copy : copies) {
                try {
                    if (!copy.getFileName().toString().endsWith(LOCK) && Files.isRegularFile(copy)
                            && Files.getLastModifiedTime(copy).toInstant().isBefore(now.minus(SETTLED))) {
                        candidates.add(copy.toRealPath()); // as maps names it, through any link to the temp folder
                    }
                } catch (IOException e) {
                    // deleted meanwhile by its process's clean exit
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        if (candidates.isEmpty()) {
            return 0;
        }
        Set<Path> mapped = mapped(proc);
        if (mapped == null) {
            return 0;
        }
        candidates.removeAll(mapped);
        int removed = 0;
        for (Path copy : candidates) {
            try {
                if (Files.deleteIfExists(copy)) {
                    removed++;
                }
                Files.deleteIfExists(copy.resolveSibling(copy.getFileName() + LOCK));
            } catch (IOException e) {
                // another user's copy in a shared temp folder, or gone meanwhile: not ours to clear
            }
        }
        return removed;
    }

    /**
     * Every lz4-java copy that a process this user may look at maps (the last column of its maps, "(deleted)" aside),
     * or null when {@code proc} cannot be listed: then nothing is known to be unused.
     */
    private static Set<Path> mapped(Path proc) {
        Set<Path> files = new HashSet<>();
        try (Stream<Path> processes = Files.list(proc)) {
            processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try (Stream<String> lines = Files.lines(p.resolve("maps"))) {
                    lines.filter(line -> line.contains(PREFIX)).forEach(line -> {
                        int path = line.indexOf('/');
                        if (path >= 0) {
                            files.add(Path.of(line.substring(path).replace(" (deleted)", "")).normalize());
                        }
                    });
                } catch (IOException | RuntimeException e) {
                    // ended meanwhile, or another user's: its copies are not ours to delete either
                }
            });
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return files;
    }
}
