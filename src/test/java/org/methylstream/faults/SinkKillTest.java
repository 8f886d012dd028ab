package org.methylstream.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;
import org.methylstream.MethylstreamProcess;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SignificantSite;
import org.methylstream.connect.ScoreFileSinkTask;
import org.methylstream.format.ScoreLine;
import org.methylstream.serde.AvroSerde;

@DisplayName("The file sink killed mid-way")
class SinkKillTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();
    private static final int KILLS = 3;

    @TempDir
    Path dir;

    @Test
    @Timeout(240)
    @DisplayName("with SIGKILL three times while sites stream in, and restarted: the file ends with every site exactly once")
    void everySiteExactlyOnceAcrossKills() throws Exception {
        String topic = KAFKA.createTopic("significant", 3);
        Path file = dir.resolve("significant.tsv");
        String[] sink = {"sink", "--bootstrap-server", KAFKA.bootstrapServers(), "--kafka-config",
                Failover.clientConfig(dir).toString(), "--state-dir", dir.resolve("state").toString(),
                "--topic", topic, "--file", file.toString()};
        List<String> published = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean publishing = new AtomicBoolean(true);
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> publishUntilStopped(topic, published, publishing));

        int killsWithUncommittedLines = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            try (MethylstreamProcess worker = MethylstreamProcess.start(dir, sink)) {
                long before = lines(file);
                worker.awaitThat("new lines in the file", () -> lines(file) > before + 2000, Duration.ofSeconds(60));
                worker.kill();
            }
            if (Files.size(file) > committedLength(file)) {
                killsWithUncommittedLines++; // lines a plain at-least-once sink would write a second time
            }
        }
        publishing.set(false);
        producer.get();

        try (MethylstreamProcess worker = MethylstreamProcess.start(dir, sink)) {
            worker.awaitThat("every published line", () -> lines(file) >= published.size(), Duration.ofSeconds(60));
            assertEquals(0, worker.terminate(Duration.ofSeconds(30)), worker::stderr);
        }

        List<String> written = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, Long> copies = written.stream().collect(Collectors.groupingBy(line -> line, Collectors.counting()));
        assertEquals(List.of(), published.stream().filter(line -> !copies.containsKey(line)).limit(10).toList(),
                "lines lost (the first ten)");
        assertEquals(Map.of(), copies.entrySet().stream().filter(e -> e.getValue() > 1).limit(10)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "lines repeated (ten of them)");
        assertEquals(published.size(), written.size(), "every published site, and nothing else");
        assertTrue(killsWithUncommittedLines > 0, "some kill must have struck between a write and its commit");
        assertEquals(Files.size(file), committedLength(file), "a clean stop commits everything written");
    }

    /** Publishes numbered significant sites in small batches until told to stop, noting the line of each. */
    private static void publishUntilStopped(String topic, List<String> published, AtomicBoolean publishing) {
        AvroSerde<SignificantSite> serde = AvroSerde.significantSite();
        long position = 0;
        while (publishing.get()) {
            List<ProducerRecord<byte[], byte[]>> batch = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                position++;
                MethylationSite site = MethylationSite.newBuilder().setSampleId("s").setChromosome("chr1")
                        .setPosition(position).setMethylated(9).setUnmethylated(1).build();
                double p = 1e-9 / position;
                batch.add(new ProducerRecord<>(topic, Long.toString(position).getBytes(StandardCharsets.UTF_8),
                        serde.encode(SignificantSite.newBuilder().setSite(site).setCoverage(10).setPValue(p)
                                .setMinusLog10PValue(-Math.log10(p)).setTest("upper").setErrorRate(0.006)
                                .setAlpha(1e-5).setAnalysisId("kill").build())));
                lines.add(ScoreLine.format("chr1", position, 9, 1, p));
            }
            KAFKA.produce(batch);
            published.addAll(lines);
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long lines(Path file) {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        } catch (NoSuchFileException e) {
            return 0; // renamed between the two calls
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long committedLength(Path file) throws IOException {
        Properties position = new Properties();
        try (var in = Files.newInputStream(ScoreFileSinkTask.positionFileOf(file))) {
            position.load(in);
        }
        return Long.parseLong(position.getProperty("file.length", "0"));
    }
}
