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
                    key -> new long[4 + ChromosomeStatistics.DECADES]);
            int n = site.getMethylated() + site.getUnmethylated();
            c[0]++;
            c[3] += n;
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
                java.util.Arrays.copyOfRange(c, 4, c.length))));
        return statistics;
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
}
