package org.methylstream.topology;

import java.util.Objects;
import org.methylstream.stats.ScoringParameters;

/**
 * Everything the scoring topology depends on; the topology is a pure function of this.
 *
 * @param inputTopic       MethylationSite records
 * @param outputTopic      SignificantSite records; the samples topic, {@link #samplesTopic()}, is named after it
 * @param deadLetterTopic  records that could not be decoded or are not valid sites, unchanged, reason in headers
 * @param scoring          the test and its thresholds
 * @param analysisId       stamped on every output record, so results say which analysis made them
 */
public record TopologySettings(String inputTopic, String outputTopic, String deadLetterTopic,
                               ScoringParameters scoring, String analysisId) {
    public static final String DEFAULT_ANALYSIS = "default";

    public TopologySettings {
        Objects.requireNonNull(inputTopic, "inputTopic");
        Objects.requireNonNull(outputTopic, "outputTopic");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(scoring, "scoring");
        Objects.requireNonNull(analysisId, "analysisId");
        if (java.util.Set.of(inputTopic, outputTopic, deadLetterTopic, Topics.samplesOf(outputTopic)).size() < 4) {
            throw new IllegalArgumentException("input, output, dead-letter and samples topics must differ");
        }
    }

    /** SamplePartitionScored records: one per partition when a stream task reaches a sample's end marker. */
    public String samplesTopic() {
        return Topics.samplesOf(outputTopic);
    }

    /** The default topics with the given scoring parameters. */
    public static TopologySettings defaults(ScoringParameters scoring) {
        return new TopologySettings(Topics.SITES, Topics.SIGNIFICANT, Topics.deadLettersOf(Topics.SITES), scoring,
                DEFAULT_ANALYSIS);
    }
}
