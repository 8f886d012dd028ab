package org.methylstream.application;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.methylstream.access.AccessFailure;
import org.methylstream.admin.TopicAdmin;
import org.methylstream.naming.AnalysisNames;
import org.methylstream.stats.BenjaminiHochberg;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.topology.BinCounts;
import org.methylstream.topology.ChromosomeStatistics;
import org.methylstream.topology.GenomeBins;
import org.methylstream.topology.FdrSettings;
import org.methylstream.topology.SampleKeys;
import org.methylstream.topology.SiteScoringTopology;
import org.methylstream.topology.TopologySettings;

/**
 * The scoring topology running as a Kafka Streams application: starts the threads and stops cleanly (committing what was processed). With
 * per-sample FDR on, it also runs the {@link BenjaminiHochbergStage} beside the threads. Its statistics store is
 * queryable ({@link #statistics}).
 */
public final class ScoringApplication implements AutoCloseable {
    private static final Duration QUERY_RETRY = Duration.ofMillis(100);

    private final KafkaStreams streams;
    private final String applicationId;
    private final int partitions;
    private final String inputTopic;
    private final String samplesTopic;
    private final Properties clientProperties;
    private final BenjaminiHochbergStage stage;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch running = new CountDownLatch(1);
    private boolean closed;

    /**
     * Creates the analysis's topics when missing, the input (the archive: unlimited retention) with
     * {@code newInputPartitions} partitions and every output with as many partitions as the input has: the step
     * before {@link #ScoringApplication}, so that a processor may start before the first publish. Topics created
     * get {@code replicationFactor} replicas ({@link TopicAdmin#CLUSTER_DEFAULT}: the cluster's default).
     *
     * @return the input topic's partition count (the existing one if it already existed)
     */
    public static int createTopics(Admin admin, TopologySettings settings, int newInputPartitions,
                                   short replicationFactor) {
        return createTopics(admin, settings, newInputPartitions, replicationFactor, List.of());
    }

