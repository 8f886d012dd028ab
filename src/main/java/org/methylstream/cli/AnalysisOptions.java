package org.methylstream.cli;

import org.methylstream.naming.AnalysisNames;
import org.methylstream.topology.FdrSettings;
import org.methylstream.topology.TopologySettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Which analysis a command runs or reads: topics, test, FDR stages and application id, as {@code process} takes them. */
final class AnalysisOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--input-topic", paramLabel = "TOPIC", description = "Default: ${DEFAULT-VALUE}.")
    String inputTopic = AnalysisNames.SITES;

    @Option(names = "--output-topic", paramLabel = "TOPIC",
            description = "Default: " + AnalysisNames.SIGNIFICANT + "; with --analysis ID: " + AnalysisNames.SIGNIFICANT
                    + ".ID.")
    String outputTopic;

    @Option(names = "--dead-letter-topic", paramLabel = "TOPIC",
            description = "Default: the input topic's name + '.dead-letters', + '.ID' for --analysis ID.")
    String deadLetterTopic;

    @Mixin
    ScoringOptions scoring;

    @Mixin
    ControlOptions control;

    @Mixin
    FdrOptions fdrOptions;

    @Option(names = "--fdr", paramLabel = "Q",
            description = "Benjamini-Hochberg per sample at false discovery rate Q, over all its tested sites, once "
                    + "'publish' has ended the sample: discoveries with q-values go to OUTPUT-TOPIC.fdr.")
    double fdr;

    @Option(names = "--online-fdr", paramLabel = "Q",
            description = "LORD++ online FDR control at level Q for streams that need not end: discoveries go to "
                    + "OUTPUT-TOPIC.online-fdr as the sites come.")
    double onlineFdr;

    @Option(names = "--analysis", paramLabel = "ID",
            description = "Analysis id, stamped on every output record; it names the analysis's topics and"
                    + " application as 'replay' does (default: ${DEFAULT-VALUE}).")
    String analysis = AnalysisNames.DEFAULT_ANALYSIS;

    @Option(names = "--application-id", paramLabel = "ID",
            description = "Kafka Streams application id (consumer group); default: methylstream-default, or"
                    + " methylstream-analysis-ID for --analysis ID.")
    String applicationId;

    TopologySettings settings() {
        try {
            return new TopologySettings(names(), scoring.parameters())
                    .withFdr(new FdrSettings(fdr, onlineFdr, 1, fdrOptions.by, fdrOptions.tests))
                    .withRates(control.settings(scoring));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (java.io.IOException | org.methylstream.format.InvalidSiteException e) {
            throw new CommandFailure(e.getMessage());
        }
    }

    /** The analysis's topics and application id: by {@link AnalysisNames#of convention}, unless given one by one. */
    AnalysisNames names() {
        try {
            AnalysisNames names = AnalysisNames.of(analysis, inputTopic);
            if (outputTopic != null) {
                names = names.withOutputTopic(outputTopic);
            }
            if (deadLetterTopic != null) {
                names = names.withDeadLetterTopic(deadLetterTopic);
            }
            return applicationId != null ? names.withApplicationId(applicationId) : names;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
