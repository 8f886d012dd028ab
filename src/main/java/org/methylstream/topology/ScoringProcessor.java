package org.methylstream.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SampleEnd;
import org.methylstream.avro.SampleStart;
import org.methylstream.avro.SamplePartitionScored;
import org.methylstream.format.CpgStrands;
import org.methylstream.format.CytosineContext;
import org.methylstream.serde.AvroSerde;
import org.methylstream.serde.SignificantSiteBlocks;
import org.methylstream.serde.SiteBlocks;
import org.methylstream.avro.ControlSpec;
import org.methylstream.control.Control;
import org.methylstream.control.ErrorRateSettings;
import org.methylstream.control.ErrorRate;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.SiteScorer;

/**
 * Decodes, validates and scores each site; forwards significant ones to {@link SiteScoringTopology#SIGNIFICANT}
 * and anything that cannot be scored, untouched and with its reason, to {@link SiteScoringTopology#DEAD_LETTERS}.
 * Values are decoded here rather than by the source so that a poison record is routed, never fatal.
 *
 * <p>A record of several sites ({@link SiteBlocks}) is scored site by site, each as the record it would have been
 * alone: its own key and value, the block's offset. Its significant sites go as one record, keyed by the first
 * ({@link SignificantSiteBlocks}, up to {@link TopologySettings#significantPerRecord} to a record), or each as its
 * own {@code SignificantSite} with one per record; a single significant site always goes as itself.
 *
 * <p>Sample end markers share the topic with the sites; their schema fingerprint tells them apart. Each site is
 * counted for its sample in the task's tally store; at the sample's marker the counts go, with the marker, to
 * {@link SiteScoringTopology#SAMPLES}, and the sample's tally starts over. Each valid site is also counted into its
 * (sample, chromosome) statistics, which interactive queries read ({@link ScoringApplication#statistics}) and which
 * add up over the sample's publications, and into its (sample, genome bin) counts ({@link GenomeBins}). Counting
 * is done here, not in a processor of its own: a node per site costs a forward and an end-to-end latency
 * measurement, a fifth of the stream thread's time.
 *
 * <p>With FDR on, every valid site, with its p-value when tested, and every end marker also go as a
 * {@link SiteEvent} to the processors that follow.
 *
 * <p>Records marked as CpG strands ({@code publish --merge-cpg}) are scored once their partner has come, as one
 * site, or alone at their sample's end ({@link CpgPairing}); in a topology without pairing (a run without
 * {@code --merge-cpg}, {@link TopologySettings#cpgPairing}) such a record is a dead letter, never scored as a strand.
 */
final class ScoringProcessor implements Processor<String, byte[], String, Object> {
    static final String NOT_PAIRED = "a CpG strand to merge (publish --merge-cpg), but this run was started without "
            + "--merge-cpg and pairs no strands";
    private final TopologySettings settings;
    private final List<String> followers;
    private final AvroSerde<MethylationSite> sites = AvroSerde.methylationSite();
    private final SiteBlocks blocks = new SiteBlocks();
    private final AvroSerde<SampleEnd> ends = AvroSerde.sampleEnd();
    private final AvroSerde<SampleStart> starts = AvroSerde.sampleStart();
    /** Samples published with their own control ({@code publish --control}) that have not ended yet here. */
    private final Map<String, ControlSpec> controlled = new HashMap<>();
    private KeyValueStore<String, byte[]> controls;
    private final AvroSerde<SamplePartitionScored> scoredSamples = AvroSerde.samplePartitionScored();
    /** Per sample (whose rate is known), how its sites are scored; samples of one rate share one. */
    private final Map<String, RateScoring> samples = new HashMap<>();
    private final Map<ErrorRate, RateScoring> rates = new HashMap<>();
    private final Control control;
    private ProcessorContext<String, Object> context;
    private CountStore<String, SampleTally> tallies;
    private CountStore<Bytes, ChromosomeStatistics> statistics;
    private CountStore<Bytes, BinCounts> bins;
    private GenomeBins binLimit;
    private CpgPairing pairing;
    /** The (sample, context, chromosome) of the current run of sites, and its statistics key. */
    private String runSample;
    private String runContext;
    private String runChromosome;
    private Bytes runKey;
    /** The genome bin of the current run of sites (of the run's sample and chromosome), and its key. */
    private int runBin;
    private Bytes runBinKey;
    private String scoringSample;
    private RateScoring runScoring;
    /** While a block is scored: its significant sites not forwarded yet, and the first one's record. */
    private boolean inBlock;
    private final List<byte[]> blockSignificant = new ArrayList<>();
    private Record<String, byte[]> firstSignificant;

