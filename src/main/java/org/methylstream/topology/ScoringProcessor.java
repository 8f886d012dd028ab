package org.methylstream.topology;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SignificantSite;
import org.methylstream.serde.AvroSerde;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.SiteScorer;

/**
 * Decodes, validates and scores each site; forwards significant ones to {@link SiteScoringTopology#SIGNIFICANT}
 * and anything that cannot be scored, untouched and with its reason, to {@link SiteScoringTopology#DEAD_LETTERS}.
 * Values are decoded here rather than by the source so that a poison record is routed, never fatal.
 */
final class ScoringProcessor implements Processor<String, byte[], String, byte[]> {
    private final TopologySettings settings;
    private final AvroSerde<MethylationSite> sites = AvroSerde.methylationSite();
    private final AvroSerde<SignificantSite> results = AvroSerde.significantSite();
    private SiteScorer scorer;
    private ProcessorContext<String, byte[]> context;

    ScoringProcessor(TopologySettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.scorer = new SiteScorer(settings.scoring()); // per task: the scorer memoises and is not thread-safe
    }

    @Override
    public void process(Record<String, byte[]> record) {
        MethylationSite site;
        try {
            site = sites.decode(record.value());
        } catch (SerializationException e) {
            deadLetter(record, e.getMessage());
            return;
        }
        String invalid = SiteValidation.problemWith(site);
        if (invalid != null) {
            deadLetter(record, invalid);
            return;
        }
        int coverage = site.getMethylated() + site.getUnmethylated();
        if (!scorer.isTested(coverage) || !scorer.isSignificant(site.getMethylated(), coverage)) {
            return;
        }
        context.forward(record.withValue(results.encode(significant(site, coverage))), SiteScoringTopology.SIGNIFICANT);
    }

    private SignificantSite significant(MethylationSite site, int coverage) {
        ScoringParameters parameters = scorer.parameters();
        // the all-arguments constructor: the builder looks up field defaults for every record it builds
        return new SignificantSite(site, coverage, scorer.pValue(site.getMethylated(), coverage),
                scorer.minusLog10PValue(site.getMethylated(), coverage), parameters.test().id(),
                parameters.errorRate(), parameters.alpha(), settings.analysisId());
    }

    private void deadLetter(Record<String, byte[]> record, String reason) {
        String origin = context.recordMetadata()
                .map(m -> m.topic() + "/" + m.partition() + "@" + m.offset())
                .orElse("unknown");
        Record<String, byte[]> letter = record.withHeaders(new org.apache.kafka.common.header.internals.RecordHeaders(
                record.headers().toArray()));
        DeadLetter.describe(letter.headers(), reason, origin);
        context.forward(letter, SiteScoringTopology.DEAD_LETTERS);
    }
}
