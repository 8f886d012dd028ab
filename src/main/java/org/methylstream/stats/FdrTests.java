package org.methylstream.stats;

/**
 * Which tested sites count among Benjamini–Hochberg's m tests: all of them, or only those with a methylated read
 * (a site with none has p = 1 and can never be a discovery; methylpy does not count it).
 */
public enum FdrTests {
    ALL("all"),
    METHYLATED("methylated");

    private final String id;

    FdrTests(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Whether a tested site with this many methylated reads is one of the m tests. */
    public boolean counts(int methylated) {
        return this == ALL || methylated > 0;
    }

    public static FdrTests fromId(String id) {
        for (FdrTests tests : values()) {
            if (tests.id.equals(id)) {
                return tests;
            }
        }
        throw new IllegalArgumentException("unknown --fdr-tests '" + id + "': use all or methylated");
    }
}
