package org.methylstream.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * -log10 p where p itself underflows double (below about 1e-308), against the exact ln p of the reference file
 * ({@link ReferenceValues}, 80-digit mpmath).
 */
@DisplayName("-log10 p stays exact and ordered where p underflows double")
class MinusLog10PValueTest {
    private static final double LN_1E_308 = Math.log(1e-308);

    @Test
    @DisplayName("every test kind: -log10 p within 1e-12 relative of the exact value for every p below 1e-308")
    void belowTheDoubleRange() {
        for (TestKind kind : TestKind.values()) {
            List<ReferenceValues.Point> tiny = ReferenceValues.all().stream()
                    .filter(pt -> pt.exactLog(kind) < LN_1E_308).toList();
            assertTrue(tiny.size() > 100, kind + ": reference points below 1e-308: " + tiny.size());
            Map<Double, SiteScorer> scorers = new HashMap<>(); // one per error rate: building one takes milliseconds
            for (ReferenceValues.Point pt : tiny) {
                SiteScorer scorer = scorers.computeIfAbsent(pt.p(),
                        p -> new SiteScorer(new ScoringParameters(kind, p, 1e-5, 1)));
                double exact = -pt.exactLog(kind) / Math.log(10);
                double actual = scorer.minusLog10PValue(pt.k(), pt.n());
                assertEquals(exact, actual, exact * 1e-12, kind + " " + pt);
                if (pt.exactLog(kind) < Math.log(Double.MIN_VALUE) - 1) {
                    assertEquals(0.0, scorer.pValue(pt.k(), pt.n()), "p itself underflows: " + pt);
                }
            }
        }
    }

    @Test
    @DisplayName("sites whose p-values all underflow to 0 are still ranked in the exact order")
    void ordersUnderflowedSites() {
        List<ReferenceValues.Point> tiny = ReferenceValues.all().stream()
                .filter(pt -> pt.lnUpper() < Math.log(Double.MIN_VALUE) - 1 && pt.p() == 0.006).toList();
        assertTrue(tiny.size() > 20, "points: " + tiny.size());
        SiteScorer scorer = new SiteScorer(ScoringParameters.DEFAULTS);
        List<ReferenceValues.Point> byExact = tiny.stream()
                .sorted(Comparator.comparingDouble(ReferenceValues.Point::lnUpper)).toList();
        List<ReferenceValues.Point> byScore = tiny.stream()
                .sorted(Comparator.comparingDouble((ReferenceValues.Point pt) -> scorer.minusLog10PValue(pt.k(), pt.n()))
                        .reversed()).toList();
        assertEquals(byExact.stream().map(ReferenceValues.Point::lnUpper).toList(),
                byScore.stream().map(ReferenceValues.Point::lnUpper).toList());
    }
}
