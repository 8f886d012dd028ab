package org.methylstream.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SiteScorer#isSignificant} answers from a table of intervals for coverages up to 4096 and from the
 * p-value above; either way it must say exactly what "ln p &lt; ln alpha" says, for every (k, n).
 */
@DisplayName("SiteScorer significance agrees exactly with p < alpha")
class SignificanceAgreementTest {
    static Stream<Arguments> parameters() {
        List<Arguments> cases = new ArrayList<>();
        double[][] pairs = {
            {0.006, 1e-5},   // the defaults
            {0.001, 0.05},
            {0.01, 1e-10},
            {0.5, 0.01},
            {0.9, 1e-3},
            {0.006, 1.0},    // pmf: every outcome significant at n = 1
            {0.2, 1e-300},   // nothing below ~n = 430 is significant
        };
        for (TestKind kind : TestKind.values()) {
            for (double[] pair : pairs) {
                cases.add(Arguments.of(kind, pair[0], pair[1]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} test, error rate {1}, alpha {2}")
    @MethodSource("parameters")
    @DisplayName("every k <= n for n = 1..600, and every k at n = 1000, 4095, 4096, 4097 and 5000")
    void tableAgreesWithPValue(TestKind kind, double errorRate, double alpha) {
        SiteScorer scorer = new SiteScorer(new ScoringParameters(kind, errorRate, alpha, 1));
        double logAlpha = Math.log(alpha);
        List<String> disagreements = new ArrayList<>();
        long significant = 0;
        long checked = 0;
        for (int n = 1; n <= 600; n++) {
            for (int k = 0; k <= n; k++) {
                significant += check(scorer, kind, errorRate, logAlpha, k, n, disagreements) ? 1 : 0;
                checked++;
            }
        }
        for (int n : new int[] {1000, 4095, 4096, 4097, 5000}) {
            for (int k = 0; k <= n; k++) {
                significant += check(scorer, kind, errorRate, logAlpha, k, n, disagreements) ? 1 : 0;
                checked++;
            }
        }
        if (!disagreements.isEmpty()) {
            fail(disagreements.size() + " disagreements, e.g. " + disagreements.subList(0, Math.min(10, disagreements.size())));
        }
        // a table that marked nothing (or everything) significant would agree only in degenerate cases
        if (alpha < 1 && alpha > 1e-300) {
            assertTrue(significant > 0 && significant < checked, significant + " of " + checked + " significant");
        }
    }

    /** Whether significant; adds a description to {@code disagreements} when table and p-value differ. */
    private static boolean check(SiteScorer scorer, TestKind kind, double p, double logAlpha, int k, int n,
                                 List<String> disagreements) {
        double logP = kind.logPValue(k, n, p);
        boolean expected = logP < logAlpha;
        boolean actual = scorer.isSignificant(k, n);
        if (actual != expected) {
            disagreements.add("k=" + k + " n=" + n + " ln p=" + logP + " says " + expected + ", scorer " + actual);
        }
        return actual;
    }

    @Test
    @DisplayName("spot checks far above the table (n up to 10^6) agree too")
    void aboveTheTable() {
        for (TestKind kind : TestKind.values()) {
            SiteScorer scorer = new SiteScorer(new ScoringParameters(kind, 0.006, 1e-5, 1));
            for (int n : new int[] {4097, 8192, 65_537, 1_000_000}) {
                double mean = n * 0.006;
                for (int k : new int[] {0, 1, (int) mean, (int) (mean + 4 * Math.sqrt(mean)),
                        (int) (mean + 5 * Math.sqrt(mean)), (int) (mean + 6 * Math.sqrt(mean)), n / 2, n}) {
                    assertEquals(kind.logPValue(k, n, 0.006) < Math.log(1e-5), scorer.isSignificant(k, n),
                            kind + " k=" + k + " n=" + n);
                }
            }
        }
    }

    @Test
    @DisplayName("alpha = 1 makes every pmf outcome significant at n = 1 (all pmf values are below 1)")
    void everyOutcomeSignificantAtAlphaOne() {
        SiteScorer scorer = new SiteScorer(new ScoringParameters(TestKind.PMF, 0.006, 1.0, 1));
        assertTrue(scorer.isSignificant(0, 1));
        assertTrue(scorer.isSignificant(1, 1));
    }

    @Test
    @DisplayName("coverage so high that no pmf reaches alpha: every k at n = 4096, p = 0.5, alpha 0.05 is significant")
    void everyOutcomeSignificantAtHighCoverage() {
        // the largest point probability at n = 4096 is about 0.0125
        SiteScorer scorer = new SiteScorer(new ScoringParameters(TestKind.PMF, 0.5, 0.05, 1));
        for (int k = 0; k <= 4096; k++) {
            assertTrue(scorer.isSignificant(k, 4096), "k=" + k);
        }
        assertFalse(scorer.isSignificant(2, 4), "n = 4 still has a non-significant outcome");
    }

    @Test
    @DisplayName("upper: k = 0 is never significant, since P(X >= 0) = 1 is never below alpha <= 1")
    void upperNeverCallsZero() {
        SiteScorer scorer = new SiteScorer(new ScoringParameters(TestKind.UPPER, 0.5, 1.0, 1));
        for (int n : new int[] {1, 100, 4096, 4097, 100_000}) {
            assertFalse(scorer.isSignificant(0, n), "n=" + n);
        }
    }

    @Test
    @DisplayName("memoised p-values equal freshly computed ones, and pValue is exp(logPValue)")
    void memoIsTransparent() {
        for (TestKind kind : TestKind.values()) {
            SiteScorer scorer = new SiteScorer(new ScoringParameters(kind, 0.006, 1e-5, 1));
            for (int round = 0; round < 2; round++) { // the second round is served from the memo
                for (int n : new int[] {1, 2, 50, 510, 511, 512, 513, 3000}) {
                    for (int k = 0; k <= n; k += Math.max(1, n / 50)) {
                        double expected = kind.logPValue(k, n, 0.006);
                        assertEquals(expected, scorer.logPValue(k, n), kind + " k=" + k + " n=" + n);
                        assertEquals(Math.exp(expected), scorer.pValue(k, n));
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("a site is tested only from the minimum coverage on")
    void minimumCoverage() {
        SiteScorer scorer = new SiteScorer(new ScoringParameters(TestKind.UPPER, 0.006, 1e-5, 10));
        assertFalse(scorer.isTested(0));
        assertFalse(scorer.isTested(9));
        assertTrue(scorer.isTested(10));
        assertTrue(new SiteScorer(ScoringParameters.DEFAULTS).isTested(1));
        assertFalse(new SiteScorer(ScoringParameters.DEFAULTS).isTested(0));
    }

    @Test
    @DisplayName("-log10 p of p = 1 is +0.0, not -0.0")
    void minusLog10OfOne() {
        assertEquals("0.0", Double.toString(new SiteScorer(ScoringParameters.DEFAULTS).minusLog10PValue(0, 10)));
    }
}
