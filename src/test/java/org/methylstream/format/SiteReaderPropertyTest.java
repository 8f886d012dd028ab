package org.methylstream.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.methylstream.format.SiteOracle.Outcome;

/**
 * Whatever bytes a site file holds, reading it ends in one of three ways per line: the site an independent
 * parse ({@link SiteOracle}) finds, a refusal {@code FILE:LINE: reason} naming that line, or, for gzip that
 * cannot be read, an IOException with the same prefix. Never another exception, a stack trace in a message,
 * a hang, or memory growing with a line's length.
 */
@Label("Reading any bytes as a site file")
class SiteReaderPropertyTest {
    private static final String NAME = "in.tsv";
    private static final Pattern REFUSAL = Pattern.compile("in\\.tsv:\\d+: [^\\n]+");
    private static final Pattern UNREADABLE = Pattern.compile("in\\.tsv:\\d+: (cannot read input|not a valid gzip file): [^\\n]+");
    private static final Duration PER_TRY = Duration.ofSeconds(10);

    /** What reading gave: per data line a site or a refusal, then possibly an unreadable-input error. */
    private record Reading(List<Outcome> outcomes, IOException unreadable) {
    }

    @Property(tries = 400)
    @Label("lines of every format, mutated, junk, long, CRLF or LF: each is the oracle's site or a FILE:LINE refusal")
    void everyLineIsTheOraclesSiteOrAClearRefusal(@ForAll("lines") List<String> lines, @ForAll("lineEnds") String lineEnd,
                                                  @ForAll boolean finalLineEnd, @ForAll("formats") InputFormat named) {
        byte[] bytes = SiteInputs.join(lines, lineEnd, finalLineEnd);
        Assume.that(!looksLikeGzip(bytes));
        Reading reading = read(bytes, named);
        assertNull(reading.unreadable(), "plain input is always readable");
        assertEquals(SiteOracle.outcomes(new String(bytes, StandardCharsets.ISO_8859_1), named), reading.outcomes());
    }

    @Property(tries = 200)
    @Label("binary junk: refused line by line, as the oracle says, never anything worse")
    void binaryJunkIsRefusedLineByLine(@ForAll("junk") byte[] bytes) {
        Assume.that(!looksLikeGzip(bytes));
        Reading reading = read(bytes, null);
        assertNull(reading.unreadable());
        assertEquals(SiteOracle.outcomes(new String(bytes, StandardCharsets.ISO_8859_1), null), reading.outcomes());
    }

    @Property(tries = 100)
    @Label("gzip reads exactly as the plain bytes do")
    void gzipReadsAsPlain(@ForAll("lines") List<String> lines) {
        byte[] plain = SiteInputs.join(lines, "\n", true);
        Assume.that(!looksLikeGzip(plain));
        assertEquals(read(plain, null), read(SiteInputs.gzip(plain), null));
    }

    @Property(tries = 150)
    @Label("truncated gzip: the lines before the cut as the oracle says, then FILE:LINE: cannot read input")
    void truncatedGzipEndsInAFileLineError(@ForAll("lines") List<String> lines, @ForAll @IntRange(min = 1, max = 1000) int cut) {
        byte[] plain = SiteInputs.join(lines, "\n", true);
        Assume.that(!looksLikeGzip(plain));
        byte[] gzip = SiteInputs.gzip(plain);
        byte[] truncated = Arrays.copyOf(gzip, 2 + (int) ((gzip.length - 3) * (cut / 1000.0)));
        Reading reading = read(truncated, null);
        List<Outcome> whole = SiteOracle.outcomes(new String(plain, StandardCharsets.ISO_8859_1), null);
        assertTrue(reading.unreadable() != null, "a truncated gzip file never reads as complete");
        assertEquals(whole.subList(0, reading.outcomes().size()), reading.outcomes(), "what was read before the cut");
    }

    @Property(tries = 150)
    @Label("corrupt gzip: sites, FILE:LINE refusals, then at most one FILE:LINE unreadable-input error")
    void corruptGzipFailsOnlyWithFileLineErrors(@ForAll("lines") List<String> lines,
                                                @ForAll @IntRange(min = 0, max = 1000) int where, @ForAll byte junk) {
        byte[] gzip = SiteInputs.gzip(SiteInputs.join(lines, "\n", true));
        int at = 10 + (int) ((gzip.length - 11) * (where / 1000.0)); // after the 10-byte header: the data or trailer
        Assume.that(gzip[at] != junk);
        gzip[at] = junk;
        read(gzip, null); // its checks are the property
    }

    @Example
    @Label("a 600 MiB line (more than the heap) is refused in bounded memory, and the next line is still read")
    void endlessLineInBoundedMemory() {
        long junk = 600L << 20;
        byte[] next = "\nchr1\t10\t3\t4\n".getBytes(StandardCharsets.US_ASCII);
        InputStream lazy = new InputStream() {
            private long served;

            @Override
            public int read() {
                throw new UnsupportedOperationException("bulk reads only");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (served >= junk + next.length) {
                    return -1;
                }
                int n = (int) Math.min(len, junk + next.length - served);
                for (int i = 0; i < n; i++, served++) {
                    b[off + i] = served < junk ? (byte) 'x' : next[(int) (served - junk)];
                }
                return n;
            }
        };
        Reading reading = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> read(NAME, lazy, null));
        assertEquals(List.of(new Outcome(1, null), new Outcome(2, new SiteOracle.Site("chr1", 10, null, null, 3, 4))),
                reading.outcomes());
    }

    private static Reading read(byte[] bytes, InputFormat named) {
        return assertTimeoutPreemptively(PER_TRY, () -> read(NAME, new ByteArrayInputStream(bytes), named));
    }

    /** Reads to the end, checking that every failure is one of the allowed, clearly worded kinds. */
    private static Reading read(String name, InputStream in, InputFormat named) {
        List<Outcome> outcomes = new ArrayList<>();
        try (SiteReader reader = new SiteReader(name, in, named)) {
            SiteLine line = new SiteLine();
            while (true) {
                try {
                    if (!reader.next(line)) {
                        return new Reading(outcomes, null);
                    }
                    outcomes.add(new Outcome(reader.lineNumber(), SiteOracle.Site.of(line)));
                } catch (InvalidSiteException e) {
                    assertTrue(REFUSAL.matcher(e.getMessage()).matches(), e.getMessage());
                    assertEquals(0, e.getStackTrace().length, "a refusal is a message, not a stack trace");
                    assertEquals(reader.lineNumber(), e.lineNumber());
                    outcomes.add(new Outcome(e.lineNumber(), null));
                }
            }
        } catch (IOException e) {
            assertTrue(UNREADABLE.matcher(e.getMessage()).matches(), e.getMessage());
            return new Reading(outcomes, e);
        }
    }

    private static boolean looksLikeGzip(byte[] bytes) {
        return bytes.length >= 2 && bytes[0] == 0x1f && bytes[1] == (byte) 0x8b;
    }

    @Provide
    Arbitrary<List<String>> lines() {
        return SiteInputs.lines();
    }

    @Provide
    Arbitrary<String> lineEnds() {
        return Arbitraries.of("\n", "\r\n");
    }

    @Provide
    Arbitrary<InputFormat> formats() {
        return Arbitraries.of(InputFormat.values()).injectNull(0.6);
    }

    @Provide
    Arbitrary<byte[]> junk() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
    }
}
