package org.methylstream.analysis;

import java.time.Instant;
import java.util.List;
import org.methylstream.avro.Analysis;
import org.methylstream.control.Control;
import org.methylstream.control.ControlRegion;
import org.methylstream.control.ErrorRate;
import org.methylstream.control.ErrorRateSettings;
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
     * The analysis {@code id} of {@code inputTopic} with these parameters (its one rate is {@code scoring}'s).
     *
     * @throws IllegalArgumentException when the id cannot be part of a topic name
     */
    public static Analysis define(String id, String inputTopic, ScoringParameters scoring, ErrorRateSettings rates,
                                  Instant createdAt) {
        if (id.equals(AnalysisNames.DEFAULT_ANALYSIS)) {
            throw new IllegalArgumentException("analysis id '" + id + "' is the one 'process' runs by default;"
                    + " a replay needs an id of its own");
        }
        AnalysisNames names = AnalysisNames.of(id, inputTopic);
        Control control = rates.control();
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
                .setControl(control == null ? List.of()
                        : control.regions().stream().map(ControlRegion::toString).toList())
                .setControlByContext(rates.byContext())
                // without a control it has no effect: a definition differing only there does the same work
                .setMinControlCoverage(control == null ? ErrorRateSettings.DEFAULT_MIN_CONTROL_COVERAGE
                        : rates.minControlCoverage())
                .setErrorRatesFile(rates.fileName())
                .setErrorRates(rates.fileRates())
                .build();
    }

    public static ScoringParameters parameters(Analysis analysis) {
        return new ScoringParameters(TestKind.fromId(analysis.getTest()), analysis.getErrorRate(), analysis.getAlpha(),
                analysis.getMinCoverage());
    }

    /** Where each sample's rate comes from: the file's rates, the control, else the analysis's one rate. */
    public static ErrorRateSettings rates(Analysis analysis) {
        return new ErrorRateSettings(new ErrorRate(analysis.getErrorRate(), ErrorRate.GIVEN, null),
                analysis.getErrorRates(), analysis.getErrorRatesFile(),
                analysis.getControl().isEmpty() ? null : Control.parse(analysis.getControl()),
                analysis.getControlByContext(), analysis.getMinControlCoverage());
    }

    public static TopologySettings topology(Analysis analysis) {
        return new TopologySettings(names(analysis), parameters(analysis)).withRates(rates(analysis));
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
        StringBuilder words = new StringBuilder("--test ").append(analysis.getTest()).append(" --error-rate ")
                .append(analysis.getErrorRate()).append(" --alpha ").append(analysis.getAlpha())
                .append(" --min-coverage ").append(analysis.getMinCoverage());
        analysis.getControl().forEach(region -> words.append(" --control ").append(region));
        if (analysis.getControlByContext()) {
            words.append(" --control-by context");
        }
        if (!analysis.getControl().isEmpty()) {
            words.append(" --min-control-coverage ").append(analysis.getMinControlCoverage());
        }
        if (analysis.getErrorRatesFile() != null) {
            // the file's rates, not only its name, are the parameter: say how many, as the file may have changed
            words.append(" --error-rates ").append(analysis.getErrorRatesFile()).append(" (")
                    .append(analysis.getErrorRates().size()).append(" samples' rates)");
        }
        return words.append(" on ").append(analysis.getInputTopic()).toString();
    }
}
