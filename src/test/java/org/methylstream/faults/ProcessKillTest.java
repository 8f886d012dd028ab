package org.methylstream.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;
import org.methylstream.MethylstreamProcess;
import org.methylstream.admin.GroupProgress;
import org.methylstream.application.ScoringApplication;
import org.methylstream.avro.SignificantSite;
import org.methylstream.format.SiteLine;
import org.methylstream.format.SiteReader;
import org.methylstream.naming.AnalysisNames;
import org.methylstream.producer.SitePublisher;
import org.methylstream.serde.AvroSerde;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.SiteScorer;
import org.methylstream.synthetic.SyntheticMethylome;
import org.methylstream.topology.ChromosomeStatistics;
import org.methylstream.topology.TopologySettings;

@DisplayName("process --exactly-once killed mid-stream")
class ProcessKillTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();
    private static final int KILLS = 3;
    private static final int SITES = 300_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    @DisplayName("with SIGKILL three times while sites stream in, and restarted: the output holds every significant site exactly once, the statistics count every site once")
    void everySignificantSiteExactlyOnceAcrossKills() throws Exception {
        String input = KAFKA.createTopic("sites", 4);
        String output = input + ".significant";
        String applicationId = "kill-" + input;
        String[] process = {"process", "--exactly-once", "--bootstrap-server", KAFKA.bootstrapServers(),
                "--kafka-config", Failover.clientConfig(dir).toString(), "--state-dir", dir.resolve("state").toString(),
                "--input-topic", input, "--output-topic", output, "--application-id", applicationId};
        AtomicBoolean publishing = new AtomicBoolean(true);
        CompletableFuture<Published> expected = CompletableFuture.supplyAsync(() -> publish(input, publishing));

        for (int kill = 1; kill <= KILLS; kill++) {
            try (MethylstreamProcess processor = MethylstreamProcess.start(dir, process)) {
                processor.awaitStderr("process: " + applicationId + " running", Duration.ofSeconds(90));
                long before = uncommittedEnd(output);
                processor.awaitThat("new output", () -> uncommittedEnd(output) > before + 500, Duration.ofSeconds(90));
                processor.kill();
            }
        }
        publishing.set(false);
        Map<String, Double> significant = expected.get().significant();

        try (MethylstreamProcess processor = MethylstreamProcess.start(dir, process);
             Admin admin = KAFKA.admin()) {
            processor.awaitThat("every published site committed",
                    () -> lag(admin, applicationId, input) == 0, Duration.ofSeconds(120));
            assertEquals(0, processor.terminate(Duration.ofSeconds(60)), processor::stderr);
        }

        // a killed processor's open transaction holds read-committed readers back until the broker aborts it
        Failover.awaitNoOpenTransactions(KAFKA, output, Duration.ofSeconds(60));
        AvroSerde<SignificantSite> results = AvroSerde.significantSite();
        Map<String, Double> committed = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.consumeAll(output);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            SignificantSite site = results.decode(record.value());
            String key = site.getSite().getChromosome() + ":" + site.getSite().getPosition();
            assertEquals(null, committed.put(key, site.getPValue()), "output twice: " + key);
        }
        assertEquals(Set.of(), difference(significant.keySet(), committed.keySet()), "significant sites lost");
        assertEquals(Set.of(), difference(committed.keySet(), significant.keySet()), "sites output but not significant");
        assertEquals(significant, committed, "every significant site, with the batch scorer's p-value");
        System.err.printf("%d significant sites committed once, at %d output offsets: the rest are records of aborted"
                + " transactions and transaction markers%n", records.size(), uncommittedEnd(output));

        // restored from the changelogs into a fresh state directory: counts of committed input only, none twice
        TopologySettings settings = new TopologySettings(new AnalysisNames("default", input, output,
                AnalysisNames.deadLettersOf(input), applicationId), ScoringParameters.DEFAULTS);
        try (ScoringApplication restored = KAFKA.scoringApplication(settings, 1, true,
                dir.resolve("restored"))) {
            restored.start(Duration.ofSeconds(120));
            Map<String, List<Long>> counted = new TreeMap<>();
            for (ScoringApplication.ChromosomeRow row : restored.statistics(null, Duration.ofSeconds(120))) {
                ChromosomeStatistics statistics = row.statistics();
                counted.put(row.sample() + "/" + row.chromosome(),
                        List.of(statistics.sites(), statistics.tested(), statistics.significant()));
            }
            assertEquals(expected.get().perChromosome(), counted, "sites, tested, significant per chromosome");
        }
    }

    /**
     * What was published: the significant sites with the batch scorer's p-values, and per sample and chromosome
     * {sites, tested, significant}.
     */
    private record Published(Map<String, Double> significant, Map<String, List<Long>> perChromosome) {
    }

    /**
     * Publishes generated sites in small batches until told to stop or all are out; returns the significant ones
     * among those published, with the p-values the batch scorer gives.
     */
    private static Published publish(String topic, AtomicBoolean publishing) {
        StringWriter text = new StringWriter();
        SiteScorer scorer = new SiteScorer(ScoringParameters.DEFAULTS);
        Map<String, Double> significant = new HashMap<>();
        Map<String, long[]> counts = new TreeMap<>();
        try (SitePublisher publisher = new SitePublisher(KAFKA.clientProperties(), topic)) {
            new SyntheticMethylome(SITES, 7).writeTo(text);
            SiteReader reader = new SiteReader("generated", new ByteArrayInputStream(
                    text.toString().getBytes(StandardCharsets.US_ASCII)), null);
            SiteLine site = new SiteLine();
            while (publishing.get() && reader.next(site)) {
                publisher.publish("sample-1", site);
                boolean tested = scorer.isTested(site.coverage());
                boolean isSignificant = tested && scorer.isSignificant(site.methylated(), site.coverage());
                if (isSignificant) {
                    significant.put(site.chromosome() + ":" + site.position(),
                            scorer.pValue(site.methylated(), site.coverage()));
                }
                long[] count = counts.computeIfAbsent("sample-1/" + site.chromosome(), c -> new long[3]);
                count[0]++;
                count[1] += tested ? 1 : 0;
                count[2] += isSignificant ? 1 : 0;
                if (publisher.sent() % 1000 == 0) {
                    publisher.flush();
                    Thread.sleep(100); // a steady stream, so that every kill strikes mid-way
                }
            }
            publisher.flush();
        } catch (Exception e) {
            throw new IllegalStateException("publishing failed", e);
        }
        Map<String, List<Long>> perChromosome = new TreeMap<>();
        counts.forEach((key, c) -> perChromosome.put(key, List.of(c[0], c[1], c[2])));
        return new Published(significant, perChromosome);
    }

    /** Records written to the output, committed or not. */
    private static long uncommittedEnd(String topic) throws Exception {
        return Failover.end(KAFKA, topic, IsolationLevel.READ_UNCOMMITTED);
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> difference = new TreeSet<>(a);
        difference.removeAll(b);
        return difference;
    }

    private static long lag(Admin admin, String groupId, String topic) {
        return GroupProgress.lag(admin, groupId, topic);
    }
}
