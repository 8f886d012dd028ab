package org.methylstream.analysis;

import java.time.Instant;
import org.methylstream.avro.Analysis;
import org.methylstream.naming.AnalysisNames;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.TestKind;
import org.methylstream.topology.TopologySettings;

/**
 * An analysis as the registry keeps it: its id, parameters and the names {@link AnalysisNames#of} gives it (the
 * application id is the consumer group whose offsets say how far it got).
 */
public final class Analyses {
    private Analyses() {
    }

    /**
     * The analysis {@code id} of {@code inputTopic} with these parameters.
     *
     * @throws IllegalArgumentException when the id cannot be part of a topic name
     */
    public static Analysis define(String id, String inputTopic, ScoringParameters scoring, Instant createdAt) {
        if (id.equals(AnalysisNames.DEFAULT_ANALYSIS)) {
            throw new IllegalArgumentException("analysis id '" + id + "' is the one 'process' runs by default;"
                    + " a replay needs an id of its own");
        }
        AnalysisNames names = AnalysisNames.of(id, inputTopic);
        return Analysis.newBuilder()
                .setAnalysisId(id)
                .setInputTopic(inputTopic)
                .setOutputTopic(names.outputTopic())
                .setDeadLetterTopic(names.deadLetterTopic())
                .setSamplesTopic(names.samplesTopic())
                .setApplicationId(names.applicationId())
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
        return new TopologySettings(names(analysis), parameters(analysis));
    }

    /** The names a registered analysis was given, as it was registered (whichever release registered it). */
    public static AnalysisNames names(Analysis analysis) {
        return new AnalysisNames(analysis.getAnalysisId(), analysis.getInputTopic(), analysis.getOutputTopic(),
                analysis.getDeadLetterTopic(), analysis.getApplicationId());
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
