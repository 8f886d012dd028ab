package org.methylstream.application;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.Await;
import org.methylstream.KafkaCluster;
import org.methylstream.admin.GroupProgress;
import org.methylstream.admin.TopicAdmin;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SamplePartitionScored;
import org.methylstream.avro.SignificantSite;
import org.methylstream.format.SiteLine;
import org.methylstream.format.SiteReader;
import org.methylstream.naming.AnalysisNames;
import org.methylstream.producer.SitePublisher;
import org.methylstream.serde.AvroSerde;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.SiteScorer;
import org.methylstream.synthetic.SyntheticMethylome;
import org.methylstream.topology.DeadLetter;
import org.methylstream.topology.TopologySettings;

@DisplayName("The scoring application on a real broker")
class ScoringApplicationTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();

    @TempDir
    Path stateDir;

    @Test
    @DisplayName("scores a multi-partition topic with one task per partition, dead-letters poison and keeps going")
    void scoresEverySiteOnce() throws Exception {
        String input = KAFKA.createTopic("sites", 4);
        TopologySettings settings = settingsOf(input);
        // poison first, in every partition: the valid sites behind it must still be scored
        Map<String, byte[]> poison = poison();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int partition = 0; partition < 4; partition++) {
            for (Map.Entry<String, byte[]> letter : poison.entrySet()) {
                records.add(new ProducerRecord<>(input, partition, letter.getKey().getBytes(StandardCharsets.UTF_8),
                        letter.getValue()));
            }
        }
        KAFKA.produce(records);
        Map<String, Double> expected = publishRealisticSites(input, 20_000, settings.scoring());

        try (ScoringApplication app = KAFKA.scoringApplication(settings, 2, false, stateDir)) {
            app.start(Duration.ofSeconds(60));
            // RUNNING may come with the first thread's assignment, before the second thread's join moves tasks to it
            Await.until("one stream task per input partition", Duration.ofSeconds(30), () -> app.activeTasks() == 4);
            awaitNoLag(app.applicationId(), input);
            assertEquals(KafkaStreams.State.RUNNING, app.state(), "poison never stops processing");
        }

        AvroSerde<SignificantSite> results = AvroSerde.significantSite();
        Map<String, Double> actual = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : KAFKA.consumeAll(settings.outputTopic())) {
            SignificantSite site = results.decode(record.value());
            Double previous = actual.put(site.getSite().getChromosome() + ":" + site.getSite().getPosition(),
                    site.getPValue());
            assertEquals(null, previous, "each site is output once");
        }
        assertEquals(expected, actual);
        List<ConsumerRecord<byte[], byte[]>> letters = KAFKA.consumeAll(settings.deadLetterTopic());
        assertEquals(4 * poison.size(), letters.size());
        for (ConsumerRecord<byte[], byte[]> letter : letters) {
            String kind = new String(letter.key(), StandardCharsets.UTF_8);
            String reason = DeadLetter.reasonOf(letter.headers());
            assertTrue(reason.startsWith(EXPECTED_REASONS.get(kind)), kind + ": " + reason);
            assertArrayEquals(poison.get(kind), letter.value(), "dead-lettered unchanged: " + kind);
            assertTrue(new String(letter.headers().lastHeader(DeadLetter.ORIGIN).value(), StandardCharsets.UTF_8)
                    .matches(Pattern.quote(input) + "/[0-3]@\\d+"), "origin of " + kind);
        }
    }

    /** The start of the dead-letter reason for each kind of poison. */
    private static final Map<String, String> EXPECTED_REASONS = Map.of(
            "random-bytes", "not an Avro single-object encoded MethylationSite",
            "text", "not an Avro single-object encoded MethylationSite",
            "unknown-fingerprint", "unknown writer schema for MethylationSite",
            "truncated-body", "corrupt MethylationSite body",
            "negative-count", "methylated count is negative: -1",
            "tombstone", "empty value: expected a MethylationSite record");

    /** Records no scorer can use, by kind: what producers outside methylstream, or broken ones, may write. */
    private static Map<String, byte[]> poison() {
        AvroSerde<MethylationSite> serde = AvroSerde.methylationSite();
        byte[] valid = serde.encode(MethylationSite.newBuilder().setSampleId("s").setChromosome("chr1")
                .setPosition(5).setMethylated(3).setUnmethylated(3).build());
        byte[] randomBytes = new byte[64];
        new Random(7).nextBytes(randomBytes);
        randomBytes[0] = 0x42; // not the single-object marker by chance
        byte[] unknownFingerprint = valid.clone();
        for (int i = 2; i < 10; i++) {
            unknownFingerprint[i] ^= (byte) 0x5a; // bytes 2-9: the writer schema's fingerprint
        }
        Map<String, byte[]> poison = new LinkedHashMap<>();
        poison.put("random-bytes", randomBytes);
        poison.put("text", "chr1\t5\t3\t3".getBytes(StandardCharsets.UTF_8));
        poison.put("unknown-fingerprint", unknownFingerprint);
        poison.put("truncated-body", Arrays.copyOf(valid, 12));
        poison.put("negative-count", serde.encode(MethylationSite.newBuilder().setSampleId("s").setChromosome("chr1")
                .setPosition(5).setMethylated(-1).setUnmethylated(3).build()));
        poison.put("tombstone", null);
        return poison;
    }

    @Test
    @DisplayName("two instances with one application id split the tasks; when one stops, the other takes all, nothing lost")
    void scalesOutAndSurvivesTheLossOfAnInstance() throws Exception {
        String input = KAFKA.createTopic("sites", 4);
        TopologySettings settings = settingsOf(input);
        String applicationId = settings.names().applicationId();
        List<String> lines = generated(20_000, 9);
        Map<String, Double> expected = new HashMap<>();
        try (SitePublisher publisher = new SitePublisher(KAFKA.clientProperties(), input);
             ScoringApplication first = KAFKA.scoringApplication(settings, 1, false,
                     stateDir.resolve("first"))) {
            expected.putAll(publish(publisher, lines.subList(0, 10_000), settings.scoring()));
            first.start(Duration.ofSeconds(60));
            CompletableFuture<Map<String, Double>> rest;
            try (ScoringApplication second = KAFKA.scoringApplication(settings, 1, false,
                    stateDir.resolve("second"))) {
                second.start(Duration.ofSeconds(60));
                awaitTasks("the instances split the 4 tasks", () -> first.activeTasks() == 2 && second.activeTasks() == 2);
                rest = CompletableFuture.supplyAsync(() -> {
                    try {
                        return publish(publisher, lines.subList(10_000, 20_000), settings.scoring());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            } // the second instance stops here, mid-stream: the second half is being published meanwhile
            awaitTasks("the survivor took over every task", () -> first.activeTasks() == 4);
            expected.putAll(rest.get(60, TimeUnit.SECONDS));
            publisher.endSample("sample-1");
            awaitNoLag(applicationId, input);
            assertEquals(null, first.failure());
        }

        Map<String, Double> actual = new HashMap<>();
        AvroSerde<SignificantSite> results = AvroSerde.significantSite();
        for (ConsumerRecord<byte[], byte[]> record : KAFKA.consumeAll(settings.outputTopic())) {
            SignificantSite site = results.decode(record.value());
            // at least once: a site may come twice when an instance stops between writing and committing
            actual.put(site.getSite().getChromosome() + ":" + site.getSite().getPosition(), site.getPValue());
        }
        assertEquals(expected, actual, "every significant site, none missing, none foreign");
        AvroSerde<SamplePartitionScored> scored = AvroSerde.samplePartitionScored();
        List<SamplePartitionScored> ends = KAFKA.consumeAll(settings.samplesTopic()).stream()
                .map(r -> scored.decode(r.value())).toList();
        assertEquals(4, ends.size(), "one end per partition, whichever instance ran its task");
        assertEquals(20_000, ends.stream().mapToLong(s -> s.getEnd().getPartitionSites()).sum());
        // the counts moved with the tasks (from the changelog); at least once, a site may be counted twice
        ends.forEach(end -> assertTrue(end.getSitesRead() >= end.getEnd().getPartitionSites(), end.toString()));
    }

    private static void awaitTasks(String what, Await.Condition condition) {
        Await.until(what, Duration.ofSeconds(60), condition);
    }

    @Test
    @DisplayName("a sample's end is committed at once, not at the next commit interval")
    void commitsASampleAtItsEnd() throws Exception {
        String input = KAFKA.createTopic("ended", 2);
        TopologySettings settings = settingsOf(input);
        try (SitePublisher publisher = new SitePublisher(KAFKA.clientProperties(), input)) {
            publish(publisher, generated(2_000, 7), settings.scoring());
            publisher.endSample("sample-1");
        }
        Properties client = KAFKA.clientProperties();
        client.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) Duration.ofHours(1).toMillis());
        try (Admin admin = Admin.create(client)) {
            ScoringApplication.createTopics(admin, settings, 2, TopicAdmin.CLUSTER_DEFAULT);
        }
        try (ScoringApplication app = new ScoringApplication(settings, 2, client, 1, false, stateDir,
                Deployment.SINGLE)) {
            app.start(Duration.ofSeconds(60));
            // nothing else commits within the hour: only the end markers' requests can have
            awaitNoLag(app.applicationId(), input);
        }
    }

    /** Default scoring of {@code input}, with outputs named after it. */
    private static TopologySettings settingsOf(String input) {
        return new TopologySettings(new AnalysisNames("it", input, input + ".significant", input + ".dead-letters",
                "app-" + input), ScoringParameters.DEFAULTS);
    }

    /** Publishes generated sites and returns the significant ones with the p-values the batch scorer gives. */
    private static Map<String, Double> publishRealisticSites(String topic, int count, ScoringParameters scoring)
            throws Exception {
        try (SitePublisher publisher = new SitePublisher(KAFKA.clientProperties(), topic)) {
            Map<String, Double> significant = publish(publisher, generated(count, 42), scoring);
            assertEquals(count, publisher.acknowledged());
            return significant;
        }
    }

    private static List<String> generated(int count, long seed) throws Exception {
        StringWriter text = new StringWriter();
        new SyntheticMethylome(count, seed).writeTo(text);
        return text.toString().lines().toList();
    }

    /** Publishes site lines as sample-1 and returns the significant ones with their batch p-values. */
    private static Map<String, Double> publish(SitePublisher publisher, List<String> lines, ScoringParameters scoring)
            throws Exception {
        SiteScorer scorer = new SiteScorer(scoring);
        Map<String, Double> significant = new HashMap<>();
        try (SiteReader reader = new SiteReader("generated", new ByteArrayInputStream(
                String.join("\n", lines).getBytes(StandardCharsets.US_ASCII)), null)) {
            SiteLine site = new SiteLine();
            while (reader.next(site)) {
                publisher.publish("sample-1", site);
                if (scorer.isTested(site.coverage()) && scorer.isSignificant(site.methylated(), site.coverage())) {
                    significant.put(site.chromosome() + ":" + site.position(),
                            scorer.pValue(site.methylated(), site.coverage()));
                }
            }
            publisher.flush();
        }
        return significant;
    }

    static void awaitNoLag(String groupId, String topic) {
        try (Admin admin = KAFKA.admin()) {
            Await.until(groupId + " caught up with " + topic, Duration.ofSeconds(60),
                    () -> GroupProgress.lag(admin, groupId, topic) == 0);
        }
    }
}
