package org.methylstream.connect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;
import org.methylstream.avro.SignificantSite;
import org.methylstream.format.OutputFormat;

@DisplayName("The file sink worker, on a real broker")
@Timeout(120)
class FileSinkWorkerTest {
    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private final KafkaCluster cluster = KafkaCluster.shared();

    @TempDir
    Path dir;

    private FileSinkSettings settings(String topic) {
        return FileSinkSettings.of(cluster.clientProperties(), topic, dir.resolve("significant.tsv"),
                        dir.resolve("sink.offsets"))
                .withConnectorName("sink-" + topic)
                .withFlushInterval(Duration.ofMillis(200));
    }

    private static FileSinkWorker start(FileSinkSettings settings) throws InterruptedException {
        FileSinkWorker worker = FileSinkWorker.start(settings);
        System.err.println("file sink worker started in " + worker.startupTime().toMillis() + " ms");
        return worker;
    }

    private static void awaitCaughtUp(FileSinkWorker worker) throws InterruptedException {
        assertTrue(worker.awaitCaughtUp(CATCH_UP), "the sink did not catch up within " + CATCH_UP);
    }

    private static List<String> sortedLines(Path file) throws IOException {
        String text = Files.readString(file, UTF_8);
        assertTrue(text.isEmpty() || text.endsWith("\n"), "the file ends inside a line");
        return text.lines().sorted().toList();
    }

    private static List<String> sortedLinesOf(List<SignificantSite> sites) {
        return sites.stream().map(SignificantSites::line).sorted().toList();
    }

    @Test
    @DisplayName("writes exactly one score line per significant site of a partitioned, transactional topic")
    void writesOneLinePerSite() throws Exception {
        String topic = cluster.createTopic("sink-lines", 3);
        List<SignificantSite> sites = SignificantSites.sites(0, 90);
        Transactions.commit(cluster, SignificantSites.records(topic, sites.subList(0, 45)));
        Transactions.commit(cluster, SignificantSites.records(topic, sites.subList(45, 90)));
        cluster.produce(List.of(new ProducerRecord<>(topic, "chr1:1".getBytes(UTF_8), null))); // a tombstone

        try (FileSinkWorker worker = start(settings(topic))) {
            awaitCaughtUp(worker);
        }

        // partitions interleave in the file: compare as sorted lines
        assertEquals(sortedLinesOf(sites), sortedLines(dir.resolve("significant.tsv")));
    }

    @Test
    @DisplayName("with Kafka's FileStreamSinkConnector also writes one score line per significant site")
    void kafkasFileStreamSinkConnector() throws Exception {
        String topic = cluster.createTopic("sink-file-stream", 3);
        List<SignificantSite> sites = SignificantSites.sites(0, 60);
        Transactions.commit(cluster, SignificantSites.records(topic, sites));

        try (FileSinkWorker worker = start(settings(topic).withConnector(FileSinkConnectorKind.FILE_STREAM))) {
            awaitCaughtUp(worker);
        }

        assertEquals(sortedLinesOf(sites), sortedLines(dir.resolve("significant.tsv")));
    }

    @Test
    @DisplayName("sends a record it cannot read to the dead-letter topic with the reason, and goes on")
    void deadLettersUnreadableRecords() throws Exception {
        String topic = cluster.createTopic("sink-dead-letters", 1);
        List<SignificantSite> sites = SignificantSites.sites(0, 2);
        cluster.produce(List.of(SignificantSites.record(topic, sites.get(0)),
                KafkaCluster.record(topic, "chr9:9", "chr9\t9\t1\t1\t0.5"),
                SignificantSites.record(topic, sites.get(1))));

        try (FileSinkWorker worker = start(settings(topic))) {
            awaitCaughtUp(worker);
        }

        assertEquals(sortedLinesOf(sites), sortedLines(dir.resolve("significant.tsv")));
        ConsumerRecord<byte[], byte[]> letter = cluster.consume(topic + ".dead-letters", 1).get(0);
        assertEquals("chr9\t9\t1\t1\t0.5", new String(letter.value(), UTF_8));
        Header reason = letter.headers().lastHeader("__connect.errors.exception.message");
        assertTrue(new String(reason.value(), UTF_8).contains("not an Avro single-object encoded SignificantSite"),
                new String(reason.value(), UTF_8));
    }

    @Test
    @DisplayName("resumes after a stop where it left off, losing and repeating no line")
    void resumesAfterRestart() throws Exception {
        String topic = cluster.createTopic("sink-restart", 3);
        List<SignificantSite> sites = SignificantSites.sites(0, 80);
        FileSinkSettings settings = settings(topic);
        Transactions.commit(cluster, SignificantSites.records(topic, sites.subList(0, 40)));
        try (FileSinkWorker worker = start(settings)) {
            awaitCaughtUp(worker);
        }
        assertEquals(sortedLinesOf(sites.subList(0, 40)), sortedLines(settings.file()));

        Transactions.commit(cluster, SignificantSites.records(topic, sites.subList(40, 80)));
        try (FileSinkWorker worker = start(settings)) {
            awaitCaughtUp(worker);
        }

        // a clean stop commits what was written, so nothing repeats. After a crash the lines written since the
        // last commit (at most one flush interval's) would be written again: the file sink keeps no offsets itself.
        assertEquals(sortedLinesOf(sites), sortedLines(settings.file()));
    }

    @Test
    @DisplayName("throws, rather than ending the JVM, when Connect cannot start")
    void failsWithoutEndingTheJvm() throws Exception {
        String topic = cluster.createTopic("sink-no-start", 1);
        Path directoryAsOffsetsFile = Files.createDirectories(dir.resolve("offsets-is-a-directory"));
        FileSinkSettings unstartable = new FileSinkSettings(cluster.clientProperties(), topic,
                dir.resolve("out.tsv"), directoryAsOffsetsFile, "sink-" + topic, Duration.ofMillis(200),
                FileSinkConnectorKind.EXACTLY_ONCE, OutputFormat.TSV);

        ConnectException e = assertThrows(ConnectException.class, () -> FileSinkWorker.start(unstartable));

        assertTrue(e.getMessage().contains("did not start"), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(directoryAsOffsetsFile), files.toList(), "no file was written");
        }
    }
}
