package org.methylstream.report;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.methylstream.avro.FdrSite;
import org.methylstream.dashboard.Snapshot.FdrView;
import org.methylstream.serde.AvroSerde;

/**
 * Each sample's discoveries in a Benjamini-Hochberg FdrSite topic, for a report: read to the topic's end; every
 * record carries its sample's number of discoveries, so nothing but the last record per sample is kept.
 */
public final class FdrResults {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private FdrResults() {
    }

    /** Per sample with discoveries: the procedure, its level, the sample's tests and its discoveries. */
    public static Map<String, FdrView> read(Properties client, String topic) {
        Properties config = new Properties();
        config.putAll(client);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        AvroSerde<FdrSite> serde = AvroSerde.fdrSite();
        Map<String, FdrSite> last = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within "
                            + TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    FdrSite site = serde.decode(record.value());
                    last.put(site.getSite().getSampleId(), site);
                }
            }
        }
        Map<String, FdrView> results = new HashMap<>();
        last.forEach((sample, site) -> results.put(sample, new FdrView(site.getProcedure(), site.getFdr(),
                site.getTests(), site.getDiscoveries())));
        return results;
    }
}
