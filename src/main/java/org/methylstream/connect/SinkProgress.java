package org.methylstream.connect;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * How far a sink's committed offsets are from the end of its topic, as a read-committed reader sees it.
 *
 * <p>A sink commits the offset after the last record it wrote, but a transactional topic ends each transaction
 * with a commit marker, and aborted records are never delivered: on the topic methylstream writes, a sink that
 * has written everything still lags the end offset. So a partition counts as done when no record a
 * read-committed consumer would deliver lies between the committed offset and the end; a probe consumer, outside
 * any group, reads that gap to find out.
 */
final class SinkProgress implements AutoCloseable {
    private static final Duration PROBE_POLL = Duration.ofMillis(100);

    private final String group;
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> probe;

    SinkProgress(Properties clientProperties, String group) {
        this.group = group;
        this.admin = Admin.create(clientProperties);
        Properties consumer = new Properties();
        consumer.putAll(clientProperties);
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1"); // one record is proof enough that work remains
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // as the sink does past a deleted offset
        this.probe = new KafkaConsumer<>(consumer, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The end of every partition of {@code topic} that a read-committed reader can reach now. */
    Map<TopicPartition, Long> readableEnd(String topic, Duration timeout) {
        List<TopicPartition> partitions = probe.partitionsFor(topic, timeout).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        probe.assign(partitions); // the consumer keeps a partition's last stable offset only while it is assigned
        return probe.endOffsets(partitions, timeout);
    }

    /**
     * Whether the group has committed past every readable record below {@code end}, as returned by
     * {@link #readableEnd}; false as well when that cannot be decided within {@code timeout}.
     */
    boolean reached(Map<TopicPartition, Long> end, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> committed = committed(end, timeout);
        if (committed == null) {
            return false;
        }
        Map<TopicPartition, Long> gaps = new HashMap<>();
        end.forEach((partition, endOffset) -> {
            long from = committed.get(partition);
            if (from < endOffset) {
                gaps.put(partition, from);
            }
        });
        if (gaps.isEmpty()) {
            return true;
        }
        probe.pause(probe.assignment());
        probe.resume(gaps.keySet());
        gaps.forEach(probe::seek);
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : probe.poll(PROBE_POLL)) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    return false;
                }
            }
            gaps.keySet().removeIf(partition -> probe.position(partition) >= end.get(partition));
            if (gaps.isEmpty()) {
                return true; // only commit markers or aborted records were left
            }
        }
        return false;
    }

    /**
     * The group's committed offset per partition; where it has none, the beginning, as the sink starts there.
     * Null when the broker does not answer in time.
     */
    private Map<TopicPartition, Long> committed(Map<TopicPartition, Long> end, Duration timeout)
            throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> offsets;
        try {
            offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new ConnectException("cannot read the offsets of consumer group " + group + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
        Map<TopicPartition, Long> beginning = probe.beginningOffsets(end.keySet(), timeout);
        Map<TopicPartition, Long> committed = new HashMap<>();
        for (TopicPartition partition : end.keySet()) {
            OffsetAndMetadata offset = offsets.get(partition);
            committed.put(partition, offset == null ? beginning.get(partition) : offset.offset());
        }
        return committed;
    }

    @Override
    public void close() {
        probe.close();
        admin.close();
    }
}