    /** As {@link #createTopics(Admin, TopologySettings, int, short)}, with {@code besides} made beside the outputs. */
    public static int createTopics(Admin admin, TopologySettings settings, int newInputPartitions,
                                   short replicationFactor, List<NewTopic> besides) {
        int partitions = TopicAdmin.createMissing(admin, List.of(TopicAdmin.sitesTopic(settings.inputTopic(),
                newInputPartitions, replicationFactor))).get(settings.inputTopic());
        // the outputs in one request, once the input's partition count (theirs too) is known, and with them the
        // changelogs, as Kafka Streams makes them (compacted, a partition per task): it finds them ready, where it
        // would make them itself and wait for their leaders in rounds of 100 ms (0.4 s of a run's start); the
        // leaders of all, the input's too, awaited together (each wait took a tenth of a second)
        List<NewTopic> topics = new ArrayList<>(besides);
        topics(settings).stream().filter(topic -> !topic.equals(settings.inputTopic()))
                .forEach(topic -> topics.add(new NewTopic(topic, partitions, replicationFactor)));
        internalTopics(settings, false).forEach(changelog -> topics.add(new NewTopic(changelog, partitions,
                replicationFactor).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
        Map<String, Integer> made = new HashMap<>(TopicAdmin.createMissing(admin, topics));
        made.put(settings.inputTopic(), partitions);
        TopicAdmin.awaitLeaders(admin, made);
        return partitions;
    }

    /** Every topic {@link #createTopics} makes for {@code settings}. */
    public static List<String> topics(TopologySettings settings) {
        List<String> topics = new ArrayList<>(List.of(settings.inputTopic(), settings.outputTopic(),
                settings.deadLetterTopic(), settings.samplesTopic()));
        if (settings.perSampleStage()) {
            topics.addAll(List.of(settings.histogramsTopic(), settings.fdrRequestsTopic()));
        }
        if (settings.fdr().perSampleEnabled()) {
            topics.add(settings.fdrTopic());
        }
        if (settings.fdr().onlineEnabled()) {
            topics.add(settings.onlineFdrTopic());
        }
        return topics;
    }

    /**
     * The internal topics Kafka Streams makes for the application of {@code names}, with every optional stage on:
     * {@code <application id>-<store>-changelog} per state store, {@code <application id>-<name>-repartition} per
     * repartition. Named one by one, not matched by prefix: run {@code a}'s application id is a prefix of run
     * {@code a-b}'s.
     */
    public static List<String> internalTopics(AnalysisNames names) {
        return internalTopics(new TopologySettings(names, ScoringParameters.DEFAULTS)
                .withFdr(new FdrSettings(0.05, 0.05, 1)), true);
    }

    /**
     * The changelogs (every store of the topology logs its changes) of the application of {@code settings}, and
     * with {@code repartitions} its repartition topics.
     */
    private static List<String> internalTopics(TopologySettings settings, boolean repartitions) {
        String applicationId = settings.names().applicationId();
        Set<String> topics = new TreeSet<>();
        for (TopologyDescription.Subtopology part : SiteScoringTopology.build(settings).describe().subtopologies()) {
            for (TopologyDescription.Node node : part.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    processor.stores().forEach(store -> topics.add(applicationId + "-" + store + "-changelog"));
                } else if (repartitions && node instanceof TopologyDescription.Sink sink && sink.topic() != null
                        && sink.topic().endsWith("-repartition")) {
                    topics.add(applicationId + "-" + sink.topic());
                }
            }
        }
        return List.copyOf(topics);
    }

    /**
     * The Kafka Streams configuration of an analysis's application: the one the command line runs and the
     * topology tests drive ({@code TopologyTestDriver}) alike.
     *
     * @param clientProperties bootstrap servers and security settings
     * @param applicationId    the consumer group and state prefix; one per analysis
     * @param threads          stream threads in this instance; tasks (one per input partition) are spread over them
     * @param exactlyOnce      exactly_once_v2: every input site yields its output exactly once, even after crashes
     * @param stateDir         local state directory for Kafka Streams
     */
    public static Properties streamsConfig(Properties clientProperties, String applicationId, int threads,
                                           boolean exactlyOnce, Path stateDir) {
        Properties config = new Properties();
        config.putAll(clientProperties);
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                exactlyOnce ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // progress becomes visible (and restarts resume) within a second, not the default 30 s; a caller that waits
        // for the last commit (run) may ask for a shorter interval in the client properties
        config.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, exactlyOnce ? 200 : 1000);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // the partition assignor reads its own copy of the config from the consumer's; without this it warns twice
        config.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG),
                true);
        // the state, counts per sample and chromosome and histograms of samples in progress, restores in moments: an
        // instance joining (or taking over) gets its share of the tasks at once, not after warm-up replicas and a
        // probing rebalance minutes later
        config.put(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, Long.MAX_VALUE);
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 5000);
        config.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 20);
        config.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        config.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        return config;
    }

    /**
     * The application of {@code settings.names()}; its topics must exist ({@link #createTopics}).
     *
     * @param partitions the input topic's partition count, as {@link #createTopics} returned it
     * @param deployment replication of Kafka Streams' internal topics, standby replicas, the statistics endpoint
     * @see #streamsConfig for the other parameters
     */
    public ScoringApplication(TopologySettings settings, int partitions, Properties clientProperties, int threads,
                              boolean exactlyOnce, Path stateDir, Deployment deployment) {
        this.applicationId = settings.names().applicationId();
        this.partitions = partitions;
        this.inputTopic = settings.inputTopic();
        this.samplesTopic = settings.samplesTopic();
        this.clientProperties = clientProperties;
        settings = settings.withFdr(settings.fdr().withPartitions(partitions)); // the online level is shared by them
        if (SiteScoringTopology.usesRocksDb(settings)) {
            RocksDbLibrary.load(stateDir); // else a copy in the temp folder per start, left behind by every crash
        }
        Properties config = streamsConfig(clientProperties, applicationId, threads, exactlyOnce, stateDir);
        config.putAll(deployment.streamsConfig());
        this.streams = new KafkaStreams(SiteScoringTopology.build(settings), config);
        String inputTopic = settings.inputTopic();
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, refusal(e, inputTopic).<Throwable>map(r -> r).orElse(e));
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            // a fatal error ends the wait for RUNNING at once: the client will not recover from ERROR
            if (now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.PENDING_ERROR
                    || now == KafkaStreams.State.ERROR) {
                running.countDown();
            }
        });
        // one transactional id per instance (its state directory), stable across its restarts: a restarted stage
        // fences its dead predecessor at once
        String transactionalId = exactlyOnce ? settings.names().fdrStageGroup() + "-"
                + Integer.toHexString(stateDir.toAbsolutePath().normalize().toString().hashCode()) : null;
        this.stage = settings.perSampleStage() ? new BenjaminiHochbergStage(settings, clientProperties,
                BenjaminiHochberg.DEFAULT_CAPACITY, transactionalId, System.err) : null;
    }

    /** Deletes this application's local state (as {@link KafkaStreams#cleanUp()}); only before {@link #start}. */
    public void deleteLocalState() {
        streams.cleanUp();
    }

    /** Starts processing and returns once the instance has joined its group and owns its tasks. */
    public void start(Duration timeout) throws InterruptedException {
        streams.start();
        if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("scoring application " + applicationId + " did not start within "
                    + timeout.toSeconds() + " s (state " + streams.state() + ")", failure.get());
        }
        if (failure.get() != null) {
            throw new IllegalStateException("scoring application " + applicationId + " failed: "
                    + failure.get().getMessage(), failure.get());
        }
        if (stage != null) {
            stage.start();
        }
    }

    /** Samples whose per-sample FDR this instance has completed since it started; 0 without the stage. */
    public long fdrSamplesDone() {
        return stage == null ? 0 : stage.samplesDone();
    }

    /**
     * One row of {@link #statistics}: a sample's sites of one context on one chromosome.
     *
     * @param context CG, CHG or CHH, a motif the format named, or {@code .} for sites of a format without contexts
     */
    public record ChromosomeRow(String sample, String context, String chromosome, ChromosomeStatistics statistics) {
    }

    /**
     * The statistics of one sample, or of all when {@code sample} is null, per context and chromosome, by sample,
     * context and chromosome name: every partition's share added, read from this instance's stores through an interactive
     * query. Waits until every partition's store is here and ready (after a restart, once restored).
     *
     * @throws IllegalStateException when some partition's store is not ready within {@code timeout}
     */
    public List<ChromosomeRow> statistics(String sample, Duration timeout) throws InterruptedException {
        List<Integer> all = java.util.stream.IntStream.range(0, partitions).boxed().toList();
        return statistics(sample, all, false, timeout);
    }

    /**
     * As {@link #statistics(String, Duration)} for the shares of {@code partitions} only, from this instance's active
     * stores or, with {@code standby}, its standby copies too (which may lag the owner by the changelog not yet read).
     */
    public List<ChromosomeRow> statistics(String sample, Collection<Integer> partitions, boolean standby,
                                          Duration timeout) throws InterruptedException {
        return rows(sumOfShares(SiteScoringTopology.STATISTICS, sample, partitions, standby,
                ChromosomeStatistics::fromBytes, ChromosomeStatistics::plus, timeout));
    }

    /** The error rates the analysis's samples were tested under, as its samples topic says now. */
    public RatesUsed ratesUsed(Duration timeout) {
        return RatesUsed.read(clientProperties, samplesTopic, timeout);
    }

    /** One row of {@link #bins}: bin {@code index} of {@code chromosome} ({@link GenomeBins}). */
    public record BinRow(String sample, String chromosome, int index, BinCounts counts) {
    }

    /**
     * The genome bins of one sample, or of all when {@code sample} is null, by sample, chromosome name and index, as
     * {@link #statistics(String, Duration)}.
     */
    public List<BinRow> bins(String sample, Duration timeout) throws InterruptedException {
        List<Integer> all = java.util.stream.IntStream.range(0, partitions).boxed().toList();
        return binRows(sumOfShares(SiteScoringTopology.BINS, sample, all, false, BinCounts::fromBytes,
                BinCounts::plus, timeout));
    }

    /** Summed bins as rows, by sample, chromosome name and index. */
    public static List<BinRow> binRows(Map<Bytes, BinCounts> sums) {
        return sums.entrySet().stream()
                .map(e -> new BinRow(SampleKeys.sampleOf(e.getKey()), SampleKeys.textAfterIntOf(e.getKey()),
                        SampleKeys.intBeforeTextOf(e.getKey()), e.getValue()))
                .sorted(Comparator.comparing(BinRow::sample).thenComparing(BinRow::chromosome)
                        .thenComparingInt(BinRow::index))
                .toList();
    }

    private <V> Map<Bytes, V> sumOfShares(String storeName, String sample, Collection<Integer> partitions,
                                          boolean standby, Function<byte[], V> decode, BinaryOperator<V> plus,
                                          Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Bytes, V> sums = new HashMap<>();
        for (int partition : partitions) {
            while (true) {
                try {
                    addShare(sums, storeName, sample, partition, standby, decode, plus);
                    break;
                } catch (InvalidStateStoreException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the statistics of partition " + partition + " are not"
                                + " available here within " + timeout.toSeconds() + " s: " + e.getMessage(), e);
                    }
                    Thread.sleep(QUERY_RETRY.toMillis());
                }
            }
        }
        return sums;
    }

    /** Summed shares as rows, by sample and chromosome name. */
    public static List<ChromosomeRow> rows(Map<Bytes, ChromosomeStatistics> sums) {
        return sums.entrySet().stream()
                .map(e -> new ChromosomeRow(SampleKeys.sampleOf(e.getKey()), SampleKeys.contextOf(e.getKey()),
                        SampleKeys.chromosomeOf(e.getKey()), e.getValue()))
                .sorted(Comparator.comparing(ChromosomeRow::sample).thenComparing(ChromosomeRow::context)
                        .thenComparing(ChromosomeRow::chromosome))
                .toList();
    }

    private <V> void addShare(Map<Bytes, V> sums, String storeName, String sample, int partition, boolean standby,
                              Function<byte[], V> decode, BinaryOperator<V> plus) {
        StoreQueryParameters<ReadOnlyKeyValueStore<Bytes, byte[]>> query = StoreQueryParameters
                .fromNameAndType(storeName, QueryableStoreTypes.<Bytes, byte[]>keyValueStore())
                .withPartition(partition);
        ReadOnlyKeyValueStore<Bytes, byte[]> store = streams.store(standby ? query.enableStaleStores() : query);
        Map<Bytes, V> share = new HashMap<>();
        try (KeyValueIterator<Bytes, byte[]> rows = sample == null ? store.all()
                : store.prefixScan(SampleKeys.prefix(sample), Serdes.Bytes().serializer())) {
            rows.forEachRemaining(row -> share.put(row.key, decode.apply(row.value)));
        }
        // added only once the whole share is read: a failed read is retried from scratch
        share.forEach((key, value) -> sums.merge(key, value, plus));
    }

    /** The Kafka Streams instance, for metrics binders. */
    public KafkaStreams kafkaStreams() {
        return streams;
    }

    /** Where the statistics of one input partition are kept: the owner's endpoint, then its standbys'. */
    public record StatisticsHolders(int partition, HostInfo owner, List<HostInfo> standbys) {
    }

    /**
     * Which instance of the application holds each partition's statistics, as Kafka Streams' metadata says now
     * ({@link KafkaStreams#streamsMetadataForStore}), by partition; a partition no instance holds yet (during a
     * rebalance) is missing. Instances are named by their {@code application.server}.
     */
    public Map<Integer, StatisticsHolders> statisticsHolders() {
        Map<Integer, HostInfo> owners = new TreeMap<>();
        Map<Integer, List<HostInfo>> standbys = new TreeMap<>();
        for (StreamsMetadata instance : streams.streamsMetadataForStore(SiteScoringTopology.STATISTICS)) {
            instance.topicPartitions().stream().filter(tp -> tp.topic().equals(inputTopic))
                    .forEach(tp -> owners.put(tp.partition(), instance.hostInfo()));
            instance.standbyTopicPartitions().stream().filter(tp -> tp.topic().equals(inputTopic))
                    .forEach(tp -> standbys.computeIfAbsent(tp.partition(), p -> new ArrayList<>())
                            .add(instance.hostInfo()));
        }
        Map<Integer, StatisticsHolders> holders = new TreeMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            if (owners.containsKey(partition) || standbys.containsKey(partition)) {
                holders.put(partition, new StatisticsHolders(partition, owners.get(partition),
                        standbys.getOrDefault(partition, List.of())));
            }
        }
        return holders;
    }

    /** The input topic's partition count: one statistics share each. */
    public int partitions() {
        return partitions;
    }

    public String applicationId() {
        return applicationId;
    }

    /** Stream tasks this instance runs now: one per input partition it owns. */
    public int activeTasks() {
        return streams.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * A refusal by the cluster in a stream thread, with the resource Kafka Streams asked for: the group and the
     * transactional ids are this application's, input topics are read and the others written.
     */
    private Optional<AccessFailure> refusal(Throwable e, String inputTopic) {
        Optional<Throwable> denial = Stream.<Throwable>iterate(e, c -> c != null, Throwable::getCause)
                .filter(c -> c instanceof AuthorizationException).findFirst();
        if (denial.isEmpty()) {
            return AccessFailure.denied(e, "Read", "topic", inputTopic);
        }
        Throwable refused = denial.get();
        if (refused instanceof GroupAuthorizationException) {
            return AccessFailure.denied(refused, "Read", "group", applicationId);
        }
        if (refused instanceof TransactionalIdAuthorizationException) {
            return AccessFailure.denied(refused, "Write", "transactional id", applicationId + "-* (prefixed)");
        }
        if (refused instanceof TopicAuthorizationException topics && !topics.unauthorizedTopics().isEmpty()
                && !topics.unauthorizedTopics().contains(inputTopic)) {
            return AccessFailure.denied(refused, "Write", "topic", String.join(", ", topics.unauthorizedTopics()));
        }
        return AccessFailure.denied(refused, "Read", "topic", inputTopic);
    }

    /** The error that stopped a stream thread or the FDR stage, if any. */
    public Throwable failure() {
        return failure.get() != null || stage == null ? failure.get() : stage.failure();
    }

    /** Active tasks per thread name, for logs. */
    public Map<String, Integer> tasksPerThread() {
        return streams.metadataForLocalThreads().stream()
                .collect(java.util.stream.Collectors.toMap(ThreadMetadata::threadName, t -> t.activeTasks().size()));
    }

    /**
     * Stops processing: finishes in-flight records, commits and leaves the group, so that other instances with the
     * same application id take its tasks over at once rather than after the session timeout.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true; // only the first call closes; a run closes it on another thread while its sink closes
        if (stage != null) {
            stage.close();
        }
        streams.close(CloseOptions.timeout(Duration.ofSeconds(60))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
}
