package org.methylstream.application;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import java.nio.charset.StandardCharsets;
import org.methylstream.avro.ControlSpec;
import org.methylstream.avro.FdrSite;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SampleHistogram;
import org.methylstream.avro.SampleRateEstimated;
import org.methylstream.serde.AvroSerde;
import org.methylstream.serde.SiteBlocks;
import org.methylstream.control.Control;
import org.methylstream.control.ControlTally;
import org.methylstream.control.ErrorRateSettings;
import org.methylstream.control.SampleRates;
import org.methylstream.format.SequenceContext;
import org.methylstream.stats.BenjaminiHochberg;
import org.methylstream.stats.FdrScope;
import org.methylstream.stats.FdrTests;
import org.methylstream.stats.PValueHistogram;
import org.methylstream.stats.SiteScorer;
import org.methylstream.topology.RateScoring;
import org.methylstream.topology.FdrRecords;
import org.methylstream.topology.FdrSettings;
import org.methylstream.topology.TopologySettings;

/**
 * The per-sample stage, for every sample that completes: takes each sample's request from the requests topic (the
 * scoring topology writes one once the sample's end marker has come in every partition) and makes passes over the
 * sample's spans of the retained sites topic. A sample whose error rate comes from its control (its sites were not
 * scored as they came) is estimated in a first pass, scored in a second (its significant sites go to the output
 * topic, as the stream tasks would have written them), and then, with per-sample FDR on, corrected like any other:
 * {@link BenjaminiHochberg} writes the discoveries with their q-values to the FDR topic; last, its rate goes to the
 * samples topic ({@link RatesUsed#record}). Only then is the request committed. On its own thread, beside the Streams application; instances sharing the group share the samples.
 *
 * <p>Exactly once with {@code --exactly-once}: a request's output and its commit are one Kafka transaction, so a
 * sample cut short by a crash leaves nothing that read-committed readers see, and is done again whole after the
 * restart (the restarted stage, with the same transactional id, fences and aborts the dead one's transaction at
 * once). Read-committed readers of the output topic see the sample's sites when it commits, and, meanwhile, the sites
 * the stream tasks write after the transaction's first record wait with them. Otherwise at least once: a sample
 * interrupted by a crash or a stop is done again from the start, so its records may appear twice (the same records;
 * keys are {@code sample:chrom:pos}).
 */
