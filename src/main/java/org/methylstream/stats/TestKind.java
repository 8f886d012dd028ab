package org.methylstream.stats;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which binomial test decides that a site carries more methylated reads than errors explain. */
public enum TestKind {
    /** P(X &gt;= k): the one-sided test; the default. */
    UPPER("upper") {
        @Override
        public double logPValue(int k, int n, double errorRate) {
            return Binomial.logUpperTail(k, n, errorRate);
        }

        @Override
        int leastSignificantOutcome(int n, double errorRate) {
            return 0;
        }
    },
    /**
     * P(X = k): the seed script's statistic, kept to compare with old results. It is not a p-value: at high
     * coverage even k = 0 has a tiny point probability and is called "significant".
     */
    PMF("pmf") {
        @Override
        public double logPValue(int k, int n, double errorRate) {
            return Binomial.logPmf(k, n, errorRate);
        }

        @Override
        int leastSignificantOutcome(int n, double errorRate) {
            return mode(n, errorRate);
        }
    },
    /** R's binom.test / SciPy's binomtest two-sided p-value. */
    TWO_SIDED("two-sided") {
        @Override
        public double logPValue(int k, int n, double errorRate) {
            return Binomial.logTwoSided(k, n, errorRate);
        }

        @Override
        int leastSignificantOutcome(int n, double errorRate) {
            return mode(n, errorRate);
        }
    };

    private final String id;

    TestKind(String id) {
        this.id = id;
    }

    /** Natural log of the p-value for k methylated reads out of n at the given per-read error rate. */
    public abstract double logPValue(int k, int n, double errorRate);

    /**
     * An outcome with the largest p-value; p-values never increase moving away from it in either direction,
     * which is what lets {@link SignificanceTable} store each coverage as one interval.
     */
    abstract int leastSignificantOutcome(int n, double errorRate);

    private static int mode(int n, double errorRate) {
        // n + 1.0, not n + 1: the int sum overflows at n = Integer.MAX_VALUE
        return (int) Math.min(n, Math.floor((n + 1.0) * errorRate));
    }

    /** The name users type: upper, pmf or two-sided. */
    public String id() {
        return id;
    }

    public static TestKind fromId(String id) {
        for (TestKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown test '" + id + "' (expected one of "
                + Arrays.stream(values()).map(TestKind::id).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return id;
    }
}
