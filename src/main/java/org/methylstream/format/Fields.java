package org.methylstream.format;

import java.nio.charset.StandardCharsets;

/**
 * The tab-separated fields of one line, read straight from the byte buffer: no split, no per-field strings
 * except for text columns, and the chromosome name reused while it repeats (it does, for millions of lines).
 */
final class Fields {
    static final int MAX_FIELDS = 24;
    private static final int QUOTE_LIMIT = 40;

    private final int[] starts = new int[MAX_FIELDS + 1];
    private final int[] ends = new int[MAX_FIELDS + 1];
    private byte[] buf;
    private int count;
    private byte[] lastChromosome = new byte[0];
    private String lastChromosomeName = "";
    private String lastMotif = "";

    /** Splits [start, end) of buf at tabs; the count is capped just past {@link #MAX_FIELDS}. */
    void split(byte[] buf, int start, int end) {
        this.buf = buf;
        count = 0;
        int fieldStart = start;
        for (int i = start; i < end && count < MAX_FIELDS; i++) {
            if (buf[i] == '\t') {
                starts[count] = fieldStart;
                ends[count++] = i;
                fieldStart = i + 1;
            }
        }
        starts[count] = fieldStart;
        ends[count++] = end;
    }

    int size() {
        return count;
    }

    /**
     * Splits the last field further at runs of spaces: modkit before 0.3 separated its columns after the 10th by
     * spaces, so that genome browsers would load the file.
     */
    void splitLastAtSpaces() {
        int last = count - 1;
        int end = ends[last];
        int i = starts[last];
        count = last;
        while (i < end && count < MAX_FIELDS) {
            while (i < end && buf[i] == ' ') {
                i++;
            }
            int start = i;
            while (i < end && buf[i] != ' ') {
                i++;
            }
            if (start < i || count == last) {
                starts[count] = start;
                ends[count++] = i;
            }
        }
    }

    /** Whether field i holds a space, as modkit's older files do in their 10th column. */
    boolean hasSpace(int i) {
        for (int j = starts[i]; j < ends[i]; j++) {
            if (buf[j] == ' ') {
                return true;
            }
        }
        return false;
    }

    /** Whether field i is an unsigned decimal integer; for telling layouts apart, not for reading values. */
    boolean isDigits(int i) {
        if (starts[i] == ends[i]) {
            return false;
        }
        for (int j = starts[i]; j < ends[i]; j++) {
            if (buf[j] < '0' || buf[j] > '9') {
                return false;
            }
        }
        return true;
    }

    boolean startsWithAscii(int i, String text) {
        return ends[i] - starts[i] >= text.length() && sameAscii(starts[i], text.length(), text);
    }

    boolean equalsAscii(int i, String text) {
        return sameAscii(starts[i], ends[i] - starts[i], text);
    }

    String chromosome(int i) throws LineFormatException {
        int start = starts[i];
        int length = ends[i] - start;
        if (length == 0) {
            throw new LineFormatException("column " + (i + 1) + " (chromosome) is empty");
        }
        if (length == lastChromosome.length && sameBytes(start, lastChromosome)) {
            return lastChromosomeName;
        }
        requirePrintable(i, "chromosome");
        lastChromosome = java.util.Arrays.copyOfRange(buf, start, start + length);
        lastChromosomeName = new String(lastChromosome, StandardCharsets.US_ASCII);
        return lastChromosomeName;
    }

    /** Whether buf holds {@code bytes} from {@code start}; a plain loop, as names are short. */
    private boolean sameBytes(int start, byte[] bytes) {
        for (int j = 0; j < bytes.length; j++) {
            if (buf[start + j] != bytes[j]) {
                return false;
            }
        }
        return true;
    }

    /** Whether field i is {@code code}, or {@code code} followed by a comma, as modkit's column 4 ({@code m,CG,0}). */
    boolean isCode(int i, String code) {
        int length = ends[i] - starts[i];
        if (length < code.length() || (length > code.length() && buf[starts[i] + code.length()] != ',')) {
            return false;
        }
        return sameAscii(starts[i], code.length(), code);
    }

    /** The motif of a modkit code such as {@code m,CG,0} (here CG); null for a bare code such as {@code m}. */
    String motif(int i) throws LineFormatException {
        requireText(i, "modification code");

        int comma = -1;
        for (int j = starts[i]; j < ends[i]; j++) {
            if (buf[j] == ',') {
                comma = j;
                break;
            }
        }
        if (comma < 0) {
            return null;
        }
        int end = comma + 1;
        while (end < ends[i] && buf[end] != ',') {
            end++;
        }
        if (comma == starts[i] || end == comma + 1) {
            throw new LineFormatException("column " + (i + 1) + " (modification code) must be a code such as m "
                    + "or code,motif,offset such as m,CG,0, got " + quote(i));
        }
        int length = end - comma - 1;
        if (!sameAscii(comma + 1, length, lastMotif)) { // a file has one motif or a few: one string each run
            lastMotif = new String(buf, comma + 1, length, StandardCharsets.US_ASCII);
        }
        return lastMotif;
    }

