package org.methylstream.format;

import org.apache.kafka.common.header.Headers;

/**
 * Symmetric CpG strand merging ({@code --merge-cpg}, as Bismark's {@code --merge_CpG}, MethylDackel's
 * {@code --mergeContext} and dnmtools' {@code sym}): the + strand C at p and the - strand C at p + 1 of a CG are
 * one CpG, reported as one site at p with the strands' counts summed, no strand, context CG and span 2. The rules
 * here are shared by the batch merge ({@link CpgMerge}) and the streaming one (the scoring topology, which finds the strands
 * of a CpG in one task because {@code publish} keys both by {@link #cpgPosition}).
 */
public final class CpgStrands {
    /** The context of a merged site. */
    public static final String MERGED_CONTEXT = CytosineContext.CG;
    /** Header of a published site that waits for its CpG partner; its record key names the CpG, not the C. */
    public static final String HEADER = "methylstream.cpg-strand";

    private CpgStrands() {
    }

    /** Whether a record of the sites topic is a CpG strand published for the topology to merge. */
    public static boolean isPublishedStrand(Headers headers) {
        return headers.lastHeader(HEADER) != null;
    }

    /**
     * Whether a site is one strand of a CpG: it has a strand, and a CG context, or no context at all (modkit's bare
     * {@code m} rows and methylKit files do not say; a - strand C right after a + strand C is a CpG all the same).
     */
    public static boolean isStrandOfCpg(String strand, String context) {
        return strand != null && (context == null || CytosineContext.CG.equals(CytosineContext.of(context)));
    }

    /** The position of the CpG's C on the + strand: the site's own for +, the one before for -. */
    public static long cpgPosition(String strand, long position) {
        return "-".equals(strand) ? position - 1 : position;
    }
}
