package org.methylstream.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The corners the issue names: n = 1, k = 0, k = n, huge n and p-values that underflow. Expected values are
 * closed forms (1, p^n, q^n) or 40-digit mpmath values quoted inline.
 */
@DisplayName("Binomial edge cases")
class BinomialEdgeCaseTest {
    static final double P = 0.006;
    static final int MAX_N = Integer.MAX_VALUE;

    static void assertRelative(double expected, double actual, double tolerance) {
        assertTrue(Math.abs(actual - expected) <= tolerance * Math.abs(expected),
                () -> "expected " + expected + " within " + tolerance + " relative, got " + actual);
    }

    @Nested
    @DisplayName("a single read (n = 1)")
    class SingleRead {
        @Test
        @DisplayName("unmethylated: upper and two-sided p = 1, pmf = 1 - p")
        void unmethylated() {
            assertEquals(0.0, TestKind.UPPER.logPValue(0, 1, P));
            assertEquals(0.0, TestKind.TWO_SIDED.logPValue(0, 1, P));
            assertRelative(1 - P, Math.exp(TestKind.PMF.logPValue(0, 1, P)), 1e-15);
        }

        @Test
        @DisplayName("methylated: every test gives p = error rate")
        void methylated() {
            // two-sided: the only other outcome (0) is more likely, so nothing is added to P(X >= 1)
            for (TestKind kind : TestKind.values()) {
                assertRelative(P, Math.exp(kind.logPValue(1, 1, P)), 1e-15);
            }
        }
    }

    @Nested
    @DisplayName("no methylated read (k = 0)")
    class NoMethylatedRead {
        @Test
        @DisplayName("upper p-value is exactly 1 at every coverage")
        void upperIsOne() {
            for (int n : new int[] {1, 2, 10, 511, 512, 4096, 4097, 1_000_000, MAX_N}) {
                assertEquals(0.0, TestKind.UPPER.logPValue(0, n, P), "n=" + n);
            }
        }

        @Test
        @DisplayName("pmf is q^n, down to ln q^n = -1.29e7 at n = 2^31 - 1")
        void pmfIsQToTheN() {
            assertRelative(1000 * Math.log1p(-P), TestKind.PMF.logPValue(0, 1000, P), 1e-15);
            // 40-digit mpmath: (2^31 - 1) ln(1 - 0.006)
            assertRelative(-12923711.90560983763149133, TestKind.PMF.logPValue(0, MAX_N, P), 1e-14);
        }

        @Test
        @DisplayName("at high coverage the seed's pmf calls k = 0 significant while upper does not")
        void pmfCallsZeroSignificant() {
            // the reason the seed's statistic is kept only for comparison
            SiteScorer pmf = new SiteScorer(new ScoringParameters(TestKind.PMF, P, 1e-5, 1));
            SiteScorer upper = new SiteScorer(ScoringParameters.DEFAULTS);
            assertTrue(pmf.isSignificant(0, 3000));
            assertEquals(false, upper.isSignificant(0, 3000));
        }
    }

    @Nested
    @DisplayName("every read methylated (k = n)")
    class AllMethylated {
        @Test
        @DisplayName("upper and pmf are both p^n; two-sided adds no outcome from below")
        void allTestsArePToTheN() {
            for (int n : new int[] {2, 20, 100, 1000}) {
                for (TestKind kind : TestKind.values()) {
                    assertRelative(n * Math.log(P), kind.logPValue(n, n, P), 1e-14);
                }
            }
        }

        @Test
        @DisplayName("n = 10^6: p = e^-5115995.8 keeps its logarithm to 1e-14")
        void millionReads() {
            // 40-digit mpmath: 10^6 ln(0.006)
            assertRelative(-5115995.809754082030424815, TestKind.UPPER.logPValue(1_000_000, 1_000_000, P), 1e-14);
        }

        @Test
        @DisplayName("n = 2^31 - 1 at p = 0.5: ln p = -1.49e9 for upper and pmf")
        void hugeCoverage() {
            // 40-digit mpmath: (2^31 - 1) ln(0.5)
            assertRelative(-1488522235.216638855187861, TestKind.UPPER.logPValue(MAX_N, MAX_N, 0.5), 1e-14);
            assertRelative(-1488522235.216638855187861, TestKind.PMF.logPValue(MAX_N, MAX_N, 0.5), 1e-14);
        }
    }

    @Nested
    @DisplayName("p-values below the double range")
    class Underflow {
        private final SiteScorer scorer = new SiteScorer(ScoringParameters.DEFAULTS);

        @Test
        @DisplayName("p prints as 0 but ln p and -log10 p stay finite and exact")
        void logStaysFinite() {
            assertEquals(0.0, scorer.pValue(1000, 1000));
            // 40-digit mpmath: 1000 ln(0.006) = -5115.995809754082030
            assertRelative(-5115.995809754082030, scorer.logPValue(1000, 1000), 1e-15);
            assertRelative(5115.995809754082030 / Math.log(10), scorer.minusLog10PValue(1000, 1000), 1e-15);
        }

