package org.methylstream.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.BrokerProcesses;
import org.methylstream.KafkaCluster;
import org.methylstream.MethylstreamProcess;
import org.methylstream.avro.SignificantSite;
import org.methylstream.cli.Methylstream;
import org.methylstream.serde.AvroSerde;
import org.methylstream.synthetic.SyntheticMethylome;

/**
 * The pipeline on a three-broker cluster (replication 3, min ISR 2) while the leader of half the sites topic's
 * partitions goes away mid-stream: {@code publish}, {@code process --exactly-once} and {@code sink} keep running
 * through the fail-over (a pause of about the broker session timeout, 9 s, when the broker is killed), and nothing
 * is lost or repeated. About 60-90 s each on 2 shared cores: four broker JVMs and three command JVMs.
 */
@DisplayName("a broker leading half the sites partitions goes away while publish, process and sink run")
class BrokerFailoverTest {
    private static final int SITES = 20_000;
    private static final int LEADER = 1;
    /** Broker 1 leads partitions 0 and 1 of 4; 2 and 3 lead the others. Every partition is on all three brokers. */
    private static final Map<Integer, List<Integer>> ASSIGNMENT = Map.of(0, List.of(1, 2, 3), 1, List.of(1, 3, 2),
            2, List.of(2, 3, 1), 3, List.of(3, 1, 2));

    @TempDir
    Path dir;

    @RegisterExtension
    final MethylstreamProcess.Children children = new MethylstreamProcess.Children();

    @RegisterExtension
    final BrokerProcesses.Started clusters = new BrokerProcesses.Started();

    private BrokerProcesses cluster;

    @Test
    @Timeout(420)
    @DisplayName("stopped (controlled shutdown): sink file and read-committed output hold every significant site once")
    void leaderStopped() throws Exception {
        pipelineSurvives(false);
    }

    @Test
    @Timeout(420)
    @DisplayName("SIGKILLed: sink file and read-committed output hold every significant site once")
    void leaderKilled() throws Exception {
        pipelineSurvives(true);
    }

    private void pipelineSurvives(boolean kill) throws Exception {
        cluster = clusters.start(dir.resolve("cluster"));
        KafkaCluster kafka = cluster.client();
        String sites = "failover.sites";
        String output = "failover.significant";
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(sites, ASSIGNMENT)
                    .configs(Map.of("retention.ms", "-1", "retention.bytes", "-1")))).all().get();
        }
        assertEquals(List.of(0, 1), cluster.leaders(sites).entrySet().stream().filter(e -> e.getValue() == LEADER)
                .map(Map.Entry::getKey).toList(), "broker " + LEADER + " leads half the partitions");

        List<String> lines = generatedLines();
        Path input = dir.resolve("sites.tsv");
        Files.write(input, lines);
        Path expected = dir.resolve("expected.tsv");
        assertEquals(0, Methylstream.commandLine().execute("score", "--quiet", "--out", expected.toString(),
                input.toString()));
        List<String> significant = sorted(Files.readAllLines(expected));

        String bootstrap = cluster.bootstrapServers();
        String failover = Failover.clientConfig(dir).toString();
        MethylstreamProcess process = children.start(dir, "process", "--exactly-once", "--bootstrap-server",
                bootstrap, "--kafka-config", failover, "--state-dir", dir.resolve("process").toString(),
                "--input-topic", sites, "--output-topic", output, "--application-id", "failover");
        process.awaitStderr("process: failover running", Duration.ofSeconds(120));
        Path file = dir.resolve("significant.tsv");
        MethylstreamProcess sink = children.start(dir, "sink", "--bootstrap-server", bootstrap, "--kafka-config",
                failover, "--state-dir", dir.resolve("sink").toString(), "--topic", output, "--file", file.toString(),
                "--name", "failover-sink", "--flush-ms", "500");
        MethylstreamProcess publish = children.start(dir, "publish", "--bootstrap-server", bootstrap, "--topic",
                sites, "--sample", "s", "--state-dir", dir.resolve("publish").toString(), "-");

        OutputStream stdin = publish.stdin();
        write(stdin, lines.subList(0, SITES / 2));
        publish.awaitThat("the first half acknowledged", () -> end(kafka, sites, IsolationLevel.READ_UNCOMMITTED)
                >= SITES / 2, Duration.ofSeconds(120));
        process.awaitThat("output committed", () -> end(kafka, output, IsolationLevel.READ_COMMITTED) > 0,
                Duration.ofSeconds(120));
        if (kill) {
            cluster.kill(LEADER);
        } else {
            cluster.stop(LEADER);
        }
        write(stdin, lines.subList(SITES / 2, SITES));
        stdin.close();

        assertEquals(0, publish.awaitExit(Duration.ofSeconds(180)), publish::stderr);
        assertTrue(publish.stderr().contains("publish: " + SITES + " sites published to " + sites + " (4 partitions), "
                + "0 invalid lines"), publish::stderr);
        assertTrue(publish.stderr().contains("samples complete: s"), publish::stderr);
        assertTrue(cluster.leaders(sites).values().stream().noneMatch(leader -> leader == LEADER),
                "the partitions moved to the other brokers");

        sink.awaitThat("every significant site in the file", () -> lineCount(file) >= significant.size(),
                Duration.ofSeconds(180));
        Thread.sleep(1500); // a few more flushes: a repeated line would show now
        assertEquals(significant, sorted(Files.readAllLines(file)), "the sink file: every significant site once");

        AvroSerde<SignificantSite> serde = AvroSerde.significantSite();
        Map<String, Integer> copies = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : kafka.consumeAll(output)) {
            SignificantSite site = serde.decode(record.value());
            copies.merge(site.getSite().getChromosome() + ":" + site.getSite().getPosition(), 1, Integer::sum);
        }
        assertEquals(significant.size(), copies.size(), "every significant site on the read-committed output");
        assertEquals(Set.of(1), Set.copyOf(copies.values()), "none twice");
    }

    private static List<String> generatedLines() throws IOException {
        StringWriter text = new StringWriter();
        new SyntheticMethylome(SITES, 23).writeTo(text);
        return text.toString().lines().toList();
    }

    private static void write(OutputStream stdin, List<String> lines) throws IOException {
        stdin.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
    }

    private static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        copy.sort(null);
        return copy;
    }

    private static long lineCount(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** Records on {@code topic} as a reader with {@code isolation} sees them, summed over partitions; 0 before it exists. */
    private static long end(KafkaCluster kafka, String topic, IsolationLevel isolation) {
        try (Admin admin = kafka.admin()) {
            if (!admin.listTopics().names().get().contains(topic)) {
                return 0;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < kafka.partitionCount(topic); p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest, new ListOffsetsOptions(isolation)).all().get().values().stream()
                    .mapToLong(o -> o.offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of " + topic, e);
        }
    }
}
