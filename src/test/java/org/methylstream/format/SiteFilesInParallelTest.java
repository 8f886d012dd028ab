package org.methylstream.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.synthetic.SyntheticMethylome;

@DisplayName("SiteFiles in parallel chunks: exactly what one thread makes of the files")
class SiteFilesInParallelTest {
    @TempDir
    Path dir;

    /** What a run over the files gave: the lines, the reports on stderr, the counts, and how it ended. */
    private record Outcome(String lines, String reports, long sites, long invalidLines, String failure) {
    }

    private Outcome work(List<Path> files, InputFormat format, boolean skipInvalid, int threads) {
        ByteArrayOutputStream reports = new ByteArrayOutputStream();
        SiteFiles sites = new SiteFiles(files.stream().map(Path::toString).toList(), format, skipInvalid,
                new PrintStream(reports, true, StandardCharsets.UTF_8));
        StringBuilder lines = new StringBuilder();
        String failure = "none";
        try {
            sites.forEachInParallel(threads, () -> (input, site, out) -> out.append(input).append(' ')
                    .append(site.chromosome()).append(':').append(site.position()).append(' ')
                    .append(site.methylated()).append('/').append(site.coverage()).append('\n'), lines::append);
        } catch (IOException | InvalidSiteException e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return new Outcome(lines.toString(), reports.toString(StandardCharsets.UTF_8), sites.sites(),
                sites.invalidLines(), failure);
    }

    /** A few MB of sites (many chunks) with comments, blank lines, CRLF, bad lines and an overlong line mixed in. */
    private Path messy(String name, long seed, boolean gzip) throws IOException {
        StringWriter synthetic = new StringWriter();
        new SyntheticMethylome(120_000, seed).writeTo(synthetic);
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder("# a comment first\n\n");
        for (String line : synthetic.toString().split("\n")) {
            int dice = random.nextInt(2_000);
            if (dice == 0) {
                text.append("chr1\tnot-a-position\t1\t2\n");
            } else if (dice == 1) {
                text.append("# comment\n   \t\n");
            } else if (dice == 2) {
                text.append(line).append("\r\n");
                continue;
            } else if (dice == 3) {
                text.append("chr2\t5\t1\n");
            }
            text.append(line).append('\n');
            if (text.length() > 1_500_000 && text.length() < 1_500_100) {
                text.append("x".repeat(LineReader.MAX_LINE + 10)).append('\n');
            }
        }
        Path file = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }

    @Test
    @Timeout(60)
    @DisplayName("skipping bad lines: the same lines in the same order, the same reports, the same counts")
    void skippingBadLines() throws Exception {
        List<Path> files = List.of(messy("a.tsv", 1, false), messy("b.tsv.gz", 2, true));
        Outcome one = work(files, null, true, 1);
        assertTrue(one.invalidLines() > 100 && one.sites() > 200_000, one.toString().substring(0, 200));
        assertTrue(one.reports().contains("line longer than"), "the overlong line is reported");
        for (int threads : new int[] {2, 3, 8}) {
            assertEquals(one, work(files, null, true, threads), threads + " threads");
        }
    }

    @Test
    @Timeout(60)
    @DisplayName("stopping at the first bad line: the same lines before it, and the same error")
    void stoppingAtTheFirstBadLine() throws Exception {
        List<Path> files = List.of(messy("a.tsv", 3, false));
        Outcome one = work(files, null, false, 1);
        assertTrue(one.failure().startsWith("InvalidSiteException: " + files.get(0) + ":"), one.failure());
        assertEquals(one, work(files, null, false, 2));
    }

    @Test
    @Timeout(60)
    @DisplayName("formats detected per file, a header skipped only at a file's start; an unreadable file ends it")
    void formatsAndFailures() throws Exception {
        Path allc = dir.resolve("c.allc.tsv");
        List<String> lines = new ArrayList<>(List.of("chr\tpos\tstrand\tcontext\tmc\tcov\tmethylated"));
        for (int i = 1; i <= 40_000; i++) {
            lines.add("chr3\t" + i + "\t+\tCGG\t" + (i % 7) + "\t" + (i % 7 + i % 5) + "\t1");
        }
        Files.write(allc, lines);
        Path seed = messy("d.tsv", 4, false);
        List<Path> files = List.of(seed, allc, dir.resolve("missing.tsv"), seed);
        Outcome one = work(files, null, true, 1);
        assertEquals("IOException: " + dir.resolve("missing.tsv") + ": no such file", one.failure());
        assertEquals(one, work(files, null, true, 2));
        assertEquals(work(List.of(allc), InputFormat.ALLC, false, 1), work(List.of(allc), InputFormat.ALLC, false, 2));
    }
}
