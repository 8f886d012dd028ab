package org.methylstream.format;

/**
 * One parsed site, reused from line to line so that reading tens of millions of sites allocates almost
 * nothing. Copy what you keep.
 */
public final class SiteLine {
    String chromosome;
    long position;
    String strand;
    String context;
    int methylated;
    int unmethylated;
    int span = 1;

    public String chromosome() {
        return chromosome;
    }

    /** 1-based position of the cytosine. */
    public long position() {
        return position;
    }

    /** '+' or '-' when the format has it, else null. */
    public String strand() {
        return strand;
    }

    /** Sequence context (CGN, CHG, ...) when the format has it, else null. */
    public String context() {
        return context;
    }

    public int methylated() {
        return methylated;
    }

    public int unmethylated() {
        return unmethylated;
    }

    /** Bases the site covers: 1 for one cytosine, 2 for a CpG merged from both strands (at position and position + 1). */
    public int span() {
        return span;
    }

    /** Fills the line from a site read elsewhere (a record of the sites topic), as one cytosine. */
    public SiteLine set(String chromosome, long position, String strand, String context, int methylated,
                        int unmethylated) {
        this.chromosome = chromosome;
        this.position = position;
        this.strand = strand;
        this.context = context;
        this.methylated = methylated;
        this.unmethylated = unmethylated;
        this.span = 1;
        return this;
    }

    /** methylated + unmethylated; never overflows, the parser refuses such lines. */
    public int coverage() {
        return methylated + unmethylated;
    }
}
