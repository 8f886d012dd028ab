package org.methylstream.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.math3.stat.interval.ClopperPearsonInterval;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Controls and their counts")
@Timeout(30)
class ControlRegionTest {
    @Test
    @DisplayName("CONTIG, CONTIG: and CONTIG:START-END (1-based, inclusive); names match with or without chr")
    void regions() {
        Control control = Control.parse(List.of("chrL", "chrM:100-200"));
        assertTrue(control.contains("chrL", 1));
        assertTrue(control.contains("L", 48_502), "methylpy writes lambda as L");
        assertTrue(control.contains("M", 100));
        assertTrue(control.contains("chrM", 200));
        assertFalse(control.contains("chrM", 99));
        assertFalse(control.contains("chrM", 201));
        assertFalse(control.contains("chr1", 150));
        assertFalse(control.contains("chrLL", 1));
        assertEquals(ControlRegion.parse("L:"), new ControlRegion("L", 1, Long.MAX_VALUE));
        assertEquals("chrM:100-200", ControlRegion.parse("chrM:1,00-200").toString().replace("1,00", "100"));
        assertEquals("control chrM:5: expected CONTIG, CONTIG: or CONTIG:START-END",
                assertThrows(IllegalArgumentException.class, () -> ControlRegion.parse("chrM:5")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ControlRegion.parse("chrM:9-3")).getMessage()
                .contains("1 <= START <= END"));
        assertThrows(IllegalArgumentException.class, () -> ControlRegion.parse("chr"));
    }

    @Test
    @DisplayName("the rate is sum(methylated) / sum(coverage) with Commons Math's Clopper-Pearson interval")
    void rateAndInterval() {
        ControlCounts counts = new ControlCounts();
        counts.add(1, 20);
        counts.add(0, 30);
        counts.add(3, 50);
        assertEquals(4.0 / 100, counts.rate());
        assertEquals(3, counts.sites());
        ConfidenceInterval expected = new ClopperPearsonInterval().createInterval(100, 4, 0.95);
        assertEquals(expected.getLowerBound(), counts.interval()[0]);
        assertEquals(expected.getUpperBound(), counts.interval()[1]);
        // beyond an int, the same interval from its Beta quantiles: checked where both apply
        ControlCounts big = new ControlCounts(1, 5_000_000L, 1_000_000_000L);
        double[] beta = new ControlCounts(1, 5_000_000L * 3, 3_000_000_000L).interval();
        ConfidenceInterval cp = new ClopperPearsonInterval().createInterval(1_000_000_000, 5_000_000, 0.95);
        assertEquals(cp.getLowerBound(), big.interval()[0]);
        assertTrue(beta[0] > cp.getLowerBound() && beta[1] < cp.getUpperBound(), "3x the reads: a narrower interval");
        assertEquals(0.005, (beta[0] + beta[1]) / 2, 1e-6);
    }

    @Test
    @DisplayName("a control below the minimum coverage is refused, naming its counts")
    void refused() {
        ErrorRateSettings settings = new ErrorRateSettings(new ErrorRate(0.006, ErrorRate.DEFAULT, null),
                java.util.Map.of("known", 0.002), "rates.tsv", Control.parse(List.of("chrL")), false, 10_000);
        ControlTally tally = new ControlTally();
        tally.add(null, 3, 9_000);
        ErrorRateSettings.ControlRefused refused = assertThrows(ErrorRateSettings.ControlRefused.class,
                () -> settings.estimate("s1", tally));
        assertEquals("sample s1: control chrL has 9000 reads at 1 sites, fewer than --min-control-coverage 10000: "
                + "too few to estimate the error rate (give it with --error-rate or --error-rates, or lower"
                + " --min-control-coverage)", refused.getMessage());
        assertFalse(settings.estimates("known"), "a sample in --error-rates keeps its rate");
        assertEquals(new ErrorRate(0.002, "error-rates rates.tsv", null), settings.known("known").pooled());
        tally.add(null, 7, 1_000);
        assertEquals(0.001, settings.estimate("s1", tally).pooled().value());
    }
}
