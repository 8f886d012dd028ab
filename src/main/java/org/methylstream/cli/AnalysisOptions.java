package org.methylstream.cli;

import org.methylstream.topology.FdrSettings;
import org.methylstream.topology.Topics;
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
    String inputTopic = Topics.SITES;

    @Option(names = "--output-topic", paramLabel = "TOPIC", description = "Default: ${DEFAULT-VALUE}.")
    String outputTopic = Topics.SIGNIFICANT;

    @Option(names = "--dead-letter-topic", paramLabel = "TOPIC",
            description = "Default: the input topic's name + '.dead-letters'.")
    String deadLetterTopic;

    @Mixin
    ScoringOptions scoring;

    @Option(names = "--fdr", paramLabel = "Q",
            description = "Benjamini-Hochberg per sample at false discovery rate Q, over all its tested sites, once "
                    + "'publish' has ended the sample: discoveries with q-values go to OUTPUT-TOPIC.fdr.")
    double fdr;

    @Option(names = "--online-fdr", paramLabel = "Q",
            description = "LORD++ online FDR control at level Q for streams that need not end: discoveries go to "
                    + "OUTPUT-TOPIC.online-fdr as the sites come.")
    double onlineFdr;

    @Option(names = "--analysis", paramLabel = "ID",
            description = "Analysis id stamped on every output record (default: ${DEFAULT-VALUE}).")
    String analysis = TopologySettings.DEFAULT_ANALYSIS;

    @Option(names = "--application-id", paramLabel = "ID",
            description = "Kafka Streams application id (consumer group); default: methylstream-<analysis>.")
    String applicationId;

    TopologySettings settings() {
        try {
            return new TopologySettings(inputTopic, outputTopic,
                    deadLetterTopic != null ? deadLetterTopic : Topics.deadLettersOf(inputTopic), scoring.parameters(),
                    analysis).withFdr(new FdrSettings(fdr, onlineFdr, 1));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    String applicationId() {
        return applicationId != null ? applicationId : "methylstream-" + analysis;
    }
}
