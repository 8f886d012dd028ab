package org.methylstream.analysis;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.methylstream.admin.ApplicationReset;
import org.methylstream.admin.GroupProgress;
import org.methylstream.admin.TopicAdmin;
import org.methylstream.application.Deployment;
import org.methylstream.application.ScoringApplication;
import org.methylstream.avro.Analysis;
import org.methylstream.control.ErrorRateSettings;
import org.methylstream.naming.AnalysisNames;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.topology.TopologySettings;

/**
 * Scores everything the sites topic retains with an analysis's parameters, into the analysis's own topics, without
 * re-ingesting anything and without touching other analyses.
 *
 * <p>Samples whose error rate comes from a control (the analysis's {@code --control}, or their own, from
 * {@code publish --control}) are scored at their end by the application's per-sample stage, from the retained sites
 * topic, as {@code process} scores them.
 *
 * <p>Running an analysis again is idempotent: the same id with the same parameters starts over from scratch, the
 * way Kafka's streams reset tool does it: the application's committed offsets (its consumer group and the
 * per-sample stage's), internal topics and local state are deleted, and so are the analysis's output topics
 * (significant sites, samples, dead letters, the per-sample stage's); those it writes are created anew, so they end
 * up holding each result once. Readers of those topics must start over too. The same id with
 * other parameters (or another input) is refused: results of different parameters never share a topic.
 */
public final class Replay {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STALL_LIMIT = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofMillis(200);

    /**
     * @param sites       records of the input the analysis went through (sites and sample end markers)
     * @param significant records in its output topic
     * @param rerun       the analysis existed and was started over
     * @param stopped     a stop request ended it before it had caught up
     */
    public record Summary(Analysis analysis, long sites, long significant, boolean rerun, boolean stopped,
                          Duration elapsed) {
    }

    private Replay() {
    }

