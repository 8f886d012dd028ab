package org.methylstream.dashboard;

import java.util.Comparator;
import java.util.Locale;

/**
 * Chromosomes in karyotype order: numbered ones by number (chr2 before chr10), then X, Y, W, Z and the
 * mitochondrial genome, then every other sequence (unplaced contigs, ...) by name; with or without a "chr" prefix.
 */
public final class KaryotypeOrder implements Comparator<String> {
    public static final KaryotypeOrder INSTANCE = new KaryotypeOrder();
    private static final String SEX_AND_ORGANELLE = "X Y W Z M MT";

    private KaryotypeOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int byRank = Long.compare(rank(a), rank(b));
        return byRank != 0 ? byRank : a.compareTo(b);
    }

    /** Numbered chromosomes rank by number, then the named ones, then everything else. */
    private static long rank(String chromosome) {
        String name = chromosome.regionMatches(true, 0, "chr", 0, 3) ? chromosome.substring(3) : chromosome;
        if (!name.isEmpty() && name.length() <= 9 && name.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(name);
        }
        int named = (" " + SEX_AND_ORGANELLE + " ").indexOf(" " + name.toUpperCase(Locale.ROOT) + " ");
        return named >= 0 ? 1_000_000_000L + named : 2_000_000_000L;
    }
}
