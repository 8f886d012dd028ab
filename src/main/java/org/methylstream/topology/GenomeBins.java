package org.methylstream.topology;

import java.util.HashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The genome cut into bins of {@link #SIZE} bases per chromosome, for the genome-wide plot of significance: bin i of
 * a chromosome holds positions i * SIZE + 1 to (i + 1) * SIZE. A sample may use at most {@link #LIMIT} bins (a
 * human genome needs about 3,300, most of them on the 24 chromosomes); sites of bins past the limit, as a genome of
 * a hundred thousand contigs would have, are counted in one bin of their own, {@link #OTHER}, so counts stay
 * bounded and none is lost.
 */
public final class GenomeBins {
    public static final int SIZE = 1_000_000;
    public static final int LIMIT = 50_000;
    /** The bin index of the sites of bins past the limit; its chromosome name is {@link #OTHER_CHROMOSOME}. */
    public static final int OTHER = -1;
    public static final String OTHER_CHROMOSOME = "*";

    /** Bins each sample has used so far, counted from what is stored when a sample is first seen. */
    private final Map<String, int[]> used = new HashMap<>();
    private final ToIntFunction<String> stored;

    /** @param stored the number of bins already stored for a sample */
    public GenomeBins(ToIntFunction<String> stored) {
        this.stored = stored;
    }

    /** The bin of a (1-based) position. */
    public static int of(long position) {
        return (int) ((Math.max(position, 1) - 1) / SIZE);
    }

    /** Whether {@code sample} may use one more bin; if it may, the bin is counted as used. */
    public boolean admitsNew(String sample) {
        int[] bins = used.computeIfAbsent(sample, s -> new int[] {stored.applyAsInt(s)});
        if (bins[0] >= LIMIT) {
            return false;
        }
        bins[0]++;
        return true;
    }
}
