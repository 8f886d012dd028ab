package org.methylstream.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.methylstream.KafkaCluster;

@DisplayName("Sink progress, on a real broker")
class SinkProgressTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final KafkaCluster cluster = KafkaCluster.shared();
    private final String group = "connect-progress-" + UUID.randomUUID();

    private static List<ProducerRecord<byte[], byte[]>> records(String topic, int count) {
        return IntStream.range(0, count).mapToObj(i -> KafkaCluster.record(topic, "k" + i, "v" + i)).toList();
    }

    private void commitOffset(String topic, long offset) throws ExecutionException, InterruptedException {
        try (Admin admin = cluster.admin()) {
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(offset)))
                    .all().get();
        }
    }

    private boolean reached(String topic) throws InterruptedException {
        try (SinkProgress progress = new SinkProgress(cluster.clientProperties(), group)) {
            return progress.reached(progress.readableEnd(topic, TIMEOUT), TIMEOUT);
        }
    }

    @Test
    @DisplayName("counts a partition as done when only the transaction's commit marker lies past the committed offset")
    void stepsOverCommitMarkers() throws Exception {
        String topic = cluster.createTopic("progress-marker", 1);
        Transactions.commit(cluster, records(topic, 3)); // offsets 0-2, the marker at 3, the end at 4

        commitOffset(topic, 3);
        assertTrue(reached(topic));

        commitOffset(topic, 2);
        assertFalse(reached(topic), "record 2 is still to be written");
    }

    @Test
    @DisplayName("counts aborted records as nothing to write")
    void skipsAbortedRecords() throws Exception {
        String topic = cluster.createTopic("progress-aborted", 1);
        Transactions.commit(cluster, records(topic, 2)); // 0-1, marker 2
        Transactions.abort(cluster, records(topic, 2));  // 3-4, marker 5

        commitOffset(topic, 2);

        assertTrue(reached(topic));
    }

    @Test
    @DisplayName("starts a group without commits at the beginning of each partition")
    void startsUncommittedGroupsAtTheBeginning() throws Exception {
        String empty = cluster.createTopic("progress-empty", 3);
        String written = cluster.createTopic("progress-written", 3);
        cluster.produce(records(written, 1));

        assertTrue(reached(empty));
        assertFalse(reached(written));
        try (SinkProgress progress = new SinkProgress(cluster.clientProperties(), group)) {
            assertEquals(3, progress.readableEnd(written, TIMEOUT).size());
        }
    }
}
