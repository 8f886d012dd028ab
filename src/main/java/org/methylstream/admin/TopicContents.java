package org.methylstream.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Everything a topic holds now, read once from the start of every partition to its current end, in no group. */
public final class TopicContents {
    private TopicContents() {
    }

    /**
     * Hands every committed record of {@code topic} to {@code each}, partition by partition in offset order, and
     * returns at the end offsets the topic had when reading started.
     *
     * @return false when the topic does not exist (nothing was read)
     * @throws IllegalStateException when the end is not reached within {@code timeout}
     */
    public static boolean read(Properties client, String topic, Duration timeout,
                               Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties config = new Properties();
        config.putAll(client);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                return false; // the consumer's answer for a topic that is not there
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " within " + timeout.toSeconds()
                            + " s");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(each);
            }
            return true;
        }
    }
}
