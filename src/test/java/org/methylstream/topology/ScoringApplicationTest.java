package org.methylstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SamplePartitionScored;
import org.methylstream.avro.SignificantSite;
import org.methylstream.format.SiteLine;
import org.methylstream.format.SiteReader;
import org.methylstream.pipeline.GroupProgress;
import org.methylstream.producer.SitePublisher;
import org.methylstream.serde.AvroSerde;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.SiteScorer;
import org.methylstream.synthetic.SyntheticMethylome;

@DisplayName("The scoring application on a real broker")
class ScoringApplicationTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();

    @TempDir
    Path stateDir;

    @Test
    @DisplayName("scores a multi-partition topic with one task per partition, dead-letters poison and keeps going")
    void scoresEverySiteOnce() throws Exception {
        String input = KAFKA.createTopic("sites", 4);
        TopologySettings settings = new TopologySettings(input, input + ".significant", input + ".dead-letters",
                ScoringParameters.DEFAULTS, "it");
        Map<String, Double> expected = publishRealisticSites(input, 20_000, settings.scoring());
        List<ProducerRecord<byte[], byte[]>> poison = List.of(
                KafkaCluster.record(input, "junk", "random bytes"),
                new ProducerRecord<>(input, "negative".getBytes(StandardCharsets.UTF_8),
                        AvroSerde.methylationSite().encode(MethylationSite.newBuilder().setSampleId("s")
                                .setChromosome("chr1").setPosition(5).setMethylated(-1).setUnmethylated(3).build())));
        KAFKA.produce(poison);

        try (ScoringApplication app = new ScoringApplication(settings, KAFKA.clientProperties(), "app-" + input, 2,
                false, stateDir)) {
            app.start(Duration.ofSeconds(60));
            assertEquals(4, app.activeTasks(), "one stream task per input partition");
            awaitNoLag(app.applicationId(), input);
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
        List<String> reasons = KAFKA.consumeAll(settings.deadLetterTopic()).stream()
                .map(r -> DeadLetter.reasonOf(r.headers())).toList();
        assertEquals(2, reasons.size());
        assertTrue(reasons.contains("methylated count is negative: -1"), reasons.toString());
    }

    @Test
    @DisplayName("two instances with one application id split the tasks; when one stops, the other takes all, nothing lost")
    void scalesOutAndSurvivesTheLossOfAnInstance() throws Exception {
        String input = KAFKA.createTopic("sites", 4);
        TopologySettings settings = new TopologySettings(input, input + ".significant", input + ".dead-letters",
                ScoringParameters.DEFAULTS, "it");
        List<String> lines = generated(20_000, 9);
        String applicationId = "app-" + input;
        Map<String, Double> expected = new HashMap<>();
        try (SitePublisher publisher = new SitePublisher(KAFKA.clientProperties(), input);
             ScoringApplication first = new ScoringApplication(settings, KAFKA.clientProperties(), applicationId, 1,
                     false, stateDir.resolve("first"))) {
            expected.putAll(publish(publisher, lines.subList(0, 10_000), settings.scoring()));
            first.start(Duration.ofSeconds(60));
            CompletableFuture<Map<String, Double>> rest;
            try (ScoringApplication second = new ScoringApplication(settings, KAFKA.clientProperties(), applicationId,
                    1, false, stateDir.resolve("second"))) {
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

    private static void awaitTasks(String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(100);
        }
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

    static void awaitNoLag(String groupId, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Admin admin = KAFKA.admin()) {
            while (GroupProgress.lag(admin, groupId, topic) > 0) {
                assertTrue(System.nanoTime() < deadline, "the application did not catch up within 60 s");
                Thread.sleep(200);
            }
        }
    }
}
