package org.methylstream.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;
import org.methylstream.MethylstreamProcess;
import org.methylstream.avro.MethylationSite;
import org.methylstream.embedded.EmbeddedKafka;
import org.methylstream.serde.AvroSerde;
import org.methylstream.synthetic.SyntheticMethylome;

@DisplayName("publish while its broker stops and starts again")
class PublishBrokerRestartTest {
    private static final String TOPIC = "restart.sites";
    private static final int SITES = 60_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    @DisplayName("every site arrives exactly once, and the summary counts them all")
    void everySiteOnceAcrossABrokerRestart() throws Exception {
        List<String> lines = generatedLines(SITES);
        int port = freePort(); // fixed, so the publisher finds the restarted broker where it left it
        EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), port, Map.of());
        try (MethylstreamProcess publish = MethylstreamProcess.start(dir, "publish", "--bootstrap-server",
                broker.bootstrapServers(), "--topic", TOPIC, "--partitions", "3", "--sample", "s",
                "--state-dir", dir.resolve("state").toString(), "-")) {
            KafkaCluster kafka = KafkaCluster.at(broker.bootstrapServers());
            OutputStream stdin = publish.stdin();
            write(stdin, lines.subList(0, SITES / 3));
            publish.awaitThat("the first third acknowledged", () -> records(kafka) == SITES / 3, Duration.ofSeconds(60));

            broker.close();
            // the rest goes in from another thread: publish may stop reading while it has no broker to send to
            CountDownLatch restarted = new CountDownLatch(1);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    write(stdin, lines.subList(SITES / 3, 2 * SITES / 3)); // sent while no broker answers
                    restarted.await();
                    write(stdin, lines.subList(2 * SITES / 3, SITES));
                    stdin.close();
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException("cannot feed publish", e);
                }
            });
            Thread.sleep(2000);
            broker = EmbeddedKafka.start(dir.resolve("kafka"), port, Map.of());
            restarted.countDown();
            writer.get(120, TimeUnit.SECONDS);

            assertEquals(0, publish.awaitExit(Duration.ofSeconds(120)), publish::stderr);
            assertTrue(publish.stderr().contains("publish: " + SITES + " sites published to " + TOPIC), publish::stderr);

            Map<String, Integer> copies = new HashMap<>();
            int sampleEnds = 0;
            AvroSerde<MethylationSite> serde = AvroSerde.methylationSite();
            for (ConsumerRecord<byte[], byte[]> record : kafka.consumeAll(TOPIC)) {
                if (new String(record.key(), StandardCharsets.UTF_8).equals("s")) {
                    sampleEnds++; // the sample's end marker, keyed by the sample alone
                    continue;
                }
                MethylationSite site = serde.decode(record.value());
                copies.merge(site.getChromosome() + "\t" + site.getPosition() + "\t" + site.getMethylated() + "\t"
                        + site.getUnmethylated(), 1, Integer::sum);
            }
            assertEquals(SITES, copies.size(), "every site arrived");
            assertTrue(copies.values().stream().allMatch(n -> n == 1), "no site arrived twice");
            assertTrue(lines.stream().allMatch(copies::containsKey), "exactly the sites of the input");
            assertEquals(3, sampleEnds, "the sample marked complete on each partition");
        } finally {
            broker.close();
        }
    }

    private static void write(OutputStream stdin, List<String> lines) throws IOException {
        stdin.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
    }

    private static long records(KafkaCluster kafka) {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) {
                return 0; // the publisher has not created the topic yet, or the broker is restarting
            }
            throw new IllegalStateException("cannot count the records of " + TOPIC, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static List<String> generatedLines(int sites) throws IOException {
        StringWriter text = new StringWriter();
        new SyntheticMethylome(sites, 11).writeTo(text);
        return text.toString().lines().toList();
    }
}