public final class BenjaminiHochbergStage implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
    /** A sample's passes may take minutes; the group must not think the stage is gone meanwhile. */
    private static final int MAX_POLL_INTERVAL_MS = 60 * 60 * 1000;
    /** A whole sample is one transaction: allow the broker's default maximum, 15 minutes. */
    private static final int TRANSACTION_TIMEOUT_MS = 15 * 60 * 1000;
    private static final String[] GROUPS = {"CG", "CHG", "CHH"};

    private final TopologySettings settings;
    private final int capacity;
    private final PrintStream log;
    private final boolean transactional;
    private final KafkaConsumer<byte[], byte[]> requests;
    private final KafkaConsumer<byte[], byte[]> reader;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AvroSerde<SampleHistogram> histograms = AvroSerde.sampleHistogram();
    private final AvroSerde<FdrSite> discoveries = AvroSerde.fdrSite();
    private final AvroSerde<SampleRateEstimated> estimates = AvroSerde.sampleRateEstimated();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private final AtomicLong samplesDone = new AtomicLong();
    private final Thread thread;
    private volatile boolean stopping;

    /**
     * Reads the requests topic in the analysis's {@link org.methylstream.naming.AnalysisNames#fdrStageGroup() FDR
     * stage group}: instances of one application share the samples.
     *
     * @param capacity        distinct p-values held per pass ({@link BenjaminiHochberg#DEFAULT_CAPACITY})
     * @param transactionalId the producer's transactional id for exactly-once output (stable across restarts of
     *                        this instance), or null for at least once
     */
    public BenjaminiHochbergStage(TopologySettings settings, Properties client, int capacity, String transactionalId,
                                  PrintStream log) {
        this.settings = settings;
        this.capacity = capacity;
        this.log = log;
        this.transactional = transactionalId != null;
        Properties grouped = new Properties();
        grouped.putAll(client);
        grouped.put(ConsumerConfig.GROUP_ID_CONFIG, settings.names().fdrStageGroup());
        grouped.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        grouped.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        grouped.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        grouped.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        grouped.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Integer.toString(MAX_POLL_INTERVAL_MS));
        this.requests = new KafkaConsumer<>(grouped, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Properties plain = new Properties();
        plain.putAll(client);
        plain.remove(ConsumerConfig.GROUP_ID_CONFIG);
        plain.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        plain.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        // the sites topic is written by producers that may be transactional: only what they committed is a site
        plain.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.reader = new KafkaConsumer<>(plain, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Properties producing = new Properties();
        producing.putAll(client);
        producing.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producing.put(ProducerConfig.ACKS_CONFIG, "all");
        producing.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        producing.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        producing.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        if (transactional) {
            producing.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            producing.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Integer.toString(TRANSACTION_TIMEOUT_MS));
        }
        this.producer = new KafkaProducer<>(producing, new ByteArraySerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "methylstream-stage-" + settings.analysisId());
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** The error that stopped the stage, if any. */
    public Throwable failure() {
        return failure.get();
    }

    /** Samples whose output is written and whose request is committed, since the start. */
    public long samplesDone() {
        return samplesDone.get();
    }

    private void run() {
        try {
            if (transactional) {
                producer.initTransactions(); // fences a dead predecessor with this id and aborts its transaction
            }
            requests.subscribe(List.of(settings.fdrRequestsTopic()));
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> record : requests.poll(POLL)) {
                    Map<TopicPartition, OffsetAndMetadata> done = Map.of(new TopicPartition(record.topic(),
                            record.partition()), new OffsetAndMetadata(record.offset() + 1));
                    if (transactional) {
                        producer.beginTransaction();
                    }
                    try {
                        resolve(histograms.decode(record.value()));
                    } catch (RuntimeException e) {
                        if (transactional) {
                            producer.abortTransaction();
                        }
                        throw e;
                    }
                    if (transactional) {
                        producer.sendOffsetsToTransaction(done, requests.groupMetadata());
                        producer.commitTransaction();
                    } else {
                        producer.flush();
                        checkSent(record);
                        requests.commitSync(done);
                    }
                    samplesDone.incrementAndGet();
                }
            }
        } catch (WakeupException | SampleSpans.Stopped e) {
            // close() asked to stop; an unfinished sample is done again after a restart
        } catch (RuntimeException e) {
            failure.set(e);
            log.println("stage: failed: " + e);
        }
    }

    private void checkSent(ConsumerRecord<byte[], byte[]> request) {
        Exception error = sendFailure.getAndSet(null);
        if (error != null) {
            throw new IllegalStateException("cannot write the output of the request at offset " + request.offset()
                    + ": " + error.getMessage(), error);
        }
    }

    private void send(String topic, byte[] key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error != null) {
                sendFailure.compareAndSet(null, error);
            }
        });
    }

    private void resolve(SampleHistogram sample) {
        SampleSpans spans = new SampleSpans(reader, settings.inputTopic(), sample, () -> stopping);
        FdrSettings fdr = settings.fdr();
        if (sample.getControl() == null) {
            if (!fdr.perSampleEnabled()) {
                return; // a sample at a known rate was scored as it came: nothing to do after its end
            }
            RateScoring scoring = RateScoring.of(settings, settings.rates().known(sample.getSampleId()).pooled());
            Control control = settings.rates().control();
            if (fdr.by() == FdrScope.SAMPLE && fdr.tests() == FdrTests.ALL) { // what the stream tasks counted
                correct(sample, spans, site -> scoring, control, FdrRecords.histogramOf(sample.getBins()), null,
                        "sample");
                return;
            }
            PValueHistogram.Builder[] groups = groups();
            spans.forEachSite((key, published, site) -> {
                int coverage = site.getMethylated() + site.getUnmethylated();
                if (scoring.scorer().isTested(coverage)
                        && (control == null || !control.contains(site.getChromosome(), site.getPosition()))) {
                    count(groups, site, scoring.scorer().logPValue(site.getMethylated(), coverage));
                }
            });
            correct(sample, spans, site -> scoring, control, groups);
            return;
        }
        long started = System.nanoTime();
        ControlSpec spec = sample.getControl();
        Control control = Control.parse(spec.getRegions());
        ErrorRateSettings sources = new ErrorRateSettings(settings.rates().given(), Map.of(), null, control,
                spec.getByContext(), spec.getMinCoverage());
        ControlTally tally = new ControlTally();
        spans.forEachSite((key, published, site) -> {
            if (control.contains(site.getChromosome(), site.getPosition())) {
                tally.add(SequenceContext.of(site.getContext()), site.getMethylated(),
                        site.getMethylated() + site.getUnmethylated());
            }
        });
        SampleRates rates;
        try {
            rates = sources.estimate(sample.getSampleId(), tally);
        } catch (ErrorRateSettings.ControlRefused e) {
            log.println("control: " + e.getMessage() + "; the sample is not scored");
            return;
        }
        RateScoring pooled = RateScoring.of(settings, rates.pooled());
        Map<SequenceContext, RateScoring> byContext = new java.util.EnumMap<>(SequenceContext.class);
        rates.byContext().forEach((context, rate) -> byContext.put(context, RateScoring.of(settings, rate)));
        SampleSpans.ScoringOf scoringOf = !rates.perContext() ? site -> pooled : site -> {
            RateScoring scoring = byContext.get(SequenceContext.of(site.getContext()));
            if (scoring == null) {
                throw new ErrorRateSettings.ControlRefused("no rate for context " + site.getContext());
            }
            return scoring;
        };
        PValueHistogram.Builder[] groups = groups();
        long[] counts = new long[3]; // tested, significant, skipped for want of a rate
        spans.forEachSite((key, published, site) -> {
            if (control.contains(site.getChromosome(), site.getPosition())) {
                return;
            }
            RateScoring scoring;
            try {
                scoring = scoringOf.of(site);
            } catch (ErrorRateSettings.ControlRefused e) {
                counts[2]++;
                return;
            }
            int coverage = site.getMethylated() + site.getUnmethylated();
            SiteScorer scorer = scoring.scorer();
            if (!scorer.isTested(coverage)) {
                return;
            }
            counts[0]++;
            double logP = scorer.logPValue(site.getMethylated(), coverage);
            if (scorer.isSignificant(site.getMethylated(), coverage)) {
                counts[1]++;
                send(settings.outputTopic(), key, scoring.encoder().encode(published, site, coverage, Math.exp(logP),
                        SiteScorer.minusLog10(logP)));
            }
            count(groups, site, logP);
        });
        log.printf("control: sample %s (analysis %s): error rate %s; %d tested, %d significant%s; %.1f s%n",
                sample.getSampleId(), settings.analysisId(), rates.describe(), counts[0], counts[1],
                counts[2] == 0 ? "" : "; " + counts[2] + " sites of a context the control lacks not scored",
                (System.nanoTime() - started) / 1e9);
        if (fdr.perSampleEnabled()) {
            correct(sample, spans, scoringOf, control, groups);
        }
        // last: whoever reads it (stats) may take the sample for done, its output as written
        send(settings.samplesTopic(), sample.getSampleId().getBytes(StandardCharsets.UTF_8),
                estimates.encode(RatesUsed.record(sample, settings.analysisId(), rates, counts[0], counts[1])));
    }

    /** A histogram per BH group: CG, CHG, CHH and sites without a context, or one for the whole sample (the last). */
    private static PValueHistogram.Builder[] groups() {
        PValueHistogram.Builder[] groups = new PValueHistogram.Builder[GROUPS.length + 1];
        java.util.Arrays.setAll(groups, i -> new PValueHistogram.Builder());
        return groups;
    }

    /** Counts a tested site's p-value in its group, if it is one of BH's tests. */
    private void count(PValueHistogram.Builder[] groups, MethylationSite site, double logP) {
        if (settings.fdr().perSampleEnabled() && settings.fdr().tests().counts(site.getMethylated())) {
            groups[groupOf(site)].add(logP);
        }
    }

    /** The group's index in {@link #groups()}: its context with --fdr-by context, else the whole sample's. */
    private int groupOf(MethylationSite site) {
        SequenceContext context = settings.fdr().by() == FdrScope.CONTEXT ? SequenceContext.of(site.getContext())
                : null;
        return context == null ? GROUPS.length : context.ordinal();
    }

    private void correct(SampleHistogram sample, SampleSpans spans, SampleSpans.ScoringOf scoringOf, Control control,
                         PValueHistogram.Builder[] groups) {
        for (int group = 0; group < groups.length; group++) {
            PValueHistogram histogram = groups[group].build();
            if (histogram.total() > 0) {
                int index = group;
                correct(sample, spans, scoringOf, control, histogram, site -> groupOf(site) == index,
                        group == GROUPS.length ? "sample" : GROUPS[group]);
            }
        }
    }

    /** Benjamini-Hochberg over the group's tested sites (all of the sample's, {@code member} null). */
    private void correct(SampleHistogram sample, SampleSpans spans, SampleSpans.ScoringOf scoringOf, Control control,
                         PValueHistogram histogram, java.util.function.Predicate<MethylationSite> member,
                         String group) {
        long started = System.nanoTime();
        double fdr = settings.fdr().perSample();
        BenjaminiHochberg.Outcome outcome = BenjaminiHochberg.run(fdr, histogram,
                spans.tested(scoringOf, control, settings.fdr().tests(), member), capacity,
                (MethylationSite site, double logP, double logQ, long tests, long found) -> {
                    RateScoring scoring = scoringOf.of(site);
                    FdrSite discovery = FdrRecords.bh(site, logP, logQ, fdr, tests, found, scoring.scoring(),
                            settings.analysisId(), scoring.source(), group, settings.fdr().tests());
                    send(settings.fdrTopic(), SiteBlocks.keyOf(site).getBytes(StandardCharsets.UTF_8),
                            discoveries.encode(discovery));
                });
        log.printf("fdr: sample %s%s (analysis %s): %d tested, %d discoveries at FDR %s%s; %d passes over %d"
                        + " partitions%s, %.1f s%n", sample.getSampleId(), group.equals("sample") ? "" : " " + group,
                settings.analysisId(), outcome.tested(), outcome.discoveries(), fdr, outcome.discoveries() == 0 ? ""
                        : String.format(" (-log10 p >= %.4g)", SiteScorer.minusLog10(outcome.logThreshold())),
                outcome.passes(), sample.getSpans().size(),
                outcome.recounted() && sample.getControl() == null ? " (the streamed count was off and was redone)"
                        : "", (System.nanoTime() - started) / 1e9);
    }

    /** Stops after the current pass at most, and closes the clients. */
    @Override
    public void close() {
        stopping = true;
        requests.wakeup();
        try {
            thread.join(Duration.ofSeconds(60).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        requests.close();
        reader.close();
        producer.close();
    }
}
