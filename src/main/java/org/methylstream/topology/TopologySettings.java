package org.methylstream.topology;

import java.util.Objects;
import org.methylstream.control.ErrorRate;
import org.methylstream.control.ErrorRateSettings;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.TestKind;

/**
 * Everything the scoring topology depends on; the topology is a pure function of this.
 *
 * @param inputTopic       MethylationSite records
 * @param outputTopic      SignificantSite records; the samples topic, {@link #samplesTopic()}, is named after it
 * @param deadLetterTopic  records that could not be decoded or are not valid sites, unchanged, reason in headers
 * @param scoring          the test and its thresholds
 * @param analysisId       stamped on every output record, so results say which analysis made them
 * @param fdr              the false-discovery-rate stages; their topics are named after the output topic
 * @param rates            where each sample's error rate comes from; {@code scoring}'s rate is the given one
 */
public record TopologySettings(String inputTopic, String outputTopic, String deadLetterTopic,
                               ScoringParameters scoring, String analysisId, FdrSettings fdr,
                               ErrorRateSettings rates) {
    public static final String DEFAULT_ANALYSIS = "default";

    public TopologySettings {
        Objects.requireNonNull(inputTopic, "inputTopic");
        Objects.requireNonNull(outputTopic, "outputTopic");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(scoring, "scoring");
        Objects.requireNonNull(analysisId, "analysisId");
        Objects.requireNonNull(fdr, "fdr");
        Objects.requireNonNull(rates, "rates");
        if (rates.given().value() != scoring.errorRate()) {
            throw new IllegalArgumentException("the given error rate " + rates.given().value()
                    + " is not the scoring parameters' " + scoring.errorRate());
        }
        if (fdr.any() && scoring.test() == TestKind.PMF) {
            throw new IllegalArgumentException(FdrSettings.NEEDS_P_VALUES);
        }
        if (java.util.Set.of(inputTopic, outputTopic, deadLetterTopic, Topics.samplesOf(outputTopic)).size() < 4) {
            throw new IllegalArgumentException("input, output, dead-letter and samples topics must differ");
        }
    }

    /** Every sample at the scoring parameters' error rate. */
    public TopologySettings(String inputTopic, String outputTopic, String deadLetterTopic, ScoringParameters scoring,
                            String analysisId, FdrSettings fdr) {
        this(inputTopic, outputTopic, deadLetterTopic, scoring, analysisId, fdr,
                ErrorRateSettings.of(new ErrorRate(scoring.errorRate(), ErrorRate.GIVEN, null)));
    }

    /** Without false-discovery-rate stages. */
    public TopologySettings(String inputTopic, String outputTopic, String deadLetterTopic, ScoringParameters scoring,
                            String analysisId) {
        this(inputTopic, outputTopic, deadLetterTopic, scoring, analysisId, FdrSettings.NONE);
    }

    public TopologySettings withFdr(FdrSettings stages) {
        return new TopologySettings(inputTopic, outputTopic, deadLetterTopic, scoring, analysisId, stages, rates);
    }

    public TopologySettings withRates(ErrorRateSettings sources) {
        return new TopologySettings(inputTopic, outputTopic, deadLetterTopic, scoring, analysisId, fdr, sources);
    }

    /** FdrSite records of the per-sample Benjamini-Hochberg stage. */
    public String fdrTopic() {
        return Topics.fdrOf(outputTopic);
    }

    /** FdrSite records of the online (LORD++) stage. */
    public String onlineFdrTopic() {
        return Topics.onlineFdrOf(outputTopic);
    }

    /** SampleHistogram records: each partition's, at a sample's end. */
    public String histogramsTopic() {
        return outputTopic + ".fdr-histograms";
    }

    /** SampleHistogram records: all partitions' merged, once a sample has ended in every partition. */
    public String fdrRequestsTopic() {
        return outputTopic + ".fdr-requests";
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
