package org.methylstream.naming;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names of one analysis: the topic it reads, the topics it writes and the Kafka Streams application (consumer
 * group, state and internal-topic prefix) that does the work. Every command builds them here, so that
 * {@code process}, {@code replay}, {@code stats}, {@code watch}, {@code sink}, {@code run} and {@code delete} agree on
 * which topics and which group an analysis id stands for.
 *
 * <table>
 *   <caption>The conventions</caption>
 *   <tr><th></th><th>{@link #ofDefault() default}</th><th>{@link #of analysis ID}</th><th>{@link #ofRun run ID}</th></tr>
 *   <tr><td>input</td><td>methylation.sites</td><td>methylation.sites</td><td>methylstream.run.ID.sites</td></tr>
 *   <tr><td>output</td><td>methylation.significant</td><td>methylation.significant.ID</td>
 *       <td>methylstream.run.ID.significant</td></tr>
 *   <tr><td>dead letters</td><td>methylation.sites.dead-letters</td><td>methylation.sites.dead-letters.ID</td>
 *       <td>methylstream.run.ID.sites.dead-letters</td></tr>
 *   <tr><td>application id</td><td>methylstream-default</td><td>methylstream-analysis-ID</td>
 *       <td>methylstream-run-ID</td></tr>
 * </table>
 * The other output topics (samples, FDR) are named after the output topic.
 *
 * @param analysisId      stamped on every output record
 * @param inputTopic      MethylationSite records (and SampleEnd markers)
 * @param outputTopic     SignificantSite records
 * @param deadLetterTopic records that could not be scored, unchanged, with the reason in headers
 * @param applicationId   the Kafka Streams application id
 */
public record AnalysisNames(String analysisId, String inputTopic, String outputTopic, String deadLetterTopic,
                            String applicationId) {
    /** The analysis {@code process} runs when given no {@code --analysis}. */
    public static final String DEFAULT_ANALYSIS = "default";
    /** Sites as published, one Avro MethylationSite per record. */
    public static final String SITES = "methylation.sites";
    /** Significant sites of the default analysis, one Avro SignificantSite per record. */
    public static final String SIGNIFICANT = "methylation.significant";
    /** The compacted registry of the analyses that {@code replay} defined. */
    public static final String ANALYSES_REGISTRY = "methylstream.analyses";
    /** Partitions of a sites topic created by methylstream: the most stream tasks, so processors, it can feed. */
    public static final int DEFAULT_PARTITIONS = 6;

    private static final String PREFIX = "methylstream-";
    private static final String RUN_TOPIC_PREFIX = "methylstream.run.";
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    public AnalysisNames {
        Objects.requireNonNull(analysisId, "analysisId");
        Objects.requireNonNull(inputTopic, "inputTopic");
        Objects.requireNonNull(outputTopic, "outputTopic");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(applicationId, "applicationId");
        if (java.util.Set.of(inputTopic, outputTopic, deadLetterTopic, samplesOf(outputTopic)).size() < 4) {
            throw new IllegalArgumentException("input, output, dead-letter and samples topics must differ");
        }
    }

    /** The default analysis of the default sites topic. */
    public static AnalysisNames ofDefault() {
        return of(DEFAULT_ANALYSIS, SITES);
    }

    /**
     * Analysis {@code id} of {@code inputTopic}; {@value #DEFAULT_ANALYSIS} names the default analysis.
     *
     * @throws IllegalArgumentException when the id cannot be part of a topic name
     */
    public static AnalysisNames of(String id, String inputTopic) {
        requireValid("analysis", id);
        if (id.equals(DEFAULT_ANALYSIS)) {
            return new AnalysisNames(id, inputTopic, SIGNIFICANT, deadLettersOf(inputTopic), PREFIX + DEFAULT_ANALYSIS);
        }
        return new AnalysisNames(id, inputTopic, SIGNIFICANT + "." + id, deadLettersOf(inputTopic) + "." + id,
                PREFIX + "analysis-" + id);
    }

    /** The topics and application of {@code run --run-id ID}; the run id is also its analysis id. */
    public static AnalysisNames ofRun(String runId) {
        requireValid("run", runId);
        String sites = RUN_TOPIC_PREFIX + runId + ".sites";
        return new AnalysisNames(runId, sites, RUN_TOPIC_PREFIX + runId + ".significant", deadLettersOf(sites),
                PREFIX + "run-" + runId);
    }

    public AnalysisNames withOutputTopic(String topic) {
        return new AnalysisNames(analysisId, inputTopic, topic, deadLetterTopic, applicationId);
    }

    public AnalysisNames withDeadLetterTopic(String topic) {
        return new AnalysisNames(analysisId, inputTopic, outputTopic, topic, applicationId);
    }

    public AnalysisNames withApplicationId(String id) {
        return new AnalysisNames(analysisId, inputTopic, outputTopic, deadLetterTopic, id);
    }

    /** SamplePartitionScored records: one per partition when a stream task reaches a sample's end marker. */
    public String samplesTopic() {
        return samplesOf(outputTopic);
    }

    /** FdrSite records of the per-sample Benjamini-Hochberg stage. */
    public String fdrTopic() {
        return outputTopic + ".fdr";
    }

    /** FdrSite records of the online (LORD++) stage. */
    public String onlineFdrTopic() {
        return outputTopic + ".online-fdr";
    }

    /** SampleHistogram records: each partition's, at a sample's end. */
    public String fdrHistogramsTopic() {
        return outputTopic + ".fdr-histograms";
    }

    /** SampleHistogram records: all partitions' merged, once a sample has ended in every partition. */
    public String fdrRequestsTopic() {
        return outputTopic + ".fdr-requests";
    }

    /** The consumer group of the per-sample Benjamini-Hochberg stage's passes over the input. */
    public String fdrStageGroup() {
        return applicationId + "-fdr";
    }

    /** The Connect file sink a run starts for its significant sites. */
    public String sinkConnector() {
        return applicationId + "-sink";
    }

    /** The Connect file sink a run starts for its Benjamini-Hochberg discoveries. */
    public String fdrSinkConnector() {
        return applicationId + "-fdr-sink";
    }

    /** The standalone Connect worker's offsets file of a run's sink, in {@code STATE-DIR/connect/}. */
    public String sinkOffsetsFile() {
        return analysisId + ".offsets";
    }

    /** The standalone Connect worker's offsets file of a run's FDR sink, in {@code STATE-DIR/connect/}. */
    public String fdrSinkOffsetsFile() {
        return analysisId + "-fdr.offsets";
    }

    /**
     * Every topic the analysis writes (the input is not its own): the output, dead-letter and samples topics, those
     * of the FDR stages, whether they are on or not, and the dead letters of file sinks reading its results.
     */
    public List<String> outputTopics() {
        List<String> topics = new ArrayList<>(List.of(outputTopic, deadLetterTopic, samplesTopic()));
        topics.addAll(List.of(fdrHistogramsTopic(), fdrRequestsTopic(), fdrTopic(), onlineFdrTopic()));
        topics.addAll(List.of(deadLettersOf(outputTopic), deadLettersOf(fdrTopic()), deadLettersOf(onlineFdrTopic())));
        return topics;
    }

    /** The input and every {@linkplain #outputTopics() output topic}: all of a run's topics. */
    public List<String> topics() {
        List<String> topics = new ArrayList<>(List.of(inputTopic));
        topics.addAll(outputTopics());
        return topics;
    }

    /**
     * The run whose topic this is, when it is one of the topics {@link #ofRun} names ({@code methylstream.run.ID.*}).
     * Run ids may hold dots, yet the id is unambiguous: every run topic's name after the id starts with
     * {@code sites} or {@code significant}, and no such tail ends in another.
     */
    public static Optional<String> runIdOf(String topic) {
        if (!topic.startsWith(RUN_TOPIC_PREFIX)) {
            return Optional.empty();
        }
        for (int dot = topic.indexOf('.', RUN_TOPIC_PREFIX.length()); dot > 0; dot = topic.indexOf('.', dot + 1)) {
            String id = topic.substring(RUN_TOPIC_PREFIX.length(), dot);
            if (VALID_ID.matcher(id).matches() && ofRun(id).topics().contains(topic)) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** Where records of {@code topic} go when they cannot be used, with the reason in headers. */
    public static String deadLettersOf(String topic) {
        return topic + ".dead-letters";
    }

    private static String samplesOf(String outputTopic) {
        return outputTopic + ".samples";
    }

    private static void requireValid(String what, String id) {
        if (!VALID_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(what + " id '" + id + "' must be 1 to 100 letters, digits, '.', '_'"
                    + " or '-' (it is part of topic names)");
        }
    }
}
