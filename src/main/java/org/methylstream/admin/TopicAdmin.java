package org.methylstream.admin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.methylstream.access.AccessFailure;

/** Creates methylstream's topics when missing, with the retention and replication each one needs. */
public final class TopicAdmin {
    /** A replication factor that leaves it to the cluster: its {@code default.replication.factor}. */
    public static final short CLUSTER_DEFAULT = -1;
    private static final long UNKNOWN_TOPIC_PATIENCE_NANOS = 15_000_000_000L;
    /** A new topic reaches the broker's metadata within milliseconds. */
    private static final long NEW_TOPIC_POLL_MS = 10;

    private TopicAdmin() {
    }

    /**
     * An admin client for creating topics and awaiting their leaders, which it does by retrying: every 10 ms, up to
     * every 100 ms, instead of the clients' default 100 ms doubling up to 1 s, which left a new topic's leaders
     * unused for a quarter of a second (the leaders were serving after 0.05 s; {@code run --verbose}).
     */
    public static Admin open(Properties clientProperties) {
        Properties config = new Properties();
        config.putAll(clientProperties);
        config.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 10);
        config.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 100);
        return Admin.create(config);
    }

    /**
     * Ensures the sites topic exists. It is created with unlimited retention: the topic is the archive that
     * replays re-analyse with new parameters, so records must not age out.
     *
     * @return the topic's partition count (the existing one if it already existed)
     */
    public static int ensureSitesTopic(Admin admin, String topic, int partitions, short replicationFactor) {
        return ensureAll(admin, List.of(sitesTopic(topic, partitions, replicationFactor))).get(topic);
    }

    /** A sites topic as {@link #ensureSitesTopic} makes it: kept for ever, the archive re-analyses read. */
    public static NewTopic sitesTopic(String topic, int partitions, short replicationFactor) {
        return new NewTopic(topic, partitions, replicationFactor).configs(new HashMap<>(Map.of(
                TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1")));
    }

    /**
     * Ensures a topic exists, created with {@code replicationFactor} replicas per partition
     * ({@link #CLUSTER_DEFAULT}: the cluster's default) and {@code configs}; returns its partition count.
     */
    public static int ensure(Admin admin, String topic, int partitions, short replicationFactor,
                             Map<String, String> configs) {
        return ensureAll(admin, List.of(new NewTopic(topic, partitions, replicationFactor)
                .configs(new HashMap<>(configs)))).get(topic);
    }

    /**
     * Ensures the topics exist: the missing ones are created in one request, and then the leaders of all are
     * awaited in one offsets request (a topic at a time took a request, a leader election and a client back-off
     * each: most of a small run's topic phase). Returns each topic's partition count, the existing one for a topic
     * that was there already.
     */
    public static Map<String, Integer> ensureAll(Admin admin, List<NewTopic> topics) {
        Map<String, Integer> partitions = createMissing(admin, topics);
        awaitLeaders(admin, partitions);
        return partitions;
    }

    /**
     * As {@link #ensureAll} without waiting for the leaders: for a caller that makes more topics first and then
     * awaits them all at once ({@link #awaitLeaders(Admin, Map)}).
     */
    public static Map<String, Integer> createMissing(Admin admin, List<NewTopic> topics) {
        Map<String, Integer> partitions = new HashMap<>();
        Map<String, KafkaFuture<Void>> created = admin.createTopics(topics).values();
        try {
            for (NewTopic topic : topics) {
                try {
                    created.get(topic.name()).get();
                    partitions.put(topic.name(), topic.numPartitions());
                } catch (ExecutionException e) {
                    Optional<AccessFailure> refused = AccessFailure.denied(e.getCause(), "Create", "topic", topic.name());
                    if (refused.isPresent()) {
                        throw refused.get();
                    }
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name() + ": "
                                + e.getCause().getMessage(), e);
                    }
                    partitions.put(topic.name(), partitionsOf(admin, topic.name()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
        return partitions;
    }

    /**
     * A warning when some of {@code topics} keep a single copy of their data on a cluster of several brokers, where
     * losing one broker's disk would lose them; empty otherwise (one broker, or replicated topics).
     */
    public static Optional<String> singleReplicaWarning(Admin admin, Collection<String> topics) {
        try {
            int brokers = admin.describeCluster().nodes().get().size();
            if (brokers < 2) {
                return Optional.empty();
            }
            List<String> single = new ArrayList<>(admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .filter(t -> t.partitions().stream().anyMatch(p -> p.replicas().size() < 2))
                    .map(TopicDescription::name).sorted().toList());
            return single.isEmpty() ? Optional.empty() : Optional.of("topics " + String.join(", ", single)
                    + " have replication factor 1 on a cluster of " + brokers + " brokers: a broker's failure stops"
                    + " them and the loss of its disk loses their data (give --replication-factor "
                    + Math.min(3, brokers) + ")");
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe topics " + topics + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topics " + topics, e);
        }
    }

    /**
     * Returns once the leader of every partition of {@code topic} serves requests. A broker announces a new topic's
     * leaders a moment before it acts as one; an idempotent producer whose first batch meets that moment with
     * NOT_LEADER_OR_FOLLOWER can see later batches appended before it and then retry it, out of order, until it
     * times out. Offsets are answered by the leader itself (the admin client retries until it does).
     */
    public static void awaitLeaders(Admin admin, String topic) {
        awaitLeaders(admin, Map.of(topic, partitionsOf(admin, topic)));
    }

    /**
     * As {@link #awaitLeaders(Admin, String)} for topics of known partition counts, in one request, once the broker
     * knows them all: a topic created a moment ago can be missing from its metadata, and the offsets request does
     * not wait for that.
     */
    public static void awaitLeaders(Admin admin, Map<String, Integer> topics) {
        try {
            long deadline = System.nanoTime() + UNKNOWN_TOPIC_PATIENCE_NANOS;
            while (!allKnown(admin, topics.keySet())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics " + new TreeSet<>(topics.keySet()) + " are not all known"
                            + " to the cluster within " + UNKNOWN_TOPIC_PATIENCE_NANOS / 1_000_000_000 + " s");
                }
                Thread.sleep(NEW_TOPIC_POLL_MS);
            }
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            topics.forEach((topic, count) -> {
                for (int p = 0; p < count; p++) {
                    partitions.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            });
            admin.listOffsets(partitions).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the partitions of " + String.join(", ", new TreeSet<>(topics.keySet()))
                    + " have no leader: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the leaders of " + topics.keySet(), e);
        }
    }

    /** Whether the broker asked knows every one of {@code topics} (only these are described, not the cluster's all). */
    private static boolean allKnown(Admin admin, Set<String> topics) throws InterruptedException, ExecutionException {
        try {
            admin.describeTopics(topics).allTopicNames().get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Deletes those of {@code topics} that exist and returns once the cluster no longer lists them, so that they can
     * be created anew at once.
     */
    public static void deleteIfPresent(Admin admin, Collection<String> topics) {
        try {
            Set<String> present = new HashSet<>(admin.listTopics().names().get());
            present.retainAll(topics);
            if (present.isEmpty()) {
                return;
            }
            admin.deleteTopics(present).all().get();
            long deadline = System.nanoTime() + UNKNOWN_TOPIC_PATIENCE_NANOS;
            while (admin.listTopics().names().get().stream().anyMatch(present::contains)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics " + present + " were not deleted within "
                            + UNKNOWN_TOPIC_PATIENCE_NANOS / 1_000_000_000 + " s");
                }
                Thread.sleep(100);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot delete topics " + topics + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting topics " + topics, e);
        }
    }

    /**
     * Partition count of an existing topic; fails with a clear message when it does not exist. Retries briefly:
     * a broker that just restarted answers "unknown topic" until it has loaded its logs.
     */
    public static int partitionsOf(Admin admin, String topic) {
        long deadline = System.nanoTime() + UNKNOWN_TOPIC_PATIENCE_NANOS;
        try {
            while (true) {
                try {
                    Map<String, TopicDescription> topics = admin.describeTopics(Set.of(topic)).allTopicNames().get();
                    return topics.get(topic).partitions().size();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                        throw new IllegalStateException("topic " + topic + " is not available: "
                                + e.getCause().getMessage(), e);
                    }
                    Thread.sleep(250);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic " + topic, e);
        }
    }
}
