package org.methylstream.topology;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the scoring tasks have seen of one chromosome of one sample: each task keeps its partition's share in a
 * state store, and a query adds the shares up.
 *
 * @param sites         valid sites
 * @param tested        of those, sites with at least the minimum coverage
 * @param significant   of those, sites with p &lt; alpha
 * @param coverageSum   reads over all valid sites
 * @param pValueDecades tested sites per decade of p: index d counts 10^-(d+1) &lt; p &le; 10^-d for d &lt; 10,
 *                      and index 10 every p &le; 1e-10
 */
public record ChromosomeStatistics(long sites, long tested, long significant, long coverageSum,
                                   long[] pValueDecades) {
    public static final int DECADES = 11;
    static final ChromosomeStatistics NONE = new ChromosomeStatistics(0, 0, 0, 0, new long[DECADES]);
    private static final double LN_10 = Math.log(10);

    public double meanCoverage() {
        return sites == 0 ? 0 : (double) coverageSum / sites;
    }

    /** One more valid site; {@code logP} is its ln p-value when tested. */
    ChromosomeStatistics plus(int coverage, boolean isTested, boolean isSignificant, double logP) {
        long[] decades = pValueDecades;
        if (isTested) {
            decades = pValueDecades.clone();
            decades[(int) Math.min(DECADES - 1, -logP / LN_10)]++;
        }
        return new ChromosomeStatistics(sites + 1, tested + (isTested ? 1 : 0),
                significant + (isSignificant ? 1 : 0), coverageSum + coverage, decades);
    }

    /** Another partition's share added. */
    public ChromosomeStatistics plus(ChromosomeStatistics other) {
        long[] decades = new long[DECADES];
        Arrays.setAll(decades, d -> pValueDecades[d] + other.pValueDecades[d]);
        return new ChromosomeStatistics(sites + other.sites, tested + other.tested, significant + other.significant,
                coverageSum + other.coverageSum, decades);
    }

    static Serde<ChromosomeStatistics> serde() {
        return Serdes.serdeFrom((topic, statistics) -> statistics.toBytes(), (topic, bytes) -> fromBytes(bytes));
    }

    byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate((4 + DECADES) * Long.BYTES).putLong(sites).putLong(tested)
                .putLong(significant).putLong(coverageSum);
        for (long count : pValueDecades) {
            buffer.putLong(count);
        }
        return buffer.array();
    }

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
        return new ChromosomeStatistics(sites, tested, significant, coverage, decades);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChromosomeStatistics s && sites == s.sites && tested == s.tested
                && significant == s.significant && coverageSum == s.coverageSum
                && Arrays.equals(pValueDecades, s.pValueDecades);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sites) * 31 + Arrays.hashCode(pValueDecades);
    }

    @Override
    public String toString() {
        return "ChromosomeStatistics(sites " + sites + ", tested " + tested + ", significant " + significant
                + ", coverage " + coverageSum + ", p-value decades " + Arrays.toString(pValueDecades) + ")";
    }
}
