package org.methylstream.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The regions of a BED file (genes of interest, say), indexed to tell whether a site lies in one: per chromosome the
 * intervals are sorted and overlapping ones merged, so a look-up is one binary search.
 *
 * <p>BED intervals are 0-based and half-open, {@code [start, end)}; site positions are 1-based. The base at 1-based
 * position {@code p} is 0-based {@code p - 1}, so a site is inside when {@code start < p <= end}: BED
 * {@code chr1 100 200} holds positions 101 to 200.
 */
public final class BedRegions {
    private final Map<String, long[]> starts;
    private final Map<String, long[]> ends;
    private final int lines;

    private BedRegions(Map<String, long[]> starts, Map<String, long[]> ends, int lines) {
        this.starts = starts;
        this.ends = ends;
        this.lines = lines;
    }

    /**
     * Reads {@code chrom start end [...]} lines (tab-separated; further columns are ignored; {@code #}, {@code track}
     * and {@code browser} lines are skipped).
     *
     * @throws IOException for a file that cannot be read, or a bad line as {@code FILE:LINE: reason}
     */
    public static BedRegions read(Path file) throws IOException {
        Map<String, List<long[]>> intervals = new HashMap<>();
        int count = 0;
        try (InputStream in = Files.newInputStream(file)) {
            LineReader lines = new LineReader(new java.io.BufferedInputStream(in));
            Fields fields = new Fields();
            while (lines.next()) {
                byte[] buf = lines.buffer();
                int start = lines.lineStart();
                int end = lines.lineEnd();
                if (start == end || buf[start] == '#' || startsWith(buf, start, end, "track")
                        || startsWith(buf, start, end, "browser")) {
                    continue;
                }
                fields.split(buf, start, end);
                try {
                    if (lines.overlong() || fields.size() < 3) {
                        throw new LineFormatException("a BED line has at least 3 tab-separated columns"
                                + " (chrom start end), found " + (lines.overlong() ? "an overlong line" : fields.size()));
                    }
                    String chromosome = fields.chromosome(0);
                    long from = fields.coordinate(1, "start");
                    long to = fields.coordinate(2, "end");
                    if (to < from) {
                        throw new LineFormatException("column 3 (end) " + to + " is before column 2 (start) " + from);
                    }
                    if (to > from) { // an empty interval holds no base
                        intervals.computeIfAbsent(chromosome, c -> new ArrayList<>()).add(new long[] {from, to});
                    }
                    count++;
                } catch (LineFormatException e) {
                    throw new IOException(file + ":" + lines.lineNumber() + ": " + e.getMessage());
                }
            }
        }
        Map<String, long[]> starts = new HashMap<>();
        Map<String, long[]> ends = new HashMap<>();
        intervals.forEach((chromosome, list) -> {
            list.sort((a, b) -> Long.compare(a[0], b[0]));
            long[] s = new long[list.size()];
            long[] e = new long[list.size()];
            int merged = 0;
            for (long[] interval : list) {
                if (merged > 0 && interval[0] <= e[merged - 1]) {
                    e[merged - 1] = Math.max(e[merged - 1], interval[1]); // overlapping or adjacent: one interval
                } else {
                    s[merged] = interval[0];
                    e[merged++] = interval[1];
                }
            }
            starts.put(chromosome, Arrays.copyOf(s, merged));
            ends.put(chromosome, Arrays.copyOf(e, merged));
        });
        return new BedRegions(starts, ends, count);
    }

    /** Whether the site at 1-based {@code position} of {@code chromosome} lies in a region. */
    public boolean contains(String chromosome, long position) {
        long[] s = starts.get(chromosome);
        if (s == null) {
            return false;
        }
        long base = position - 1; // 0-based, as BED counts
        // the last interval starting at or before the base is the only one that can hold it: they do not overlap
        int i = Arrays.binarySearch(s, base);
        int candidate = i >= 0 ? i : -i - 2;
        return candidate >= 0 && base < ends.get(chromosome)[candidate];
    }

    /** Region lines read (before overlapping regions were merged). */
    public int regions() {
        return lines;
    }

    private static boolean startsWith(byte[] buf, int start, int end, String word) {
        if (end - start < word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (buf[start + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
