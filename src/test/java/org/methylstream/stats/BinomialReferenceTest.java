package org.methylstream.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every test kind against exact p-values (80-digit mpmath, see {@link ReferenceValues}) over small, realistic,
 * large and huge coverages. The precision requirement: relative error at most 1e-9 for every p-value
 * of at least 1e-300; below that, where the p-value itself underflows or loses digits, ln p is checked instead.
 */
@DisplayName("Binomial p-values match exact reference values")
class BinomialReferenceTest {
    static final double MAX_RELATIVE_ERROR = 1e-9;
    /** ln p is a double of magnitude up to ~1e10 here: a few ulps of it, relatively. */
    static final double MAX_LOG_RELATIVE_ERROR = 1e-12;
    static final double LN_1E_300 = Math.log(1e-300);

    private record Region(String name, IntPredicate coverage) {
    }

    private static final List<Region> REGIONS = List.of(
            new Region("small coverage (n <= 50, every k)", n -> n <= 50),
            new Region("realistic coverage (50 < n <= 1000)", n -> n > 50 && n <= 1000),
            new Region("large coverage (1000 < n <= 10^6)", n -> n > 1000 && n <= 1_000_000),
            new Region("huge coverage (n = 2^31 - 1)", n -> n > 1_000_000));

    @TestFactory
    @DisplayName("each test kind, each coverage region")
    Stream<DynamicTest> everyReferencePoint() {
        List<DynamicTest> tests = new ArrayList<>();
        for (TestKind kind : TestKind.values()) {
            for (Region region : REGIONS) {
                tests.add(DynamicTest.dynamicTest(kind + " p-values in " + region.name()
                        + " are within 1e-9 relative (ln p within 1e-12 relative below 1e-300)", () -> {
                    List<ReferenceValues.Point> points = ReferenceValues.all().stream()
                            .filter(pt -> region.coverage().test(pt.n())).toList();
                    assertTrue(points.size() >= 18, "the reference file covers " + region.name());
                    assertAllWithinTolerance(kind, points);
                }));
            }
        }
        return tests.stream();
    }

    @Test
    @DisplayName("the reference file reaches p-values far below the double range and near 1")
    void referenceCoversTheExtremes() {
        // guards the test above against a regenerated file that silently lost its extreme rows
        List<ReferenceValues.Point> points = ReferenceValues.all();
        assertTrue(points.size() > 5000, "rows: " + points.size());
        for (TestKind kind : TestKind.values()) {
            assertTrue(points.stream().anyMatch(pt -> pt.exactLog(kind) < -1e6), kind + ": p < e^-1000000");
            assertTrue(points.stream().anyMatch(pt -> pt.exactLog(kind) < Math.log(Double.MIN_VALUE)
                    && pt.exactLog(kind) > -2000), kind + ": p just below the smallest subnormal");
            assertTrue(points.stream().anyMatch(pt -> pt.exactLog(kind) > LN_1E_300 && pt.exactLog(kind) < -600),
                    kind + ": p just above 1e-300");
        }
        assertTrue(points.stream().anyMatch(pt -> pt.lnTwoSided() == 0 && pt.n() > 1000), "two-sided p = 1");
    }

    static void assertAllWithinTolerance(TestKind kind, List<ReferenceValues.Point> points) {
        List<String> failures = new ArrayList<>();
        for (ReferenceValues.Point pt : points) {
            String failure = check(kind, pt.k(), pt.n(), pt.p(), pt.exactLog(kind));
            if (failure != null) {
                failures.add(pt + ": " + failure);
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + points.size() + " " + kind + " p-values off, e.g.\n  "
                    + String.join("\n  ", failures.subList(0, Math.min(20, failures.size()))));
        }
    }

    /** Null when {@code kind}'s p-value for (k, n, p) is within tolerance of the exact ln p, else why not. */
    static String check(TestKind kind, int k, int n, double p, double exactLog) {
        double actual = kind.logPValue(k, n, p);
        if (Double.isNaN(actual) || actual > 0) {
            return "ln p = " + actual + ", exact " + exactLog;
        }
        if (exactLog >= LN_1E_300) {
            // p'/p - 1 = e^(ln p' - ln p) - 1; a relative error of p is an absolute error of ln p
            double relative = Math.abs(Math.expm1(actual - exactLog));
            return relative <= MAX_RELATIVE_ERROR ? null
                    : "p = " + Math.exp(actual) + ", exact " + Math.exp(exactLog) + " (relative error " + relative + ")";
        }
        double relative = Math.abs((actual - exactLog) / exactLog);
        return relative <= MAX_LOG_RELATIVE_ERROR ? null
                : "ln p = " + actual + ", exact " + exactLog + " (relative error " + relative + ")";
    }

    @Test
    @DisplayName("the tolerance check itself rejects a p-value off by 1e-8 relative")
    void toleranceCheckHasTeeth() {
        // a checker that accepts everything would make every test above pass vacuously
        double exact = TestKind.UPPER.logPValue(20, 100, 0.05);
        assertEquals(null, check(TestKind.UPPER, 20, 100, 0.05, exact));
        assertTrue(check(TestKind.UPPER, 20, 100, 0.05, exact + 1e-8) != null);
        double tiny = TestKind.PMF.logPValue(1000, 1000, 0.006);
        assertTrue(tiny < LN_1E_300);
        assertTrue(check(TestKind.PMF, 1000, 1000, 0.006, tiny * (1 + 1e-11)) != null);
    }
}
