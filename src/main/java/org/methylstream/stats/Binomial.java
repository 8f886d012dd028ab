package org.methylstream.stats;

/**
 * Binomial probabilities in natural-log space, accurate to a few ulps of the log far into the tails.
 *
 * <p>The point probability follows Loader's saddle-point form (C. Loader, "Fast and Accurate Computation of
 * Binomial Probabilities", 2000; also R's {@code dbinom_raw}), which avoids the cancellation of
 * {@code lgamma} differences. Tails are summed outward from their first term, so a p-value of 1e-300 keeps
 * its relative precision where {@code 1 - cdf} would collapse to 0 below about 1e-16. Working in logs lets
 * p-values far below {@link Double#MIN_VALUE} still be ordered.
 */
public final class Binomial {
    private static final double LN_2PI = Math.log(2 * Math.PI);
    /** A term this far below the running sum no longer changes it in double precision. */
    private static final double NEGLIGIBLE = 1e-17;

    private Binomial() {
    }

    /** ln P(X = k), X ~ Binomial(n, p), for 0 &lt; p &lt; 1. */
    public static double logPmf(int k, int n, double p) {
        if (k < 0 || k > n) {
            return Double.NEGATIVE_INFINITY;
        }
        double q = 1 - p;
        if (k == 0) {
            return n * Math.log1p(-p);
        }
        if (k == n) {
            return n * Math.log(p);
        }
        double lc = stirlingError(n) - stirlingError(k) - stirlingError(n - k)
                - deviance(k, n * p) - deviance(n - k, n * q);
        double lf = LN_2PI + Math.log(k) + Math.log1p(-(double) k / n);
        return lc - 0.5 * lf;
    }

    /** ln P(X &gt;= k). */
    public static double logUpperTail(int k, int n, double p) {
        if (k <= 0) {
            return 0;
        }
        if (k > n) {
            return Double.NEGATIVE_INFINITY;
        }
        if (k <= n * p) {
            // the upper tail is the bulk here: its complement is the small, accurately summable part
            return log1mExp(logLowerTail(k - 1, n, p));
        }
        double ratio = p / (1 - p);
        double sum = 1;
        double term = 1;
        for (int j = k; j < n; j++) {
            term *= (double) (n - j) / (j + 1) * ratio;
            sum += term;
            if (term < sum * NEGLIGIBLE) {
                break;
            }
        }
        return logPmf(k, n, p) + Math.log(sum);
    }

    /** ln P(X &lt;= k). */
    public static double logLowerTail(int k, int n, double p) {
        if (k < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (k >= n) {
            return 0;
        }
        if (k >= n * p) {
            return log1mExp(logUpperTail(k + 1, n, p));
        }
        double ratio = (1 - p) / p;
        double sum = 1;
        double term = 1;
        for (int j = k; j > 0; j--) {
            term *= (double) j / (n - j + 1) * ratio;
            sum += term;
            if (term < sum * NEGLIGIBLE) {
                break;
            }
        }
        return logPmf(k, n, p) + Math.log(sum);
    }

    /**
     * ln of the two-sided p-value as R's {@code binom.test} and SciPy's {@code binomtest} define it: the
     * probability of every outcome no more likely than k, with the same 1e-7 relative tolerance for ties.
     */
    public static double logTwoSided(int k, int n, double p) {
        double mean = n * p;
        if (k == mean) {
            return 0;
        }
        double logD = logPmf(k, n, p) + LOG_RELATIVE_TOLERANCE;
        double logP;
        if (k < mean) {
            // the pmf falls from ceil(mean) to n: find the first outcome there no more likely than k
            long first = firstAtMost(logD, (int) Math.ceil(mean), n, n, p, true);
            logP = logSumExp(logLowerTail(k, n, p), first > n ? Double.NEGATIVE_INFINITY
                    : logUpperTail((int) first, n, p));
        } else {
            // the pmf rises from 0 to floor(mean): count the outcomes there no more likely than k
            long count = firstAtMost(logD, (int) Math.floor(mean), 0, n, p, false);
            logP = logSumExp(logLowerTail((int) (count - 1), n, p), logUpperTail(k, n, p));
        }
        return Math.min(0, logP);
    }

    private static final double LOG_RELATIVE_TOLERANCE = Math.log1p(1e-7);

    /**
     * Walking from {@code from} towards {@code to}, over which the pmf falls monotonically, the first index
     * whose log pmf is at most {@code logD}; one past {@code to} in the walking direction when none is.
     * Returned as an index when walking up, and as the number of qualifying outcomes when walking down.
     */
    private static long firstAtMost(double logD, int from, int to, int n, double p, boolean up) {
        // bounds in long: one past n is 2^31 when n = Integer.MAX_VALUE
        if (up) {
            long lo = from;
            long hi = to + 1L; // invariant: answer in [lo, hi]
            while (lo < hi) {
                long mid = (lo + hi) >>> 1;
                if (logPmf((int) mid, n, p) <= logD) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return lo;
        }
        // outcomes 0..from rise; the qualifying ones form a prefix 0..c-1; find c
        long lo = 0;
        long hi = from + 1L;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (logPmf((int) mid, n, p) <= logD) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** ln(1 - e^x) for x &lt;= 0, accurate near both ends (Maechler 2012). */
    static double log1mExp(double x) {
        return x > -Math.log(2) ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
    }

    static double logSumExp(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double max = Math.max(a, b);
        return max + Math.log1p(Math.exp(Math.min(a, b) - max));
    }

    /** ln(k!) - [(k + 1/2) ln k - k + ln sqrt(2 pi)]: the error of Stirling's formula, exact below 16. */
    static double stirlingError(int k) {
        if (k < STIRLING_ERROR.length) {
            return STIRLING_ERROR[k];
        }
        double n = k;
        double nn = n * n;
        if (n > 500) {
            return (S0 - S1 / nn) / n;
        }
        if (n > 80) {
            return (S0 - (S1 - S2 / nn) / nn) / n;
        }
        if (n > 35) {
            return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
        }
        return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
    }

    private static final double S0 = 1.0 / 12;
    private static final double S1 = 1.0 / 360;
    private static final double S2 = 1.0 / 1260;
    private static final double S3 = 1.0 / 1680;
    private static final double S4 = 1.0 / 1188;

    /** Exact values (40-digit mpmath) for k = 0..15; k = 0 is never used. */
    private static final double[] STIRLING_ERROR = {
        0,
        0.08106146679532725821967026,
        0.04134069595540929409382208,
        0.02767792568499833914878929,
        0.02079067210376509311152277,
        0.01664469118982119216319487,
        0.01387612882307074799874573,
        0.01189670994589177009505572,
        0.01041126526197209649747857,
        0.009255462182712732917728637,
        0.008330563433362871256469319,
        0.007573675487951840794972024,
        0.006942840107209529865664153,
        0.006408994188004207068439631,
        0.005951370112758847735624416,
        0.00555473355196280137103869,
    };

    /** x ln(x / m) + m - x, the binomial deviance term, without cancellation when x is close to m. */
    static double deviance(double x, double m) {
        if (Math.abs(x - m) < 0.1 * (x + m)) {
            double v = (x - m) / (x + m);
            double s = (x - m) * v;
            double ej = 2 * x * v;
            v *= v;
            for (int j = 1; j < 1000; j++) {
                ej *= v;
                double next = s + ej / (2 * j + 1);
                if (next == s) {
                    return next;
                }
                s = next;
            }
            return s;
        }
        return x * Math.log(x / m) + m - x;
    }
}