    /** @param followers the processors that get a {@link SiteEvent} for every valid site and end marker */
    ScoringProcessor(TopologySettings settings, List<String> followers) {
        this.settings = settings;
        this.followers = followers;
        this.control = settings.rates().control() == null ? null : settings.rates().control().copy();
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        // per task: scorers memoise and are not thread-safe
        this.samples.clear();
        this.rates.clear();
        this.scoringSample = null;
        this.tallies = context.getStateStore(SiteScoringTopology.TALLIES);
        this.controls = context.getStateStore(SiteScoringTopology.CONTROLS);
        this.controlled.clear();
        try (KeyValueIterator<String, byte[]> entries = controls.all()) {
            entries.forEachRemaining(e -> controlled.put(e.key, controlOf(starts.decode(e.value))));
        }
        this.statistics = context.getStateStore(SiteScoringTopology.STATISTICS);
        this.bins = context.getStateStore(SiteScoringTopology.BINS);
        this.binLimit = new GenomeBins(sample -> {
            int stored = 0;
            try (var rows = bins.prefixScan(SampleKeys.prefix(sample), org.apache.kafka.common.serialization.Serdes
                    .Bytes().serializer())) {
                for (; rows.hasNext(); rows.next()) {
                    stored++;
                }
            }
            return stored;
        });
        this.pairing = settings.cpgPairing()
                ? new CpgPairing(context.getStateStore(SiteScoringTopology.CPG_STRANDS), sites) : null;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (ends.recognises(record.value())) {
            endSample(record);
            return;
        }
        if (starts.recognises(record.value())) {
            startSample(record);
            return;
        }
        if (blocks.recognises(record.value())) {
            scoreBlock(record);
            return;
        }
        MethylationSite site;
        try {
            site = sites.decode(record.value());
        } catch (SerializationException e) {
            deadLetter(record, e.getMessage());
            return;
        }
        String invalid = SiteValidation.problemWith(site);
        if (invalid != null) {
            count(site.getSampleId(), false, false);
            deadLetter(record, invalid);
            return;
        }
        if (CpgStrands.isPublishedStrand(record.headers())) {
            if (pairing == null) {
                count(site.getSampleId(), false, false);
                deadLetter(record, NOT_PAIRED);
                return;
            }
            CpgPairing.Outcome outcome = pairing.take(site, record.value(), offset(),
                    (key, value, scored, offset) -> score(record.withKey(key).withValue(value), scored, offset));
            if (outcome != CpgPairing.Outcome.WAITING) {
                tallies.update(site.getSampleId(), tally -> outcome == CpgPairing.Outcome.MERGED
                        ? tally.plusCpg(1, 0) : tally.plusCpg(0, 1));
            }
            return;
        }
        score(record, site, offset());
    }

