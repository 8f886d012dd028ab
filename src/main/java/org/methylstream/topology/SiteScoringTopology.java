package org.methylstream.topology;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * sites topic → score → significant-sites topic, → dead-letter topic for records that cannot be scored, and →
 * samples topic when a sample's end marker comes. One source topic, so Kafka Streams runs one task per input
 * partition; the only state is each task's per-sample counts, a few bytes per sample in progress.
 */
public final class SiteScoringTopology {
    static final String SOURCE = "sites";
    static final String SCORE = "score";
    static final String SIGNIFICANT = "significant";
    static final String DEAD_LETTERS = "dead-letters";
    static final String SAMPLES = "samples";
    static final String TALLIES = "sample-tallies";

    private SiteScoringTopology() {
    }

    public static Topology build(TopologySettings settings) {
        return new Topology()
                .addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), settings.inputTopic())
                .addProcessor(SCORE, () -> new ScoringProcessor(settings), SOURCE)
                .addSink(SIGNIFICANT, settings.outputTopic(), new StringSerializer(), new ByteArraySerializer(), SCORE)
                .addSink(DEAD_LETTERS, settings.deadLetterTopic(), new StringSerializer(), new ByteArraySerializer(), SCORE)
                .addSink(SAMPLES, settings.samplesTopic(), new StringSerializer(), new ByteArraySerializer(), SCORE)
                // cached: the changelog gets a sample's latest counts per commit, not one record per site
                .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TALLIES), Serdes.String(),
                        SampleTally.serde()).withCachingEnabled(), SCORE);
    }
}
