package org.methylstream.analysis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.methylstream.admin.TopicAdmin;
import org.methylstream.admin.TopicContents;
import org.methylstream.avro.Analysis;
import org.methylstream.naming.AnalysisNames;
import org.methylstream.serde.AvroSerde;

/**
 * The analyses that exist, kept in Kafka itself: the compacted topic {@value AnalysisNames#ANALYSES_REGISTRY}, keyed by analysis id, one Avro
 * {@link Analysis} per id (the latest wins; a tombstone removes one). Any client of the cluster can list them.
 */
public final class AnalysisRegistry {
    private static final String TOPIC = AnalysisNames.ANALYSES_REGISTRY;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final AvroSerde<Analysis> SERDE = AvroSerde.analysis();

    private AnalysisRegistry() {
    }

    /** Every registered analysis by id, in id order; empty when none was ever registered. */
    public static Map<String, Analysis> read(Properties clientProperties) {
        ensureTopic(clientProperties);
        Map<String, Analysis> analyses = new TreeMap<>();
        TopicContents.read(clientProperties, TOPIC, TIMEOUT, record -> {
            String id = new String(record.key(), StandardCharsets.UTF_8);
            if (record.value() == null) {
                analyses.remove(id);
            } else {
                analyses.put(id, SERDE.decode(record.value()));
            }
        });
        return analyses;
    }

    /** Registers (or replaces) an analysis; returns once the broker has it. */
    public static void record(Properties clientProperties, Analysis analysis) {
        send(clientProperties, analysis.getAnalysisId(), SERDE.encode(analysis), "register");
    }

    /** Removes an analysis from the registry (a tombstone: compaction drops its definitions); returns once sent. */
    public static void remove(Properties clientProperties, String analysisId) {
        send(clientProperties, analysisId, null, "unregister");
    }

    private static void send(Properties clientProperties, String analysisId, byte[] value, String what) {
        ensureTopic(clientProperties);
        Properties config = new Properties();
        config.putAll(clientProperties);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, analysisId, value)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot " + what + " analysis " + analysisId + ": "
                    + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void ensureTopic(Properties clientProperties) {
        try (Admin admin = Admin.create(clientProperties)) {
            // one partition: the list is small and read whole; compacted: it keeps each id's latest definition forever
            TopicAdmin.ensure(admin, TOPIC, 1, TopicAdmin.CLUSTER_DEFAULT, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
    }
}
