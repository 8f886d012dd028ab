package org.methylstream.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A followed file (publish --follow) is read like tail -F")
class FollowedFileTest {
    private static final long WAIT_SECONDS = 5;

    @TempDir
    Path dir;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final BlockingQueue<String> sites = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    private CompletableFuture<Void> following;

    /** Follows {@code file} in the background, queueing each site as chrom:pos. */
    private void follow(Path file) {
        SiteFiles files = SiteFiles.followed(file.toString(), InputSettings.of(null), true, new PrintStream(errors, true), stop::get);
        following = CompletableFuture.runAsync(() -> {
            try {
                files.forEach((input, site) -> sites.add(site.chromosome() + ":" + site.position()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterEach
    void stopFollowing() throws Exception {
        stop.set(true);
        if (following != null) {
            following.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private String next() throws InterruptedException {
        String site = sites.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(site != null, "no site within " + WAIT_SECONDS + " s");
        return site;
    }

    private void assertNothingMore() throws InterruptedException {
        assertNull(sites.poll(3 * FollowedFile.POLL.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    @DisplayName("reads what the file has, then each line appended later, as soon as its newline is written")
    void readsAppendedLines() throws Exception {
        Path file = dir.resolve("growing.tsv");
        append(file, "chr1\t10\t5\t5\n");
        follow(file);
        assertEquals("chr1:10", next());

        append(file, "chr1\t20\t5\t5\nchr1\t3");
        assertEquals("chr1:20", next());
        assertNothingMore(); // "chr1\t3" could be the start of chr1 30, 300, ...: never parsed half-written
        append(file, "0\t1\t9\n");
        assertEquals("chr1:30", next());
        assertEquals("", errors.toString(StandardCharsets.UTF_8), "no line was ever seen broken");
    }

    @Test
    @DisplayName("on stop ends at the last complete line: a half-written last line is dropped, not parsed")
    void stopsAtALineBoundary() throws Exception {
        Path file = dir.resolve("growing.tsv");
        append(file, "chr1\t10\t5\t5\nchr1\t2");
        follow(file);
        assertEquals("chr1:10", next());

        stop.set(true);
        following.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNothingMore();
        assertEquals("", errors.toString(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("waits for a file that does not exist yet")
    void waitsForTheFile() throws Exception {
        Path file = dir.resolve("later.tsv");
        follow(file);
        assertNothingMore();
        append(file, "chrX\t7\t1\t0\n");
        assertEquals("chrX:7", next());
    }

    @Test
    @DisplayName("after a rotation (rename, new file under the name) reads the old file to its end, then the new one")
    void followsRotation() throws Exception {
        Path file = dir.resolve("sites.tsv");
        append(file, "chr1\t1\t1\t1\n");
        follow(file);
        assertEquals("chr1:1", next());

        append(file, "chr1\t2\t1\t1\n");
        Files.move(file, dir.resolve("sites.tsv.1"));
        append(file, "chr2\t1\t1\t1\n");
        assertEquals(List.of("chr1:2", "chr2:1"), List.of(next(), next()));
        append(file, "chr2\t2\t1\t1\n");
        assertEquals("chr2:2", next());
    }

    @Test
    @DisplayName("after a truncation (copytruncate) starts over at the beginning")
    void followsTruncation() throws Exception {
        Path file = dir.resolve("sites.tsv");
        append(file, "chr1\t1\t1\t1\nchr1\t2\t1\t1\n");
        follow(file);
        assertEquals(List.of("chr1:1", "chr1:2"), List.of(next(), next()));

        Files.write(file, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        Thread.sleep(3 * FollowedFile.POLL.toMillis()); // the reader must see the file shorter than its position
        append(file, "chr3\t1\t1\t1\n");
        assertEquals("chr3:1", next());
    }

    @Test
    @DisplayName("hands on complete lines only, however the bytes are asked for")
    void deliversOnlyCompleteLines() throws Exception {
        Path file = dir.resolve("bytes.tsv");
        append(file, "ab\ncd");
        try (FollowedFile in = new FollowedFile(file, stop::get, Duration.ofMillis(10))) {
            assertEquals('a', in.read());
            assertEquals(2, in.available());
            byte[] rest = new byte[10];
            assertEquals(2, in.read(rest, 0, 10));
            assertEquals("b\n", new String(rest, 0, 2, StandardCharsets.US_ASCII));
            stop.set(true);
            assertEquals(-1, in.read(rest, 0, 10), "at stop, the unfinished 'cd' is not handed on");
        }
    }
}
