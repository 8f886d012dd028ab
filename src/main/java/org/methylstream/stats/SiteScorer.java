package org.methylstream.stats;

import java.util.Arrays;

/**
 * The scoring core every command uses: decides coverage, significance and p-values for (methylated,
 * coverage) pairs under one set of {@link ScoringParameters}.
 *
 * <p>Significance is a table look-up for coverages up to {@value #TABULATED_COVERAGE}; p-values of small
 * coverages are memoised because {@code --all} asks for the same pairs over and over. Not thread-safe: give
 * each thread or stream task its own scorer (construction takes milliseconds; a {@link #copy} microseconds).
 */
public final class SiteScorer {
    static final int TABULATED_COVERAGE = 4096;
    private static final int MEMOISED_COVERAGE = 511;
    private static final double LN_10 = Math.log(10);

    private final ScoringParameters parameters;
    private final SignificanceTable table;
    private final double logAlpha;
    /** ln p for coverage n at offset n(n+1)/2 + k; NaN until first asked. */
    private final double[] memo;
    /** p itself, the same way: an exp per site cost more than the look-ups of a whole line. */
    private final double[] pMemo;

    public SiteScorer(ScoringParameters parameters) {
        this(parameters, new SignificanceTable(parameters.test(), parameters.errorRate(), parameters.alpha(),
                TABULATED_COVERAGE));
    }

    private SiteScorer(ScoringParameters parameters, SignificanceTable table) {
        this.parameters = parameters;
        this.table = table;
        this.logAlpha = Math.log(parameters.alpha());
        this.memo = new double[(MEMOISED_COVERAGE + 1) * (MEMOISED_COVERAGE + 2) / 2];
        Arrays.fill(memo, Double.NaN);
        this.pMemo = memo.clone();
    }

    /**
     * A scorer of the same parameters for another thread: the significance table (immutable) is shared, the
     * memoised p-values are its own. Takes microseconds, where building the table takes milliseconds.
     */
    public SiteScorer copy() {
        return new SiteScorer(parameters, table);
    }

    public ScoringParameters parameters() {
        return parameters;
    }

    /** Whether a site with this many reads is tested at all. */
    public boolean isTested(int coverage) {
        return coverage >= parameters.minCoverage();
    }

    /** Whether k methylated reads out of n is significant; callers check {@link #isTested} first. */
    public boolean isSignificant(int methylated, int coverage) {
        if (table.covers(coverage)) {
            return table.isSignificant(methylated, coverage);
        }
        return logPValue(methylated, coverage) < logAlpha;
    }

    /** Natural log of the p-value; finite even where the p-value underflows double. */
    public double logPValue(int methylated, int coverage) {
        if (coverage > MEMOISED_COVERAGE) {
            return parameters.test().logPValue(methylated, coverage, parameters.errorRate());
        }
        int slot = coverage * (coverage + 1) / 2 + methylated;
        double cached = memo[slot];
        if (Double.isNaN(cached)) {
            cached = parameters.test().logPValue(methylated, coverage, parameters.errorRate());
            memo[slot] = cached;
        }
        return cached;
    }

    public double pValue(int methylated, int coverage) {
        if (coverage > MEMOISED_COVERAGE) {
            return Math.exp(logPValue(methylated, coverage));
        }
        int slot = coverage * (coverage + 1) / 2 + methylated;
        double cached = pMemo[slot];
        if (Double.isNaN(cached)) {
            cached = Math.exp(logPValue(methylated, coverage));
            pMemo[slot] = cached;
        }
        return cached;
    }

    /** -log10 p, which keeps ordering the strongest sites after p itself has underflowed to 0. */
    public double minusLog10PValue(int methylated, int coverage) {
        return minusLog10(logPValue(methylated, coverage));
    }

    /** -log10 of a probability given as its natural log. */
    public static double minusLog10(double logP) {
        return -logP / LN_10 + 0.0; // + 0.0 turns -0.0 into 0.0
    }
}
