package org.methylstream.stats;

/**
 * Everything that decides whether a site is significant; records carry these so every result says how it
 * was obtained.
 *
 * @param test        which binomial test
 * @param errorRate   per-read probability of a methylated call at an unmethylated C (non-conversion + errors)
 * @param alpha       a site is significant when its p-value is below this
 * @param minCoverage sites with fewer reads are not tested at all
 */
public record ScoringParameters(TestKind test, double errorRate, double alpha, int minCoverage) {
    public static final double DEFAULT_ERROR_RATE = 0.006;
    public static final double DEFAULT_ALPHA = 1e-5;
    public static final int DEFAULT_MIN_COVERAGE = 1;

    public static final ScoringParameters DEFAULTS =
            new ScoringParameters(TestKind.UPPER, DEFAULT_ERROR_RATE, DEFAULT_ALPHA, DEFAULT_MIN_COVERAGE);

    public ScoringParameters {
        if (test == null) {
            throw new IllegalArgumentException("test must be given");
        }
        if (!(errorRate > 0 && errorRate < 1)) {
            throw new IllegalArgumentException("error rate must be strictly between 0 and 1, got " + errorRate);
        }
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
        }
        if (minCoverage < 1) {
            throw new IllegalArgumentException("minimum coverage must be at least 1, got " + minCoverage);
        }
    }
}
