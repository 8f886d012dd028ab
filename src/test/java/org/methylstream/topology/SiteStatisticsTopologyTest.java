package org.methylstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.avro.MethylationSite;
import org.methylstream.naming.AnalysisNames;
import org.methylstream.serde.AvroSerde;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.SiteScorer;
import org.methylstream.stats.TestKind;

@DisplayName("The per-sample, per-chromosome statistics of the scoring topology")
public class SiteStatisticsTopologyTest {
    @TempDir
    Path stateDir;

    private static final AvroSerde<MethylationSite> SITES = AvroSerde.methylationSite();

    /** The statistics of some sites, counted one by one without the topology. */
    public static Map<String, ChromosomeStatistics> direct(List<MethylationSite> sites, ScoringParameters scoring) {
        SiteScorer scorer = new SiteScorer(scoring);
        Map<String, long[]> counts = new HashMap<>();
        for (MethylationSite site : sites) {
            if (SiteValidation.problemWith(site) != null) {
                continue;
            }
            long[] c = counts.computeIfAbsent(site.getSampleId() + "/" + site.getChromosome(),
                    key -> new long[4 + ChromosomeStatistics.DECADES + CoverageBins.COUNT]);
            int n = site.getMethylated() + site.getUnmethylated();
            c[0]++;
            c[3] += n;
            int coverageBin = 0;
            while (coverageBin < CoverageBins.COUNT - 1 && n > CoverageBins.highest(coverageBin)) {
                coverageBin++;
            }
            c[4 + ChromosomeStatistics.DECADES + coverageBin]++;
            if (scorer.isTested(n)) {
                c[1]++;
                double p = scorer.pValue(site.getMethylated(), n);
                c[2] += p < scoring.alpha() ? 1 : 0;
                int decade = 0;
                while (decade < ChromosomeStatistics.DECADES - 1 && p <= Math.pow(10, -(decade + 1))) {
                    decade++;
                }
                c[4 + decade]++;
            }
        }
        Map<String, ChromosomeStatistics> statistics = new HashMap<>();
        counts.forEach((key, c) -> statistics.put(key, new ChromosomeStatistics(c[0], c[1], c[2], c[3],
                java.util.Arrays.copyOfRange(c, 4, 4 + ChromosomeStatistics.DECADES),
                java.util.Arrays.copyOfRange(c, 4 + ChromosomeStatistics.DECADES, c.length))));
        return statistics;
    }

    /** The genome bins of some sites, counted one by one without the topology, keyed sample/chromosome/index. */
    public static Map<String, BinCounts> directBins(List<MethylationSite> sites, ScoringParameters scoring) {
        SiteScorer scorer = new SiteScorer(scoring);
        Map<String, BinCounts> bins = new HashMap<>();
        for (MethylationSite site : sites) {
            if (SiteValidation.problemWith(site) != null) {
                continue;
            }
            int n = site.getMethylated() + site.getUnmethylated();
            boolean tested = scorer.isTested(n);
            double minusLog10 = tested ? -Math.log10(scorer.pValue(site.getMethylated(), n)) : 0;
            BinCounts counted = new BinCounts(1, tested ? 1 : 0, tested && scorer.isSignificant(site.getMethylated(), n)
                    ? 1 : 0, tested ? minusLog10 : 0);
            bins.merge(site.getSampleId() + "/" + site.getChromosome() + "/" + (site.getPosition() - 1) / 1_000_000,
                    counted, BinCounts::plus);
        }
        return bins;
    }

