package org.methylstream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic as records arrive, from the start of every partition and outside any group, for tests that check
 * what shows up, and how soon, while something is still writing.
 */
public final class TopicReader implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deque<ConsumerRecord<byte[], byte[]>> pending = new ArrayDeque<>();
    private final String topic;

    public TopicReader(KafkaCluster kafka, String topic) {
        this.topic = topic;
        Properties properties = kafka.clientProperties();
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** The next {@code count} records; fails when they have not come within {@code timeout}. */
    public List<ConsumerRecord<byte[], byte[]>> next(int count, Duration timeout) {
        Await.reading(count + " records from " + topic, timeout, () -> {
            if (pending.size() >= count) {
                return true;
            }
            consumer.poll(Duration.ofMillis(20)).forEach(pending::add);
            return pending.size() >= count;
        });
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(pending.poll());
        }
        return records;
    }

    /** The keys of the next {@code count} records, as UTF-8 text. */
    public List<String> keys(int count, Duration timeout) {
        return next(count, timeout).stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
