package org.methylstream.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("lz4-java's library copies in the temp folder")
class Lz4TempCopiesTest {
    private static final Path PROC = Path.of("/proc");

    @TempDir
    Path temp;

    @Test
    @DisplayName("a killed process's copy goes with its lock; a mapped, a fresh and any other file stay")
    void removesOnlyOrphans() throws IOException {
        assumeTrue(Files.isDirectory(PROC.resolve("self")), "needs Linux's /proc");
        Instant now = Instant.now();
        Instant old = now.minus(Lz4TempCopies.SETTLED).minusSeconds(60);
        Path orphan = copy("liblz4-java-111.so", old);
        Path inUse = copy("liblz4-java-222.so", old);
        Path fresh = copy("liblz4-java-333.so", now);
        Path other = Files.writeString(temp.resolve("liblz4-java.txt.unrelated"), "x");
        Files.setLastModifiedTime(other, FileTime.from(old));

        MappedByteBuffer mapping;
        try (FileChannel channel = FileChannel.open(inUse)) {
            mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, Files.size(inUse)); // as a loaded library is
        }
        assertEquals(1, Lz4TempCopies.removeOrphans(temp, PROC, now));

        assertFalse(Files.exists(orphan));
        assertFalse(Files.exists(lockOf(orphan)), "its lock goes with it");
        assertTrue(Files.exists(inUse) && Files.exists(lockOf(inUse)), "mapped by this JVM (" + mapping.get(0) + ")");
        assertTrue(Files.exists(fresh) && Files.exists(lockOf(fresh)), "perhaps still being loaded");
        assertTrue(Files.exists(other));
    }

    @Test
    @DisplayName("without /proc nothing is known to be unused: nothing goes")
    void keepsAllWithoutProc() throws IOException {
        Instant now = Instant.now();
        Path orphan = copy("liblz4-java-444.so", now.minus(Lz4TempCopies.SETTLED).minusSeconds(60));
        assertEquals(0, Lz4TempCopies.removeOrphans(temp, temp.resolve("no-proc"), now));
        assertTrue(Files.exists(orphan));
    }

    /** A library copy and its lock file, as lz4-java writes them, last modified at {@code time}. */
    private Path copy(String name, Instant time) throws IOException {
        Path copy = Files.write(temp.resolve(name), new byte[4096]);
        Files.writeString(lockOf(copy), "");
        Files.setLastModifiedTime(copy, FileTime.from(time));
        return copy;
    }

    private static Path lockOf(Path copy) {
        return copy.resolveSibling(copy.getFileName() + ".lck");
    }
}
