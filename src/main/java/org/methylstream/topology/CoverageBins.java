package org.methylstream.topology;

/**
 * The bins of the coverage histogram: one per coverage 0 to 63, then one per doubling (64-127, ..., 2048-4095) and
 * one for 4096 and more, so that both ~20x genome-wide data and deep targeted data show their shape in 71 counts.
 */
public final class CoverageBins {
    private static final int EXACT = 64;
    private static final int DOUBLINGS = 6;
    /** Bins in a histogram. */
    public static final int COUNT = EXACT + DOUBLINGS + 1;

    private CoverageBins() {
    }

    /** The bin of a coverage (reads at the site, at least 0). */
    public static int of(int coverage) {
        if (coverage < EXACT) {
            return coverage;
        }
        // 64-127 -> 64, 128-255 -> 65, ...
        return Math.min(COUNT - 1, EXACT + (31 - Integer.numberOfLeadingZeros(coverage)) - 6);
    }

    /** The smallest coverage in {@code bin}. */
    public static int lowest(int bin) {
        return bin < EXACT ? bin : EXACT << (bin - EXACT);
    }

    /** The largest coverage in {@code bin}; {@link Integer#MAX_VALUE} for the last. */
    public static int highest(int bin) {
        return bin == COUNT - 1 ? Integer.MAX_VALUE : bin < EXACT ? bin : lowest(bin + 1) - 1;
    }
}
