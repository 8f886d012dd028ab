package org.methylstream.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Benjamini-Hochberg from a histogram and passes equals the textbook computation")
class BenjaminiHochbergTest {

    /** Index of each discovery → its ln q, by the textbook computation. */
    static Map<Integer, Double> direct(double[] logP, double fdr) {
        double[] logQ = TextbookBh.logQValues(logP, fdr);
        Map<Integer, Double> discoveries = new HashMap<>();
        for (int i = 0; i < logQ.length; i++) {
            if (!Double.isNaN(logQ[i])) {
                discoveries.put(i, logQ[i]);
            }
        }
        return discoveries;
    }

    record Run(Map<Integer, Double> discoveries, BenjaminiHochberg.Outcome outcome) {
    }

    static Run bh(double[] logP, PValueHistogram histogram, double fdr, int capacity) {
        Map<Integer, Double> found = new HashMap<>();
        BenjaminiHochberg.Outcome outcome = BenjaminiHochberg.run(fdr, histogram, sample(logP), capacity,
                (site, p, q, tests, discoveries) -> {
                    assertEquals(logP[site], p);
                    assertEquals(logP.length, tests);
                    Double before = found.put(site, q);
                    assertEquals(null, before, "site " + site + " is reported once");
                });
        return new Run(found, outcome);
    }

    static Run bh(double[] logP, double fdr, int capacity) {
        return bh(logP, histogramOf(logP), fdr, capacity);
    }

    static BenjaminiHochberg.Sample<Integer> sample(double[] logP) {
        return visitor -> {
            for (int i = 0; i < logP.length; i++) {
                visitor.accept(i, logP[i]);
            }
        };
    }

    static PValueHistogram histogramOf(double[] logP) {
        List<PValueHistogram.Bin> bins = new ArrayList<>();
        for (double p : logP) {
            bins.add(PValueHistogram.Bin.of(p)); // one bin per p-value: the histogram merges them
        }
        return PValueHistogram.of(bins);
    }

    /** Binomial p-values of realistic WGBS sites: ~20x coverage, 60% methylated, many ties. */
    static double[] realisticLogP(int sites, long seed) {
        Random random = new Random(seed);
        SiteScorer scorer = new SiteScorer(ScoringParameters.DEFAULTS);
        double[] logP = new double[sites];
        for (int i = 0; i < sites; i++) {
            int n = 1 + (int) Math.max(0, Math.round(20 + 8 * random.nextGaussian()));
            if (random.nextInt(100) == 0) {
                n *= 40; // a few deep sites, whose p-values underflow double
            }
            double rate = random.nextInt(10) < 6 ? 0.5 + 0.5 * random.nextDouble() : 0.006;
            int k = 0;
            for (int r = 0; r < n; r++) {
                k += random.nextDouble() < rate ? 1 : 0;
            }
            logP[i] = scorer.logPValue(k, n);
        }
        return logP;
    }

    private static double[] million;

    private static synchronized double[] million() {
        if (million == null) {
            million = realisticLogP(1_000_000, 7);
        }
        return million;
    }

    @ParameterizedTest(name = "FDR {0}, window of {1} distinct p-values")
    @CsvSource({"0.01, 524288", "0.05, 524288", "0.01, 300", "1e-6, 50"})
    @DisplayName("a million realistic sites: same discoveries, same q-values to the last bit")
    void millionRealisticSites(double fdr, int capacity) {
        double[] logP = million();
        Map<Integer, Double> expected = direct(logP, fdr);

        Run run = bh(logP, fdr, capacity);

        assertTrue(expected.size() > 100_000, "discoveries: " + expected.size());
        assertEquals(expected, run.discoveries());
        assertEquals(1_000_000, run.outcome().tested());
        assertEquals(expected.size(), run.outcome().discoveries());
        assertFalse(run.outcome().recounted());
        double threshold = expected.keySet().stream().mapToDouble(i -> logP[i]).max().orElseThrow();
        assertEquals(threshold, run.outcome().logThreshold());
        assertTrue(Arrays.stream(logP).anyMatch(p -> p < Math.log(Double.MIN_VALUE)), "some p-values underflow");
        if (capacity > 100_000) {
            assertEquals(2, run.outcome().passes(), "one pass to collect, one to emit");
        } else {
            assertTrue(run.outcome().passes() > 2, "passes: " + run.outcome().passes());
        }
    }

    @Test
    @DisplayName("continuous p-values without ties: the same discoveries as BH on the p-values themselves")
    void agreesWithLinearSpaceBh() {
        Random random = new Random(11);
        double[] p = new double[200_000];
        for (int i = 0; i < p.length; i++) {
            // 10% signals, p ~ Beta(0.05, 1); the rest uniform
            p[i] = random.nextInt(10) == 0 ? Math.pow(random.nextDouble(), 20) : random.nextDouble();
        }
        double[] sorted = p.clone();
        Arrays.sort(sorted);
        int k = 0;
        for (int i = 1; i <= p.length; i++) {
            if (sorted[i - 1] * p.length / i <= 0.05) {
                k = i;
            }
        }
        double cut = sorted[k - 1];

        Run run = bh(Arrays.stream(p).map(Math::log).toArray(), 0.05, 1000);

        assertEquals(k, run.discoveries().size());
        run.discoveries().keySet().forEach(i -> assertTrue(p[i] <= cut));
    }

