package org.methylstream.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.methylstream.Await;
import org.methylstream.KafkaCluster;

/**
 * The client settings an operator sets for quick recovery after a crash: a killed member leaves its consumer group
 * after 6 s (the broker's minimum) instead of 45 s, so a restarted process gets its partitions back sooner. And how
 * the fault tests look at a topic's transactions.
 */
final class Failover {
    private Failover() {
    }

    /** Writes the settings to {@code dir/failover.properties}, for {@code --kafka-config}. */
    static Path clientConfig(Path dir) throws IOException {
        Path file = dir.resolve("failover.properties");
        Files.writeString(file, "session.timeout.ms=6000\nheartbeat.interval.ms=1000\n", StandardCharsets.UTF_8);
        return file;
    }

    /** The sum over partitions of the end offset a reader with {@code isolation} sees; 0 before the topic exists. */
    static long end(KafkaCluster kafka, String topic, IsolationLevel isolation) throws Exception {
        try (Admin admin = kafka.admin()) {
            if (!admin.listTopics().names().get().contains(topic)) {
                return 0; // the topic is created by the first processor
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < kafka.partitionCount(topic); p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest, new ListOffsetsOptions(isolation)).all().get().values().stream()
                    .mapToLong(o -> o.offset()).sum();
        }
    }

    /** Waits until every transaction on {@code topic} is committed or aborted: read committed reaches the end. */
    static void awaitNoOpenTransactions(KafkaCluster kafka, String topic, Duration timeout) {
        Await.until("every transaction on " + topic + " is committed or aborted", timeout,
                () -> end(kafka, topic, IsolationLevel.READ_COMMITTED) >= end(kafka, topic,
                        IsolationLevel.READ_UNCOMMITTED));
    }
}
