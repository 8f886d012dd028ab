package org.methylstream.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.methylstream.avro.SamplePartitionScored;
import org.methylstream.serde.AvroSerde;

/** What a run's samples topic says of its samples, read once the run is complete. */
final class SampleSummaries {
    private static final Duration POLL = Duration.ofMillis(200);

    private SampleSummaries() {
    }

    /**
     * CpGs scored as one site from both strands' records ({@code --merge-cpg}), over every sample and partition: the
     * records published that are no site of their own.
     */
    static long cpgMerged(Properties client, String samplesTopic, Duration timeout) {
        Properties config = new Properties();
        config.putAll(client);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        AvroSerde<SamplePartitionScored> serde = AvroSerde.samplePartitionScored();
        long merged = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(samplesTopic, timeout).stream()
                    .map(p -> new TopicPartition(samplesTopic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + samplesTopic + " within " + timeout.toSeconds()
                            + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    merged += serde.decode(record.value()).getCpgMerged();
                }
            }
        }
        return merged;
    }
}
