package org.methylstream.control;

/**
 * A contig, or a range of it, known to be unmethylated (a lambda or pUC19 spike-in, chrM, chrC): every methylated
 * call in it is a non-conversion or sequencing error. Written {@code CONTIG}, {@code CONTIG:} (methylpy's form) or
 * {@code CONTIG:START-END} (1-based, inclusive).
 *
 * <p>Names match with or without a leading {@code chr}: {@code chrL} is the contig {@code chrL} and also {@code L},
 * as methylpy (which strips {@code chr} from the names it writes, and from its control's name) calls it. So a
 * control given the way either tool is used finds its sites in files of either naming.
 *
 * @param contig as given
 * @param start  first position, 1 when the whole contig
 * @param end    last position, {@link Long#MAX_VALUE} when the whole contig
 */
public record ControlRegion(String contig, long start, long end) {
    public ControlRegion {
        if (contig == null || bare(contig).isEmpty()) {
            throw new IllegalArgumentException("a control needs a contig name");
        }
        if (start < 1 || end < start) {
            throw new IllegalArgumentException("control " + contig + ": the range must be START-END with 1 <= START"
                    + " <= END, got " + start + "-" + end);
        }
    }

    /**
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    public static ControlRegion parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0 || colon == text.length() - 1) {
            return new ControlRegion(colon < 0 ? text : text.substring(0, colon), 1, Long.MAX_VALUE);
        }
        String range = text.substring(colon + 1);
        int dash = range.indexOf('-');
        try {
            if (dash < 0) {
                throw new NumberFormatException();
            }
            return new ControlRegion(text.substring(0, colon), Long.parseLong(range.substring(0, dash).replace(",", "")),
                    Long.parseLong(range.substring(dash + 1).replace(",", "")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("control " + text + ": expected CONTIG, CONTIG: or CONTIG:START-END");
        }
    }

    /** Whether this region names the chromosome, {@code chr} prefix or not. */
    public boolean names(String chromosome) {
        return bare(contig).equals(bare(chromosome));
    }

    public boolean covers(long position) {
        return position >= start && position <= end;
    }

    @Override
    public String toString() {
        return end == Long.MAX_VALUE ? contig : contig + ":" + start + "-" + end;
    }

    private static String bare(String name) {
        return name.startsWith("chr") ? name.substring(3) : name;
    }
}
