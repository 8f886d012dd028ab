package org.methylstream.format;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The site file layouts methylstream reads. Each knows its tab-separated columns; all share the field
 * rules (integers, non-negative counts, coverage within 32 bits), so each format has exactly one parser: a function
 * of one line, with no state carried from line to line. Positions are 1-based in every parsed site.
 */
public enum InputFormat {
    /** The seed script's input: {@code chrom pos methylated unmethylated}. */
    SEED("seed", 4, false, false) {
        @Override
        boolean parse(Fields f, SiteLine out, InputSettings settings) throws LineFormatException {
            out.chromosome = f.chromosome(0);
            out.position = f.position(1);
            out.strand = null;
            out.context = null;
            counts(f, 2, out);
            return true;
        }
    },
    /** Bismark coverage ({@code .cov}): {@code chrom start end percent methylated unmethylated}, 1-based. */
    BISMARK("bismark", 6, false, false) {
        @Override
        boolean parse(Fields f, SiteLine out, InputSettings settings) throws LineFormatException {
            out.chromosome = f.chromosome(0);
            out.position = f.position(1);
            long end = f.position(2);
            if (end < out.position) {
                throw new LineFormatException("column 3 (end) " + end + " is before column 2 (start) " + out.position);
            }
            f.percent(3);
            out.strand = null;
            out.context = null;
            counts(f, 4, out);
            return true;
        }
    },
    /** methylpy allc: {@code chrom pos strand context mc_count total methylated_call}, 1-based. */
    ALLC("allc", 7, true, true) {
        @Override
        boolean parse(Fields f, SiteLine out, InputSettings settings) throws LineFormatException {
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
            return true;
        }

        @Override
        boolean isHeader(Fields f) {
            return f.size() > 1 && f.equalsAscii(0, "chr") && f.equalsAscii(1, "pos");
        }
    },
    /**
     * modkit {@code pileup} bedMethyl: 18 columns, 0-based half-open; column 4 the modification code ({@code m},
     * {@code h}, or with a motif {@code m,CG,0}), 6 the strand ({@code .} when combined), 12 N_mod, 13 N_canonical,
     * 14 N_other_mod. Rows of other codes than {@link InputSettings#modCode} are skipped (the reader counts them).
     */
    BEDMETHYL("bedmethyl", 18, true, true) {
        @Override
        boolean parse(Fields f, SiteLine out, InputSettings settings) throws LineFormatException {
            bedSite(f, out, 1, "1: a bedMethyl row is one base");
            out.context = f.motif(3);
            f.count(4, "score");
            out.strand = f.strandOrDot(5);
            f.coordinate(6, "thick start");
            f.coordinate(7, "thick end");
            f.requireText(8, "color");
            int valid = f.count(9, "N_valid_cov");
            f.percent(10, "percent modified");
            int modified = f.count(11, "N_mod");
            int canonical = f.count(12, "N_canonical");
            int otherMod = f.count(13, "N_other_mod");
            for (int i = 14; i < 18; i++) {
                f.count(i, TRAILING_COUNTS[i - 14]);
            }
            if ((long) modified + canonical + otherMod != valid) {
                throw new LineFormatException("column 10 (N_valid_cov) " + valid + " is not N_mod + N_canonical + "
                        + "N_other_mod (columns 12-14: " + modified + " + " + canonical + " + " + otherMod + ")");
            }
            out.methylated = modified;
            out.unmethylated = settings.otherModAsUnmethylated() ? canonical + otherMod : canonical;
            return f.isCode(3, settings.modCode());
        }

        @Override
        void prepare(Fields f) {
            if (f.size() == OLD_MODKIT_COLUMNS && f.hasSpace(OLD_MODKIT_COLUMNS - 1)) {
                f.splitLastAtSpaces();
            }
        }

        @Override
        boolean isHeader(Fields f) {
            return f.size() > 1 && f.equalsAscii(0, "chrom") && !f.isDigits(1);
        }
    },
    /**
     * Bismark's genome-wide cytosine report ({@code CpG_report.txt}, {@code CX_report.txt}) and MethylDackel's
     * {@code --cytosine_report}: {@code chrom pos strand methylated unmethylated context trinucleotide}, 1-based,
     * every C of the genome including those no read covers (0 + 0: valid, never tested).
     */
    CYTOSINE_REPORT("cytosine-report", 7, true, true) {
        @Override
        boolean parse(Fields f, SiteLine out, InputSettings settings) throws LineFormatException {
            out.chromosome = f.chromosome(0);
            out.position = f.position(1);
            out.strand = f.strand(2);
            counts(f, 3, out);
            out.context = f.text(5, "context");
            f.requireText(6, "trinucleotide");
            return true;
        }
    },
    /**
     * MethylDackel bedGraph: an optional {@code track} line, then {@code chrom start end percent methylated
     * unmethylated}, 0-based half-open; a CpG merged by {@code --mergeContext} spans 2 bases.
     */
    BEDGRAPH("bedgraph", 6, false, false) {
        @Override
        boolean parse(Fields f, SiteLine out, InputSettings settings) throws LineFormatException {
            out.span = bedSite(f, out, 2, "1, or + 2 for a CpG merged by --mergeContext");
            f.percent(3);
            out.strand = null;
            out.context = null;
            counts(f, 4, out);
            return true;
        }

        @Override
        boolean isHeader(Fields f) {
            return isTrackLine(f);
        }
    },
    /**
     * methylKit text (also MethylDackel {@code --methylKit}): a header, then {@code chrBase chr base strand coverage
     * freqC freqT}, 1-based, strand F or R, percentages with two decimals, possibly space-padded. The methylated
     * count is round(coverage * freqC / 100), as methylKit itself computes it.
     */
    METHYLKIT("methylkit", 7, true, false) {
        @Override
        boolean parse(Fields f, SiteLine out, InputSettings settings) throws LineFormatException {
            f.requireText(0, "chrBase");
            out.chromosome = f.chromosome(1);
            out.position = f.position(2);
            out.strand = f.forwardOrReverse(3);
            out.context = null;
            int coverage = f.count(4, "coverage");
            double freqC = f.percent(5, "freqC");
            double freqT = f.percent(6, "freqT");
            if (coverage > 0 && Math.abs(freqC + freqT - 100) > PERCENT_ROUNDING) {
                throw new LineFormatException("columns 6 and 7 (freqC " + freqC + ", freqT " + freqT
                        + ") must add up to 100");
            }
            out.methylated = (int) Math.round(coverage * freqC / 100);
            out.unmethylated = coverage - out.methylated;
            return true;
        }

        @Override
        boolean isHeader(Fields f) {
            return f.equalsAscii(0, "chrBase");
        }
    };