    /**
     * @param rates      where each sample's error rate comes from; its given rate is {@code scoring}'s
     * @param continuous keep scoring what is published later until a stop is requested, instead of returning once
     *                   everything that was retained at the start is scored
     * @param stateDir   local state lives below it
     * @param replicationFactor replicas of the analysis's topics, Kafka Streams' too (-1: the cluster's default)
     * @throws IllegalStateException when the id is taken by other parameters, the analysis is running elsewhere, or
     *                               scoring fails
     */
    public static Summary run(String analysisId, String inputTopic, ScoringParameters scoring,
                              ErrorRateSettings rates, int threads, boolean continuous, Path stateDir,
                              Properties client, BooleanSupplier stop, PrintStream log, short replicationFactor) throws InterruptedException {
        long started = System.nanoTime();
        Analysis wanted = Analyses.define(analysisId, inputTopic, scoring, rates, Instant.now());
        Analysis previous = AnalysisRegistry.read(client).get(analysisId);
        if (previous != null && !Analyses.sameWork(previous, wanted)) {
            throw new IllegalStateException("analysis " + analysisId + " exists with other parameters ("
                    + Analyses.describe(previous) + "); choose another --analysis id ('methylstream analyses' lists"
                    + " those in use)");
        }
        Analysis analysis = previous == null ? wanted
                : Analysis.newBuilder(wanted).setCreatedAt(previous.getCreatedAt()).build();
        TopologySettings settings = Analyses.topology(analysis);
        Map<TopicPartition, Long> ends;
        long records;
        int partitions;
        try (Admin admin = TopicAdmin.open(client)) {
            TopicAdmin.partitionsOf(admin, inputTopic);
            reset(admin, analysis);
            partitions = ScoringApplication.createTopics(admin, settings, AnalysisNames.DEFAULT_PARTITIONS,
                    replicationFactor);
            AnalysisRegistry.record(client, analysis);
            ends = GroupProgress.endOffsets(admin, inputTopic);
            records = GroupProgress.lag(admin, analysis.getApplicationId(), ends); // all of it: the group starts over
        }
        log.printf("replay: analysis %s (%s)%s: scoring %s into %s%n", analysisId, Analyses.describe(analysis),
                previous == null ? "" : ", run again from scratch", inputTopic, analysis.getOutputTopic());
        boolean stopped;
        try (ScoringApplication app = new ScoringApplication(settings, partitions, client, threads, false,
                stateDir.resolve("streams"), new Deployment(replicationFactor, 0, null))) {
            app.deleteLocalState();
            app.start(START_TIMEOUT);
            stopped = continuous ? awaitStop(app, stop) : awaitCaughtUp(app, settings, ends, client, stop);
        }
        long significant;
        try (Admin admin = Admin.create(client)) {
            significant = GroupProgress.recordCount(admin, analysis.getOutputTopic());
        }
        return new Summary(analysis, records, significant, previous != null, stopped && !continuous,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** Deletes what an earlier run of the analysis left: committed offsets, internal and output topics. */
    private static void reset(Admin admin, Analysis analysis) {
        String applicationId = analysis.getApplicationId();
        if (ApplicationReset.activeGroups(admin).containsKey(applicationId)) {
            throw new IllegalStateException("analysis " + analysis.getAnalysisId() + " is running (consumer group "
                    + applicationId + " has members); stop it before running it again");
        }
        AnalysisNames names = Analyses.names(analysis);
        // the stage's too: its offsets in the requests topic would skip the requests of the new run
        ApplicationReset.deleteGroups(admin, List.of(applicationId, names.fdrStageGroup()));
        List<String> owned = new ArrayList<>(ScoringApplication.internalTopics(names));
        owned.addAll(names.outputTopics());
        TopicAdmin.deleteIfPresent(admin, owned);
    }

    private static boolean awaitStop(ScoringApplication app, BooleanSupplier stop) throws InterruptedException {
        while (!stop.getAsBoolean()) {
            checkRunning(app);
            Thread.sleep(POLL.toMillis());
        }
        return true;
    }

    /**
     * Waits until everything below {@code ends} of the input is scored and committed; true when a stop request came
     * first. With the per-sample stage, that includes the samples it scores at their end: the application's second
     * sub-topology must have merged their partitions' histograms into requests, and the stage must have done the
     * requests (it commits one once its output is written). Each topic's end is taken once the step writing it has
     * committed past its own input, so it holds everything that step will write for what was retained.
     */
    private static boolean awaitCaughtUp(ScoringApplication app, TopologySettings settings,
                                         Map<TopicPartition, Long> ends, Properties client, BooleanSupplier stop)
            throws InterruptedException {
        String applicationId = settings.names().applicationId();
        try (Admin admin = Admin.create(client)) {
            boolean stopped = awaitCommitted(app, admin, applicationId, settings.inputTopic(), ends, stop);
            if (stopped || !settings.perSampleStage()) {
                return stopped;
            }
            return awaitCommitted(app, admin, applicationId, settings.histogramsTopic(),
                    GroupProgress.endOffsets(admin, settings.histogramsTopic()), stop)
                    || awaitCommitted(app, admin, settings.names().fdrStageGroup(), settings.fdrRequestsTopic(),
                    GroupProgress.endOffsets(admin, settings.fdrRequestsTopic()), stop);
        }
    }

    /** Waits until {@code group} has committed past {@code ends} of {@code topic}; true when a stop came first. */
    private static boolean awaitCommitted(ScoringApplication app, Admin admin, String group, String topic,
                                          Map<TopicPartition, Long> ends, BooleanSupplier stop)
            throws InterruptedException {
        long lastLag = Long.MAX_VALUE;
        long lastProgress = System.nanoTime();
        while (true) {
            if (stop.getAsBoolean()) {
                return true;
            }
            checkRunning(app);
            long lag = GroupProgress.lag(admin, group, ends);
            if (lag == 0) {
                return false;
            }
            if (lag < lastLag) {
                lastLag = lag;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL_LIMIT.toNanos()) {
                throw new IllegalStateException("replay made no progress for " + STALL_LIMIT.toSeconds()
                        + " s with " + lag + " records of " + topic + " left");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static void checkRunning(ScoringApplication app) {
        if (app.failure() != null) {
            throw new IllegalStateException("scoring failed: " + app.failure(), app.failure());
        }
    }
}
