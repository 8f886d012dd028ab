package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.Await;
import org.methylstream.KafkaCluster;
import org.methylstream.MethylstreamProcess;
import org.methylstream.application.StatisticsChangelog;
import org.methylstream.naming.AnalysisNames;

/**
 * {@code --replication-factor} on a three-broker cluster: the topics a command creates get that many replicas,
 * Kafka Streams' internal ones and the sink's dead-letter topic included, and a single replica on several brokers
 * is warned about. About 30 s (two command JVMs on the in-JVM cluster).
 */
@DisplayName("--replication-factor on a three-broker cluster")
class ReplicationFactorTest {
    private static final KafkaCluster KAFKA = KafkaCluster.threeBrokers();

    @TempDir
    Path dir;

    @RegisterExtension
    final MethylstreamProcess.Children children = new MethylstreamProcess.Children();

    @Test
    @Timeout(240)
    @DisplayName("publish, process (Kafka Streams' changelogs too) and sink create their topics with N replicas;"
            + " process warns about replication factor 1")
    void topicsGetTheReplicasAsked() throws Exception {
        String sites = "replication.sites";
        CommandRun publish = CommandRun.runWithStdin("chr1\t100\t5\t10\n".getBytes(), "publish", "--bootstrap-server",
                KAFKA.bootstrapServers(), "--topic", sites, "--partitions", "2", "--replication-factor", "2", "-");
        assertEquals(0, publish.exitCode(), publish.toString());
        assertEquals(Map.of(sites, 2), replicas(sites));

        String output = "replication.significant";
        MethylstreamProcess process = children.start(dir, "process", "--bootstrap-server", KAFKA.bootstrapServers(),
                "--state-dir", dir.resolve("process").toString(), "--input-topic", sites, "--output-topic", output,
                "--application-id", "replication", "--replication-factor", "1");
        process.awaitStderr("process: replication running", Duration.ofSeconds(120));
        String changelog = StatisticsChangelog.topic("replication");
        Await.until("the statistics changelog", Duration.ofSeconds(60), () -> KAFKA.topicNames().contains(changelog));
        assertEquals(Map.of(output, 1, AnalysisNames.deadLettersOf(sites), 1, changelog, 1),
                replicas(output, AnalysisNames.deadLettersOf(sites), changelog));
        String warning = process.stderr().lines().filter(line -> line.startsWith("process: warning: topics "))
                .findFirst().orElseThrow(() -> new AssertionError("no warning:\n" + process.stderr()));
        assertTrue(warning.contains(output + ", ") && warning.endsWith("have replication factor 1 on a cluster of 3"
                + " brokers: a broker's failure stops them and the loss of its disk loses their data (give"
                + " --replication-factor 3)"), warning);
        assertEquals(0, process.terminate(Duration.ofSeconds(60)), process::stderr);

        MethylstreamProcess sink = children.start(dir, "sink", "--bootstrap-server", KAFKA.bootstrapServers(),
                "--state-dir", dir.resolve("sink").toString(), "--topic", output, "--file",
                dir.resolve("out.tsv").toString(), "--replication-factor", "2");
        String deadLetters = AnalysisNames.deadLettersOf(output);
        sink.awaitThat("its dead-letter topic", () -> KAFKA.topicNames().contains(deadLetters), Duration.ofSeconds(120));
        assertEquals(Map.of(deadLetters, 2), replicas(deadLetters));
        assertEquals(0, sink.terminate(Duration.ofSeconds(60)), sink::stderr);
    }

    /** The replicas of each topic's partitions (all equal), by topic. */
    private static Map<String, Integer> replicas(String... topics) throws Exception {
        Map<String, Integer> replicas = new TreeMap<>();
        try (Admin admin = KAFKA.admin()) {
            for (TopicDescription topic : admin.describeTopics(List.of(topics)).allTopicNames().get().values()) {
                List<Integer> counts = topic.partitions().stream().map(p -> p.replicas().size()).distinct().toList();
                assertEquals(1, counts.size(), topic.name() + ": every partition alike");
                replicas.put(topic.name(), counts.get(0));
            }
        }
        return replicas;
    }
}
