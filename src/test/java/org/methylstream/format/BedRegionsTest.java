package org.methylstream.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("BED regions (watch --regions)")
class BedRegionsTest {
    @TempDir
    Path dir;

    private BedRegions bed(String text) throws IOException {
        return BedRegions.read(Files.writeString(dir.resolve("regions.bed"), text, StandardCharsets.US_ASCII));
    }

    @Test
    @DisplayName("are 0-based half-open: chr1 100 200 holds the 1-based positions 101 to 200")
    void convertsCoordinates() throws Exception {
        BedRegions regions = bed("chr1\t100\t200\n");
        assertFalse(regions.contains("chr1", 100), "0-based 99: before the start");
        assertTrue(regions.contains("chr1", 101), "0-based 100: the first base");
        assertTrue(regions.contains("chr1", 200), "0-based 199: the last base");
        assertFalse(regions.contains("chr1", 201), "0-based 200: the end is exclusive");
        assertFalse(regions.contains("chr2", 150), "another chromosome");
    }

    @Test
    @DisplayName("hold a single base as start, start + 1; an empty interval holds none")
    void singleBaseAndEmpty() throws Exception {
        BedRegions regions = bed("chr1\t0\t1\nchr1\t50\t50\n");
        assertTrue(regions.contains("chr1", 1));
        assertFalse(regions.contains("chr1", 2));
        assertFalse(regions.contains("chr1", 50));
        assertFalse(regions.contains("chr1", 51));
    }

    @Test
    @DisplayName("skip headers and comments, ignore extra columns, accept unsorted and overlapping lines")
    void realisticFile() throws Exception {
        BedRegions regions = bed("""
                browser position chr7:127471196-127495720
                track name="genes of interest"
                # promoters
                chr7\t500\t600\tGENE_B\t0\t-
                chr7\t100\t300\tGENE_A\t0\t+
                chr7\t250\t400\tGENE_A2\t0\t+
                chr7\t400\t450\tadjacent
                """);
        assertEquals(4, regions.regions());
        for (long position : new long[] {101, 300, 301, 400, 401, 450, 501, 600}) {
            assertTrue(regions.contains("chr7", position), "position " + position);
        }
        for (long position : new long[] {100, 451, 500, 601}) {
            assertFalse(regions.contains("chr7", position), "position " + position);
        }
    }

    @Test
    @DisplayName("answer as a linear scan of the file would, for many random regions and sites")
    void agreesWithALinearScan() throws Exception {
        Random random = new Random(3);
        long[][] intervals = new long[2_000][];
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < intervals.length; i++) {
            long start = random.nextInt(1_000_000);
            long end = start + random.nextInt(2_000);
            intervals[i] = new long[] {start, end};
            text.append("chrR\t").append(start).append('\t').append(end).append('\n');
        }
        BedRegions regions = bed(text.toString());
        for (int i = 0; i < 20_000; i++) {
            long position = 1 + random.nextInt(1_002_000);
            boolean inside = false;
            for (long[] interval : intervals) {
                inside |= interval[0] < position && position <= interval[1];
            }
            assertEquals(inside, regions.contains("chrR", position), "position " + position);
        }
    }

    @Test
    @DisplayName("report a bad line as FILE:LINE: reason")
    void reportsBadLines() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.bed"), "chr1\t10\t20\nchr1\t30\n", StandardCharsets.US_ASCII);
        IOException e = assertThrows(IOException.class, () -> BedRegions.read(file));
        assertEquals(file + ":2: a BED line has at least 3 tab-separated columns (chrom start end), found 2",
                e.getMessage());
        Path reversed = Files.writeString(dir.resolve("reversed.bed"), "chr1\t30\t20\n", StandardCharsets.US_ASCII);
        assertEquals(reversed + ":1: column 3 (end) 20 is before column 2 (start) 30",
                assertThrows(IOException.class, () -> BedRegions.read(reversed)).getMessage());
        Path negative = Files.writeString(dir.resolve("negative.bed"), "chr1\t-5\t20\n", StandardCharsets.US_ASCII);
        assertEquals(negative + ":1: column 2 (start) is negative: -5",
                assertThrows(IOException.class, () -> BedRegions.read(negative)).getMessage());
    }
}
