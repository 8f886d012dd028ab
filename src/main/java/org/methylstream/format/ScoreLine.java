package org.methylstream.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The output lines of {@code score}, the file sink and {@code watch}, one method per {@link OutputFormat}. The
 * default, {@link OutputFormat#TSV}, is the seed script's {@code chrom pos count1 count2 p_value}, tab-separated,
 * with the p-value in Python's {@code str(float)} notation so old and new results diff cleanly. Numbers are
 * printed that way in every layout.
 */
public final class ScoreLine {
    private static final byte[] UNKNOWN_STRAND = {'.'};
    /** IUPAC for a C whose next two bases are not known: what allc says where the input had no context. */
    private static final byte[] UNKNOWN_CONTEXT = {'C', 'N', 'N'};

    private final OutputFormat format;
    /**
     * Doubles formatted before: the same (k, n) pairs, hence the same p-values, recur millions of times, and
     * formatting a double costs more than everything else on the line together.
     */
    private final DoubleTexts texts = new DoubleTexts();
    /** Where the lines of the {@link StringBuilder} methods are made. */
    private final LineBuffer scratch = new LineBuffer(128);

    /** Lines in the seed's TSV layout. */
    public ScoreLine() {
        this(OutputFormat.TSV);
    }

    public ScoreLine(OutputFormat format) {
        this.format = Objects.requireNonNull(format, "format");
    }

    public OutputFormat format() {
        return format;
    }

    /** One TSV line, without its newline. For many lines, reuse an instance and {@link #appendTo}: it caches. */
    public static String format(String chromosome, long position, int methylated, int unmethylated, double pValue) {
        return site(new LineBuffer(64), chromosome, position, methylated, unmethylated).text(pythonRepr(pValue))
                .toString();
    }

    /** Appends one TSV line, without its newline. Not thread-safe: one instance per writer. */
    public StringBuilder appendTo(StringBuilder out, String chromosome, long position, int methylated,
                                  int unmethylated, double pValue) {
        scratch.clear();
        return out.append(appendTo(scratch, chromosome, position, methylated, unmethylated, pValue).toString());
    }

    /** Appends the site's line in this instance's format, without its newline. Not thread-safe. */
    public StringBuilder appendTo(StringBuilder out, TestedSite site) {
        scratch.clear();
        return out.append(appendTo(scratch, site).toString());
    }

    /** Appends one TSV line as bytes, without its newline. Not thread-safe. */
    public LineBuffer appendTo(LineBuffer out, String chromosome, long position, int methylated, int unmethylated,
                               double pValue) {
        return site(out, chromosome, position, methylated, unmethylated).bytes(texts.of(pValue));
    }

    private static LineBuffer site(LineBuffer out, String chromosome, long position, int methylated,
                                   int unmethylated) {
        return out.text(chromosome).tab().decimal(position).tab().decimal(methylated).tab().decimal(unmethylated)
                .tab();
    }

    /** Appends the site's line in this instance's format as bytes, without its newline. Not thread-safe. */
    public LineBuffer appendTo(LineBuffer out, TestedSite site) {
        if (format == OutputFormat.TSV) { // the common case, kept small enough to be inlined where it is called
            return appendTo(out, site.chromosome(), site.position(), site.methylated(), site.unmethylated(),
                    site.pValue());
        }
        return otherFormat(out, site);
    }

    private LineBuffer otherFormat(LineBuffer out, TestedSite site) {
        return switch (format) {
            case TSV -> throw new AssertionError("tsv is written by appendTo");
            case BED -> bed(out, site);
            case BEDGRAPH -> interval(out, site).tab().bytes(texts.of(site.minusLog10PValue()));
            case ALLC -> allc(out, site);
        };
    }

    /** Appends one more column after a line: a tab, then the value as Python prints it. */
    public static StringBuilder appendColumn(StringBuilder out, double value) {
        return out.append('\t').append(pythonRepr(value));
    }

    /** As {@link #appendColumn(StringBuilder, double)}, into bytes, with the texts this instance cached. */
    public LineBuffer appendColumn(LineBuffer out, double value) {
        return out.tab().bytes(texts.of(value));
    }

    /** {@code chrom start end}: BED's 0-based, half-open interval of the site's bases. */
    private static LineBuffer interval(LineBuffer out, TestedSite site) {
        long start = site.position() - 1;
        return out.text(site.chromosome()).tab().decimal(start).tab().decimal(start + site.span());
    }

    private LineBuffer bed(LineBuffer out, TestedSite site) {
        double minusLog10P = site.minusLog10PValue();
        // BED's score is an integer 0..1000 (browsers shade by it): -10 log10 p, a Phred scale, saturating at 1e-100
        long score = Math.max(0, Math.min(1000, Math.round(10 * minusLog10P)));
        interval(out, site).tab().text(site.sample()).ascii(':').text(site.chromosome()).ascii(':')
                .decimal(site.position()).tab().decimal(score).tab();
        // a merged CpG is both strands' Cs
        String strand = site.span() == 1 ? site.strand() : null;
        (strand != null ? out.text(strand) : out.bytes(UNKNOWN_STRAND)).tab().decimal(site.methylated()).tab()
                .decimal(site.unmethylated()).tab().bytes(texts.of(site.pValue())).tab();
        return out.bytes(texts.of(minusLog10P));
    }

    private static LineBuffer allc(LineBuffer out, TestedSite site) {
        // methylpy keeps a merged CpG at its + strand C, as its and ALLCools' strand merging do
        String strand = site.span() == 1 ? site.strand() : "+";
        String context = site.context();
        out.text(site.chromosome()).tab().decimal(site.position()).tab();
        (strand != null ? out.text(strand) : out.bytes(UNKNOWN_STRAND)).tab();
        (context != null ? out.text(context) : out.bytes(UNKNOWN_CONTEXT)).tab().decimal(site.methylated()).tab()
                .decimal(site.methylated() + site.unmethylated()).tab();
        return out.ascii(site.significant() ? '1' : '0');
    }

    /**
     * The Python text of doubles, by bit pattern, in an open-addressing table that grows to {@link #MOST} entries
     * and is emptied when full: a file has a few thousand distinct p-values, and a direct-mapped cache of that size
     * missed often enough to spend a tenth of the time formatting.
     */
    private static final class DoubleTexts {
        private static final int MOST = 1 << 15;
        private long[] bits = new long[1 << 12];
        private byte[][] texts = new byte[bits.length][];
        private int size;

        byte[] of(double value) {
            long key = Double.doubleToRawLongBits(value);
            int mask = bits.length - 1;
            int slot = slot(key, mask);
            while (texts[slot] != null) {
                if (bits[slot] == key) {
                    return texts[slot];
                }
                slot = (slot + 1) & mask;
            }
            byte[] text = pythonRepr(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            if (2 * (size + 1) > bits.length) {
                if (bits.length < MOST) {
                    grow();
                } else {
                    java.util.Arrays.fill(texts, null);
                    size = 0;
                }
                return of(value, text);
            }
            bits[slot] = key;
            texts[slot] = text;
            size++;
            return text;
        }

        private byte[] of(double value, byte[] text) {
            long key = Double.doubleToRawLongBits(value);
            int mask = bits.length - 1;
            int slot = slot(key, mask);
            while (texts[slot] != null) {
                slot = (slot + 1) & mask;
            }
            bits[slot] = key;
            texts[slot] = text;
            size++;
            return text;
        }

        private void grow() {
            long[] oldBits = bits;
            byte[][] oldTexts = texts;
            bits = new long[oldBits.length * 2];
            texts = new byte[bits.length][];
            size = 0;
            for (int i = 0; i < oldBits.length; i++) {
                if (oldTexts[i] != null) {
                    of(Double.longBitsToDouble(oldBits[i]), oldTexts[i]);
                }
            }
        }

        private static int slot(long key, int mask) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32)) & mask;
        }
    }

    /** A double as Python's repr prints it: shortest round-trip digits, {@code 1e-05}, {@code 0.0001}, {@code 1.0}. */
    public static String pythonRepr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0.0" : "0.0";
        }
        double abs = Math.abs(value);
        String java = Double.toString(abs);
        int e = java.indexOf('E');
        int exponent = e < 0 ? 0 : Integer.parseInt(java.substring(e + 1));
        String mantissa = e < 0 ? java : java.substring(0, e);
        int dot = mantissa.indexOf('.');
        String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        int point = dot + exponent; // value = 0.digits * 10^point
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
            point--;
        }
        int trail = digits.length();
        while (trail > lead + 1 && digits.charAt(trail - 1) == '0') {
            trail--;
        }
        digits = digits.substring(lead, trail);
        if (abs >= 0x1p53 || digits.length() > 1 && shorterRoundTrips(abs, digits, point)) {
            // JDK 17's Double.toString sometimes prints more digits than needed (subnormals, powers of two),
            // and above 2^53 even a wrong last digit (JDK-4511638, fixed in JDK 19); Python prints the shortest
            // round trip, closest to the value. P-values never reach 2^53, so only the rare short form is slow.
            BigDecimal shortest = shortestRoundTrip(abs);
            digits = shortest.unscaledValue().toString();
            point = digits.length() - shortest.scale();
        }

        StringBuilder out = new StringBuilder(24);
        if (value < 0) {
            out.append('-');
        }
        if (point > -4 && point <= 16) {
            if (point <= 0) {
                out.append("0.").append("0".repeat(-point)).append(digits);
            } else if (point >= digits.length()) {
                out.append(digits).append("0".repeat(point - digits.length())).append(".0");
            } else {
                out.append(digits, 0, point).append('.').append(digits, point, digits.length());
            }
            return out.toString();
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        int shown = point - 1;
        out.append(shown < 0 ? "e-" : "e+");
        if (Math.abs(shown) < 10) {
            out.append('0');
        }
        return out.append(Math.abs(shown)).toString();
    }

    /** Whether a decimal one digit shorter than {@code digits} (0.digits x 10^point) reads back as {@code value}. */
    private static boolean shorterRoundTrips(double value, String digits, int point) {
        // if any shorter decimal round-trips, so does the truncation or its successor: the values that read
        // back as {@code value} form an interval holding both it and the longer digits
        String truncated = digits.substring(0, digits.length() - 1);
        int exponent = point - truncated.length();
        if (Double.parseDouble(truncated + "E" + exponent) == value) {
            return true;
        }
        return Double.parseDouble((Long.parseLong(truncated) + 1) + "E" + exponent) == value; // at most 17 digits
    }

    /** Python's choice: the fewest significant digits that read back as {@code value}, then the closest. */
    private static BigDecimal shortestRoundTrip(double value) {
        BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal best = null;
            // nearest first; floor and ceiling for the lopsided interval just above a power of two
            for (RoundingMode mode : new RoundingMode[] {RoundingMode.HALF_EVEN, RoundingMode.FLOOR, RoundingMode.CEILING}) {
                BigDecimal candidate = exact.round(new MathContext(precision, mode));
                if (candidate.doubleValue() == value && (best == null
                        || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                    best = candidate;
                }
            }
            if (best != null) {
                return best.stripTrailingZeros();
            }
        }
        throw new AssertionError("17 significant digits always round-trip: " + value);
    }
}