    public static List<MethylationSite> randomSites(int count, long seed) {
        Random random = new Random(seed);
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> {
            int n = random.nextInt(60);
            int k = random.nextBoolean() ? random.nextInt(n + 1) : random.nextInt(2) * Math.min(n, 1);
            return MethylationSite.newBuilder().setSampleId("s" + random.nextInt(2))
                    .setChromosome("chr" + (1 + random.nextInt(3))).setPosition(i + 1L)
                    .setMethylated(i % 97 == 0 ? -1 : k).setUnmethylated(n - k).build(); // a few invalid sites
        }).toList();
    }

    @Test
    @DisplayName("count sites, tested and significant sites, coverage and p-value decades per sample and chromosome")
    void equalDirectCounts() {
        ScoringParameters scoring = new ScoringParameters(TestKind.UPPER, 0.006, 1e-5, 5);
        List<MethylationSite> sites = randomSites(5_000, 3);
        Map<String, ChromosomeStatistics> counted = new HashMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(SiteScoringTopology.build(
                new TopologySettings(new AnalysisNames("a", "in", "out", "dlq", "statistics-test"), scoring)),
                ProductionConfig.of("statistics-test", false, stateDir))) {
            TestInputTopic<String, byte[]> input = driver.createInputTopic("in", new StringSerializer(),
                    new ByteArraySerializer());
            sites.forEach(site -> input.pipeInput(site.getSampleId() + ":" + site.getPosition(), SITES.encode(site)));
            ReadOnlyKeyValueStore<Bytes, byte[]> store = (ReadOnlyKeyValueStore<Bytes, byte[]>) driver.getAllStateStores()
                    .get(SiteScoringTopology.STATISTICS);
            store.all().forEachRemaining(row -> counted.put(SampleKeys.sampleOf(row.key) + "/"
                    + SampleKeys.chromosomeOf(row.key), ChromosomeStatistics.fromBytes(row.value)));
        }
        assertEquals(direct(sites, scoring), counted);
        assertEquals(6, counted.size(), "two samples, three chromosomes");
    }

    @Test
    @DisplayName("count sites, tested and significant sites and the largest -log10 p per sample and 1 Mb genome bin")
    void binsEqualDirectCounts() {
        ScoringParameters scoring = new ScoringParameters(TestKind.UPPER, 0.006, 1e-5, 5);
        // positions spread over 5 Mb, so each chromosome has several bins
        List<MethylationSite> sites = randomSites(5_000, 4).stream().map(site -> MethylationSite.newBuilder(site)
                .setPosition(site.getPosition() * 997).build()).toList();
        Map<String, BinCounts> counted = new HashMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(SiteScoringTopology.build(
                new TopologySettings(new AnalysisNames("a", "in", "out", "dlq", "bins-test"), scoring)),
                ProductionConfig.of("bins-test", false, stateDir))) {
            TestInputTopic<String, byte[]> input = driver.createInputTopic("in", new StringSerializer(),
                    new ByteArraySerializer());
            sites.forEach(site -> input.pipeInput(site.getSampleId() + ":" + site.getPosition(), SITES.encode(site)));
            ReadOnlyKeyValueStore<Bytes, byte[]> store = (ReadOnlyKeyValueStore<Bytes, byte[]>) driver.getAllStateStores()
                    .get(SiteScoringTopology.BINS);
            store.all().forEachRemaining(row -> counted.put(SampleKeys.sampleOf(row.key) + "/"
                    + SampleKeys.textAfterIntOf(row.key) + "/" + SampleKeys.intBeforeTextOf(row.key),
                    BinCounts.fromBytes(row.value)));
        }
        assertBinsEqual(directBins(sites, scoring), counted);
        assertEquals(2 * 3 * 5, counted.size(), "two samples, three chromosomes, five bins each");
    }

    /** Equal counts, and -log10 p equal but for rounding (directly from p, or in log space). */
    public static void assertBinsEqual(Map<String, BinCounts> expected, Map<String, BinCounts> counted) {
        assertEquals(expected.keySet(), counted.keySet());
        expected.forEach((key, bin) -> {
            BinCounts got = counted.get(key);
            assertEquals(List.of(bin.sites(), bin.tested(), bin.significant()),
                    List.of(got.sites(), got.tested(), got.significant()), key);
            assertEquals(bin.maxMinusLog10P(), got.maxMinusLog10P(), 1e-9 * Math.max(1, bin.maxMinusLog10P()), key);
        });
    }

    @Test
    @DisplayName("a sample's bins past the limit go to its one other bin")
    void binLimit() {
        int[] stored = {GenomeBins.LIMIT - 2};
        GenomeBins bins = new GenomeBins(sample -> sample.equals("full") ? stored[0] : 0);
        assertEquals(List.of(true, true, false, false), List.of(bins.admitsNew("full"), bins.admitsNew("full"),
                bins.admitsNew("full"), bins.admitsNew("full")));
        assertEquals(true, bins.admitsNew("empty"));
        assertEquals(List.of(0, 0, 1, 2), List.of(GenomeBins.of(1), GenomeBins.of(1_000_000), GenomeBins.of(1_000_001),
                GenomeBins.of(2_000_001)));
    }
}
