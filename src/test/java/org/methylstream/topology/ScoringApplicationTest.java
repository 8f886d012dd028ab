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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;
import org.methylstream.avro.MethylationSite;
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

    /** Publishes generated sites and returns the significant ones with the p-values the batch scorer gives. */
    private static Map<String, Double> publishRealisticSites(String topic, int count, ScoringParameters scoring)
            throws Exception {
        StringWriter text = new StringWriter();
        new SyntheticMethylome(count, 42).writeTo(text);
        SiteScorer scorer = new SiteScorer(scoring);
        Map<String, Double> significant = new HashMap<>();
        try (SitePublisher publisher = new SitePublisher(KAFKA.clientProperties(), topic);
             SiteReader reader = new SiteReader("generated", new ByteArrayInputStream(
                     text.toString().getBytes(StandardCharsets.US_ASCII)), null)) {
            SiteLine site = new SiteLine();
            while (reader.next(site)) {
                publisher.publish("sample-1", site);
                if (scorer.isTested(site.coverage()) && scorer.isSignificant(site.methylated(), site.coverage())) {
                    significant.put(site.chromosome() + ":" + site.position(),
                            scorer.pValue(site.methylated(), site.coverage()));
                }
            }
            publisher.flush();
            assertEquals(count, publisher.acknowledged());
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
