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
import org.apache.kafka.common.serialization.StringSerializer;
import org.methylstream.avro.FdrSite;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SampleHistogram;
import org.methylstream.serde.AvroSerde;
import org.methylstream.stats.BenjaminiHochberg;
import org.methylstream.stats.SiteScorer;
import org.methylstream.topology.RateScoring;
import org.methylstream.topology.FdrRecords;
import org.methylstream.topology.TopologySettings;

/**
 * Per-sample Benjamini-Hochberg for every sample that completes: takes each sample's merged histogram from the
 * requests topic (the scoring topology writes one once the sample's end marker has come in every partition), runs
 * {@link BenjaminiHochberg} over the sample's spans of the retained sites topic, writes the discoveries with their
 * q-values to the FDR topic, and only then commits the request. On its own thread, beside the Streams application.
 *
 * <p>Delivery is at least once: a sample interrupted by a crash or a stop is done again from the start when the
 * stage restarts, so its discoveries may be written twice (the same records; keys are {@code sample:chrom:pos}).
 * Instances sharing the consumer group share the samples.
 */
public final class BenjaminiHochbergStage implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
    /** A sample's passes may take minutes; the group must not think the stage is gone meanwhile. */
    private static final int MAX_POLL_INTERVAL_MS = 60 * 60 * 1000;

    private final TopologySettings settings;
    private final int capacity;
    private final PrintStream log;
    private final KafkaConsumer<byte[], byte[]> requests;
    private final KafkaConsumer<byte[], byte[]> reader;
    private final KafkaProducer<String, byte[]> producer;
    private final AvroSerde<SampleHistogram> histograms = AvroSerde.sampleHistogram();
    private final AvroSerde<FdrSite> discoveries = AvroSerde.fdrSite();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong samplesDone = new AtomicLong();
    private final Thread thread;
    private volatile boolean stopping;

    /**
     * Reads the requests topic in the analysis's {@link org.methylstream.naming.AnalysisNames#fdrStageGroup() FDR
     * stage group}: instances of one application share the samples.
     *
     * @param capacity distinct p-values held per pass ({@link BenjaminiHochberg#DEFAULT_CAPACITY})
     */
    public BenjaminiHochbergStage(TopologySettings settings, Properties client, int capacity,
                                  PrintStream log) {
        this.settings = settings;
        this.capacity = capacity;
        this.log = log;
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
        this.reader = new KafkaConsumer<>(plain, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Properties producing = new Properties();
        producing.putAll(client);
        producing.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producing.put(ProducerConfig.ACKS_CONFIG, "all");
        producing.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        producing.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        producing.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        this.producer = new KafkaProducer<>(producing, new StringSerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "methylstream-bh-" + settings.analysisId());
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** The error that stopped the stage, if any. */
    public Throwable failure() {
        return failure.get();
    }

    /** Samples whose discoveries are written and whose request is committed, since the start. */
    public long samplesDone() {
        return samplesDone.get();
    }

    private void run() {
        try {
            requests.subscribe(List.of(settings.fdrRequestsTopic()));
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> record : requests.poll(POLL)) {
                    resolve(histograms.decode(record.value()));
                    requests.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1)));
                    samplesDone.incrementAndGet();
                }
            }
        } catch (WakeupException | SampleSpans.Stopped e) {
            // close() asked to stop; an unfinished sample is done again after a restart
        } catch (RuntimeException e) {
            failure.set(e);
            log.println("fdr: stage failed: " + e);
        }
    }

    private void resolve(SampleHistogram sample) {
        long started = System.nanoTime();
        double fdr = settings.fdr().perSample();
        RateScoring scoring = RateScoring.of(settings, settings.rates().known(sample.getSampleId()).pooled());
        SampleSpans spans = new SampleSpans(reader, settings.inputTopic(), sample, scoring.scorer(), () -> stopping);
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        BenjaminiHochberg.Outcome outcome = BenjaminiHochberg.run(fdr, FdrRecords.histogramOf(sample.getBins()),
                spans, capacity, (MethylationSite site, double logP, double logQ, long tests, long found) -> {
                    FdrSite discovery = FdrRecords.bh(site, logP, logQ, fdr, tests, found, scoring.scoring(),
                            settings.analysisId(), scoring.source(), "sample", settings.fdr().tests());
                    String key = site.getSampleId() + ':' + site.getChromosome() + ':' + site.getPosition();
                    producer.send(new ProducerRecord<>(settings.fdrTopic(), key, discoveries.encode(discovery)),
                            (metadata, error) -> {
                                if (error != null) {
                                    sendFailure.compareAndSet(null, error);
                                }
                            });
                });
        producer.flush();
        if (sendFailure.get() != null) {
            throw new IllegalStateException("cannot write the discoveries of sample " + sample.getSampleId() + " to "
                    + settings.fdrTopic() + ": " + sendFailure.get().getMessage(), sendFailure.get());
        }
        log.printf("fdr: sample %s (analysis %s): %d tested, %d discoveries at FDR %s%s; %d passes over %d"
                        + " partitions%s, %.1f s%n", sample.getSampleId(), settings.analysisId(), outcome.tested(),
                outcome.discoveries(), fdr, outcome.discoveries() == 0 ? ""
                        : String.format(" (-log10 p >= %.4g)", SiteScorer.minusLog10(outcome.logThreshold())),
                outcome.passes(), sample.getSpans().size(),
                outcome.recounted() ? " (the streamed count was off and was redone)" : "",
                (System.nanoTime() - started) / 1e9);
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
