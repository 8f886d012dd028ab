package org.methylstream.format;

import java.util.Locale;

/**
 * The three cytosine contexts methylation is reported in: CG, CHG and CHH (H = A, C or T). Formats name them in their
 * own ways (allc's trinucleotides such as CGA or CAG, the cytosine report's CG/CHG/CHH, dnmtools' CpG/CXG, modkit's
 * motifs); {@link #of} maps each to one of the three, for selecting sites ({@code --context}) and for statistics.
 */
public final class CytosineContext {
    public static final String CG = "CG";
    public static final String CHG = "CHG";
    public static final String CHH = "CHH";

    private CytosineContext() {
    }

    /** CG, CHG or CHH for a context as a format writes it; null when it names none of them (or is null). */
    public static String of(String written) {
        if (written == null || written.length() < 2) {
            return null;
        }
        switch (written.toUpperCase(Locale.ROOT)) {
            case "CG", "CPG" -> {
                return CG;
            }
            case "CHG", "CXG" -> {
                return CHG;
            }
            case "CHH" -> {
                return CHH;
            }
            default -> {
                // a sequence starting at the C: C G... is CG, C H G is CHG, C H H is CHH
                char first = upper(written.charAt(0));
                char second = upper(written.charAt(1));
                if (first != 'C') {
                    return null;
                }
                if (second == 'G') {
                    return CG;
                }
                if (written.length() < 3 || !isH(second)) {
                    return null;
                }
                char third = upper(written.charAt(2));
                return third == 'G' ? CHG : isH(third) ? CHH : null;
            }
        }
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

    private static char upper(char c) {
        return Character.toUpperCase(c);
    }

    private static boolean isH(char c) {
        return c == 'A' || c == 'C' || c == 'T';
    }
}