    /** modkit before 0.3: the first 10 columns tab-separated, the rest separated by spaces inside the 10th. */
    private static final int OLD_MODKIT_COLUMNS = 10;
    private static final String[] TRAILING_COUNTS = {"N_delete", "N_fail", "N_diff", "N_nocall"};
    /** freqC and freqT are each rounded to two decimals, so their sum may be off 100 by up to 0.01. */
    private static final double PERCENT_ROUNDING = 0.0101;

    /**
     * A format told from a file's first data line, and what told it, for the summary; the reason is null for the
     * 4-column form, methylstream's own, which there is nothing to tell apart from.
     */
    public record Detection(InputFormat format, String reason) {
    }

    private final String id;
    private final int columns;
    private final boolean strand;
    private final boolean context;

    InputFormat(String id, int columns, boolean strand, boolean context) {
        this.id = id;
        this.columns = columns;
        this.strand = strand;
        this.context = context;
    }

    /**
     * Fills {@code out} from a line with exactly {@link #columns()} fields.
     *
     * @return false for a valid line that the settings leave out (a bedMethyl row of another modification code)
     */
    abstract boolean parse(Fields fields, SiteLine out, InputSettings settings) throws LineFormatException;

    /**
     * A BED row's chromosome and 0-based half-open start and end (columns 1-3): the site at start + 1.
     *
     * @param widest the most bases a row may cover
     * @param rule   what end must be, after "column 2 (start) + ", for the message
     * @return the bases the row covers
     */
    private static int bedSite(Fields f, SiteLine out, int widest, String rule) throws LineFormatException {
        out.chromosome = f.chromosome(0);
        long start = f.coordinate(1, "start");
        long end = f.coordinate(2, "end");
        if (end <= start || end - start > widest) {
            throw new LineFormatException("column 3 (end) " + end + " must be column 2 (start) + " + rule
                    + ", got start " + start);
        }
        out.position = start + 1;
        return (int) (end - start);
    }

