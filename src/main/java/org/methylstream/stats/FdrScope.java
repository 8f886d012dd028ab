package org.methylstream.stats;

/** What Benjamini–Hochberg corrects over together: all of a sample's tests, or each context's of the sample apart. */
public enum FdrScope {
    /** All of a sample's tested sites together. */
    SAMPLE("sample"),
    /** The tested sites of each (sample, CG/CHG/CHH context) apart, as methylpy corrects. */
    CONTEXT("context");

    private final String id;

    FdrScope(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static FdrScope fromId(String id) {
        for (FdrScope scope : values()) {
            if (scope.id.equals(id)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("unknown --fdr-by '" + id + "': use sample or context");
    }
}