    /**
     * Scores the sites of a block one by one, each as the record it would have been alone; a site that is not valid
     * goes to the dead letters as that record, a block that cannot be read goes there whole.
     */
    private void scoreBlock(Record<String, byte[]> record) {
        List<SiteBlocks.Site> block;
        try {
            block = blocks.decode(record.value());
        } catch (SerializationException e) {
            deadLetter(record, e.getMessage());
            return;
        }
        long offset = offset();
        inBlock = true;
        try {
            for (int i = 0; i < block.size(); i++) {
                SiteBlocks.Site site = block.get(i);
                String invalid = SiteValidation.problemWith(site.site());
                if (invalid != null) {
                    count(site.site().getSampleId(), false, false);
                    deadLetter(alone(record, site.value(), site.site()), invalid, "#" + i);
                } else {
                    score(record, site.value(), site.site(), offset);
                }
            }
        } finally {
            inBlock = false;
            forwardSignificant(); // what was scored is sent, as it would have been site by site
        }
    }

    /**
     * A site's record as if published alone: {@code read} itself when it is the site's own record, else one made from
     * its block's ({@code read}), keyed by the site. Made only for what is forwarded: the key is a string per site.
     */
    private static Record<String, byte[]> alone(Record<String, byte[]> read, byte[] value, MethylationSite site) {
        return read.value() == value ? read
                : new Record<>(SiteBlocks.keyOf(site), value, read.timestamp(), read.headers());
    }

    /** Forwards a significant site's record ({@link #alone}), or keeps it to go with the others of its block. */
    private void significant(Record<String, byte[]> read, byte[] value, MethylationSite site, byte[] significant) {
        if (!inBlock || settings.significantPerRecord() == 1) {
            context.forward(alone(read, value, site).withValue(significant), SiteScoringTopology.SIGNIFICANT);
            return;
        }
        if (blockSignificant.isEmpty()) {
            firstSignificant = alone(read, value, site);
        }
        blockSignificant.add(significant);
        if (blockSignificant.size() == settings.significantPerRecord()) {
            forwardSignificant();
        }
    }

    /** The significant sites kept: one alone as itself, more as a block keyed by the first. */
    private void forwardSignificant() {
        if (blockSignificant.size() == 1) {
            context.forward(firstSignificant.withValue(blockSignificant.get(0)), SiteScoringTopology.SIGNIFICANT);
        } else if (!blockSignificant.isEmpty()) {
            context.forward(firstSignificant.withValue(SignificantSiteBlocks.of(blockSignificant)),
                    SiteScoringTopology.SIGNIFICANT);
        }
        blockSignificant.clear();
        firstSignificant = null;
    }

    /** Scores a valid site whose record is {@code record}: as {@link #score(Record, byte[], MethylationSite, long)}. */
    private void score(Record<String, byte[]> record, MethylationSite site, long offset) {
        score(record, record.value(), site, offset);
    }

    /**
     * Scores a valid site, counts it and forwards what follows from it; {@code value} is its single-object encoding,
     * {@code read} the record it came in (its own, or its block's: {@link #alone}), {@code offset} that of its (first)
     * record on the sites topic.
     */
    private void score(Record<String, byte[]> read, byte[] value, MethylationSite site, long offset) {
        int coverage = site.getMethylated() + site.getUnmethylated();
        if (deferred(site.getSampleId())) {
            defer(alone(read, value, site), site, coverage, offset);
            return;
        }
        RateScoring scoring = scoringOf(site.getSampleId());
        SiteScorer scorer = scoring.scorer();
        // a control site is counted, not tested: its methylated reads are errors by definition
        boolean tested = scorer.isTested(coverage)
                && (control == null || !control.contains(site.getChromosome(), site.getPosition()));
        boolean significant = tested && scorer.isSignificant(site.getMethylated(), coverage);
        count(site.getSampleId(), tested, significant);
        // one p-value per tested site, shared by the output record, the statistics and the FDR stages
        double logP = tested ? scorer.logPValue(site.getMethylated(), coverage) : Double.NaN;
        statistics.update(statisticsKey(site), counted -> counted.count(coverage, tested, significant, logP));
        double minusLog10P = tested ? SiteScorer.minusLog10(logP) : 0;
        bins.update(binKey(site), counted -> counted.count(tested, significant, minusLog10P));
        if (significant) {
            significant(read, value, site, scoring.encoder().encode(value, site, coverage, Math.exp(logP),
                    SiteScorer.minusLog10(logP)));
        }
        if (!followers.isEmpty()) {
            follow(alone(read, value, site),
                    new SiteEvent.Scored(site, coverage, tested, significant, logP, offset, scoring));
        }
    }