        @Test
        @DisplayName("underflowed p-values keep their order, so the strongest sites still rank first")
        void orderIsKept() {
            for (TestKind kind : TestKind.values()) {
                double previous = kind.logPValue(900, 1000, P);
                for (int k = 901; k <= 1000; k++) {
                    double current = kind.logPValue(k, 1000, P);
                    assertTrue(current < previous, kind + " k=" + k);
                    previous = current;
                }
            }
        }

        @Test
        @DisplayName("a naive 1 - cdf would report p = 0 where the exact p is 2.7e-20")
        void naiveComplementLosesTheTail() {
            // why tails are summed outward in logs: 1 - cdf cancels to 0 below ~1e-16
            double naive = 1 - new BinomialDistribution(1000, P).cumulativeProbability(39);
            assertEquals(0.0, naive, 1e-16);
            // 40-digit mpmath: ln P(X >= 40) = -45.06637206412034290
            assertRelative(-45.06637206412034290, TestKind.UPPER.logPValue(40, 1000, P), 1e-14);
        }
    }

    @Nested
    @DisplayName("two-sided specifics")
    class TwoSided {
        @Test
        @DisplayName("k at the mean exactly (n p = 500 for p = 0.5) has p = 1; next to it, p = 1 up to rounding")
        void atTheMean() {
            assertEquals(0.0, TestKind.TWO_SIDED.logPValue(500, 1000, 0.5));
            // n p = 1073741823.5: k = floor(np) and its mirror n - k cover every outcome, so p = 1 exactly;
            // the tails are summed separately, so only nearly 1
            assertEquals(0.0, TestKind.TWO_SIDED.logPValue(1073741823, MAX_N, 0.5), 1e-12);
        }

        @Test
        @DisplayName("at p = 0.5 outcomes k and n - k have the same p-value")
        void symmetric() {
            for (int n : new int[] {1, 2, 7, 100, 1001, 100_000}) {
                for (int k = 0; k <= n; k += Math.max(1, n / 97)) {
                    assertRelative(TestKind.TWO_SIDED.logPValue(n - k, n, 0.5),
                            TestKind.TWO_SIDED.logPValue(k, n, 0.5), 1e-12);
                }
            }
        }

        @Test
        @DisplayName("never below the one-sided tail on k's side, never above 1")
        void boundedByTheTails() {
            for (int n : new int[] {5, 60, 600, 6000}) {
                for (int k = 0; k <= n; k += Math.max(1, n / 150)) {
                    double two = TestKind.TWO_SIDED.logPValue(k, n, P);
                    double tail = k > n * P ? Binomial.logUpperTail(k, n, P) : Binomial.logLowerTail(k, n, P);
                    assertTrue(two <= 0 && two >= tail - 1e-12, "n=" + n + " k=" + k);
                }
            }
        }

        @Test
        @DisplayName("below the mean at n = 2^31 - 1 it adds only the upper outcomes no more likely than k")
        void belowTheMeanAtHugeCoverage() {
            // the regression behind the long-typed search bounds; 80-digit reference value
            assertRelative(0.002696847469350704, Math.exp(TestKind.TWO_SIDED.logPValue(12874165, MAX_N, P)), 1e-9);
            assertRelative(-12923711.222511005909, TestKind.TWO_SIDED.logPValue(0, MAX_N, P), 1e-12);
        }
    }

    @Test
    @DisplayName("outcomes outside 0..n have probability 0 (ln = -inf), and P(X >= k <= 0) = 1")
    void outsideTheSupport() {
        assertEquals(Double.NEGATIVE_INFINITY, Binomial.logPmf(-1, 10, P));
        assertEquals(Double.NEGATIVE_INFINITY, Binomial.logPmf(11, 10, P));
        assertEquals(Double.NEGATIVE_INFINITY, Binomial.logUpperTail(11, 10, P));
        assertEquals(0.0, Binomial.logUpperTail(-3, 10, P));
        assertEquals(Double.NEGATIVE_INFINITY, Binomial.logLowerTail(-1, 10, P));
        assertEquals(0.0, Binomial.logLowerTail(10, 10, P));
    }

    @Test
    @DisplayName("the least significant outcome is the mode floor((n + 1) p), also at n = 2^31 - 1")
    void leastSignificantOutcome() {
        assertEquals(0, TestKind.UPPER.leastSignificantOutcome(MAX_N, P));
        assertEquals(6, TestKind.PMF.leastSignificantOutcome(1000, P));
        // (n + 1) p with n + 1 in int arithmetic would wrap to -2^31
        assertEquals(12884901, TestKind.PMF.leastSignificantOutcome(MAX_N, P));
        assertEquals(1073741824, TestKind.TWO_SIDED.leastSignificantOutcome(MAX_N, 0.5));
        assertEquals(1, TestKind.PMF.leastSignificantOutcome(1, 0.9));
    }
}