    private boolean sameAscii(int from, int length, String text) {
        if (length != text.length()) {
            return false;
        }
        for (int j = 0; j < length; j++) {
            if (buf[from + j] != text.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    String text(int i, String name) throws LineFormatException {
        requireText(i, name);
        return new String(buf, starts[i], ends[i] - starts[i], StandardCharsets.US_ASCII);
    }

    /** Checks a text column that is not kept: not empty, printable ASCII without spaces. */
    void requireText(int i, String name) throws LineFormatException {
        if (ends[i] == starts[i]) {
            throw new LineFormatException("column " + (i + 1) + " (" + name + ") is empty");
        }
        requirePrintable(i, name);
    }

    String strand(int i) throws LineFormatException {
        return strand(i, "+", "-", false);
    }

    /** methylKit's strand: F (forward) is +, R (reverse) is -. */
    String forwardOrReverse(int i) throws LineFormatException {
        return strand(i, "F", "R", false);
    }

    /** A strand that may be unknown: {@code .} (strands combined) gives null. */
    String strandOrDot(int i) throws LineFormatException {
        return strand(i, "+", "-", true);
    }

    /** + or - for the field written as {@code plus} or {@code minus}; null for {@code .} when {@code dot}. */
    private String strand(int i, String plus, String minus, boolean dot) throws LineFormatException {
        if (equalsAscii(i, plus)) {
            return "+";
        }
        if (equalsAscii(i, minus)) {
            return "-";
        }
        if (dot && equalsAscii(i, ".")) {
            return null;
        }
        throw new LineFormatException("column " + (i + 1) + " (strand) must be " + plus + (dot ? ", " : " or ")
                + minus + (dot ? " or ." : "") + ", got " + quote(i));
    }

    /** A 1-based coordinate. */
    long position(int i) throws LineFormatException {
        long value = integer(i, "position", Long.MAX_VALUE / 10);
        if (value < 1) {
            throw new LineFormatException("column " + (i + 1) + " (position) must be at least 1 (positions are 1-based), got " + value);
        }
        return value;
    }

    /** A non-negative coordinate, as BED's 0-based starts and ends are. */
    long coordinate(int i, String name) throws LineFormatException {
        long value = integer(i, name, Long.MAX_VALUE / 10);
        if (value < 0) {
            throw new LineFormatException("column " + (i + 1) + " (" + name + ") is negative: " + value);
        }
        return value;
    }

    /** A read count: a non-negative integer that fits the 32-bit Avro field. */
    int count(int i, String name) throws LineFormatException {
        long value = integer(i, name, Integer.MAX_VALUE);
        if (value < 0) {
            throw new LineFormatException("column " + (i + 1) + " (" + name + ") is negative: " + value);
        }
        return (int) value;
    }

    /** A methylation percentage, checked for form and range; spaces around it (methylKit pads them) are allowed. */
    double percent(int i) throws LineFormatException {
        return percent(i, "percent");
    }

    double percent(int i, String name) throws LineFormatException {
        double value;
        try {
            value = Double.parseDouble(new String(buf, starts[i], ends[i] - starts[i], StandardCharsets.ISO_8859_1));
        } catch (NumberFormatException e) {
            throw new LineFormatException("column " + (i + 1) + " (" + name + ") is not a number: " + quote(i));
        }
        if (!(value >= 0 && value <= 100)) {
            throw new LineFormatException("column " + (i + 1) + " (" + name + ") must be between 0 and 100, got "
                    + quote(i));
        }
        return value;
    }


    void checkCoverage(int methylated, int unmethylated) throws LineFormatException {
        if ((long) methylated + unmethylated > Integer.MAX_VALUE) {
            throw new LineFormatException("coverage " + ((long) methylated + unmethylated)
                    + " (methylated + unmethylated) overflows a 32-bit count");
        }
    }

    private long integer(int i, String name, long max) throws LineFormatException {
        int start = starts[i];
        int end = ends[i];
        if (start == end) {
            throw new LineFormatException("column " + (i + 1) + " (" + name + ") is empty");
        }
        boolean negative = buf[start] == '-';
        int digits = negative || buf[start] == '+' ? start + 1 : start;
        if (digits == end) {
            throw new LineFormatException("column " + (i + 1) + " (" + name + ") is not an integer: " + quote(i));
        }
        long value = 0;
        for (int j = digits; j < end; j++) {
            int d = buf[j] - '0';
            if (d < 0 || d > 9) {
                throw new LineFormatException("column " + (i + 1) + " (" + name + ") is not an integer: " + quote(i));
            }
            if (value > (max - d) / 10) {
                throw new LineFormatException("column " + (i + 1) + " (" + name + ") " + quote(i)
                        + " overflows (at most " + max + ")");
            }
            value = value * 10 + d;
        }
        return negative ? -value : value;
    }

    private void requirePrintable(int i, String name) throws LineFormatException {
        for (int j = starts[i]; j < ends[i]; j++) {
            if (buf[j] <= ' ' || buf[j] >= 127) {
                throw new LineFormatException("column " + (i + 1) + " (" + name
                        + ") holds a space, control or non-ASCII character: " + quote(i));
            }
        }
    }

    /** The field for an error message: quoted, non-printables escaped, cut to a readable length. */
    String quote(int i) {
        StringBuilder out = new StringBuilder("'");
        int end = Math.min(ends[i], starts[i] + QUOTE_LIMIT);
        for (int j = starts[i]; j < end; j++) {
            int b = buf[j] & 0xff;
            if (b >= ' ' && b < 127 && b != '\'' && b != '\\') {
                out.append((char) b);
            } else {
                out.append(String.format("\\x%02x", b));
            }
        }
        if (end < ends[i]) {
            out.append("...");
        }
        return out.append('\'').toString();
    }
}
