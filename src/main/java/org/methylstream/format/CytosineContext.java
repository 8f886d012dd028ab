package org.methylstream.format;

import java.util.Locale;

/**
 * The three cytosine contexts methylation is reported in: CG, CHG and CHH (H = A, C or T). Formats name them in their
 * own ways (allc's trinucleotides such as CGA or CAG, the cytosine report's CG/CHG/CHH, dnmtools' CpG/CXG, modkit's
 * motifs); {@link #of} maps each to one of the three ({@link SequenceContext#of}, the one mapping), for selecting
 * sites ({@code --context}) and for statistics.
 */
public final class CytosineContext {
    public static final String CG = "CG";
    public static final String CHG = "CHG";
    public static final String CHH = "CHH";
    /** The context of a site whose format carries none. */
    public static final String UNKNOWN = ".";

    private CytosineContext() {
    }

    /**
     * CG, CHG or CHH for a context as a format writes it (any case); null when it names none of them (or is null).
     * Called for every site, so it compares characters rather than building strings.
     */
    public static String of(String written) {
        SequenceContext context = SequenceContext.of(written);
        return context == null ? null : context.name();
    }

    /**
     * What statistics group a site under: CG, CHG or CHH as {@link #of} maps it; else the context as written (a
     * modkit motif such as GATC); {@link #UNKNOWN} for a site without one.
     */
    public static String label(String written) {
        String mapped = of(written);
        return mapped != null ? mapped : written == null ? UNKNOWN : written;
    }

    /** The context named on the command line, as {@link #of} gives it; null for {@code all}. */
    public static String selection(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "ALL" -> null;
            case CG, CHG, CHH -> upper;
            default -> throw new IllegalArgumentException("unknown context '" + name + "' (expected CG, CHG, CHH or all)");
        };
    }
}
