package org.methylstream.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ScoringParameters and TestKind")
class ScoringParametersTest {
    @Test
    @DisplayName("defaults are the issue's: upper test, error rate 0.006, alpha 1e-5, minimum coverage 1")
    void defaults() {
        ScoringParameters d = ScoringParameters.DEFAULTS;
        assertEquals(TestKind.UPPER, d.test());
        assertEquals(0.006, d.errorRate());
        assertEquals(1e-5, d.alpha());
        assertEquals(1, d.minCoverage());
    }

    @ParameterizedTest(name = "error rate {0} is rejected")
    @ValueSource(doubles = {0, 1, -0.1, 1.5, Double.NaN, Double.POSITIVE_INFINITY})
    @DisplayName("the error rate must lie strictly between 0 and 1")
    void errorRateOutOfRange(double errorRate) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ScoringParameters(TestKind.UPPER, errorRate, 1e-5, 1));
        assertEquals("error rate must be strictly between 0 and 1, got " + errorRate, e.getMessage());
    }

    @ParameterizedTest(name = "alpha {0} is rejected")
    @ValueSource(doubles = {0, -1e-5, 1.0000001, Double.NaN, Double.NEGATIVE_INFINITY})
    @DisplayName("alpha must lie in (0, 1]")
    void alphaOutOfRange(double alpha) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ScoringParameters(TestKind.UPPER, 0.006, alpha, 1));
        assertEquals("alpha must be in (0, 1], got " + alpha, e.getMessage());
    }

    @Test
    @DisplayName("the boundary values alpha = 1, alpha = Double.MIN_VALUE and tiny error rates are accepted")
    void boundariesAccepted() {
        assertEquals(1.0, new ScoringParameters(TestKind.PMF, 0.006, 1.0, 1).alpha());
        assertEquals(Double.MIN_VALUE, new ScoringParameters(TestKind.PMF, 0.006, Double.MIN_VALUE, 1).alpha());
        assertEquals(Double.MIN_VALUE, new ScoringParameters(TestKind.PMF, Double.MIN_VALUE, 0.5, 1).errorRate());
        assertEquals(Math.nextDown(1.0), new ScoringParameters(TestKind.PMF, Math.nextDown(1.0), 0.5, 1).errorRate());
    }

    @ParameterizedTest(name = "minimum coverage {0} is rejected")
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    @DisplayName("the minimum coverage must be at least 1")
    void minCoverageTooSmall(int minCoverage) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ScoringParameters(TestKind.UPPER, 0.006, 1e-5, minCoverage));
        assertEquals("minimum coverage must be at least 1, got " + minCoverage, e.getMessage());
    }

    @Test
    @DisplayName("a test must be given")
    void testRequired() {
        assertThrows(IllegalArgumentException.class, () -> new ScoringParameters(null, 0.006, 1e-5, 1));
    }

    @Test
    @DisplayName("test kinds are named upper, pmf and two-sided; other names are refused with the list")
    void testKindIds() {
        assertEquals(TestKind.UPPER, TestKind.fromId("upper"));
        assertEquals(TestKind.PMF, TestKind.fromId("pmf"));
        assertEquals(TestKind.TWO_SIDED, TestKind.fromId("two-sided"));
        assertEquals("two-sided", TestKind.TWO_SIDED.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TestKind.fromId("two_sided"));
        assertEquals("unknown test 'two_sided' (expected one of upper, pmf, two-sided)", e.getMessage());
    }
}
