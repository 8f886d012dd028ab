package org.methylstream.format;

/**
 * A site and its test result, as a {@link ScoreLine} writes it: implemented by views over a parsed line and over
 * output records, reused from site to site so that writing a line allocates nothing.
 */
public interface TestedSite {
    /** The sample the site belongs to. */
    String sample();

    String chromosome();

    /** 1-based position of the cytosine (the + strand C of a merged CpG). */
    long position();

    /** {@code +} or {@code -}, or null when the input did not say. */
    String strand();

    /** Sequence context (CGN, CHG, ...), or null when the input did not say. */
    String context();

    /** Bases the site covers: 1, or 2 for a CpG merged from both strands. */
    int span();

    int methylated();

    int unmethylated();

    double pValue();

    /** -log10 of the p-value, finite where the p-value underflows to 0. */
    double minusLog10PValue();

    /** Whether the analysis called the site methylated (significant). */
    boolean significant();
}
