package org.methylstream.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;
import org.methylstream.TopicReader;
import org.methylstream.avro.SampleEnd;
import org.methylstream.serde.AvroSerde;
import org.methylstream.serde.SiteBlocks;

@DisplayName("Ingestion publishes samples to a real broker and marks their ends")
class IngestionTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();
    private static final AvroSerde<SampleEnd> ENDS = AvroSerde.sampleEnd();
    private static final SiteBlocks BLOCKS = new SiteBlocks();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

    private Ingestion ingestion(SitePublisher publisher, AtomicBoolean stop) {
        return new Ingestion(publisher, org.methylstream.format.InputSettings.of(null), false, new PrintStream(errors, true), stop::get);
    }

    /** Follows {@code file} in the background until {@code stop}. */
    private CompletableFuture<Ingestion.Result> follow(SitePublisher publisher, Path file, AtomicBoolean stop) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return ingestion(publisher, stop).follow(SampleNames.assign(List.of(file.toString()), List.of()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    @DisplayName("follows a file while it grows: each appended site is on the topic within a second; the stop ends the sample")
    void followsAGrowingFile() throws Exception {
        String topic = KAFKA.createTopic("followed", 3);
        Path file = dir.resolve("liver.tsv");
        Files.writeString(file, "chr1\t1\t5\t5\n", StandardCharsets.US_ASCII);
        AtomicBoolean stop = new AtomicBoolean();
        try (SitePublisher publisher = new SitePublisher(KAFKA.clientProperties(), topic);
             TopicReader reader = new TopicReader(KAFKA, topic)) {
            CompletableFuture<Ingestion.Result> following = follow(publisher, file, stop);
            assertEquals(List.of("liver:chr1:1"), reader.keys(1, Duration.ofSeconds(10)));

            for (int position = 2; position <= 4; position++) {
                long written = System.nanoTime();
                Files.writeString(file, "chr1\t" + position + "\t5\t5\n", StandardCharsets.US_ASCII,
                        StandardOpenOption.APPEND);
                assertEquals(List.of("liver:chr1:" + position), reader.keys(1, Duration.ofSeconds(5)));
                Duration latency = Duration.ofNanos(System.nanoTime() - written);
                assertTrue(latency.toMillis() < 1500, "site " + position + " took " + latency.toMillis() + " ms");
            }
            Files.writeString(file, "chr1\t5\t5", StandardCharsets.US_ASCII, StandardOpenOption.APPEND); // unfinished

            stop.set(true);
            Ingestion.Result result = following.get(10, TimeUnit.SECONDS);
            assertEquals(4, result.sites());
            assertEquals(List.of("liver"), result.endedSamples());
        }
        SampleEndAssertions.assertEndsFollowSites(KAFKA, topic, Map.of("liver", 4L));
    }

    @Test
    @DisplayName("several sites per record: a followed file's sites come within a second without a flush, in blocks of one sample")
    void blocksOfAFollowedFile() throws Exception {
        String topic = KAFKA.createTopic("followed-blocks", 2);
        Path file = dir.resolve("liver.tsv");
        StringBuilder first = new StringBuilder();
        for (int position = 1; position <= 10; position++) {
            first.append("chr1\t").append(position).append("\t5\t5\n");
        }
        Files.writeString(file, first, StandardCharsets.US_ASCII);
        AtomicBoolean stop = new AtomicBoolean();
        try (SitePublisher publisher = new SitePublisher(KAFKA.clientProperties(), topic, 4);
             TopicReader reader = new TopicReader(KAFKA, topic)) {
            CompletableFuture<Ingestion.Result> following = follow(publisher, file, stop);
            // 4, 4, and the last 2 once they waited the linger: keyed by their first sites
            assertEquals(List.of("liver:chr1:1", "liver:chr1:5", "liver:chr1:9"),
                    reader.keys(3, Duration.ofSeconds(10)).stream().sorted().toList());

            long written = System.nanoTime();
            Files.writeString(file, "chr1\t11\t5\t5\n", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
            assertEquals(List.of("liver:chr1:11"), reader.keys(1, Duration.ofSeconds(5)));
            Duration latency = Duration.ofNanos(System.nanoTime() - written);
            assertTrue(latency.toMillis() < 1500, "the site took " + latency.toMillis() + " ms");

            stop.set(true);
            Ingestion.Result result = following.get(10, TimeUnit.SECONDS);
            assertEquals(11, result.sites());
        }
        List<Long> positions = new java.util.ArrayList<>();
        for (var record : KAFKA.consumeAll(topic)) {
            if (BLOCKS.recognises(record.value())) {
                List<SiteBlocks.Site> block = BLOCKS.decode(record.value());
                assertTrue(block.size() <= 4, "at most 4 sites in a block");
                assertEquals(block.get(0).key(), new String(record.key(), StandardCharsets.UTF_8));
                block.forEach(site -> positions.add(site.site().getPosition()));
            }
        }
        assertEquals(java.util.stream.LongStream.rangeClosed(1, 11).boxed().toList(), positions.stream().sorted().toList());
        SampleEndAssertions.assertEndsFollowSites(KAFKA, topic, Map.of("liver", 11L));
    }

    @Test
    @DisplayName("several sites per record: each sample's blocks hold its sites alone, and its end markers count them")
    void blocksOfSeveralSamples() throws Exception {
        String topic = KAFKA.createTopic("sample-blocks", 3);
        StringBuilder liver = new StringBuilder();
        for (int position = 1; position <= 1000; position++) {
            liver.append("chr1\t").append(position).append("\t1\t1\n");
        }
        Path liver1 = Files.writeString(dir.resolve("l1.tsv"), liver);
        Path brain = Files.writeString(dir.resolve("b.tsv"), "chr1\t1\t1\t1\nchr1\t2\t1\t1\n");
        Ingestion.Result result;
        try (SitePublisher publisher = new SitePublisher(KAFKA.clientProperties(), topic, 64)) {
            result = ingestion(publisher, new AtomicBoolean()).publish(SampleNames.assign(
                    List.of(liver1.toString(), brain.toString()), List.of("liver", "brain")));
        }
        assertEquals(1002, result.sites());
        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.consumeAll(topic);
        long blocks = records.stream().filter(r -> BLOCKS.recognises(r.value())).count();
        assertEquals(16 + 1, blocks, "1000 sites in 16 blocks, 2 in one");
        for (var record : records) {
            if (BLOCKS.recognises(record.value())) {
                assertEquals(1, BLOCKS.decode(record.value()).stream().map(s -> s.site().getSampleId()).distinct()
                        .count(), "one sample per block");
            }
        }
        SampleEndAssertions.assertEndsFollowSites(KAFKA, topic, Map.of("liver", 1000L, "brain", 2L));
    }

    @Test
    @DisplayName("publishes several samples in one go, each ending after its last input")
    void publishesSeveralSamples() throws Exception {
        String topic = KAFKA.createTopic("samples", 4);
        Path liver1 = Files.writeString(dir.resolve("l1.tsv"), "chr1\t1\t1\t1\nchr1\t2\t1\t1\n");
        Path brain = Files.writeString(dir.resolve("b.tsv"), "chr1\t1\t1\t1\n");
        Path liver2 = Files.writeString(dir.resolve("l2.tsv"), "chr2\t1\t1\t1\nchr2\t2\t1\t1\nchr2\t3\t1\t1\n");
        Ingestion.Result result;
        try (SitePublisher publisher = new SitePublisher(KAFKA.clientProperties(), topic)) {
            result = ingestion(publisher, new AtomicBoolean()).publish(SampleNames.assign(
                    List.of(liver1.toString(), brain.toString(), liver2.toString()), List.of("liver", "brain", "liver")));
        }
        assertEquals(6, result.sites());
        assertEquals(List.of("brain", "liver"), result.endedSamples());
        SampleEndAssertions.assertEndsFollowSites(KAFKA, topic, Map.of("liver", 5L, "brain", 1L));
    }

    @Test
    @DisplayName("a stop request between sites publishes what was read but does not call the sample complete")
    void stopLeavesTheSampleOpen() throws Exception {
        String topic = KAFKA.createTopic("stopped", 2);
        Path file = Files.writeString(dir.resolve("s.tsv"), "chr1\t1\t1\t1\nchr1\t2\t1\t1\n");
        AtomicBoolean stop = new AtomicBoolean(true);
        Ingestion.Result result;
        try (SitePublisher publisher = new SitePublisher(KAFKA.clientProperties(), topic)) {
            result = ingestion(publisher, stop).publish(SampleNames.assign(List.of(file.toString()), List.of()));
        }
        assertTrue(result.stopped());
        assertEquals(List.of(), result.endedSamples());
        assertTrue(KAFKA.consumeAll(topic).stream().noneMatch(r -> ENDS.recognises(r.value())));
    }
}
