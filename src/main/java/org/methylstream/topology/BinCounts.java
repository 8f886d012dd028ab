package org.methylstream.topology;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the scoring tasks have seen in one {@link GenomeBins genome bin} of one sample: valid, tested and
 * significant sites and the strongest evidence, the largest -log10 p among the bin's tested sites (0 when none was
 * tested). Like {@link ChromosomeStatistics}, a task counts into its own copy in place.
 */
public final class BinCounts {
    private static final int BYTES = 3 * Long.BYTES + Double.BYTES;

    private long sites;
    private long tested;
    private long significant;
    private double maxMinusLog10P;

    public BinCounts(long sites, long tested, long significant, double maxMinusLog10P) {
        this.sites = sites;
        this.tested = tested;
        this.significant = significant;
        this.maxMinusLog10P = maxMinusLog10P;
    }

    public static BinCounts none() {
        return new BinCounts(0, 0, 0, 0);
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

    public double maxMinusLog10P() {
        return maxMinusLog10P;
    }

    /** Counts one more valid site into this object and returns it; {@code minusLog10P} is used when tested. */
    public BinCounts count(boolean isTested, boolean isSignificant, double minusLog10P) {
        sites++;
        if (isTested) {
            tested++;
            maxMinusLog10P = Math.max(maxMinusLog10P, minusLog10P);
            if (isSignificant) {
                significant++;
            }
        }
        return this;
    }

    /** Another partition's share added, as a new object. */
    public BinCounts plus(BinCounts other) {
        return new BinCounts(sites + other.sites, tested + other.tested, significant + other.significant,
                Math.max(maxMinusLog10P, other.maxMinusLog10P));
    }

    static Serde<BinCounts> serde() {
        return Serdes.serdeFrom((topic, counts) -> ByteBuffer.allocate(BYTES).putLong(counts.sites)
                .putLong(counts.tested).putLong(counts.significant).putDouble(counts.maxMinusLog10P).array(),
                (topic, bytes) -> fromBytes(bytes));
    }

    public static BinCounts fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new BinCounts(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getDouble());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BinCounts b && sites == b.sites && tested == b.tested && significant == b.significant
                && Double.compare(maxMinusLog10P, b.maxMinusLog10P) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sites) * 31 + Long.hashCode(significant);
    }

    @Override
    public String toString() {
        return "BinCounts(sites " + sites + ", tested " + tested + ", significant " + significant
                + ", max -log10 p " + maxMinusLog10P + ")";
    }
}
