package org.methylstream.format;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The site file layouts methylstream reads. Each knows its tab-separated columns; all share the field
 * rules (integers, non-negative counts, coverage within 32 bits), so each format has exactly one parser.
 */
public enum InputFormat {
    /** The seed script's input: {@code chrom pos methylated unmethylated}. */
    SEED("seed", 4) {
        @Override
        void parse(Fields f, SiteLine out) throws LineFormatException {
            out.chromosome = f.chromosome(0);
            out.position = f.position(1);
            out.strand = null;
            out.context = null;
            out.methylated = f.count(2, "methylated");
            out.unmethylated = f.count(3, "unmethylated");
            f.checkCoverage(out.methylated, out.unmethylated);
        }
    },
    /** Bismark coverage ({@code .cov}): {@code chrom start end percent methylated unmethylated}, 1-based. */
    BISMARK("bismark", 6) {
        @Override
        void parse(Fields f, SiteLine out) throws LineFormatException {
            out.chromosome = f.chromosome(0);
            out.position = f.position(1);
            long end = f.position(2);
            if (end < out.position) {
                throw new LineFormatException("column 3 (end) " + end + " is before column 2 (start) " + out.position);
            }
            f.percent(3);
            out.strand = null;
            out.context = null;
            out.methylated = f.count(4, "methylated");
            out.unmethylated = f.count(5, "unmethylated");
            f.checkCoverage(out.methylated, out.unmethylated);
        }
    },
    /** methylpy allc: {@code chrom pos strand context mc_count total methylated_call}, 1-based. */
    ALLC("allc", 7) {
        @Override
        void parse(Fields f, SiteLine out) throws LineFormatException {
            out.chromosome = f.chromosome(0);
            out.position = f.position(1);
            out.strand = f.strand(2);
            out.context = f.text(3, "context");
            out.methylated = f.count(4, "mc_count");
            int total = f.count(5, "total");
            if (out.methylated > total) {
                throw new LineFormatException("column 5 (mc_count) " + out.methylated
                        + " exceeds column 6 (total) " + total);
            }
            out.unmethylated = total - out.methylated;
            f.count(6, "methylated call");
        }

        @Override
        boolean isHeader(Fields f) {
            return f.equalsAscii(0, "chr") && f.equalsAscii(1, "pos");
        }
    };

    private final String id;
    private final int columns;

    InputFormat(String id, int columns) {
        this.id = id;
        this.columns = columns;
    }

    /** Fills {@code out} from a line with exactly {@link #columns()} fields. */
    abstract void parse(Fields fields, SiteLine out) throws LineFormatException;

    /** Whether a line is the format's optional column-name header. */
    boolean isHeader(Fields fields) {
        return false;
    }

    public String id() {
        return id;
    }

    public int columns() {
        return columns;
    }

    /** The format with this many columns; formats are told apart by their width. */
    static InputFormat byColumns(int count) throws LineFormatException {
        for (InputFormat format : values()) {
            if (format.columns == count) {
                return format;
            }
        }
        // Fields stops splitting after MAX_FIELDS, so a larger count only says "more than that"
        String found = count > Fields.MAX_FIELDS ? "more than " + Fields.MAX_FIELDS : String.valueOf(count);
        throw new LineFormatException("unknown format: " + found + " tab-separated columns (expected "
                + Arrays.stream(values()).map(f -> f.columns + " for " + f.id).collect(Collectors.joining(", "))
                + "); name it with --format");
    }

    public static InputFormat fromId(String id) {
        for (InputFormat format : values()) {
            if (format.id.equals(id)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown format '" + id + "' (expected one of "
                + Arrays.stream(values()).map(InputFormat::id).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return id;
    }
}
