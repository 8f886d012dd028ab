package org.methylstream.admin;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.methylstream.admin.TopicAdmin;

/**
 * How far a consumer group is behind a topic, from the group's committed offsets: a record counts as done
 * only once its consumer has committed past it, so at lag 0 everything is processed <em>and</em> durable.
 * End offsets are read committed, so transaction markers and aborted records are not counted as work.
 */
public final class GroupProgress {
    private GroupProgress() {
    }

    /** Records of {@code topic} that {@code groupId} has not yet committed past. */
    public static long lag(Admin admin, String groupId, String topic) {
        return lag(admin, groupId, endOffsets(admin, topic));
    }

    /**
     * Records below {@code ends} (as returned by {@link #endOffsets}) that {@code groupId} has not yet committed
     * past: how far the group is from having done everything that was there at that moment.
     */
    public static long lag(Admin admin, String groupId, Map<TopicPartition, Long> ends) {
        try {
            Map<TopicPartition, Long> starts = offsets(admin, ends.keySet(), OffsetSpec.earliest());
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
            long lag = 0;
            for (TopicPartition partition : ends.keySet()) {
                OffsetAndMetadata done = committed.get(partition);
                long position = done == null ? starts.get(partition) : done.offset();
                lag += Math.max(0, ends.get(partition) - position);
            }
            return lag;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the progress of group " + groupId + ": "
                    + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The end offset of every partition of {@code topic} now, as a read-committed reader sees it. */
    public static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) {
        try {
            return offsets(admin, partitions(admin, topic), OffsetSpec.latest());
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Records in a topic written without transactions: the sum over partitions of end minus start offset.
     */
    public static long recordCount(Admin admin, String topic) {
        try {
            Set<TopicPartition> all = partitions(admin, topic);
            Map<TopicPartition, Long> ends = offsets(admin, all, OffsetSpec.latest());
            Map<TopicPartition, Long> starts = offsets(admin, all, OffsetSpec.earliest());
            return all.stream().mapToLong(p -> ends.get(p) - starts.get(p)).sum();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot count the records of " + topic + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Set<TopicPartition> partitions(Admin admin, String topic) {
        return java.util.stream.IntStream.range(0, TopicAdmin.partitionsOf(admin, topic))
                .mapToObj(p -> new TopicPartition(topic, p)).collect(Collectors.toSet());
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, Set<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException {
        ListOffsetsResult result = admin.listOffsets(
                partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec)),
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED));
        return result.all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