    @Test
    @DisplayName("tied p-values share a rank (the number at or below them) and a q-value, across window edges")
    void ties() {
        // 3 at 1e-4, 2 at 1e-3, 5 at 0.02, 90 at 1: m = 100
        double[] logP = new double[100];
        Arrays.fill(logP, 0.0);
        for (int i = 0; i < 3; i++) {
            logP[i] = Math.log(1e-4);
        }
        logP[3] = logP[4] = Math.log(1e-3);
        for (int i = 5; i < 10; i++) {
            logP[i] = Math.log(0.02);
        }
        for (int capacity = 1; capacity <= 4; capacity++) {
            Run run = bh(logP, 0.05, capacity);
            // m p / R: 1e-4 * 100 / 3, 1e-3 * 100 / 5 = 0.02, 0.02 * 100 / 10 = 0.2
            assertEquals(5, run.discoveries().size(), "capacity " + capacity);
            assertEquals(Math.log(0.01 / 3), run.discoveries().get(0), 1e-12);
            assertEquals(run.discoveries().get(0), run.discoveries().get(2));
            assertEquals(Math.log(0.02), run.discoveries().get(4), 1e-12);
            assertEquals(direct(logP, 0.05), run.discoveries());
        }
    }

    @Test
    @DisplayName("a q-value is the minimum over larger p-values: a smaller p never gets a larger q")
    void stepUpMinimum() {
        double[] logP = {Math.log(0.010), Math.log(0.011), Math.log(0.012), Math.log(0.5)};
        // m p / R: 0.04, 0.022, 0.016, 0.5 -> q = 0.016, 0.016, 0.016
        Run run = bh(logP, 0.05, 2);
        assertEquals(Map.of(0, Math.log(0.016), 1, Math.log(0.016), 2, Math.log(0.016)).keySet(),
                run.discoveries().keySet());
        run.discoveries().values().forEach(q -> assertEquals(Math.log(0.016), q, 1e-12));
    }

    @Test
    @DisplayName("with nothing to discover it reads the sample once, to count it")
    void nothingToDiscover() {
        double[] logP = new Random(3).doubles(10_000).map(Math::log).toArray();
        Run run = bh(logP, 0.01, 1000);
        assertEquals(Map.of(), run.discoveries());
        assertEquals(0, run.outcome().discoveries());
        assertEquals(1, run.outcome().passes());
        assertEquals(Double.NEGATIVE_INFINITY, run.outcome().logThreshold());
    }

    @Test
    @DisplayName("at FDR 1 every site is a discovery")
    void fdrOne() {
        double[] logP = {0.0, -0.0, Math.log(0.9), Math.log(0.3)};
        assertEquals(4, bh(logP, 1.0, 10).discoveries().size());
    }

    @Test
    @DisplayName("a histogram that counted sites twice (after a crash) is noticed and rebuilt from the sample")
    void staleHistogram() {
        double[] logP = realisticLogP(20_000, 5);
        List<PValueHistogram.Bin> twice = new ArrayList<>(histogramOf(logP).bins());
        twice.add(PValueHistogram.Bin.of(logP[17]));

        Run run = bh(logP, PValueHistogram.of(twice), 0.01, 1 << 12);

        assertTrue(run.outcome().recounted());
        assertEquals(20_000, run.outcome().tested());
        assertEquals(direct(logP, 0.01), run.discoveries());
    }

    @Test
    @DisplayName("refuses to go on when a site's p-value changes between passes")
    void unstableSample() {
        double[] logP = {Math.log(1e-9), Math.log(1e-8), 0.0};
        int[] pass = {0};
        BenjaminiHochberg.Sample<Integer> changing = visitor -> {
            pass[0]++;
            for (int i = 0; i < logP.length; i++) {
                visitor.accept(i, pass[0] > 1 && i == 1 ? Math.nextDown(logP[i]) : logP[i]);
            }
        };
        assertThrows(IllegalStateException.class, () -> BenjaminiHochberg.run(0.05, histogramOf(logP), changing, 10,
                (site, p, q, tests, discoveries) -> { }));
    }

    @Test
    @DisplayName("the histogram has exact counts, bounded bins and merges partitions")
    void histogram() {
        assertEquals(0, PValueHistogram.binOf(0.0));
        assertEquals(0, PValueHistogram.binOf(-0.0));
        assertEquals(100, PValueHistogram.binOf(Math.log(0.1) - 1e-12));
        assertEquals(PValueHistogram.LAST_BIN, PValueHistogram.binOf(-1e10));
        double[] logP = realisticLogP(5_000, 9);
        PValueHistogram.Builder builder = new PValueHistogram.Builder();
        Arrays.stream(logP).forEach(builder::add);
        PValueHistogram whole = builder.build();
        PValueHistogram firstHalf = histogramOf(Arrays.copyOfRange(logP, 0, 2_500));
        PValueHistogram secondHalf = histogramOf(Arrays.copyOfRange(logP, 2_500, 5_000));
        List<PValueHistogram.Bin> parts = new ArrayList<>(firstHalf.bins());
        parts.addAll(secondHalf.bins());

        assertEquals(whole, PValueHistogram.of(parts));
        assertEquals(5_000, whole.total());
        assertTrue(whole.bins().size() < 1_000, "bins: " + whole.bins().size());
    }
}
