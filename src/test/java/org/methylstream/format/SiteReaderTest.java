package org.methylstream.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("SiteReader")
class SiteReaderTest {
    static final String KNOWN = "(expected 4 for seed; 6 for bismark or bedgraph; 7 for allc, cytosine-report or methylkit; 18 for bedmethyl); name it with --format";

    /** A parsed site, copied out of the reused {@link SiteLine}. */
    record Site(String chromosome, long position, String strand, String context, int methylated, int unmethylated) {
        static Site of(SiteLine s) {
            return new Site(s.chromosome(), s.position(), s.strand(), s.context(), s.methylated(), s.unmethylated());
        }
    }

    static Site seed(String chromosome, long position, int methylated, int unmethylated) {
        return new Site(chromosome, position, null, null, methylated, unmethylated);
    }

    static List<Site> read(byte[] bytes, InputFormat format) throws IOException, InvalidSiteException {
        List<Site> sites = new ArrayList<>();
        try (SiteReader reader = new SiteReader("in.txt", new ByteArrayInputStream(bytes), format)) {
            SiteLine line = new SiteLine();
            while (reader.next(line)) {
                sites.add(Site.of(line));
            }
        }
        return sites;
    }

    static List<Site> read(String text) throws IOException, InvalidSiteException {
        return read(text.getBytes(StandardCharsets.US_ASCII), null);
    }

    /** The message of the first bad line. */
    static String firstError(String text, InputFormat format) {
        InvalidSiteException e = assertThrows(InvalidSiteException.class,
                () -> read(text.getBytes(StandardCharsets.ISO_8859_1), format));
        assertEquals(e.source() + ":" + e.lineNumber() + ": " + e.reason(), e.getMessage());
        return e.getMessage();
    }

