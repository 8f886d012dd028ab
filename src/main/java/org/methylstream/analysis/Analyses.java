package org.methylstream.analysis;

import java.time.Instant;
import java.util.regex.Pattern;
import org.methylstream.avro.Analysis;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.TestKind;
import org.methylstream.topology.Topics;
import org.methylstream.topology.TopologySettings;

/**
 * What an analysis id stands for, by convention: its application id {@code methylstream-analysis-ID} (the consumer
 * group whose offsets say how far it got), its output topic {@code methylation.significant.ID}, its samples topic
 * {@code methylation.significant.ID.samples} and its dead letters {@code <input>.dead-letters.ID}.
 */
public final class Analyses {
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private Analyses() {
    }

    /**
     * The analysis {@code id} of {@code inputTopic} with these parameters.
     *
     * @throws IllegalArgumentException when the id cannot be part of a topic name
     */
    public static Analysis define(String id, String inputTopic, ScoringParameters scoring, Instant createdAt) {
        if (!VALID_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("analysis id '" + id + "' must be 1 to 100 letters, digits, '.', '_'"
                    + " or '-' (it is part of topic names)");
        }
        String output = Topics.SIGNIFICANT + "." + id;
        return Analysis.newBuilder()
                .setAnalysisId(id)
                .setInputTopic(inputTopic)
                .setOutputTopic(output)
                .setDeadLetterTopic(Topics.deadLettersOf(inputTopic) + "." + id)
                .setSamplesTopic(Topics.samplesOf(output))
                .setApplicationId("methylstream-analysis-" + id)
                .setTest(scoring.test().id())
                .setErrorRate(scoring.errorRate())
                .setAlpha(scoring.alpha())
                .setMinCoverage(scoring.minCoverage())
                .setCreatedAt(createdAt)
                .build();
    }

    public static ScoringParameters parameters(Analysis analysis) {
        return new ScoringParameters(TestKind.fromId(analysis.getTest()), analysis.getErrorRate(), analysis.getAlpha(),
                analysis.getMinCoverage());
    }

    public static TopologySettings topology(Analysis analysis) {
        return new TopologySettings(analysis.getInputTopic(), analysis.getOutputTopic(), analysis.getDeadLetterTopic(),
                parameters(analysis), analysis.getAnalysisId());
    }

    /** Whether two definitions do the same work: same input, same parameters, same topics (whenever created). */
    public static boolean sameWork(Analysis a, Analysis b) {
        Analysis aligned = Analysis.newBuilder(b).setCreatedAt(a.getCreatedAt()).build();
        return a.equals(aligned);
    }

    /** The parameters in words, as the command line takes them. */
    public static String describe(Analysis analysis) {
        return "--test " + analysis.getTest() + " --error-rate " + analysis.getErrorRate() + " --alpha "
                + analysis.getAlpha() + " --min-coverage " + analysis.getMinCoverage() + " on " + analysis.getInputTopic();
    }
}
