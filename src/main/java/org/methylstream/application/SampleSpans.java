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
import org.methylstream.control.Control;
import org.methylstream.stats.FdrTests;
import org.methylstream.topology.RateScoring;
import org.methylstream.topology.SiteValidation;
import java.util.function.Predicate;

/**
 * A complete sample as it lies on the sites topic, read again for each pass: per partition, the records from the
 * sample's first site to its end marker, of which the sample's valid sites are visited. Other samples' records in
 * between, end markers and records the scoring dead-lettered are skipped, so the sites are exactly those the
 * scoring counted.
 */
final class SampleSpans {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STALL_LIMIT = Duration.ofMinutes(2);

    private final KafkaConsumer<byte[], byte[]> reader;
    private final String topic;
    private final SampleHistogram sample;
    private final BooleanSupplier stop;
    private final AvroSerde<MethylationSite> sites = AvroSerde.methylationSite();

    /** Thrown out of a pass when a stop is requested. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }

    /** Receives each valid site of the sample with its record as published. */
    @FunctionalInterface
    interface SiteVisitor {
        void site(byte[] key, byte[] published, MethylationSite site);
    }

    /** How a site of the sample is scored: by its context when the rates are per context. */
    @FunctionalInterface
    interface ScoringOf {
        RateScoring of(MethylationSite site);
    }

    SampleSpans(KafkaConsumer<byte[], byte[]> reader, String topic, SampleHistogram sample, BooleanSupplier stop) {
        this.reader = reader;
        this.topic = topic;
        this.sample = sample;
        this.stop = stop;
    }

    /**
     * Benjamini-Hochberg's view of the sample: its tested sites (not in the control, coverage at least the minimum,
     * methylated if only those count), of one group ({@code group} null: all), with ln p under their rate.
     */
    BenjaminiHochberg.Sample<MethylationSite> tested(ScoringOf scoring, Control control, FdrTests tests,
                                                     Predicate<MethylationSite> group) {
        return visitor -> forEachSite((key, published, site) -> {
            int coverage = site.getMethylated() + site.getUnmethylated();
            SiteScorer scorer = scoring.of(site).scorer();
            if (scorer.isTested(coverage) && tests.counts(site.getMethylated())
                    && (control == null || !control.contains(site.getChromosome(), site.getPosition()))
                    && (group == null || group.test(site))) {
                visitor.accept(site, scorer.logPValue(site.getMethylated(), coverage));
            }
        });
    }

    void forEachSite(SiteVisitor visitor) {
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
                    visit(record.key(), record.value(), visitor);
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

    private void visit(byte[] key, byte[] value, SiteVisitor visitor) {
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
        visitor.site(key, value, site);
    }
}
