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

    /**
     * The outcome of every line that is neither blank, a comment, a header nor a bedMethyl row of another code than
     * {@code m}, in order; {@code text} is bytes as ISO-8859-1.
     */
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
                format = detected(fields);
                if (format == null) {
                    outcomes.add(new Outcome(number, null));
                    continue;
                }
            }
            boolean first = !sawData;
            sawData = true;
            if (format == InputFormat.BEDMETHYL && fields.length == 10 && fields[9].contains(" ")) {
                fields = oldModkitColumns(fields);
            }
            if (first && isHeader(format, fields)) {
                continue;
            }
            if (fields.length != format.columns()) {
                outcomes.add(new Outcome(number, null));
                continue;
            }
            Site site = site(format, fields);
            if (site != OTHER_CODE) {
                outcomes.add(new Outcome(number, site));
            }
        }
        return outcomes;
    }

    /** A bedMethyl row of another modification code than m: skipped, no outcome. */
    private static final Site OTHER_CODE = new Site("", 0, null, null, 0, 0);

    /** The README's detection rules; null when the line fits none (it is refused, the next line tries again). */
    private static InputFormat detected(String[] f) {
        if (isTrack(f[0])) {
            return InputFormat.BEDGRAPH;
        }
        switch (f.length) {
            case 4:
                return InputFormat.SEED;
            case 6: {
                Long start = coordinate(f[1]);
                Long end = coordinate(f[2]);
                if (!digits(f[1]) || !digits(f[2]) || start == null || end == null) {
                    return null;
                }
                return end.equals(start) ? InputFormat.BISMARK
                        : end == start + 1 || end == start + 2 ? InputFormat.BEDGRAPH : null;
            }
            case 7:
                if (f[0].equals("chrBase") || f[3].equals("F") || f[3].equals("R")) {
                    return InputFormat.METHYLKIT;
                }
                return digits(f[3]) ? InputFormat.CYTOSINE_REPORT : InputFormat.ALLC;
            case 18:
                return InputFormat.BEDMETHYL;
            case 10:
                return f[9].contains(" ") ? InputFormat.BEDMETHYL : null;
            default:
                return null;
        }
    }

    private static boolean isHeader(InputFormat format, String[] f) {
        return switch (format) {
            case ALLC -> f.length >= 2 && f[0].equals("chr") && f[1].equals("pos");
            case BEDMETHYL -> f.length >= 2 && f[0].equals("chrom") && !digits(f[1]);
            case BEDGRAPH -> isTrack(f[0]);
            case METHYLKIT -> f[0].equals("chrBase");
            default -> false;
        };
    }

    private static boolean isTrack(String field) {
        return field.equals("track") || field.startsWith("track ");
    }

    private static boolean digits(String field) {
        return field.matches("[0-9]+");
    }

    /** modkit before 0.3: the 10th column holds the last nine, separated by runs of spaces. */
    private static String[] oldModkitColumns(String[] f) {
        List<String> columns = new ArrayList<>(List.of(f).subList(0, 9));
        String rest = f[9].replaceAll("^ +| +$", "");
        columns.addAll(List.of(rest.split(" +", -1)));
        return columns.toArray(String[]::new);
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
            case BEDMETHYL:
                return bedMethyl(f);
            case CYTOSINE_REPORT: {
                Long position = position(f[1]);
                Integer methylated = count(f[3]);
                Integer unmethylated = count(f[4]);
                if (!printable(f[0]) || position == null || !(f[2].equals("+") || f[2].equals("-"))
                        || methylated == null || unmethylated == null
                        || (long) methylated + unmethylated > Integer.MAX_VALUE || !printable(f[5])
                        || !printable(f[6])) {
                    return null;
                }
                return new Site(f[0], position, f[2], f[5], methylated, unmethylated);
            }
            case BEDGRAPH: {
                Long start = coordinate(f[1]);
                Long end = coordinate(f[2]);
                Integer methylated = count(f[4]);
                Integer unmethylated = count(f[5]);
                if (!printable(f[0]) || start == null || end == null || !(end == start + 1 || end == start + 2)
                        || !percent(f[3]) || methylated == null || unmethylated == null
                        || (long) methylated + unmethylated > Integer.MAX_VALUE) {
                    return null;
                }
                return new Site(f[0], start + 1, null, null, methylated, unmethylated);
            }
            case METHYLKIT: {
                Long position = position(f[2]);
                Integer coverage = count(f[4]);
                if (!printable(f[0]) || !printable(f[1]) || position == null || !(f[3].equals("F") || f[3].equals("R"))
                        || coverage == null || !percent(f[5]) || !percent(f[6])) {
                    return null;
                }
                double freqC = Double.parseDouble(f[5]);
                double freqT = Double.parseDouble(f[6]);
                if (coverage > 0 && Math.abs(freqC + freqT - 100) > 0.0101) {
                    return null;
                }
                int methylated = (int) Math.round(coverage * freqC / 100);
                return new Site(f[1], position, f[3].equals("F") ? "+" : "-", null, methylated, coverage - methylated);
            }
            default:
                throw new AssertionError(format);
        }
    }

    private static Site bedMethyl(String[] f) {
        Long start = coordinate(f[1]);
        Long end = coordinate(f[2]);
        String code = f[3];
        int comma = code.indexOf(',');
        String motif = null;
        if (comma >= 0) {
            int next = code.indexOf(',', comma + 1);
            motif = code.substring(comma + 1, next < 0 ? code.length() : next);
        }
        Integer[] counts = new Integer[18];
        for (int i : new int[] {4, 9, 11, 12, 13, 14, 15, 16, 17}) {
            counts[i] = count(f[i]);
        }
        boolean countsValid = java.util.Arrays.stream(new int[] {4, 9, 11, 12, 13, 14, 15, 16, 17})
                .allMatch(i -> counts[i] != null);
        if (!printable(f[0]) || start == null || end == null || end != start + 1 || !printable(code)
                || (comma >= 0 && (comma == 0 || motif.isEmpty()))
                || !(f[5].equals("+") || f[5].equals("-") || f[5].equals(".")) || coordinate(f[6]) == null
                || coordinate(f[7]) == null || !printable(f[8]) || !percent(f[10]) || !countsValid
                || (long) counts[11] + counts[12] + counts[13] != counts[9]) {
            return null;
        }
        if (!(code.equals("m") || code.startsWith("m,"))) {
            return OTHER_CODE;
        }
        return new Site(f[0], start + 1, f[5].equals(".") ? null : f[5], motif, counts[11], counts[12]);
    }

    private static Long coordinate(String field) {
        BigInteger value = integer(field, MAX_POSITION);
        return value == null || value.signum() < 0 ? null : value.longValueExact();
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
