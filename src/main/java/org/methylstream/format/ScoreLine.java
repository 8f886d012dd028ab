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
    private static final int CACHE_SIZE = 1 << 12;
    private static final String UNKNOWN_STRAND = ".";
    /** IUPAC for a C whose next two bases are not known: what allc says where the input had no context. */
    private static final String UNKNOWN_CONTEXT = "CNN";

    private final OutputFormat format;
    /**
     * Recently formatted doubles, direct-mapped by bit pattern: the same (k, n) pairs recur millions of times,
     * and formatting a double costs more than everything else on the line together.
     */
    private final long[] cachedBits = new long[CACHE_SIZE];
    private final String[] cachedText = new String[CACHE_SIZE];

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
        return site(new StringBuilder(64), chromosome, position, methylated, unmethylated).append(pythonRepr(pValue))
                .toString();
    }

    /** Appends one TSV line, without its newline. Not thread-safe: one instance per writer. */
    public StringBuilder appendTo(StringBuilder out, String chromosome, long position, int methylated,
                                  int unmethylated, double pValue) {
        return site(out, chromosome, position, methylated, unmethylated).append(cached(pValue));
    }

    /** Appends the site's line in this instance's format, without its newline. Not thread-safe. */
    public StringBuilder appendTo(StringBuilder out, TestedSite site) {
        return switch (format) {
            case TSV -> appendTo(out, site.chromosome(), site.position(), site.methylated(), site.unmethylated(),
                    site.pValue());
            case BED -> bed(out, site);
            case BEDGRAPH -> interval(out, site).append('\t').append(cached(site.minusLog10PValue()));
            case ALLC -> allc(out, site);
        };
    }

    /** Appends one more column after a line: a tab, then the value as Python prints it. */
    public static StringBuilder appendColumn(StringBuilder out, double value) {
        return out.append('\t').append(pythonRepr(value));
    }

    private static StringBuilder site(StringBuilder out, String chromosome, long position, int methylated,
                                      int unmethylated) {
        return out.append(chromosome).append('\t').append(position).append('\t').append(methylated).append('\t')
                .append(unmethylated).append('\t');
    }

    /** {@code chrom start end}: BED's 0-based, half-open interval of the site's bases. */
    private static StringBuilder interval(StringBuilder out, TestedSite site) {
        long start = site.position() - 1;
        return out.append(site.chromosome()).append('\t').append(start).append('\t').append(start + site.span());
    }

    private StringBuilder bed(StringBuilder out, TestedSite site) {
        double minusLog10P = site.minusLog10PValue();
        // BED's score is an integer 0..1000 (browsers shade by it): -10 log10 p, a Phred scale, saturating at 1e-100
        long score = Math.max(0, Math.min(1000, Math.round(10 * minusLog10P)));
        interval(out, site).append('\t').append(site.sample()).append(':').append(site.chromosome()).append(':')
                .append(site.position()).append('\t').append(score).append('\t');
        // a merged CpG is both strands' Cs
        String strand = site.span() == 1 ? site.strand() : null;
        out.append(strand != null ? strand : UNKNOWN_STRAND).append('\t').append(site.methylated()).append('\t')
                .append(site.unmethylated()).append('\t').append(cached(site.pValue())).append('\t');
        return out.append(cached(minusLog10P));
    }

    private static StringBuilder allc(StringBuilder out, TestedSite site) {
        // methylpy keeps a merged CpG at its + strand C, as its and ALLCools' strand merging do
        String strand = site.span() == 1 ? site.strand() : "+";
        String context = site.context();
        return out.append(site.chromosome()).append('\t').append(site.position()).append('\t')
                .append(strand != null ? strand : UNKNOWN_STRAND).append('\t')
                .append(context != null ? context : UNKNOWN_CONTEXT).append('\t').append(site.methylated())
                .append('\t').append(site.methylated() + site.unmethylated()).append('\t')
                .append(site.significant() ? '1' : '0');
    }

    private String cached(double value) {
        long bits = Double.doubleToRawLongBits(value);
        int slot = (int) (bits ^ (bits >>> 29) ^ (bits >>> 41)) & (CACHE_SIZE - 1);
        String text = cachedText[slot];
        if (text == null || cachedBits[slot] != bits) {
            text = pythonRepr(value);
            cachedText[slot] = text;
            cachedBits[slot] = bits;
        }
        return text;
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
