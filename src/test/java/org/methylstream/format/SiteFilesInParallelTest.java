package org.methylstream.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.format.MessyInputs.Mess;

@DisplayName("SiteFiles in parallel chunks: exactly what one thread reading line after line makes of the inputs")
@Timeout(120)
class SiteFilesInParallelTest {
    private static final int[] THREADS = {2, 3, 4, 5, 8};

    @TempDir
    Path dir;

    /** What a read gave: the lines written, the reports, the counts and notes, and how it ended. */
    private record Outcome(String lines, String second, String reports, long sites, long invalidLines,
                           List<String> notes, String failure) {
        @Override
        public String toString() {
            return "sites " + sites + ", invalid " + invalidLines + ", notes " + notes + ", failure " + failure
                    + ", " + lines.length() + " + " + second.length() + " chars of lines";
        }
    }

    /** Every site described, its input and all: the lines of a work. */
    private static void describe(String input, SiteLine site, LineBuffer out) {
        out.text(Path.of(input).getFileName().toString()).ascii(' ').text(site.chromosome()).ascii(':')
                .decimal(site.position()).ascii(' ').text(String.valueOf(site.strand())).ascii(' ')
                .text(String.valueOf(site.context())).ascii(' ').decimal(site.methylated()).ascii('/')
                .decimal(site.coverage()).ascii(' ').decimal(site.span()).newline();
    }

