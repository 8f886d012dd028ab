package org.methylstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.avro.FdrSite;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SampleEnd;
import org.methylstream.avro.SampleHistogram;
import org.methylstream.avro.SiteSpan;
import org.methylstream.naming.AnalysisNames;
import org.methylstream.serde.AvroSerde;
import org.methylstream.stats.LordPlusPlus;
import org.methylstream.stats.PValueHistogram;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.SiteScorer;
import org.methylstream.stats.TestKind;

@DisplayName("The FDR stages of the scoring topology")
class FdrTopologyTest {
    @TempDir
    Path stateDir;

    private static final AvroSerde<MethylationSite> SITES = AvroSerde.methylationSite();
    private static final AvroSerde<SampleEnd> ENDS = AvroSerde.sampleEnd();
    private static final AvroSerde<SampleHistogram> HISTOGRAMS = AvroSerde.sampleHistogram();
    private static final AvroSerde<FdrSite> DISCOVERIES = AvroSerde.fdrSite();
    private static final ScoringParameters SCORING = new ScoringParameters(TestKind.UPPER, 0.006, 1e-5, 3);

    private final SiteScorer scorer = new SiteScorer(SCORING);
    private final Random random = new Random(17);
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> input;
    private TestOutputTopic<String, byte[]> histograms;
    private TestOutputTopic<String, byte[]> requests;
    private TestOutputTopic<String, byte[]> online;
    private long offset;

    @BeforeEach
    void start() {
        TopologySettings settings = new TopologySettings(
                new AnalysisNames("fdr-test", "in", "out", "dlq", "fdr-topology-test"), SCORING)
                .withFdr(new FdrSettings(0.05, 0.1, 2));
        driver = new TopologyTestDriver(SiteScoringTopology.build(settings),
                ProductionConfig.of("fdr-topology-test", false, stateDir));
        input = driver.createInputTopic("in", new StringSerializer(), new ByteArraySerializer());
        histograms = driver.createOutputTopic(settings.histogramsTopic(), new StringDeserializer(),
                new ByteArrayDeserializer());
        requests = driver.createOutputTopic(settings.fdrRequestsTopic(), new StringDeserializer(),
                new ByteArrayDeserializer());
        online = driver.createOutputTopic(settings.onlineFdrTopic(), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    /** Publishes a random site (a third methylated) and returns it. */
    private MethylationSite publish(String sample) {
        int n = 1 + random.nextInt(40);
        int k = random.nextInt(3) == 0 ? n / 2 + random.nextInt(n / 2 + 1) : random.nextInt(2);
        MethylationSite site = MethylationSite.newBuilder().setSampleId(sample).setChromosome("chr" + random.nextInt(3))
                .setPosition(offset + 1).setMethylated(k).setUnmethylated(n - k).build();
        input.pipeInput(sample + ":" + site.getChromosome() + ":" + site.getPosition(), SITES.encode(site));
        offset++;
        return site;
    }

    /** The end marker of {@code sample} as publish writes it to {@code partition}; returns its offset. */
    private long end(String sample, int partition, long publishedAt) {
        SampleEnd end = SampleEnd.newBuilder().setSampleId(sample).setPartition(partition).setPartitionSites(0)
                .setTotalSites(0).setPartitions(2).setPublishedAt(Instant.ofEpochMilli(publishedAt)).build();
        input.pipeInput(sample, ENDS.encode(end));
        return offset++;
    }

    private PValueHistogram histogramOf(List<MethylationSite> sites) {
        PValueHistogram.Builder builder = new PValueHistogram.Builder();
        for (MethylationSite site : sites) {
            int n = site.getMethylated() + site.getUnmethylated();
            if (scorer.isTested(n)) {
                builder.add(scorer.logPValue(site.getMethylated(), n));
            }
        }
        return builder.build();
    }

    @Test
    @DisplayName("refuses FDR control of the pmf test's point probabilities, which are not p-values")
    void refusesPointProbabilities() {
        ScoringParameters pmf = new ScoringParameters(TestKind.PMF, 0.006, 1e-5, 1);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new TopologySettings(new AnalysisNames("a", "in", "out", "dlq", "app"), pmf).withFdr(new FdrSettings(0.05, 0, 1)));
        assertEquals(FdrSettings.NEEDS_P_VALUES, e.getMessage());
    }

    @Test
    @DisplayName("a sample's histogram waits for every partition's end, then goes out merged, with every span")
    void mergesPartitionsAtTheEnd() {
        List<MethylationSite> s1 = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            s1.add(publish("s1"));
            publish("s2"); // interleaved: not counted for s1
        }
        long firstEnd = end("s1", 0, 1000);

        SampleHistogram part = HISTOGRAMS.decode(histograms.readValue());
        assertEquals(histogramOf(s1), FdrRecords.histogramOf(part.getBins()));
        assertEquals(List.of(new SiteSpan(0, 0L, firstEnd)), part.getSpans());
        assertTrue(requests.isEmpty(), "one partition of two has ended");

        long secondEnd = end("s1", 1, 1000);

        SampleHistogram request = HISTOGRAMS.decode(requests.readValue());
        assertEquals("s1", request.getSampleId());
        assertEquals("fdr-test", request.getAnalysisId());
        assertEquals(histogramOf(s1), FdrRecords.histogramOf(request.getBins()));
        assertEquals(histogramOf(s1).total(), request.getTested());
        assertEquals(List.of(new SiteSpan(0, 0L, firstEnd), new SiteSpan(1, secondEnd, secondEnd)),
                request.getSpans(), "the second partition had no sites of s1 after the first end");
        assertTrue(requests.isEmpty());
    }

