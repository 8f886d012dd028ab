package org.methylstream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.methylstream.admin.TopicAdmin;
import org.methylstream.application.Deployment;
import org.methylstream.application.ScoringApplication;
import org.methylstream.embedded.EmbeddedKafka;
import org.methylstream.naming.AnalysisNames;
import org.methylstream.topology.TopologySettings;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Kafka an integration test talks to, and the few things tests do with it. {@link #shared()} is chosen once per
 * test JVM: the cluster in {@code KAFKA_BOOTSTRAP_SERVERS} when set, else a Testcontainers broker when Docker
 * answers, else an {@link EmbeddedKafka} on a temporary directory. Tests that need a broker of their own (to restart
 * it, say) wrap it with {@link #at(String)}. Topics get unique names, so tests sharing a cluster never see each
 * other's records.
 */
public final class KafkaCluster {
    /** Kafka's image of the very version the build uses (${kafka.version}), read from the kafka-clients jar. */
    public static final String IMAGE = "apache/kafka:" + clientVersion();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Reading a whole topic: a million records take a while on two cores shared with a broker. */
    private static final Duration READ_ALL_TIMEOUT = Duration.ofMinutes(2);
    private static KafkaCluster shared;
    private static KafkaCluster threeBrokers;

    /**
     * Broker settings of the three-broker clusters (in-JVM and child JVMs), as production clusters are set up:
     * every topic on all three brokers, a write acknowledged once two have it; light on threads and memory.
     */
    public static final Map<String, String> THREE_BROKER_SETTINGS = Map.ofEntries(
            Map.entry("default.replication.factor", "3"),
            Map.entry("min.insync.replicas", "2"),
            Map.entry("offsets.topic.replication.factor", "3"),
            Map.entry("transaction.state.log.replication.factor", "3"),
            Map.entry("transaction.state.log.min.isr", "2"),
            Map.entry("offsets.topic.num.partitions", "5"),
            Map.entry("transaction.state.log.num.partitions", "5"),
            Map.entry("auto.create.topics.enable", "false"),
            Map.entry("num.partitions", "1"),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry("num.network.threads", "2"),
            Map.entry("num.io.threads", "2"),
            Map.entry("background.threads", "2"),
            Map.entry("num.recovery.threads.per.data.dir", "1"),
            Map.entry("log.cleaner.threads", "1"),
            Map.entry("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024)));

    private final String bootstrapServers;
    private final String description;

    private KafkaCluster(String bootstrapServers, String description) {
        this.bootstrapServers = bootstrapServers;
        this.description = description;
    }

    /** The cluster every integration test of this JVM shares; started on first use, stopped when the JVM exits. */
    public static synchronized KafkaCluster shared() {
        if (shared == null) {
            shared = choose();
            System.err.println("integration tests use " + shared);
        }
        return shared;
    }

    /**
     * A cluster of three brokers and a controller quorum, shared by the tests of this JVM that need replication:
     * the cluster in {@code KAFKA_BOOTSTRAP_SERVERS} when it has at least three brokers, else Kafka's
     * {@code KafkaClusterTestKit} in this JVM (three brokers, three controllers, {@link #THREE_BROKER_SETTINGS};
     * about 3 s to start).
     */
    public static synchronized KafkaCluster threeBrokers() {
        if (threeBrokers == null) {
            threeBrokers = chooseThreeBrokers();
            System.err.println("three-broker tests use " + threeBrokers);
        }
        return threeBrokers;
    }

    /** How many brokers the cluster has now. */
    public int brokerCount() {
        try (Admin admin = admin()) {
            return admin.describeCluster().nodes().get().size();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot describe " + this, e);
        }
    }

    /** A cluster a test started (or found) itself. */
    public static KafkaCluster at(String bootstrapServers) {
        return new KafkaCluster(bootstrapServers, "Kafka at " + bootstrapServers);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * The scoring application of {@code settings} on this cluster, its topics created as the commands create them
     * (the input's partitions are kept when it exists); not started.
     */
    public ScoringApplication scoringApplication(TopologySettings settings, int threads, boolean exactlyOnce,
                                                 Path stateDir) {
        try (Admin admin = Admin.create(clientProperties())) {
            int partitions = ScoringApplication.createTopics(admin, settings, AnalysisNames.DEFAULT_PARTITIONS,
                    TopicAdmin.CLUSTER_DEFAULT);
            return new ScoringApplication(settings, partitions, clientProperties(), threads, exactlyOnce, stateDir,
                    Deployment.SINGLE);
        }
    }

    /** A fresh copy, for one client. */
    public Properties clientProperties() {
        Properties properties = new Properties();
        properties.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }

    /** The caller closes it. */
    public Admin admin() {
        return Admin.create(clientProperties());
    }

    /** Creates {@code <purpose>-<random>} with {@code partitions} partitions and returns its name. */
    public String createTopic(String purpose, int partitions) {
        String name = purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
            // as the commands do: a producer's first batch must not meet a leader that is not serving yet
            TopicAdmin.awaitLeaders(admin, name);
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot create topic " + name + " on " + this, e);
        }
        return name;
    }

    public Set<String> topicNames() {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot list topics of " + this, e);
        }
    }

    public int partitionCount(String topic) {
        try (Admin admin = admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot describe topic " + topic + " of " + this, e);
        }
    }

    /** Sends every record and returns once all are acknowledged. */
    public void produce(List<ProducerRecord<byte[], byte[]>> records) {
        Properties properties = clientProperties();
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            records.forEach(record -> sent.add(producer.send(record)));
            for (Future<RecordMetadata> acknowledgement : sent) {
                acknowledgement.get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot produce to " + this, e);
        }
    }

    /** A record with UTF-8 key and value. */
    public static ProducerRecord<byte[], byte[]> record(String topic, String key, String value) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads {@code topic} from the start of every partition, without a consumer group, until {@code count} records
     * have come; fails when they have not come within 30 s.
     */
    public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int count) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = fromStart(topic, "read_uncommitted")) {
            Await.reading(count + " records from " + topic + " on " + this, TIMEOUT, () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
        }
        return records;
    }

    /**
     * Every committed record now in {@code topic}: reads each partition from its start to its current end
     * (read committed, so aborted transactions and markers are skipped).
     */
    public List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        readAll(topic, records::add);
        return records;
    }

    /** As {@link #consumeAll}, handing each record over as it comes instead of keeping them all. */
    public void readAll(String topic, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = fromStart(topic, "read_committed")) {
            java.util.Set<TopicPartition> partitions = consumer.assignment();
            java.util.Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            Await.reading(topic + " read to its end", READ_ALL_TIMEOUT, () -> {
                if (partitions.stream().allMatch(p -> consumer.position(p, TIMEOUT) >= ends.get(p))) {
                    return true;
                }
                consumer.poll(Duration.ofMillis(200)).forEach(each);
                return false;
            });
        }
    }

    /** A consumer in no group, assigned every partition of {@code topic} and positioned at their starts. */
    private KafkaConsumer<byte[], byte[]> fromStart(String topic, String isolationLevel) {
        Properties properties = clientProperties();
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** The values as UTF-8 text, in the order given. */
    public static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(record -> new String(record.value(), StandardCharsets.UTF_8)).toList();
    }

    @Override
    public String toString() {
        return description;
    }

    /** The version of the kafka-clients jar on the class path, as the jar itself records it. */
    static String clientVersion() {
        try (java.io.InputStream in = KafkaCluster.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            Properties version = new Properties();
            version.load(in);
            return version.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("kafka-clients carries no kafka/kafka-version.properties", e);
        }
    }

    private static KafkaCluster choose() {
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            return new KafkaCluster(external, "external Kafka at " + external);
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            KafkaContainer container = new KafkaContainer(IMAGE);
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-kafka-container"));
            return new KafkaCluster(container.getBootstrapServers(), IMAGE + " container at " + container.getBootstrapServers());
        }
        try {
            Path dataDir = Files.createTempDirectory("methylstream-test-kafka");
            EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0, Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                kafka.close();
                deleteTree(dataDir);
            }, "stop-embedded-kafka"));
            return new KafkaCluster(kafka.bootstrapServers(), "embedded Kafka at " + kafka.bootstrapServers());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an embedded Kafka for the tests", e);
        }
    }

    private static KafkaCluster chooseThreeBrokers() {
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            KafkaCluster cluster = new KafkaCluster(external, "external Kafka at " + external);
            if (cluster.brokerCount() >= 3) {
                return cluster;
            }
        }
        try {
            Path dataDir = Files.createTempDirectory("methylstream-test-kafka-3");
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(false)
                    .setNumBrokerNodes(3)
                    .setNumControllerNodes(3)
                    .setBaseDirectory(dataDir)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            THREE_BROKER_SETTINGS.forEach(builder::setConfigProp);
            KafkaClusterTestKit kit = builder.build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    kit.close();
                } catch (Exception e) {
                    System.err.println("cannot stop the three-broker cluster: " + e);
                }
                deleteTree(dataDir);
            }, "stop-three-brokers"));
            return new KafkaCluster(kit.bootstrapServers(), "3-broker KRaft cluster (KafkaClusterTestKit) at "
                    + kit.bootstrapServers());
        } catch (Exception e) {
            throw new IllegalStateException("cannot start a three-broker cluster for the tests", e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
