package org.methylstream.topology;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the scoring tasks have seen of one chromosome of one sample: each task keeps its partition's share in a
 * state store, and a query adds the shares up. A task counts into its own copy in place ({@link #count}): a new
 * object per site, with copies of its arrays, cost more than the counting.
 *
 * <p>Counts: {@code sites} (valid sites), {@code tested} (of those, sites with at least the minimum coverage),
 * {@code significant} (of those, sites with p &lt; alpha), {@code coverageSum} (reads over all valid sites),
 * {@code pValueDecades} (tested sites per decade of p: index d counts 10^-(d+1) &lt; p &le; 10^-d for d &lt; 10, and
 * index 10 every p &le; 1e-10) and {@code coverageHistogram} (valid sites per {@link CoverageBins coverage bin}).
 */
public final class ChromosomeStatistics {
    public static final int DECADES = 11;
    private static final double LN_10 = Math.log(10);
    private static final int FIXED_LONGS = 4 + DECADES;

    private long sites;
    private long tested;
    private long significant;
    private long coverageSum;
    private final long[] pValueDecades;
    private final long[] coverageHistogram;

    public ChromosomeStatistics(long sites, long tested, long significant, long coverageSum, long[] pValueDecades,
                                long[] coverageHistogram) {
        if (pValueDecades.length != DECADES || coverageHistogram.length != CoverageBins.COUNT) {
            throw new IllegalArgumentException("expected " + DECADES + " decades and " + CoverageBins.COUNT
                    + " coverage bins");
        }
        this.sites = sites;
        this.tested = tested;
        this.significant = significant;
        this.coverageSum = coverageSum;
        this.pValueDecades = pValueDecades.clone();
        this.coverageHistogram = coverageHistogram.clone();
    }

    /** Without coverage histogram counts (as the statistics table carries them). */
    public ChromosomeStatistics(long sites, long tested, long significant, long coverageSum, long[] pValueDecades) {
        this(sites, tested, significant, coverageSum, pValueDecades, new long[CoverageBins.COUNT]);
    }

    /** Nothing counted yet: a new object each time, since counting changes it. */
    public static ChromosomeStatistics none() {
        return new ChromosomeStatistics(0, 0, 0, 0, new long[DECADES]);
    }

    public long sites() {
        return sites;
    }

    public long tested() {
        return tested;
    }

    public long significant() {
        return significant;
    }

    public long coverageSum() {
        return coverageSum;
    }

    /** A copy. */
    public long[] pValueDecades() {
        return pValueDecades.clone();
    }

    /** A copy. */
    public long[] coverageHistogram() {
        return coverageHistogram.clone();
    }

    public double meanCoverage() {
        return sites == 0 ? 0 : (double) coverageSum / sites;
    }

    /** Counts one more valid site into this object and returns it; {@code logP} is its ln p-value when tested. */
    public ChromosomeStatistics count(int coverage, boolean isTested, boolean isSignificant, double logP) {
        sites++;
        coverageSum += coverage;
        coverageHistogram[CoverageBins.of(coverage)]++;
        if (isTested) {
            tested++;
            pValueDecades[(int) Math.min(DECADES - 1, -logP / LN_10)]++;
            if (isSignificant) {
                significant++;
            }
        }
        return this;
    }

    /** Another partition's (or chromosome's) share added, as a new object. */
    public ChromosomeStatistics plus(ChromosomeStatistics other) {
        long[] decades = new long[DECADES];
        Arrays.setAll(decades, d -> pValueDecades[d] + other.pValueDecades[d]);
        long[] coverage = new long[CoverageBins.COUNT];
        Arrays.setAll(coverage, c -> coverageHistogram[c] + other.coverageHistogram[c]);
        return new ChromosomeStatistics(sites + other.sites, tested + other.tested, significant + other.significant,
                coverageSum + other.coverageSum, decades, coverage);
    }

    static Serde<ChromosomeStatistics> serde() {
        return Serdes.serdeFrom((topic, statistics) -> statistics.toBytes(), (topic, bytes) -> fromBytes(bytes));
    }

    byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate((FIXED_LONGS + CoverageBins.COUNT) * Long.BYTES).putLong(sites)
                .putLong(tested).putLong(significant).putLong(coverageSum);
        for (long count : pValueDecades) {
            buffer.putLong(count);
        }
        for (long count : coverageHistogram) {
            buffer.putLong(count);
        }
        return buffer.array();
    }

    /** Also reads the counts stores and changelogs written before the coverage histogram was counted. */
    public static ChromosomeStatistics fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long sites = buffer.getLong();
        long tested = buffer.getLong();
        long significant = buffer.getLong();
        long coverage = buffer.getLong();
        long[] decades = new long[DECADES];
        for (int d = 0; d < DECADES; d++) {
            decades[d] = buffer.getLong();
        }
        long[] histogram = new long[CoverageBins.COUNT];
        for (int c = 0; c < CoverageBins.COUNT && buffer.hasRemaining(); c++) {
            histogram[c] = buffer.getLong();
        }
        return new ChromosomeStatistics(sites, tested, significant, coverage, decades, histogram);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChromosomeStatistics s && sites == s.sites && tested == s.tested
                && significant == s.significant && coverageSum == s.coverageSum
                && Arrays.equals(pValueDecades, s.pValueDecades)
                && Arrays.equals(coverageHistogram, s.coverageHistogram);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sites) * 31 + Arrays.hashCode(pValueDecades);
    }

    @Override
    public String toString() {
        return "ChromosomeStatistics(sites " + sites + ", tested " + tested + ", significant " + significant
                + ", coverage " + coverageSum + ", p-value decades " + Arrays.toString(pValueDecades)
                + ", coverage histogram " + Arrays.toString(coverageHistogram) + ")";
    }
}
