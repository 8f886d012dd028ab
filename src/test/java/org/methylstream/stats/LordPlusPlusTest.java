package org.methylstream.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LORD++ online FDR control")
class LordPlusPlusTest {
    private static final double RELATIVE = 1e-12;

    private static void assertRelative(double expected, double actual, double tolerance) {
        assertEquals(expected, actual, Math.abs(expected) * tolerance, () -> "expected " + expected + ", got " + actual);
    }

    @Test
    @DisplayName("gamma is the mixture of eight geometric sequences: hand-computed values, non-increasing, sums to 1")
    void gammaSequence() {
        // exact rational arithmetic: gamma_j = (1/8) sum_i 10^-i (1 - 10^-i)^(j-1)
        assertRelative(0.01388888875, LordPlusPlus.gamma(1), RELATIVE);
        assertRelative(0.012626262487373738, LordPlusPlus.gamma(2), RELATIVE);
        assertRelative(0.0061224095522373770, LordPlusPlus.gamma(10), RELATIVE);
        assertRelative(5.875018603905893e-05, LordPlusPlus.gamma(1000), 1e-10);
        double sum = 0;
        for (int j = 1; j <= 1000; j++) {
            sum += LordPlusPlus.gamma(j);
        }
        assertRelative(0.3423110277247592, sum, 1e-12);
        for (long j = 1; j < 10_000_000_000L; j = j * 3 / 2 + 1) {
            assertTrue(LordPlusPlus.gamma(j + 1) <= LordPlusPlus.gamma(j), "non-increasing at " + j);
        }
        // the tail beyond N is (1/8) sum_i rho_i^N: the whole sequence sums to 1
        double tail = 0;
        for (int i = 1; i <= 8; i++) {
            tail += Math.pow(1 - Math.pow(10, -i), 1e10) / 8;
        }
        assertTrue(tail < 1e-4);
    }

    @Test
    @DisplayName("levels and wealth of a short stream match a hand computation")
    void handComputed() {
        LordPlusPlus lord = new LordPlusPlus(0.1, 0.05);
        LordPlusPlus.State state = lord.start();
        double[] p = {1e-6, 0.5, 1e-6, 0.5};
        // alpha_1 = W0 g1; alpha_2 = W0 g2 + (a - W0) g1; alpha_3 = W0 g3 + (a - W0) g2;
        // alpha_4 = W0 g4 + (a - W0) g3 + a g1 (the second rejection, at t = 3, earns a)
        double[] levels = {0.0006944444375, 0.0013257575618686869, 0.001205751191862317, 0.002486521146862209};
        boolean[] rejected = {true, false, true, false};
        for (int t = 0; t < p.length; t++) {
            LordPlusPlus.Decision decision = lord.test(state, Math.log(p[t]));
            assertRelative(levels[t], decision.level(), RELATIVE);
            assertEquals(rejected[t], decision.rejected(), "test " + (t + 1));
            state = decision.after();
        }
        assertEquals(4, state.tests());
        assertEquals(2, state.rejections());
        // W0 + (a - W0) + a - sum of the levels
        assertRelative(0.1942875256619068, lord.wealth(state), 1e-12);
        assertEquals(state, LordPlusPlus.State.fromBytes(state.toBytes()));
    }

    @Test
    @DisplayName("equals LORD++ computed from every past rejection time, test for test")
    void equalsTheDefinition() {
        double alpha = 0.05;
        double w0 = alpha / 10;
        LordPlusPlus lord = new LordPlusPlus(alpha);
        SplittableRandom random = new SplittableRandom(5);
        LordPlusPlus.State state = lord.start();
        List<Long> rejections = new ArrayList<>();
        for (long t = 1; t <= 5_000; t++) {
            double p = random.nextInt(4) == 0 ? Math.pow(random.nextDouble(), 40) : random.nextDouble();
            double expected = w0 * LordPlusPlus.gamma(t);
            for (int j = 0; j < rejections.size(); j++) {
                expected += (j == 0 ? alpha - w0 : alpha) * LordPlusPlus.gamma(t - rejections.get(j));
            }
            LordPlusPlus.Decision decision = lord.test(state, Math.log(p));
            assertRelative(expected, decision.level(), 1e-10);
            assertEquals(p <= expected, decision.rejected(), "test " + t);
            if (decision.rejected()) {
                rejections.add(t);
            }
            state = decision.after();
            assertTrue(lord.wealth(state) >= 0, "wealth at " + t);
        }
        assertTrue(rejections.size() > 500, "rejections: " + rejections.size());
    }