    static byte[] gzip(byte[]... members) {
        // several members concatenated, as bgzip writes them
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (byte[] member : members) {
                try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                    gz.write(member);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Nested
    @DisplayName("parses each format")
    class Formats {
        @Test
        @DisplayName("seed: chrom pos methylated unmethylated")
        void seedFormat() throws Exception {
            assertEquals(List.of(seed("chr1", 100, 3, 17), seed("chr1", 250, 0, 9), seed("chrX", 7, 12, 0)),
                    read("chr1\t100\t3\t17\nchr1\t250\t0\t9\nchrX\t7\t12\t0\n"));
        }

        @Test
        @DisplayName("Bismark coverage: chrom start end percent methylated unmethylated")
        void bismarkFormat() throws Exception {
            assertEquals(List.of(seed("chr2", 10468, 3, 1), seed("chr2", 10470, 0, 5)),
                    read("chr2\t10468\t10468\t75\t3\t1\nchr2\t10470\t10470\t0.000000\t0\t5\n"));
        }

        @Test
        @DisplayName("methylpy allc: chrom pos strand context mc_count total call, with or without its header")
        void allcFormat() throws Exception {
            List<Site> expected = List.of(new Site("chr1", 10469, "+", "CGG", 4, 6),
                    new Site("chr1", 10470, "-", "CGA", 0, 3));
            String body = "chr1\t10469\t+\tCGG\t4\t10\t1\nchr1\t10470\t-\tCGA\t0\t3\t0\n";
            assertEquals(expected, read(body));
            assertEquals(expected, read("chr\tpos\tstrand\tmc_class\tmc_count\ttotal\tmethylated\n" + body));
            assertEquals(expected, read(("chr\tpos\tstrand\tmc_class\tmc_count\ttotal\tmethylated\n" + body)
                    .getBytes(StandardCharsets.US_ASCII), InputFormat.ALLC));
        }

        @Test
        @DisplayName("the format is detected from the first data line's column count: 4, 6 or 7")
        void detection() throws Exception {
            for (var example : List.of(new Object[] {"c\t1\t2\t3\n", InputFormat.SEED},
                    new Object[] {"c\t1\t1\t40\t2\t3\n", InputFormat.BISMARK},
                    new Object[] {"c\t1\t+\tCG\t2\t5\t1\n", InputFormat.ALLC})) {
                try (SiteReader reader = new SiteReader("in", new ByteArrayInputStream(
                        ((String) example[0]).getBytes(StandardCharsets.US_ASCII)), null)) {
                    assertNull(reader.format(), "unknown before the first line");
                    assertTrue(reader.next(new SiteLine()));
                    assertEquals(example[1], reader.format());
                }
            }
        }

        @Test
        @DisplayName("a named format is used as given; the count columns then decide")
        void namedFormat() throws Exception {
            assertEquals(List.of(seed("c", 5, 1, 2)), read("c\t5\t1\t2\n".getBytes(StandardCharsets.US_ASCII), InputFormat.SEED));
            assertEquals("in.txt:1: expected 6 tab-separated columns (bismark format), found 4",
                    firstError("c\t5\t1\t2\n", InputFormat.BISMARK));
        }
    }

    @Nested
    @DisplayName("reads the lines of")
    class Lines {
        @Test
        @DisplayName("gzip input, recognised by its magic bytes, also as several concatenated members (bgzip)")
        void gzipInput() throws Exception {
            byte[] plain = "chr1\t1\t1\t1\nchr1\t2\t2\t2\n".getBytes(StandardCharsets.US_ASCII);
            assertEquals(read(plain, null), read(gzip(plain), null));
            assertEquals(List.of(seed("chr1", 1, 1, 1), seed("chr1", 2, 2, 2), seed("chr2", 3, 3, 3)),
                    read(gzip(plain, "chr2\t3\t3\t3\n".getBytes(StandardCharsets.US_ASCII)), null));
        }

        @Test
        @DisplayName("CRLF line ends, and a last line without a line end")
        void crlf() throws Exception {
            assertEquals(List.of(seed("chr1", 1, 2, 3), seed("chr1", 4, 5, 6)), read("chr1\t1\t2\t3\r\nchr1\t4\t5\t6"));
            assertEquals(List.of(seed("chr1", 1, 2, 3)), read("chr1\t1\t2\t3\r\n"));
        }

        @Test
        @DisplayName("'#' comment lines and blank lines are skipped but still counted for line numbers")
        void commentsAndBlankLines() throws Exception {
            String text = "# produced by a pipeline\n\nchr1\t1\t2\t3\n   \n\t\n#chr1\t9\t9\t9\nchr1\t4\t5\t6\n\r\nchr1\t7\tx\t1\n";
            assertEquals("in.txt:9: column 3 (methylated) is not an integer: 'x'", firstError(text, null));
            assertEquals(List.of(seed("chr1", 1, 2, 3), seed("chr1", 4, 5, 6)), read(text.substring(0, text.indexOf("chr1\t7"))));
        }

        @Test
        @DisplayName("an empty input, or one of comments only, has no sites")
        void emptyInput() throws Exception {
            assertEquals(List.of(), read(""));
            assertEquals(List.of(), read("# nothing\n\n"));
            assertEquals(List.of(), read(gzip(new byte[0]), null));
        }

        @Test
        @DisplayName("explicit signs and leading zeros in counts read as Python's int() reads them")
        void signsAndZeros() throws Exception {
            assertEquals(List.of(seed("chr1", 7, 3, 0)), read("chr1\t007\t+3\t-0\n"));
        }
    }

    @Nested
    @DisplayName("reports a bad line as FILE:LINE: reason")
    class Errors {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
            non-integer count            | chr1\\t5\\t3x\\t1       | in.txt:2: column 3 (methylated) is not an integer: '3x'
            decimal count                | chr1\\t5\\t3.0\\t1      | in.txt:2: column 3 (methylated) is not an integer: '3.0'
            a sign alone                 | chr1\\t5\\t1\\t-        | in.txt:2: column 4 (unmethylated) is not an integer: '-'
            negative count               | chr1\\t5\\t-3\\t1       | in.txt:2: column 3 (methylated) is negative: -3
            empty count                  | chr1\\t5\\t\\t1         | in.txt:2: column 3 (methylated) is empty
            empty chromosome             | \\t5\\t1\\t1            | in.txt:2: column 1 (chromosome) is empty
            space in chromosome          | chr 1\\t5\\t1\\t1       | in.txt:2: column 1 (chromosome) holds a space, control or non-ASCII character: 'chr 1'
            missing column               | chr1\\t5\\t1            | in.txt:2: expected 4 tab-separated columns (seed format), found 3
            too many columns             | chr1\\t5\\t1\\t1\\t1    | in.txt:2: expected 4 tab-separated columns (seed format), found 5
            count over 32 bits           | chr1\\t5\\t2147483648\\t0 | in.txt:2: column 3 (methylated) '2147483648' overflows (at most 2147483647)
            coverage over 32 bits        | chr1\\t5\\t2147483647\\t1 | in.txt:2: coverage 2147483648 (methylated + unmethylated) overflows a 32-bit count
            position 0                   | chr1\\t0\\t1\\t1        | in.txt:2: column 2 (position) must be at least 1 (positions are 1-based), got 0
            negative position            | chr1\\t-5\\t1\\t1       | in.txt:2: column 2 (position) must be at least 1 (positions are 1-based), got -5
            position over 63 bits        | chr1\\t99999999999999999999\\t1\\t1 | in.txt:2: column 2 (position) '99999999999999999999' overflows (at most 922337203685477580)
            """)
        @DisplayName("seed lines (after a good first line)")
        void seedErrors(String what, String line, String message) {
            assertEquals(message, firstError("chr1\t1\t1\t1\n" + line.replace("\\t", "\t") + "\n", null));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
            mc_count above total | chr1\\t5\\t+\\tCG\\t6\\t5\\t1  | in.txt:1: column 5 (mc_count) 6 exceeds column 6 (total) 5
            bad strand           | chr1\\t5\\t*\\tCG\\t1\\t5\\t1  | in.txt:1: column 3 (strand) must be + or -, got '*'
            empty context        | chr1\\t5\\t+\\t\\t1\\t5\\t1    | in.txt:1: column 4 (context) is empty
            total over 32 bits   | chr1\\t5\\t+\\tCG\\t1\\t4294967296\\t1 | in.txt:1: column 6 (total) '4294967296' overflows (at most 2147483647)
            negative total       | chr1\\t5\\t+\\tCG\\t0\\t-1\\t1 | in.txt:1: column 6 (total) is negative: -1
            header not first     | chr\\tpos\\tstrand\\tmc_class\\tmc_count\\ttotal\\tmethylated | in.txt:1: column 2 (position) is not an integer: 'pos'
            """)
        @DisplayName("allc lines")
        void allcErrors(String what, String line, String message) {
            String text = line.replace("\\t", "\t") + "\n";
            if (what.equals("header not first")) {
                // only the first data line may be the column-name header
                text = "chr1\t1\t+\tCG\t1\t1\t1\n" + text;
                message = message.replace("in.txt:1:", "in.txt:2:");
            }
            assertEquals(message, firstError(text, null));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
            end before start     | chr1\\t5\\t4\\t50\\t1\\t1     | in.txt:1: column 3 (end) 4 is before column 2 (start) 5
            percent not a number | chr1\\t5\\t5\\tabc\\t1\\t1    | in.txt:1: column 4 (percent) is not a number: 'abc'
            percent above 100    | chr1\\t5\\t5\\t100.5\\t1\\t1  | in.txt:1: column 4 (percent) must be between 0 and 100, got '100.5'
            coverage over 32 bits| chr1\\t5\\t5\\t50\\t2000000000\\t2000000000 | in.txt:1: coverage 4000000000 (methylated + unmethylated) overflows a 32-bit count
            """)
        @DisplayName("Bismark coverage lines")
        void bismarkErrors(String what, String line, String message) {
            assertEquals(message, firstError(line.replace("\\t", "\t") + "\n", InputFormat.BISMARK));
        }

        @Test
        @DisplayName("an unknown column count on detection names the counts it knows")
        void unknownFormat() {
            assertEquals("in.txt:2: unknown format: 5 tab-separated columns " + KNOWN,
                    firstError("# header\nchr1\t1\t2\t3\t4\n", null));
            assertEquals("in.txt:1: unknown format: 1 tab-separated columns " + KNOWN, firstError("chr1 1 2 3\n", null));
        }

        @Test
        @DisplayName("more columns than are split are reported as 'more than 24', not a wrong count")
        void manyColumns() {
            String thirty = String.join("\t", java.util.Collections.nCopies(30, "1")) + "\n";
            assertEquals("in.txt:1: unknown format: more than 24 tab-separated columns " + KNOWN,
                    firstError(thirty, null));
            assertEquals("in.txt:2: expected 4 tab-separated columns (seed format), found more than 24",
                    firstError("c\t1\t1\t1\n" + thirty, null));
        }

        @Test
        @DisplayName("non-printable bytes are escaped and long fields cut in messages")
        void quoting() {
            assertEquals("in.txt:1: column 3 (methylated) is not an integer: '1\\xe9'",
                    firstError("c\t1\t1\u00e9\t1\n", null));
            String longField = "x".repeat(30) + "y".repeat(30);
            assertEquals("in.txt:1: column 4 (unmethylated) is not an integer: '" + "x".repeat(30) + "y".repeat(10) + "...'",
                    firstError("c\t1\t1\t" + longField + "\n", null));
        }

        @Test
        @DisplayName("an overlong line is reported without being buffered whole, and reading goes on after it")
        void overlongLine() throws Exception {
            byte[] text = ("chr1\t1\t1\t1\n" + "x".repeat(LineReader.MAX_LINE + 10) + "\nchr1\t3\t3\t3\n")
                    .getBytes(StandardCharsets.US_ASCII);
            try (SiteReader reader = new SiteReader("in.txt", new ByteArrayInputStream(text), null)) {
                SiteLine site = new SiteLine();
                assertTrue(reader.next(site));
                InvalidSiteException e = assertThrows(InvalidSiteException.class, () -> reader.next(site));
                assertEquals("in.txt:2: line longer than 1048576 bytes", e.getMessage());
                assertTrue(reader.next(site));
                assertEquals(seed("chr1", 3, 3, 3), Site.of(site));
                assertEquals(3, reader.lineNumber());
                assertFalse(reader.next(site));
            }
        }

        @Test
        @DisplayName("a line just under the limit is read normally")
        void longButAllowedLine() throws Exception {
            String chromosome = "c".repeat(LineReader.MAX_LINE - 100);
            assertEquals(List.of(seed(chromosome, 1, 2, 3)), read(chromosome + "\t1\t2\t3\n"));
        }

        @Test
        @DisplayName("after a bad line the reader continues with the next one")
        void continuesAfterBadLine() throws Exception {
            byte[] text = "c\t1\t1\t1\nc\t2\tx\t1\nc\t3\t3\t3\n".getBytes(StandardCharsets.US_ASCII);
            try (SiteReader reader = new SiteReader("in.txt", new ByteArrayInputStream(text), null)) {
                SiteLine site = new SiteLine();
                assertTrue(reader.next(site));
                assertThrows(InvalidSiteException.class, () -> reader.next(site));
                assertTrue(reader.next(site));
                assertEquals(3, site.position());
            }
        }
    }

    @Nested
    @DisplayName("fails on unreadable input with FILE:LINE in the message")
    class Unreadable {
        @Test
        @DisplayName("truncated gzip: the line after the last complete one")
        void truncatedGzip() throws Exception {
            StringBuilder text = new StringBuilder();
            java.util.Random random = new java.util.Random(42);
            for (int i = 1; i <= 50_000; i++) {
                // random counts so the compressed stream is long enough to cut in the middle
                text.append("chr1\t").append(i).append('\t').append(random.nextInt(100)).append('\t')
                        .append(random.nextInt(1000)).append('\n');
            }
            byte[] whole = gzip(text.toString().getBytes(StandardCharsets.US_ASCII));
            byte[] cut = Arrays.copyOf(whole, whole.length / 2);
            int[] read = {0};
            IOException e = assertThrows(IOException.class, () -> {
                try (SiteReader reader = new SiteReader("in.txt.gz", new ByteArrayInputStream(cut), null)) {
                    SiteLine site = new SiteLine();
                    while (reader.next(site)) {
                        read[0]++;
                    }
                }
            });
            assertTrue(read[0] > 1000 && read[0] < 50_000, "sites before the cut: " + read[0]);
            assertEquals("in.txt.gz:" + (read[0] + 1) + ": cannot read input: gzip data is truncated", e.getMessage());
        }

        @Test
        @DisplayName("gzip cut inside its header")
        void truncatedGzipHeader() {
            IOException e = assertThrows(IOException.class,
                    () -> read(new byte[] {0x1f, (byte) 0x8b, 8}, null));
            assertEquals("in.txt:1: not a valid gzip file: gzip data is truncated", e.getMessage());
        }

        @Test
        @DisplayName("a missing file")
        void missingFile() {
            IOException e = assertThrows(IOException.class, () -> SiteReader.open("/nonexistent/sites.txt", null));
            assertEquals("/nonexistent/sites.txt: no such file", e.getMessage());
        }
    }
}
