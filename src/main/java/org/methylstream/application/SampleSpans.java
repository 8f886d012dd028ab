package org.methylstream.application;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SampleHistogram;
import org.methylstream.avro.SiteSpan;
import org.methylstream.serde.AvroSerde;
import org.methylstream.stats.BenjaminiHochberg;
import org.methylstream.stats.SiteScorer;
import org.methylstream.topology.SiteValidation;

/**
 * A complete sample as it lies on the sites topic, read again for each pass: per partition, the records from the
 * sample's first site to its end marker, of which the sample's valid, tested sites are re-scored with the analysis's
 * scorer. Other samples' records in between, end markers and records the scoring dead-lettered are skipped, so the
 * sites are exactly those the first pass counted.
 */
final class SampleSpans implements BenjaminiHochberg.Sample<MethylationSite> {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STALL_LIMIT = Duration.ofMinutes(2);

    private final KafkaConsumer<byte[], byte[]> reader;
    private final String topic;
    private final SampleHistogram sample;
    private final SiteScorer scorer;
    private final BooleanSupplier stop;
    private final AvroSerde<MethylationSite> sites = AvroSerde.methylationSite();

    /** Thrown out of a pass when a stop is requested. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }

    SampleSpans(KafkaConsumer<byte[], byte[]> reader, String topic, SampleHistogram sample, SiteScorer scorer,
                BooleanSupplier stop) {
        this.reader = reader;
        this.topic = topic;
        this.sample = sample;
        this.scorer = scorer;
        this.stop = stop;
    }

    @Override
    public void forEachTested(BenjaminiHochberg.TestedSite<MethylationSite> visitor) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (SiteSpan span : sample.getSpans()) {
            if (span.getFirstOffset() < span.getEndOffset()) {
                ends.put(new TopicPartition(topic, span.getPartition()), span.getEndOffset());
            }
        }
        reader.assign(List.copyOf(ends.keySet()));
        for (SiteSpan span : sample.getSpans()) {
            TopicPartition partition = new TopicPartition(topic, span.getPartition());
            if (ends.containsKey(partition)) {
                reader.seek(partition, span.getFirstOffset());
            }
        }
        long lastProgress = System.nanoTime();
        while (!ends.isEmpty()) {
            if (stop.getAsBoolean()) {
                throw new Stopped();
            }
            var records = reader.poll(POLL);
            if (!records.isEmpty()) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL_LIMIT.toNanos()) {
                throw new IllegalStateException("no records came from " + ends.keySet() + " for "
                        + STALL_LIMIT.toSeconds() + " s while reading sample " + sample.getSampleId());
            }
            for (ConsumerRecord<byte[], byte[]> record : records) {
                Long end = ends.get(new TopicPartition(record.topic(), record.partition()));
                if (end != null && record.offset() < end) {
                    visit(record.value(), visitor);
                }
            }
            ends.keySet().removeIf(partition -> {
                boolean done = reader.position(partition) >= ends.get(partition);
                if (done) {
                    reader.pause(List.of(partition));
                }
                return done;
            });
        }
        reader.unsubscribe();
    }

    private void visit(byte[] value, BenjaminiHochberg.TestedSite<MethylationSite> visitor) {
        if (!sites.recognises(value)) {
            return; // an end marker, or something the scoring dead-lettered
        }
        MethylationSite site;
        try {
            site = sites.decode(value);
        } catch (SerializationException e) {
            return; // dead-lettered by the scoring too
        }
        if (!site.getSampleId().equals(sample.getSampleId()) || SiteValidation.problemWith(site) != null) {
            return;
        }
        int coverage = site.getMethylated() + site.getUnmethylated();
        if (scorer.isTested(coverage)) {
            visitor.accept(site, scorer.logPValue(site.getMethylated(), coverage));
        }
    }
}