    /** The methylated reads in column {@code column}, the unmethylated in the next; their sum within 32 bits. */
    private static void counts(Fields f, int column, SiteLine out) throws LineFormatException {
        out.methylated = f.count(column, "methylated");
        out.unmethylated = f.count(column + 1, "unmethylated");
        f.checkCoverage(out.methylated, out.unmethylated);
    }

    /** Brings a line to the format's columns where an older writer laid them out otherwise. */
    void prepare(Fields fields) {
    }

    /** Whether a line is the format's optional column-name header (or track line). */
    boolean isHeader(Fields fields) {
        return false;
    }

    public String id() {
        return id;
    }

    public int columns() {
        return columns;
    }

    /** Whether the layout has a strand column: {@code --merge-cpg} needs one. */
    public boolean hasStrand() {
        return strand;
    }

    /** Whether the layout has a context column (bedMethyl: the motif of column 4): {@code --context} needs one. */
    public boolean hasContext() {
        return context;
    }

    /**
     * The format of a file whose first data (or header) line this is. Widths tell most formats apart; the two
     * 6-column ones by their coordinates (Bismark coverage: start = end, 1-based; MethylDackel bedGraph: end =
     * start + 1 or + 2, 0-based), the three 7-column ones by column 4 (allc: a context; cytosine report: a count;
     * methylKit: the strand F or R).
     *
     * @throws LineFormatException when the line fits no format, with the reason; the next line is tried then
     */
    static Detection detect(Fields f) throws LineFormatException {
        if (isTrackLine(f)) {
            return new Detection(BEDGRAPH, "a track line: MethylDackel bedGraph, 0-based");
        }
        switch (f.size()) {
            case 4:
                return new Detection(SEED, null);
            case 6:
                return sixColumns(f);
            case 7:
                if (METHYLKIT.isHeader(f) || f.equalsAscii(3, "F") || f.equalsAscii(3, "R")) {
                    return new Detection(METHYLKIT, "7 columns, strand F/R: methylKit");
                }
                if (f.isDigits(3)) {
                    return new Detection(CYTOSINE_REPORT, "7 columns, column 4 a count: cytosine report");
                }
                return new Detection(ALLC, "7 columns, column 4 a context: allc");
            case 18:
                return new Detection(BEDMETHYL, "18 columns: modkit bedMethyl");
            case OLD_MODKIT_COLUMNS:
                if (f.hasSpace(OLD_MODKIT_COLUMNS - 1)) {
                    return new Detection(BEDMETHYL, "modkit bedMethyl before 0.3 (space-separated after column 10)");
                }
                break;
            default:
                break;
        }
        // Fields stops splitting after MAX_FIELDS, so a larger count only says "more than that"
        String found = f.size() > Fields.MAX_FIELDS ? "more than " + Fields.MAX_FIELDS : String.valueOf(f.size());
        throw new LineFormatException("unknown format: " + found + " tab-separated columns (expected 4 for seed; 6 for"
                + " bismark or bedgraph; 7 for allc, cytosine-report or methylkit; 18 for bedmethyl); name it with"
                + " --format");
    }

    private static Detection sixColumns(Fields f) throws LineFormatException {
        if (f.isDigits(1) && f.isDigits(2)) {
            long start = f.coordinate(1, "start");
            long end = f.coordinate(2, "end");
            if (end == start) {
                return new Detection(BISMARK, "6 columns, start = end: Bismark coverage, 1-based");
            }
            if (end == start + 1 || end == start + 2) {
                return new Detection(BEDGRAPH, "6 columns, end = start + " + (end - start)
                        + ": MethylDackel bedGraph, 0-based");
            }
        }
        throw new LineFormatException("6 columns, but columns 2 and 3 (start, end) fit neither Bismark coverage "
                + "(start = end, 1-based) nor MethylDackel bedGraph (end = start + 1, or + 2 with --mergeContext, "
                + "0-based): got " + f.quote(1) + " and " + f.quote(2) + "; name the layout with --format");
    }

    private static boolean isTrackLine(Fields f) {
        return f.startsWithAscii(0, "track ") || f.equalsAscii(0, "track");
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
