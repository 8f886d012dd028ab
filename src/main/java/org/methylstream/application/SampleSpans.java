package org.methylstream.application;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SampleHistogram;
import org.methylstream.avro.SiteSpan;
import org.methylstream.serde.AvroSerde;
import org.methylstream.serde.SiteBlocks;
import org.methylstream.stats.BenjaminiHochberg;
import org.methylstream.stats.SiteScorer;
import org.methylstream.control.Control;
import org.methylstream.format.CpgMerge;
import org.methylstream.format.CpgStrands;
import org.methylstream.format.SiteLine;
import org.methylstream.stats.FdrTests;
import org.methylstream.topology.RateScoring;
import org.methylstream.topology.SiteValidation;

/**
 * A complete sample as it lies on the sites topic, read again for each pass: per partition, the records from the
 * sample's first site to its end marker, of which the sample's valid sites are visited (a block's one by one, as
 * the scoring took them). Other samples' records in
 * between, end markers and records the scoring dead-lettered are skipped, so the sites are exactly those the
 * scoring counted. CpG strands published with {@code --merge-cpg} are merged again as the scoring merged them (both
 * strands of a CpG lie in one partition; what has no partner in the span stays alone), in bounded memory by the
 * batch merge ({@link CpgMerge}).
 */
final class SampleSpans {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STALL_LIMIT = Duration.ofMinutes(2);

    private final KafkaConsumer<byte[], byte[]> reader;
    private final String topic;
    private final SampleHistogram sample;
    private final BooleanSupplier stop;
    private final AvroSerde<MethylationSite> sites = AvroSerde.methylationSite();
    private final SiteBlocks blocks = new SiteBlocks();

    /** Thrown out of a pass when a stop is requested. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }

    /**
     * Receives each valid site of the sample with its key and record as published (a merged CpG: as the scoring
     * encoded it, keyed by its + strand C).
     */
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
        SiteLine strand = new SiteLine();
        CpgMerge.Downstream merged = line -> {
            MethylationSite site = new MethylationSite(sample.getSampleId(), line.chromosome(), line.position(),
                    line.strand(), line.context(), line.methylated(), line.unmethylated(),
                    line.span() == 1 ? null : line.span());
            visitor.site(SiteBlocks.keyOf(site).getBytes(StandardCharsets.UTF_8), sites.encode(site), site);
        };
        try (CpgMerge merge = new CpgMerge(CpgMerge.DEFAULT_CAPACITY)) {
            readSpans(ends, record -> {
                if (blocks.recognises(record.value())) {
                    for (SiteBlocks.Site alone : sitesOf(record.value())) {
                        if (valid(alone.site())) {
                            visitor.site(alone.key().getBytes(StandardCharsets.UTF_8), alone.value(), alone.site());
                        }
                    }
                    return;
                }
                MethylationSite site = valid(record.value());
                if (site == null) {
                    return;
                }
                if (CpgStrands.isPublishedStrand(record.headers())) {
                    merge.accept(strand.set(site.getChromosome(), site.getPosition(), site.getStrand(),
                            site.getContext(), site.getMethylated(), site.getUnmethylated()), merged);
                } else {
                    visitor.site(record.key(), record.value(), site);
                }
            });
            merge.finish(merged);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot merge the CpG strands of sample " + sample.getSampleId(), e);
        }
        reader.unsubscribe();
    }

    /** A record of a span. */
    @FunctionalInterface
    private interface SpanRecord {
        void accept(ConsumerRecord<byte[], byte[]> record) throws IOException;
    }

    /** Feeds every record of the spans, partition by partition in order, up to each span's end. */
    private void readSpans(Map<TopicPartition, Long> ends, SpanRecord each) throws IOException {
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
                    each.accept(record);
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
    }

    /** The sample's valid site in {@code value}; null for anything else the scoring did not count. */
    private MethylationSite valid(byte[] value) {
        if (!sites.recognises(value)) {
            return null; // an end marker, or something the scoring dead-lettered
        }
        MethylationSite site;
        try {
            site = sites.decode(value);
        } catch (SerializationException e) {
            return null; // dead-lettered by the scoring too
        }
        return valid(site) ? site : null;
    }

    private boolean valid(MethylationSite site) {
        return site.getSampleId().equals(sample.getSampleId()) && SiteValidation.problemWith(site) == null;
    }

    /** A block's sites; none when it cannot be read: the scoring dead-lettered it whole. */
    private List<SiteBlocks.Site> sitesOf(byte[] value) {
        try {
            return blocks.decode(value);
        } catch (SerializationException e) {
            return List.of();
        }
    }
}
