package org.methylstream.topology;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

/**
 * sites topic → score → significant-sites topic, and → dead-letter topic for records that cannot be scored.
 * Stateless with one source topic, so Kafka Streams runs one task per input partition.
 */
public final class SiteScoringTopology {
    static final String SOURCE = "sites";
    static final String SCORE = "score";
    static final String SIGNIFICANT = "significant";
    static final String DEAD_LETTERS = "dead-letters";

    private SiteScoringTopology() {
    }

    public static Topology build(TopologySettings settings) {
        return new Topology()
                .addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), settings.inputTopic())
                .addProcessor(SCORE, () -> new ScoringProcessor(settings), SOURCE)
                .addSink(SIGNIFICANT, settings.outputTopic(), new StringSerializer(), new ByteArraySerializer(), SCORE)
                .addSink(DEAD_LETTERS, settings.deadLetterTopic(), new StringSerializer(), new ByteArraySerializer(), SCORE);
    }
}
