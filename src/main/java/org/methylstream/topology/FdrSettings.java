package org.methylstream.topology;

import org.methylstream.stats.FdrScope;
import org.methylstream.stats.FdrTests;

/**
 * The false-discovery-rate stages of an analysis, besides the per-site alpha; each is off at level 0.
 *
 * @param perSample  Benjamini-Hochberg level over all tested sites of each sample, once the sample has ended
 * @param online     LORD++ level for the sites of each sample as they come, over all partitions together: each
 *                   partition's stream runs at {@code online / partitions}, so that the union of all partitions'
 *                   discoveries has FDR at most {@code online} (V/R &le; the sum over partitions of V_p/R_p)
 * @param partitions partitions of the sites topic: how many streams the online level is shared by
 * @param by         what BH corrects over together: a whole sample, or each context of it
 * @param tests      which tested sites count among BH's m tests
 */
public record FdrSettings(double perSample, double online, int partitions, FdrScope by, FdrTests tests) {
    public static final FdrSettings NONE = new FdrSettings(0, 0, 1);
    /** Why the FDR stages refuse the pmf test. */
    public static final String NEEDS_P_VALUES = "FDR control needs p-values, and the pmf test gives point"
            + " probabilities (not uniform under the null): use --test upper or two-sided";

    public FdrSettings {
        if (!(perSample >= 0 && perSample <= 1)) {
            throw new IllegalArgumentException("FDR level must be in (0, 1], got " + perSample);
        }
        if (!(online >= 0 && online < 1)) {
            throw new IllegalArgumentException("online FDR level must be in (0, 1), got " + online);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        java.util.Objects.requireNonNull(by, "by");
        java.util.Objects.requireNonNull(tests, "tests");
    }

    /** BH over all of a sample's tested sites. */
    public FdrSettings(double perSample, double online, int partitions) {
        this(perSample, online, partitions, FdrScope.SAMPLE, FdrTests.ALL);
    }

    /** Whether any stage is on. */
    public boolean any() {
        return perSampleEnabled() || onlineEnabled();
    }

    public boolean perSampleEnabled() {
        return perSample > 0;
    }

    public boolean onlineEnabled() {
        return online > 0;
    }

    /** The LORD++ level of one partition's stream. */
    public double onlinePerPartition() {
        return online / partitions;
    }

    public FdrSettings withPartitions(int count) {
        return new FdrSettings(perSample, online, count, by, tests);
    }
}
