package org.methylstream.format;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What each line of a site file must give, restated independently of the parser: strings, regular expressions
 * and BigInteger instead of byte scanning and overflow arithmetic, so the property tests compare two
 * implementations of the README's rules rather than the parser with itself.
 */
public final class SiteOracle {
    /** Lines this long or longer (in bytes, a CR included) are refused without being read. */
    public static final int MAX_LINE = 1 << 20;
    private static final Pattern INTEGER = Pattern.compile("([+-]?)([0-9]+)");
    private static final BigInteger MAX_COUNT = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger MAX_POSITION = BigInteger.valueOf(Long.MAX_VALUE / 10);

    /** A site as the parser should fill it. */
    public record Site(String chromosome, long position, String strand, String context, int methylated,
                       int unmethylated) {
        public static Site of(SiteLine s) {
            return new Site(s.chromosome(), s.position(), s.strand(), s.context(), s.methylated(), s.unmethylated());
        }
    }

    /** What one data line gives: a site, or a refusal (site null) naming that line. */
    public record Outcome(long line, Site site) {
        public boolean refused() {
            return site == null;
        }
    }

    private SiteOracle() {
    }

    /** The outcome of every line that is neither blank nor a comment, in order; {@code text} is bytes as ISO-8859-1. */
    public static List<Outcome> outcomes(String text, InputFormat named) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // the text ended with a line end
        }
        List<Outcome> outcomes = new ArrayList<>();
        InputFormat format = named;
        boolean sawData = false;
        for (int i = 0; i < lines.size(); i++) {
            long number = i + 1;
            String line = lines.get(i);
            if (line.length() >= MAX_LINE) {
                outcomes.add(new Outcome(number, null));
                continue;
            }
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.chars().allMatch(c -> c == ' ' || c == '\t') || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (format == null) {
                format = switch (fields.length) {
                    case 4 -> InputFormat.SEED;
                    case 6 -> InputFormat.BISMARK;
                    case 7 -> InputFormat.ALLC;
                    default -> null;
                };
                if (format == null) {
                    outcomes.add(new Outcome(number, null));
                    continue;
                }
            }
            boolean first = !sawData;
            sawData = true;
            if (first && format == InputFormat.ALLC && fields.length >= 2 && fields[0].equals("chr")
                    && fields[1].equals("pos")) {
                continue;
            }
            outcomes.add(new Outcome(number, fields.length == format.columns() ? site(format, fields) : null));
        }
        return outcomes;
    }

    private static Site site(InputFormat format, String[] f) {
        switch (format) {
            case SEED: {
                Long position = position(f[1]);
                Integer methylated = count(f[2]);
                Integer unmethylated = count(f[3]);
                if (!printable(f[0]) || position == null || methylated == null || unmethylated == null
                        || (long) methylated + unmethylated > Integer.MAX_VALUE) {
                    return null;
                }
                return new Site(f[0], position, null, null, methylated, unmethylated);
            }
            case BISMARK: {
                Long start = position(f[1]);
                Long end = position(f[2]);
                Integer methylated = count(f[4]);
                Integer unmethylated = count(f[5]);
                if (!printable(f[0]) || start == null || end == null || end < start || !percent(f[3])
                        || methylated == null || unmethylated == null
                        || (long) methylated + unmethylated > Integer.MAX_VALUE) {
                    return null;
                }
                return new Site(f[0], start, null, null, methylated, unmethylated);
            }
            case ALLC: {
                Long position = position(f[1]);
                Integer methylated = count(f[4]);
                Integer total = count(f[5]);
                if (!printable(f[0]) || position == null || !(f[2].equals("+") || f[2].equals("-"))
                        || !printable(f[3]) || methylated == null || total == null || methylated > total
                        || count(f[6]) == null) {
                    return null;
                }
                return new Site(f[0], position, f[2], f[3], methylated, total - methylated);
            }
            default:
                throw new AssertionError(format);
        }
    }

    private static boolean printable(String field) {
        return !field.isEmpty() && field.chars().allMatch(c -> c > ' ' && c < 127);
    }

    private static BigInteger integer(String field, BigInteger max) {
        var m = INTEGER.matcher(field);
        if (!m.matches()) {
            return null;
        }
        BigInteger magnitude = new BigInteger(m.group(2));
        if (magnitude.compareTo(max) > 0) {
            return null;
        }
        return m.group(1).equals("-") ? magnitude.negate() : magnitude;
    }

    private static Long position(String field) {
        BigInteger value = integer(field, MAX_POSITION);
        return value == null || value.signum() < 1 ? null : value.longValueExact();
    }

    private static Integer count(String field) {
        BigInteger value = integer(field, MAX_COUNT);
        return value == null || value.signum() < 0 ? null : value.intValueExact();
    }

    private static boolean percent(String field) {
        try {
            double value = Double.parseDouble(field);
            return value >= 0 && value <= 100;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
