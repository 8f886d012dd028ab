package org.methylstream.topology;

import org.methylstream.avro.MethylationSite;

/**
 * The checks a decoded record must pass before scoring: the same rules the file parsers apply, for records
 * that reached the topic some other way.
 */
public final class SiteValidation {
    private SiteValidation() {
    }

    /** Why the site cannot be scored, or null when it can. */
    public static String problemWith(MethylationSite site) {
        if (site.getSampleId().isEmpty()) {
            return "sample id is empty";
        }
        if (site.getChromosome().isEmpty()) {
            return "chromosome is empty";
        }
        if (site.getPosition() < 1) {
            return "position must be at least 1 (positions are 1-based), got " + site.getPosition();
        }
        if (site.getMethylated() < 0) {
            return "methylated count is negative: " + site.getMethylated();
        }
        if (site.getUnmethylated() < 0) {
            return "unmethylated count is negative: " + site.getUnmethylated();
        }
        if (site.getSpan() != null && site.getSpan() != 2) {
            return "span must be 2 (a CpG merged from both strands) or absent, got " + site.getSpan();
        }
        long coverage = (long) site.getMethylated() + site.getUnmethylated();
        if (coverage > Integer.MAX_VALUE) {
            return "coverage " + coverage + " (methylated + unmethylated) overflows a 32-bit count";
        }
        return null;
    }
}