    /** The reference: {@link SiteFiles#forEach}, line after line on this thread. */
    private Outcome oneByOne(List<Path> files, InputSettings settings, boolean skipInvalid) {
        ByteArrayOutputStream reports = new ByteArrayOutputStream();
        SiteFiles sites = new SiteFiles(files.stream().map(Path::toString).toList(), settings, skipInvalid,
                new PrintStream(reports, true, StandardCharsets.UTF_8));
        LineBuffer lines = new LineBuffer(1024);
        LineBuffer second = new LineBuffer(1024);
        String failure = "none";
        try {
            sites.forEach((input, site) -> {
                describe(input, site, lines);
                if (site.position() % 3 == 0) {
                    second.decimal(site.position()).newline();
                }
            });
        } catch (IOException | InvalidSiteException e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return new Outcome(lines.toString(), second.toString(), reports.toString(StandardCharsets.UTF_8),
                sites.sites(), sites.invalidLines(), sites.notes(), failure);
    }

    private Outcome inParallel(List<Path> files, InputSettings settings, boolean skipInvalid, int threads) {
        ByteArrayOutputStream reports = new ByteArrayOutputStream();
        SiteFiles sites = new SiteFiles(files.stream().map(Path::toString).toList(), settings, skipInvalid,
                new PrintStream(reports, true, StandardCharsets.UTF_8));
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        String failure = "none";
        try {
            sites.forEachInParallel(threads, () -> (input, site, out) -> {
                describe(input, site, out[0]);
                if (site.position() % 3 == 0) {
                    out[1].decimal(site.position()).newline();
                }
            }, List.of(lines::write, second::write));
        } catch (IOException | InvalidSiteException e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return new Outcome(lines.toString(StandardCharsets.UTF_8), second.toString(StandardCharsets.UTF_8),
                reports.toString(StandardCharsets.UTF_8), sites.sites(), sites.invalidLines(), sites.notes(),
                failure);
    }

    private void assertSameOnAnyThreads(List<Path> files, InputSettings settings, boolean skipInvalid) {
        Outcome one = oneByOne(files, settings, skipInvalid);
        assertEquals(one, inParallel(files, settings, skipInvalid, 1), "1 thread");
        for (int threads : THREADS) {
            assertEquals(one, inParallel(files, settings, skipInvalid, threads), threads + " threads");
        }
    }

    private Path messy(InputFormat format, long seed, Mess mess) throws IOException {
        return MessyInputs.write(dir.resolve(format.id() + "-" + seed + (mess.gzip() ? ".gz" : "")), format,
                60_000, seed, mess);
    }

    @Test
    @DisplayName("every format, detected, with bad lines skipped: the same lines, reports, counts and notes")
    void everyFormatSkippingBadLines() throws Exception {
        List<Path> files = new ArrayList<>();
        long seed = 1;
        for (InputFormat format : InputFormat.values()) {
            files.add(messy(format, seed++, seed % 2 == 0 ? Mess.ALL.gzipped() : Mess.ALL));
        }
        Outcome one = oneByOne(files, InputSettings.of(null), true);
        assertTrue(one.sites() > 300_000 && one.invalidLines() > 1000, one.toString());
        assertTrue(one.reports().contains(": line longer than 1048576 bytes"), "an overlong line is reported");
        assertEquals(6, one.notes().stream().filter(n -> n.startsWith("read ")).count(),
                one.notes() + ": a detection note for all but the seed format");
        assertSameOnAnyThreads(files, InputSettings.of(null), true);
    }

    @Test
    @DisplayName("stopping at the first bad line: the same lines before it, and the same error")
    void stoppingAtTheFirstBadLine() throws Exception {
        for (InputFormat format : new InputFormat[] {InputFormat.SEED, InputFormat.BEDMETHYL}) {
            Path clean = messy(format, 20, Mess.NONE);
            Path bad = messy(format, 21, Mess.ALL);
            Outcome one = oneByOne(List.of(clean, bad), InputSettings.of(null), false);
            assertTrue(one.failure().startsWith("InvalidSiteException: " + bad + ":"), one.failure());
            assertSameOnAnyThreads(List.of(clean, bad), InputSettings.of(null), false);
        }
    }

    @Test
    @DisplayName("settings that leave sites out: other modification codes, other contexts, counted alike")
    void settingsLeaveSitesOut() throws Exception {
        List<Path> files = new ArrayList<>();
        for (InputFormat format : MessyInputs.WITH_CONTEXT) {
            files.add(messy(format, 30 + format.ordinal(), Mess.ALL));
        }
        InputSettings chg = new InputSettings(null, "m", false, "CHG", false);
        Outcome one = oneByOne(files, chg, true);
        assertTrue(one.notes().stream().anyMatch(n -> n.contains("other contexts skipped")), one.notes().toString());
        assertTrue(one.notes().stream().anyMatch(n -> n.contains("other modification codes")), one.notes().toString());
        assertSameOnAnyThreads(files, chg, true);
        assertSameOnAnyThreads(files, new InputSettings(InputFormat.BEDMETHYL, "h", true, null, false), true);
    }

    @Test
    @DisplayName("inputs that fail: missing, settings that do not fit, truncated or corrupt gzip; the same lines first")
    void failures() throws Exception {
        Path seed = messy(InputFormat.SEED, 40, Mess.ALL);
        Path allc = messy(InputFormat.ALLC, 41, Mess.ALL);
        assertSameOnAnyThreads(List.of(seed, dir.resolve("missing.tsv"), allc), InputSettings.of(null), true);
        // --context on a format without contexts fails the input at its first data line
        InputSettings cg = new InputSettings(null, "m", false, "CG", false);
        Outcome unfit = oneByOne(List.of(allc, seed), cg, true);
        assertTrue(unfit.failure().contains(seed + ":3: --context CG needs the sites' context"), unfit.failure());
        assertSameOnAnyThreads(List.of(allc, seed), cg, true);

        byte[] gzip = Files.readAllBytes(messy(InputFormat.BISMARK, 42, Mess.ALL.gzipped()));
        Path truncated = Files.write(dir.resolve("truncated.gz"), java.util.Arrays.copyOf(gzip, gzip.length / 2));
        assertTrue(oneByOne(List.of(truncated), InputSettings.of(null), true).failure()
                .contains("gzip data is truncated"));
        assertSameOnAnyThreads(List.of(seed, truncated, allc), InputSettings.of(null), true);
        byte[] corrupt = gzip.clone();
        for (int i = corrupt.length / 3; i < corrupt.length / 3 + 40; i++) {
            corrupt[i] ^= 0x5a;
        }
        Path broken = Files.write(dir.resolve("corrupt.gz"), corrupt);
        assertTrue(oneByOne(List.of(broken), InputSettings.of(null), true).failure().contains("cannot read input"));
        assertSameOnAnyThreads(List.of(broken), InputSettings.of(null), true);
    }

    @Test
    @DisplayName("small and odd inputs: empty, only comments, no final line end, a bad start before the format is known")
    void smallInputs() throws Exception {
        Path empty = Files.write(dir.resolve("empty.tsv"), new byte[0]);
        Path comments = Files.writeString(dir.resolve("comments.tsv"), "# only\n\n#this\n");
        Path noEnd = Files.writeString(dir.resolve("noend.tsv"), "c\t1\t1\t1\nc\t2\t2\t2");
        // lines that fit no format, then a bedGraph: detected at its first good line, its track line no header then
        Path badStart = Files.writeString(dir.resolve("badstart.bedGraph"),
                "x\ty\nc\t1\t9\t50\t1\t1\ntrack type=bedGraph\nc\t1\t2\t50\t1\t1\nc\t2\t3\t50\t2\t2\r\n");
        Path gzipEmpty = dir.resolve("empty.gz");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipEmpty))) {
            out.flush();
        }
        List<Path> files = List.of(empty, comments, noEnd, badStart, gzipEmpty, noEnd);
        Outcome one = oneByOne(files, InputSettings.of(null), true);
        assertEquals(6, one.sites(), one.toString());
        assertSameOnAnyThreads(files, InputSettings.of(null), true);
        assertSameOnAnyThreads(files, InputSettings.of(null), false);
    }

    @Test
    @DisplayName("many inputs, the format named, a header only at a file's start")
    void manyInputs() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            files.add(MessyInputs.write(dir.resolve("allc-" + i), InputFormat.ALLC, 1 + 4000 * (i % 3), 50 + i,
                    i % 2 == 0 ? Mess.NONE : Mess.ALL));
        }
        assertSameOnAnyThreads(files, InputSettings.of(InputFormat.ALLC), true);
        assertSameOnAnyThreads(files, InputSettings.of(null), false);
    }
}