    /** Runs one stream; returns {false discoveries, discoveries}. */
    private static long[] stream(LordPlusPlus lord, SplittableRandom random, int tests, double signals) {
        LordPlusPlus.State state = lord.start();
        long falseDiscoveries = 0;
        long discoveries = 0;
        for (int t = 0; t < tests; t++) {
            boolean isNull = random.nextDouble() >= signals;
            // non-nulls: p = U^30, strong but not overwhelming evidence
            double logP = isNull ? Math.log(random.nextDouble()) : 30 * Math.log(random.nextDouble());
            LordPlusPlus.Decision decision = lord.test(state, logP);
            if (decision.rejected()) {
                discoveries++;
                falseDiscoveries += isNull ? 1 : 0;
            }
            state = decision.after();
        }
        return new long[] {falseDiscoveries, discoveries};
    }

    @Test
    @DisplayName("under the global null, P(any discovery) = FDR stays below alpha (20,000 simulated streams)")
    void globalNull() {
        double alpha = 0.1;
        LordPlusPlus lord = new LordPlusPlus(alpha, alpha); // the largest initial wealth: the hardest case
        SplittableRandom random = new SplittableRandom(1);
        int streams = 20_000;
        int any = 0;
        for (int s = 0; s < streams; s++) {
            any += stream(lord, random, 1_000, 0)[1] > 0 ? 1 : 0;
        }
        double fdr = (double) any / streams;
        double standardError = Math.sqrt(fdr * (1 - fdr) / streams);
        // before a first rejection alpha_t = W0 gamma_t, so P(any) <= W0 * (sum of gamma_1..1000) = 0.0342
        assertTrue(fdr <= 0.1 * 0.3423110277247592 + 4 * standardError, "empirical FDR " + fdr);
        assertTrue(fdr <= alpha, "empirical FDR " + fdr);
        assertTrue(fdr > 0.02, "the bound is nearly attained, so the test has power to see a violation: " + fdr);
    }

    @Test
    @DisplayName("with 20% signals the mean false discovery proportion stays below alpha, and signals are found")
    void mixture() {
        double alpha = 0.1;
        LordPlusPlus lord = new LordPlusPlus(alpha);
        SplittableRandom random = new SplittableRandom(2);
        int streams = 4_000;
        double fdpSum = 0;
        double fdpSquares = 0;
        long discoveries = 0;
        for (int s = 0; s < streams; s++) {
            long[] result = stream(lord, random, 1_000, 0.2);
            double fdp = result[1] == 0 ? 0 : (double) result[0] / result[1];
            fdpSum += fdp;
            fdpSquares += fdp * fdp;
            discoveries += result[1];
        }
        double fdr = fdpSum / streams;
        double standardError = Math.sqrt((fdpSquares / streams - fdr * fdr) / streams);
        assertTrue(fdr <= alpha + 3 * standardError, "empirical FDR " + fdr + " +- " + standardError);
        assertTrue(discoveries / (double) streams > 50, "mean discoveries per stream: " + discoveries / (double) streams);
    }

    @Test
    @DisplayName("partitions each run at alpha / P: the FDR of all their discoveries together stays below alpha")
    void partitionsAtAlphaOverP() {
        double alpha = 0.1;
        int partitions = 6;
        LordPlusPlus lord = new LordPlusPlus(alpha / partitions);
        SplittableRandom random = new SplittableRandom(3);
        int streams = 2_000;
        double fdpSum = 0;
        for (int s = 0; s < streams; s++) {
            long falseDiscoveries = 0;
            long discoveries = 0;
            for (int p = 0; p < partitions; p++) {
                long[] result = stream(lord, random, 200, 0.1);
                falseDiscoveries += result[0];
                discoveries += result[1];
            }
            fdpSum += discoveries == 0 ? 0 : (double) falseDiscoveries / discoveries;
        }
        assertTrue(fdpSum / streams <= alpha, "empirical FDR " + fdpSum / streams);
    }

    @Test
    @DisplayName("decides p-values below the double range, and rejects nothing at p = 1")
    void extremes() {
        LordPlusPlus lord = new LordPlusPlus(0.05);
        assertTrue(lord.test(lord.start(), -1e6).rejected());
        assertFalse(lord.test(lord.start(), 0.0).rejected());
        assertThrows(IllegalArgumentException.class, () -> new LordPlusPlus(0));
        assertThrows(IllegalArgumentException.class, () -> new LordPlusPlus(0.05, 0.06));
    }
}
