package org.methylstream.stats;

/**
 * For every coverage up to a bound, the interval of methylated counts that are <em>not</em> significant.
 *
 * <p>Most sites have coverage below a few hundred, so the same (k, n) pairs recur millions of times. A p-value
 * never increases moving away from the test's least significant outcome, so for each n the non-significant
 * counts form one interval [lo, hi] and deciding significance is two comparisons. Bounds are found by binary
 * search at construction; the table is immutable and safe to share between threads.
 */
final class SignificanceTable {
    private final int maxCoverage;
    private final int[] lo;
    private final int[] hi;

    SignificanceTable(TestKind test, double errorRate, double alpha, int maxCoverage) {
        this.maxCoverage = maxCoverage;
        this.lo = new int[maxCoverage + 1];
        this.hi = new int[maxCoverage + 1];
        double logAlpha = Math.log(alpha);
        for (int n = 0; n <= maxCoverage; n++) {
            int peak = test.leastSignificantOutcome(n, errorRate);
            if (test.logPValue(peak, n, errorRate) < logAlpha) {
                // every outcome is significant: an empty interval
                lo[n] = 1;
                hi[n] = 0;
                continue;
            }
            lo[n] = firstNotSignificant(test, n, errorRate, logAlpha, peak);
            hi[n] = lastNotSignificant(test, n, errorRate, logAlpha, peak);
        }
    }

    /** Whether the table answers for this coverage; larger coverages are computed directly. */
    boolean covers(int n) {
        return n <= maxCoverage;
    }

    boolean isSignificant(int k, int n) {
        return k < lo[n] || k > hi[n];
    }

    private static int firstNotSignificant(TestKind test, int n, double p, double logAlpha, int peak) {
        int a = 0;
        int b = peak; // p-values rise over [0, peak]; answer in [a, b]
        while (a < b) {
            int mid = (a + b) >>> 1;
            if (test.logPValue(mid, n, p) < logAlpha) {
                a = mid + 1;
            } else {
                b = mid;
            }
        }
        return a;
    }

    private static int lastNotSignificant(TestKind test, int n, double p, double logAlpha, int peak) {
        int a = peak;
        int b = n; // p-values fall over [peak, n]; answer in [a, b]
        while (a < b) {
            int mid = (a + b + 1) >>> 1;
            if (test.logPValue(mid, n, p) < logAlpha) {
                b = mid - 1;
            } else {
                a = mid;
            }
        }
        return a;
    }
}
