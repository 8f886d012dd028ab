package org.methylstream.producer;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.methylstream.avro.MethylationSite;
import org.methylstream.format.SiteLine;
import org.methylstream.serde.AvroSerde;

/**
 * Publishes sites as Avro MethylationSite records with an idempotent producer: retries after broker failures
 * never duplicate or reorder a site. Keys are {@code sample:chromosome:position}, whose hash spreads sites evenly
 * over partitions while keeping each site's records together. Counts only what the broker acknowledged.
 */
public final class SitePublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final AvroSerde<MethylationSite> serde = AvroSerde.methylationSite();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long sent;

    public SitePublisher(Properties clientProperties, String topic) {
        Properties config = new Properties();
        config.putAll(clientProperties);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "methylstream-publish");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** Sends one site; fails fast if an earlier send has definitively failed. */
    public void publish(String sampleId, SiteLine line) {
        throwIfFailed();
        MethylationSite site = MethylationSite.newBuilder()
                .setSampleId(sampleId)
                .setChromosome(line.chromosome())
                .setPosition(line.position())
                .setStrand(line.strand())
                .setContext(line.context())
                .setMethylated(line.methylated())
                .setUnmethylated(line.unmethylated())
                .build();
        String key = sampleId + ':' + line.chromosome() + ':' + line.position();
        producer.send(new ProducerRecord<>(topic, key, serde.encode(site)), (metadata, error) -> {
            if (error == null) {
                acknowledged.incrementAndGet();
            } else {
                failure.compareAndSet(null, error);
            }
        });
        sent++;
    }

    /** Waits until every site sent so far is acknowledged; throws if any could not be delivered. */
    public void flush() {
        producer.flush();
        throwIfFailed();
    }

    public long sent() {
        return sent;
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    @Override
    public void close() {
        producer.close();
    }

    private void throwIfFailed() {
        Exception error = failure.get();
        if (error != null) {
            throw new IllegalStateException("publishing to " + topic + " failed after " + acknowledged.get()
                    + " acknowledged sites: " + error.getMessage(), error);
        }
    }
}
