package org.methylstream.application;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;
import org.slf4j.LoggerFactory;

/**
 * RocksDB's native library (Kafka Streams' persistent stores), loaded from one copy under the state directory.
 * Left to itself, RocksDB copies its 15 MB library into the system temp folder on every start and deletes it only
 * at a clean exit, so each killed processor left a copy behind. Here the library is extracted once per version and
 * reused by every later process on the same state directory, however they end.
 */
final class RocksDbLibrary {
    /** A half-written copy this old was left by a process killed while extracting: it can go. */
    private static final Duration ABANDONED = Duration.ofMinutes(10);

    private RocksDbLibrary() {
    }

    /** {@code STATE-DIR/streams/.rocksdb}: beside the applications' state, which Kafka Streams keeps per application id. */
    static Path directoryOf(Path streamsStateDir) {
        return streamsStateDir.toAbsolutePath().resolve(".rocksdb");
    }

    /**
     * Loads the library from {@link #directoryOf}{@code (streamsStateDir)}, extracting it there first if this
     * version is not there yet; does nothing once loaded, or on a platform RocksDB ships no library for (RocksDB then
     * loads as it would).
     */
    static synchronized void load(Path streamsStateDir) {
        URL resource = RocksDB.class.getClassLoader().getResource(Environment.getJniLibraryFileName("rocksdb"));
        if (resource == null) {
            return;
        }
        try {
            URLConnection entry = resource.openConnection();
            // one directory per library version, told apart by the jar entry's size and time without reading it
            Path directory = directoryOf(streamsStateDir)
                    .resolve(entry.getContentLengthLong() + "-" + entry.getLastModified());
            // the name RocksDB.loadLibrary(paths) looks for (librocksdbjnijni-linux64.so in RocksDB 10)
            Path library = directory.resolve(Environment.getJniLibraryFileName("rocksdbjni"));
            if (!Files.isRegularFile(library) || Files.size(library) != entry.getContentLengthLong()) {
                extract(resource, directory, library);
            }
            RocksDB.loadLibrary(List.of(directory.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract RocksDB's native library under " + streamsStateDir, e);
        } catch (UnsatisfiedLinkError e) {
            // RocksDB then loads it its own way, through the temp folder, when the first store opens
            LoggerFactory.getLogger(RocksDbLibrary.class).warn("RocksDB's library did not load from {}",
                    directoryOf(streamsStateDir), e);
        }
    }

    /** Written beside and renamed: a process loading the library at the same moment sees all of it or none. */
    private static void extract(URL resource, Path directory, Path library) throws IOException {
        Files.createDirectories(directory);
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().endsWith(".partial")
                        && Files.getLastModifiedTime(file).toInstant().isBefore(Instant.now().minus(ABANDONED))) {
                    Files.deleteIfExists(file);
                }
            }
        }
        Path partial = Files.createTempFile(directory, library.getFileName().toString() + ".", ".partial");
        try {
            try (InputStream in = resource.openStream()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, library, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
