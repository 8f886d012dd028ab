package org.methylstream.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.Await;
import org.methylstream.KafkaCluster;
import org.methylstream.admin.GroupProgress;
import org.methylstream.avro.MethylationSite;
import org.methylstream.naming.AnalysisNames;
import org.methylstream.serde.AvroSerde;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.TestKind;
import org.methylstream.topology.BinCounts;
import org.methylstream.topology.ChromosomeStatistics;
import org.methylstream.topology.SiteStatisticsTopologyTest;
import org.methylstream.topology.TopologySettings;

@DisplayName("Per-sample, per-chromosome statistics through interactive queries on a real broker")
class StatisticsQueryTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static Map<String, ChromosomeStatistics> byKey(List<ScoringApplication.ChromosomeRow> rows) {
        Map<String, ChromosomeStatistics> map = new HashMap<>();
        rows.forEach(row -> map.put(row.sample() + "/" + row.chromosome(), row.statistics()));
        return map;
    }

    private static Map<String, BinCounts> binsByKey(List<ScoringApplication.BinRow> rows) {
        Map<String, BinCounts> map = new HashMap<>();
        rows.forEach(row -> map.put(row.sample() + "/" + row.chromosome() + "/" + row.index(), row.counts()));
        return map;
    }

    private static void awaitCaughtUp(String applicationId, String topic) {
        try (Admin admin = KAFKA.admin()) {
            Await.until(applicationId + " caught up with " + topic, TIMEOUT,
                    () -> GroupProgress.lag(admin, applicationId, topic) == 0);
        }
    }

    @Test
    @DisplayName("equal a direct count, and answer the same after a restart, on the same or on a fresh state directory")
    void surviveRestarts() throws Exception {
        String input = KAFKA.createTopic("stats-sites", 3);
        ScoringParameters scoring = new ScoringParameters(TestKind.UPPER, 0.006, 1e-5, 5);
        String applicationId = "stats-" + input;
        TopologySettings settings = new TopologySettings(new AnalysisNames("stats", input, input + ".significant",
                input + ".dead-letters", applicationId), scoring);
        List<MethylationSite> sites = SiteStatisticsTopologyTest.randomSites(20_000, 8);
        AvroSerde<MethylationSite> serde = AvroSerde.methylationSite();
        KAFKA.produce(sites.stream().map(site -> new org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>(
                input, (site.getSampleId() + ":" + site.getChromosome() + ":" + site.getPosition()).getBytes(
                java.nio.charset.StandardCharsets.UTF_8), serde.encode(site))).toList());
        Map<String, ChromosomeStatistics> expected = SiteStatisticsTopologyTest.direct(sites, scoring);

        List<ScoringApplication.ChromosomeRow> s1;
        try (ScoringApplication app = KAFKA.scoringApplication(settings, 2, false, dir.resolve("state"))) {
            app.start(TIMEOUT);
            awaitCaughtUp(applicationId, input);
            assertEquals(expected, byKey(app.statistics(null, TIMEOUT)));
            SiteStatisticsTopologyTest.assertBinsEqual(SiteStatisticsTopologyTest.directBins(sites, scoring),
                    binsByKey(app.bins(null, TIMEOUT)));
            s1 = app.statistics("s1", TIMEOUT);
            assertEquals(List.of("chr1", "chr2", "chr3"), s1.stream().map(ScoringApplication.ChromosomeRow::chromosome)
                    .toList(), "one sample's rows, by chromosome");
            assertTrue(s1.stream().allMatch(row -> row.sample().equals("s1")));
        }

        try (ScoringApplication restarted = KAFKA.scoringApplication(settings, 1, false,
                dir.resolve("state"))) {
            restarted.start(TIMEOUT);
            assertEquals(expected, byKey(restarted.statistics(null, TIMEOUT)), "from the local stores");
            assertEquals(s1, restarted.statistics("s1", TIMEOUT));
        }

        try (ScoringApplication elsewhere = KAFKA.scoringApplication(settings, 1, false,
                dir.resolve("fresh-state"))) {
            elsewhere.start(TIMEOUT);
            assertEquals(expected, byKey(elsewhere.statistics(null, TIMEOUT)), "restored from the changelog");
            SiteStatisticsTopologyTest.assertBinsEqual(SiteStatisticsTopologyTest.directBins(sites, scoring),
                    binsByKey(elsewhere.bins(null, TIMEOUT)));
        }
    }
}
