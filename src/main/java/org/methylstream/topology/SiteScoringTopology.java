package org.methylstream.topology;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * sites topic → score → significant-sites topic, → dead-letter topic for records that cannot be scored, and →
 * samples topic when a sample's end marker comes. After scoring, each valid site is counted into its (sample,
 * chromosome) statistics and its (sample, genome bin) counts; with FDR stages on, also into its sample's p-value histogram (per-sample
 * Benjamini-Hochberg) and its sample's LORD++ stream (online FDR).
 *
 * <p>The sites sub-topology runs one task per input partition, each with its partition's share of the state.
 * Per-sample BH adds a second sub-topology: the partitions' histograms, re-keyed by sample, are merged once all
 * have come, and the merge goes to the requests topic that the {@code BenjaminiHochbergStage} reads. State stores
 * are changelogged; the per-site counts are kept in memory between commits ({@link CountStore}), the other stores
 * are cached, so a store write per site costs a map or cache update, not a record.
 */
public final class SiteScoringTopology {
    static final String SOURCE = "sites";
    static final String SCORE = "score";
    static final String SIGNIFICANT = "significant";
    static final String DEAD_LETTERS = "dead-letters";
    static final String SAMPLES = "samples";
    static final String TALLIES = "sample-tallies";
    /** Samples published with their own control (start markers), until their end. */
    static final String CONTROLS = "sample-controls";
    /** CpG strands waiting for their partner ({@link CpgPairing}). */
    static final String CPG_STRANDS = "cpg-strands";
    /** (sample, chromosome) → {@link ChromosomeStatistics}: queryable. */
    public static final String STATISTICS = "site-statistics";
    /** (sample, genome bin) → {@link BinCounts}: queryable. */
    public static final String BINS = "site-bins";
    static final String FDR_HISTOGRAM = "fdr-histogram";
    static final String FDR_BINS = "fdr-bins";
    static final String FDR_SPANS = "fdr-spans";
    static final String HISTOGRAMS = "fdr-histograms";
    static final String HISTOGRAM_SOURCE = "fdr-histograms-in";
    static final String MERGE = "fdr-merge";
    static final String FDR_PARTS = "fdr-parts";
    static final String FDR_REQUESTS = "fdr-requests";
    static final String ONLINE = "online-fdr-test";
    static final String ONLINE_STATES = "online-fdr-states";
    static final String ONLINE_FDR = "online-fdr";

    private SiteScoringTopology() {
    }

    public static Topology build(TopologySettings settings) {
        List<String> followers = new ArrayList<>();
        if (settings.perSampleStage()) {
            followers.add(FDR_HISTOGRAM);
        }
        if (settings.fdr().onlineEnabled()) {
            followers.add(ONLINE);
        }
        Topology topology = new Topology()
                .addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), settings.inputTopic())
                .addProcessor(SCORE, () -> new ScoringProcessor(settings, followers), SOURCE)
                .addSink(SIGNIFICANT, settings.outputTopic(), new StringSerializer(), new ByteArraySerializer(), SCORE)
                .addSink(DEAD_LETTERS, settings.deadLetterTopic(), new StringSerializer(), new ByteArraySerializer(), SCORE)
                .addSink(SAMPLES, settings.samplesTopic(), new StringSerializer(), new ByteArraySerializer(), SCORE)
                // counted in memory: the changelogs get a sample's latest counts per commit, not a record per site
                .addStateStore(CountStore.builder(Stores.inMemoryKeyValueStore(TALLIES), new StringSerializer(),
                        SampleTally.serde(), () -> SampleTally.NONE), SCORE)
                .addStateStore(Stores.keyValueStoreBuilder(counts(settings, CONTROLS), Serdes.String(),
                        Serdes.ByteArray()).withCachingEnabled(), SCORE)
                .addStateStore(CountStore.builder(counts(settings, STATISTICS),
                        Serdes.Bytes().serializer(), ChromosomeStatistics.serde(), ChromosomeStatistics::none), SCORE)
                .addStateStore(CountStore.builder(counts(settings, BINS), Serdes.Bytes().serializer(),
                        BinCounts.serde(), BinCounts::none), SCORE);
        if (settings.cpgPairing()) {
            topology.addStateStore(persistent(CPG_STRANDS), SCORE);
        }
        if (settings.perSampleStage()) {
            addPerSampleFdr(topology, settings);
        }
        if (settings.fdr().onlineEnabled()) {
            topology.addProcessor(ONLINE, () -> new OnlineFdrProcessor(settings), SCORE)
                    .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ONLINE_STATES),
                            Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), ONLINE)
                    .addSink(ONLINE_FDR, settings.onlineFdrTopic(), new StringSerializer(), new ByteArraySerializer(),
                            ONLINE);
        }
        return topology;
    }

    /**
     * Whether the topology of {@code settings} has a store in RocksDB, whose native library must then be loaded:
     * not for a run's plain scoring, whose stores are all in memory.
     */
    public static boolean usesRocksDb(TopologySettings settings) {
        return !settings.countsInMemory() || settings.cpgPairing() || settings.perSampleStage()
                || settings.fdr().onlineEnabled();
    }

    private static void addPerSampleFdr(Topology topology, TopologySettings settings) {
        topology.addProcessor(FDR_HISTOGRAM, () -> new FdrHistogramProcessor(settings), SCORE)
                .addStateStore(persistent(FDR_BINS), FDR_HISTOGRAM)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FDR_SPANS), Serdes.String(),
                        Serdes.Long()).withCachingEnabled(), FDR_HISTOGRAM)
                .addSink(HISTOGRAMS, settings.histogramsTopic(), new StringSerializer(), new ByteArraySerializer(),
                        FDR_HISTOGRAM)
                .addSource(HISTOGRAM_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(),
                        settings.histogramsTopic())
                .addProcessor(MERGE, HistogramMergeProcessor::new, HISTOGRAM_SOURCE)
                .addStateStore(persistent(FDR_PARTS), MERGE)
                .addSink(FDR_REQUESTS, settings.fdrRequestsTopic(), new StringSerializer(), new ByteArraySerializer(),
                        MERGE);
    }

    /** A store of the scoring's counts or controls: in RocksDB, or on the heap ({@link TopologySettings#countsInMemory}). */
    private static KeyValueBytesStoreSupplier counts(TopologySettings settings, String name) {
        return settings.countsInMemory() ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    }

    private static StoreBuilder<KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]>> persistent(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled();
    }
}
