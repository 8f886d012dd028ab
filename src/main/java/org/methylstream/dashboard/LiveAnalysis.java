package org.methylstream.dashboard;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SamplePartitionScored;
import org.methylstream.admin.GroupProgress;
import org.methylstream.serde.AvroSerde;
import org.methylstream.application.ScoringApplication;
import org.methylstream.topology.TopologySettings;

/**
 * A running scoring application as the dashboard sees it: once a second a thread queries its statistics and bins
 * stores, reads what the samples and dead-letter topics gained, and the group's lag, and makes a {@link Snapshot};
 * the HTTP handlers only hand out the latest. Its Prometheus registry holds Kafka Streams' own metrics, the admin
 * client's, the group's lag and per sample the counters {@code methylstream_sites_read_total},
 * {@code methylstream_sites_tested_total}, {@code methylstream_sites_significant_total} and
 * {@code methylstream_sites_dead_lettered_total}: counts of the committed input, as {@code stats} shows them.
 */
public final class LiveAnalysis implements DashboardServer.Source, AutoCloseable {
    static final Duration REFRESH = Duration.ofSeconds(1);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);
    /** The label of dead letters that are not a readable site of some sample. */
    static final String UNKNOWN_SAMPLE = "unknown";

    private final ScoringApplication app;
    private final TopologySettings settings;
    private final String source;
    private final Map<String, String> parameters;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaStreamsMetrics streamsMetrics;
    private final KafkaClientMetrics adminMetrics;
    private final AdminClient admin;
    private final KafkaConsumer<byte[], byte[]> topics;
    private final AvroSerde<SamplePartitionScored> scored = AvroSerde.samplePartitionScored();
    private final AvroSerde<MethylationSite> sites = AvroSerde.methylationSite();
    private final SampleProgress progress = new SampleProgress();
    private final Set<String> metered = new HashSet<>();
    private final Set<String> deadLettersMetered = new HashSet<>();
    /** Dead letters per sample, for the metrics scraper's thread. */
    private final Map<String, Long> deadLetters = new ConcurrentHashMap<>();
    private final Thread refresher;
    private volatile Snapshot latest;
    private volatile long lag = -1;
    private volatile String problem;

    /**
     * @param source     the command: {@code process} or {@code run}
     * @param parameters the analysis's parameters as the user gave them, shown on the page
     */
    public LiveAnalysis(ScoringApplication app, TopologySettings settings, Properties client, String source,
                        Map<String, String> parameters) {
        this.app = app;
        this.settings = settings;
        this.source = source;
        this.parameters = parameters;
        this.admin = AdminClient.create(client); // KafkaClientMetrics takes an AdminClient
        Properties consumer = new Properties();
        consumer.putAll(client);
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.topics = new KafkaConsumer<>(consumer);
        List<TopicPartition> partitions = new java.util.ArrayList<>();
        for (String topic : List.of(settings.samplesTopic(), settings.deadLetterTopic())) {
            topics.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(
                    new TopicPartition(topic, p.partition())));
        }
        topics.assign(partitions);
        topics.seekToBeginning(partitions);
        this.streamsMetrics = new KafkaStreamsMetrics(app.kafkaStreams());
        streamsMetrics.bindTo(registry);
        this.adminMetrics = new KafkaClientMetrics(admin);
        adminMetrics.bindTo(registry);
        Gauge.builder("methylstream.consumer.lag", this, live -> live.lag)
                .description("Input records the scoring application has not committed past (-1: not known yet)")
                .tag("group", app.applicationId()).tag("topic", settings.inputTopic())
                .register(registry);
        this.latest = Snapshot.of(source, true, null, parameters, Map.of(), settings.scoring().errorRate(), List.of(),
                List.of(),
                Map.of());
        this.refresher = new Thread(this::refreshUntilClosed, "dashboard-refresh");
        refresher.setDaemon(true);
    }

    /** Starts refreshing once a second. */
    public LiveAnalysis start() {
        refresher.start();
        return this;
    }

    /** The latest snapshot: at most about a second old while the application answers, else saying why not. */
    @Override
    public Snapshot latest() {
        String why = problem;
        return why == null ? latest : latest.withProblem(why);
    }

    @Override
    public String scrape() {
        return registry.scrape();
    }

    private void refreshUntilClosed() {
        while (!Thread.currentThread().isInterrupted()) {
            long started = System.nanoTime();
            try {
                refresh();
                problem = null;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                problem = e.getMessage(); // shown until a refresh works; the stores may be restoring
            }
            long rest = REFRESH.toNanos() - (System.nanoTime() - started);
            try {
                Thread.sleep(Math.max(50, rest / 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void refresh() throws InterruptedException {
        for (ConsumerRecord<byte[], byte[]> record : topics.poll(Duration.ZERO)) {
            if (record.topic().equals(settings.samplesTopic())) {
                if (scored.recognises(record.value())) { // not the per-sample stage's rates, which follow an end
                    progress.endSeen(scored.decode(record.value()).getEnd());
                }
            } else {
                progress.addDeadLetter(sampleOf(record.value()));
            }
        }
        deadLetters.putAll(progress.deadLettered());
        lag = GroupProgress.lag(admin, app.applicationId(), settings.inputTopic());
        var statistics = app.statistics(null, QUERY_TIMEOUT);
        var bins = app.bins(null, QUERY_TIMEOUT);
        long now = System.nanoTime();
        Map<String, Long> read = new HashMap<>();
        statistics.forEach(row -> read.merge(row.sample(), row.statistics().sites(), Long::sum));
        read.forEach((sample, sites) -> progress.read(sample, sites, now));
        progress.looked(now);
        Map<String, Snapshot.SampleExtras> extras = new HashMap<>();
        read.keySet().forEach(sample -> extras.put(sample, new Snapshot.SampleExtras(progress.sitesTotal(sample),
                progress.ended(sample), progress.sitesPerSecond(sample), progress.deadLettered(sample), null)));
        latest = Snapshot.of(source, true, lag, parameters, Map.of(), settings.scoring().errorRate(), statistics, bins,
                extras);
        read.keySet().forEach(this::meter);
        progress.deadLettered().keySet().forEach(this::meterDeadLetters);
    }

    private String sampleOf(byte[] deadLetter) {
        try {
            return deadLetter == null ? UNKNOWN_SAMPLE : sites.decode(deadLetter).getSampleId();
        } catch (SerializationException e) {
            return UNKNOWN_SAMPLE;
        }
    }

    private void meter(String sample) {
        if (!metered.add(sample)) {
            return;
        }
        counter("methylstream.sites.read", "Valid sites scored", sample, Snapshot.SampleView::sitesRead);
        counter("methylstream.sites.tested", "Sites with at least the minimum coverage, tested", sample,
                Snapshot.SampleView::tested);
        counter("methylstream.sites.significant", "Tested sites with p below alpha", sample,
                Snapshot.SampleView::significant);
        meterDeadLetters(sample);
    }

    private void meterDeadLetters(String sample) {
        if (deadLettersMetered.add(sample)) {
            FunctionCounter.builder("methylstream.sites.dead.lettered", deadLetters, d -> d.getOrDefault(sample, 0L))
                    .description("Records of the sample sent to the dead-letter topic (undecodable ones: sample "
                            + UNKNOWN_SAMPLE + ")")
                    .tag("sample", sample).register(registry);
        }
    }

    private void counter(String name, String description, String sample, ToLongFunction<Snapshot.SampleView> count) {
        FunctionCounter.builder(name, this, live -> live.latest.sample(sample).map(count::applyAsLong).orElse(0L))
                .description(description).tag("sample", sample).register(registry);
    }

    @Override
    public void close() {
        refresher.interrupt();
        try {
            refresher.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        topics.close(Duration.ofSeconds(5));
        streamsMetrics.close();
        adminMetrics.close();
        admin.close(Duration.ofSeconds(5));
        registry.close();
    }
}
