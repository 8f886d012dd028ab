package org.methylstream.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.methylstream.KafkaCluster.record;
import static org.methylstream.KafkaCluster.values;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;

class EmbeddedKafkaTest {
    @TempDir
    Path dataDir;

    @Test
    void startsOnLoopbackAndCarriesRecordsThroughATopicOfThreePartitions() throws IOException {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0, Map.of())) {
            assertTrue(kafka.bootstrapServers().startsWith("127.0.0.1:"), kafka.bootstrapServers());
            KafkaCluster cluster = KafkaCluster.at(kafka.bootstrapServers());
            String topic = cluster.createTopic("sites", 3);
            assertEquals(3, cluster.partitionCount(topic));

            cluster.produce(List.of(
                    new ProducerRecord<>(topic, 0, null, "chr1:100".getBytes(UTF_8)),
                    new ProducerRecord<>(topic, 1, null, "chr1:200".getBytes(UTF_8)),
                    new ProducerRecord<>(topic, 2, null, "chr2:300".getBytes(UTF_8))));

            List<ConsumerRecord<byte[], byte[]>> consumed = cluster.consume(topic, 3);
            assertEquals(Set.of("chr1:100", "chr1:200", "chr2:300"), Set.copyOf(values(consumed)));
            assertEquals(Set.of(0, 1, 2), consumed.stream().map(ConsumerRecord::partition).collect(Collectors.toSet()));
        }
    }

    @Test
    void aBrokerRestartedOnItsDirectoryStillHasItsTopicsAndRecords() throws IOException {
        String topic;
        try (EmbeddedKafka first = EmbeddedKafka.start(dataDir, 0, Map.of())) {
            KafkaCluster cluster = KafkaCluster.at(first.bootstrapServers());
            topic = cluster.createTopic("kept", 2);
            cluster.produce(List.of(record(topic, "chr1:1", "before restart")));
        }
        assertTrue(Files.exists(dataDir.resolve("meta.properties")));

        int port = freePort();
        try (EmbeddedKafka second = EmbeddedKafka.start(dataDir, port, Map.of())) {
            assertEquals("127.0.0.1:" + port, second.bootstrapServers());
            KafkaCluster cluster = KafkaCluster.at(second.bootstrapServers());
            assertTrue(cluster.topicNames().contains(topic));
            assertEquals(2, cluster.partitionCount(topic));
            assertEquals(List.of("before restart"), values(cluster.consume(topic, 1)));
        }
    }

    @Test
    void closeEndsTheRaftTimerWithoutWaiting() throws IOException {
        List<org.apache.kafka.server.util.ShutdownableThread> before = EmbeddedKafka.raftReapers();
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0, Map.of());
        List<org.apache.kafka.server.util.ShutdownableThread> reapers = EmbeddedKafka.raftReapers();
        reapers.removeAll(before);
        assertEquals(1, reapers.size(), "the broker's raft timer, found by its name: " + EmbeddedKafka.RAFT_REAPER);

        kafka.close();

        assertTrue(reapers.get(0).isShutdownComplete());
        // ended by close()'s interrupt: if Kafka ends it at once itself one day, the workaround can go
        assertEquals(1, kafka.raftTimersInterrupted());
    }

    @Test
    void overridesReplaceTheDefaults() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0, Map.of("num.partitions", "4"))) {
            KafkaCluster cluster = KafkaCluster.at(kafka.bootstrapServers());
            try (Admin admin = cluster.admin()) {
                NewTopic withBrokerDefaults = new NewTopic("defaulted", Optional.empty(), Optional.empty());
                admin.createTopics(List.of(withBrokerDefaults)).all().get();
            }
            assertEquals(4, cluster.partitionCount("defaulted"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