    /**
     * A site of a sample whose rate its control gives, known only once the sample is complete: counted, not scored
     * (its p-value and significance are not known yet: the statistics count it as not tested), and passed on so
     * that its span is known; the per-sample stage scores it after the end.
     */
    private void defer(Record<String, byte[]> record, MethylationSite site, int coverage, long offset) {
        boolean tested = coverage >= settings.scoring().minCoverage();
        count(site.getSampleId(), tested, false);
        statistics.update(statisticsKey(site), counted -> counted.count(coverage, false, false, Double.NaN));
        follow(record, new SiteEvent.Scored(site, coverage, false, false, Double.NaN, offset, null));
    }

    /** Sites come in long runs of one sample: its scoring is looked up once per run. */
    private RateScoring scoringOf(String sample) {
        if (!sample.equals(scoringSample)) {
            scoringSample = sample;
            runScoring = samples.computeIfAbsent(sample, s -> {
                org.methylstream.control.SampleRates known = settings.rates().known(s);
                return rates.computeIfAbsent(known.pooled(), rate -> RateScoring.of(settings, rate));
            });
        }
        return runScoring;
    }

    private void follow(Record<String, byte[]> record, SiteEvent event) {
        for (String follower : followers) {
            context.forward(record.withValue(event), follower);
        }
    }

    /** Sites come in long runs of one sample, context and chromosome: their key is made once per run. */
    private Bytes statisticsKey(MethylationSite site) {
        String context = CytosineContext.label(site.getContext());
        if (!site.getChromosome().equals(runChromosome) || !context.equals(runContext)
                || !site.getSampleId().equals(runSample)) {
            runSample = site.getSampleId();
            runContext = context;
            runChromosome = site.getChromosome();
            runKey = SampleKeys.ofStatistics(runSample, runContext, runChromosome);
            runBinKey = null;
        }
        return runKey;
    }

    /** Called after {@link #statisticsKey}: the site's genome bin, or the sample's other bin past the limit. */
    private Bytes binKey(MethylationSite site) {
        int bin = GenomeBins.of(site.getPosition());
        if (runBinKey == null || bin != runBin) {
            runBin = bin;
            runBinKey = SampleKeys.of(runSample, bin, runChromosome);
            if (!bins.contains(runBinKey) && !binLimit.admitsNew(runSample)) {
                runBinKey = SampleKeys.of(runSample, GenomeBins.OTHER, GenomeBins.OTHER_CHROMOSOME);
            }
        }
        return runBinKey;
    }

    private long offset() {
        return context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
    }

    private void count(String sampleId, boolean tested, boolean significant) {
        tallies.update(sampleId, tally -> tally.plus(tested, significant));
    }