    @Test
    @DisplayName("a publication that ended in only some partitions is dropped when a later one ends")
    void dropsUnfinishedPublications() {
        publish("s1");
        end("s1", 0, 1000); // partition 1 never saw this publication end
        histograms.readValuesToList();
        long first = offset;
        List<MethylationSite> again = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            again.add(publish("s1"));
        }
        long end0 = end("s1", 0, 2000);
        long end1 = end("s1", 1, 2000);

        List<SampleHistogram> merged = requests.readValuesToList().stream().map(HISTOGRAMS::decode).toList();
        assertEquals(1, merged.size());
        assertEquals(Instant.ofEpochMilli(2000), merged.get(0).getPublishedAt());
        assertEquals(histogramOf(again), FdrRecords.histogramOf(merged.get(0).getBins()));
        assertEquals(List.of(new SiteSpan(0, first, end0), new SiteSpan(1, end1, end1)), merged.get(0).getSpans());
    }

    @Test
    @DisplayName("online: the discoveries are LORD++'s over the partition's tested sites, at alpha / partitions")
    void onlineDiscoveries() {
        List<MethylationSite> sites = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            sites.add(publish("s1"));
        }
        LordPlusPlus lord = new LordPlusPlus(0.1 / 2);
        LordPlusPlus.State state = lord.start();
        List<Long> expected = new ArrayList<>();
        List<Double> levels = new ArrayList<>();
        List<Long> testNumbers = new ArrayList<>();
        for (MethylationSite site : sites) {
            int n = site.getMethylated() + site.getUnmethylated();
            if (scorer.isTested(n)) {
                LordPlusPlus.Decision decision = lord.test(state, scorer.logPValue(site.getMethylated(), n));
                if (decision.rejected()) {
                    expected.add(site.getPosition());
                    levels.add(decision.level());
                    testNumbers.add(decision.after().tests());
                }
                state = decision.after();
            }
        }

        List<FdrSite> found = online.readValuesToList().stream().map(DISCOVERIES::decode).toList();

        assertTrue(expected.size() > 100, "discoveries: " + expected.size());
        assertEquals(expected, found.stream().map(d -> d.getSite().getPosition()).toList());
        assertEquals(levels, found.stream().map(FdrSite::getLevel).toList());
        assertEquals(testNumbers, found.stream().map(FdrSite::getTests).toList());
        FdrSite last = found.get(found.size() - 1);
        assertEquals(FdrRecords.LORD, last.getProcedure());
        assertEquals(0.1, last.getFdr());
        assertEquals(expected.size(), last.getDiscoveries());
        assertNull(last.getQValue());
        assertEquals(3, last.getMinCoverage());
    }

    @Test
    @DisplayName("online: a sample's end ends its stream of tests; a later publication starts with fresh wealth")
    void onlineStartsOverAfterTheEnd() {
        for (int i = 0; i < 500; i++) {
            publish("s1");
        }
        end("s1", 0, 1000);
        online.readValuesToList();
        MethylationSite strong = MethylationSite.newBuilder().setSampleId("s1").setChromosome("chr1").setPosition(7)
                .setMethylated(30).setUnmethylated(0).build();
        input.pipeInput("s1:chr1:7", SITES.encode(strong));

        FdrSite first = DISCOVERIES.decode(online.readValue());
        assertEquals(1, first.getTests());
        assertEquals(new LordPlusPlus(0.05).level(new LordPlusPlus(0.05).start()), first.getLevel());
    }
}
