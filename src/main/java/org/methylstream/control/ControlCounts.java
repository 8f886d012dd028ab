package org.methylstream.control;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.stat.interval.ClopperPearsonInterval;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;

/**
 * What a sample's control sites add up to: sites, methylated reads and reads. Their ratio is the error rate (the
 * maximum-likelihood estimate of the per-read probability of a methylated call at an unmethylated C), with an exact
 * (Clopper–Pearson) confidence interval.
 */
public final class ControlCounts {
    public static final double CONFIDENCE = 0.95;

    private long sites;
    private long methylated;
    private long coverage;

    public ControlCounts() {
    }

    public ControlCounts(long sites, long methylated, long coverage) {
        this.sites = sites;
        this.methylated = methylated;
        this.coverage = coverage;
    }

    public void add(int siteMethylated, int siteCoverage) {
        sites++;
        methylated += siteMethylated;
        coverage += siteCoverage;
    }

    public void add(ControlCounts other) {
        sites += other.sites;
        methylated += other.methylated;
        coverage += other.coverage;
    }

    public long sites() {
        return sites;
    }

    public long methylated() {
        return methylated;
    }

    public long coverage() {
        return coverage;
    }

    /** sum(methylated) / sum(coverage); NaN without reads. */
    public double rate() {
        return coverage == 0 ? Double.NaN : (double) methylated / coverage;
    }

    /** The rate's two-sided {@value #CONFIDENCE} Clopper–Pearson interval: {lower, upper}. */
    public double[] interval() {
        if (coverage == 0) {
            return new double[] {0, 1};
        }
        if (coverage <= Integer.MAX_VALUE) {
            ConfidenceInterval ci = new ClopperPearsonInterval().createInterval((int) coverage, (int) methylated,
                    CONFIDENCE);
            return new double[] {ci.getLowerBound(), ci.getUpperBound()};
        }
        // the same interval from its Beta quantiles, for counts beyond the int the Commons Math API takes
        double tail = (1 - CONFIDENCE) / 2;
        double lower = methylated == 0 ? 0
                : new BetaDistribution(methylated, coverage - methylated + 1.0).inverseCumulativeProbability(tail);
        double upper = methylated == coverage ? 1
                : new BetaDistribution(methylated + 1.0, coverage - methylated).inverseCumulativeProbability(1 - tail);
        return new double[] {lower, upper};
    }

    /** {@code 1234 of 246000 reads methylated at 12000 sites, 95 % CI [0.0048, 0.0052]} */
    public String describe() {
        double[] ci = interval();
        return String.format(java.util.Locale.ROOT, "%d of %d reads methylated at %d sites, 95 %% CI [%.6g, %.6g]",
                methylated, coverage, sites, ci[0], ci[1]);
    }
}
