package org.methylstream.connect;

import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.methylstream.KafkaCluster;

/** Writes records as exactly-once Kafka Streams does: in transactions, each ending with a marker per partition. */
final class Transactions {
    private Transactions() {
    }

    static void commit(KafkaCluster cluster, List<ProducerRecord<byte[], byte[]>> records) {
        write(cluster, records, true);
    }

    static void abort(KafkaCluster cluster, List<ProducerRecord<byte[], byte[]>> records) {
        write(cluster, records, false);
    }

    private static void write(KafkaCluster cluster, List<ProducerRecord<byte[], byte[]>> records, boolean commit) {
        Properties properties = cluster.clientProperties();
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-" + UUID.randomUUID());
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            records.forEach(producer::send);
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.flush(); // the records reach the log, to be skipped by read-committed readers
                producer.abortTransaction();
            }
        }
    }
}