    private void endSample(Record<String, byte[]> record) {
        SampleEnd end;
        try {
            end = ends.decode(record.value());
        } catch (SerializationException e) {
            deadLetter(record, e.getMessage());
            return;
        }
        long alone = pairing == null ? 0 : pairing.releaseSample(end.getSampleId(), (key, value, strand, offset) ->
                score(record.withKey(key).withValue(value), strand, offset));
        if (alone > 0) {
            tallies.update(end.getSampleId(), tally -> tally.plusCpg(0, alone));
        }
        SampleTally tally = tallies.remove(end.getSampleId());
        ControlSpec deferredBy = controlOf(end.getSampleId());
        boolean deferred = deferredBy != null;
        if (controlled.remove(end.getSampleId()) != null) {
            controls.delete(end.getSampleId());
        }
        RateScoring scoring = scoringOf(end.getSampleId());
        ScoringParameters parameters = scoring.scoring();
        SamplePartitionScored scored = SamplePartitionScored.newBuilder()
                .setEnd(end)
                .setAnalysisId(settings.analysisId())
                .setSitesRead(tally.read())
                .setSitesTested(tally.tested())
                .setSitesSignificant(tally.significant())
                .setTest(parameters.test().id())
                .setErrorRate(parameters.errorRate())
                .setAlpha(parameters.alpha())
                .setMinCoverage(parameters.minCoverage())
                .setCpgMerged(tally.cpgMerged())
                .setCpgStrandsAlone(tally.cpgAlone())
                .setErrorRateSource(deferred ? ErrorRate.atTheEnd(String.join(",", deferredBy.getRegions())).source()
                        : scoring.source())
                .build();
        // before the summary goes: whoever sees it can query the sample's statistics, not only after the next commit
        statistics.writeOut();
        bins.writeOut();
        follow(record, new SiteEvent.Ended(end, offset(), deferredBy));
        context.forward(record.withKey(end.getSampleId()).withValue(scoredSamples.encode(scored)),
                SiteScoringTopology.SAMPLES);
        // a sample's end is committed at once, with its summary and counts, not up to a commit interval later: what
        // waits for a finished sample (a run's end, a reader of its summary) waits for that commit
        context.commit();
    }

    /**
     * A start marker of a sample published with its own control: its sites wait for its end. Without a per-sample
     * stage nothing would score them then, so the marker is dead-lettered and the sites are scored as they come.
     */
    private void startSample(Record<String, byte[]> record) {
        SampleStart start;
        try {
            start = starts.decode(record.value());
        } catch (SerializationException e) {
            deadLetter(record, e.getMessage());
            return;
        }
        if (!settings.perSampleStage()) {
            deadLetter(record, "sample " + start.getSampleId() + " was published with --control "
                    + String.join(",", start.getControl()) + ", but this analysis has no per-sample stage to score it"
                    + " at its end (give process or replay --control, or process --fdr): its sites are scored as they"
                    + " come");
            return;
        }
        if (settings.rates().fileRates().containsKey(start.getSampleId())) {
            return; // a rate given for the sample takes precedence, as with --control
        }
        controls.put(start.getSampleId(), record.value());
        controlled.put(start.getSampleId(), controlOf(start));
    }

    private static ControlSpec controlOf(SampleStart start) {
        return new ControlSpec(start.getControl(), start.getControlByContext(), start.getMinControlCoverage());
    }

    private boolean deferred(String sample) {
        return controlled.containsKey(sample) || settings.rates().estimates(sample);
    }

    /** The control the sample's rate comes from, or null when it is known. */
    private ControlSpec controlOf(String sample) {
        ControlSpec own = controlled.get(sample);
        if (own != null || !settings.rates().estimates(sample)) {
            return own;
        }
        ErrorRateSettings rates = settings.rates();
        return new ControlSpec(rates.control().regions().stream().map(Object::toString).toList(), rates.byContext(),
                rates.minControlCoverage());
    }

    private void deadLetter(Record<String, byte[]> record, String reason) {
        deadLetter(record, reason, "");
    }

    /** @param within where in its input record the dead letter was: {@code #i} for a block's site i, else empty */
    private void deadLetter(Record<String, byte[]> record, String reason, String within) {
        String origin = context.recordMetadata()
                .map(m -> m.topic() + "/" + m.partition() + "@" + m.offset() + within)
                .orElse("unknown");
        // a record of its own, so that the reason headers go to the dead letter only; copied from the input's
        Record<String, byte[]> letter = new Record<>(record.key(), record.value(), record.timestamp());
        record.headers().forEach(letter.headers()::add);
        DeadLetter.describe(letter.headers(), reason, origin);
        context.forward(letter, SiteScoringTopology.DEAD_LETTERS);
    }
}
