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
import org.methylstream.naming.AnalysisNames;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.topology.TopologySettings;

/**
 * Scores everything the sites topic retains with an analysis's parameters, into the analysis's own topics, without
 * re-ingesting anything and without touching other analyses.
 *
 * <p>Running an analysis again is idempotent: the same id with the same parameters starts over from scratch, the
 * way Kafka's streams reset tool does it: the application's committed offsets (its consumer group), internal topics
 * and local state are deleted, and so are the analysis's output, samples and dead-letter topics, which are created
 * anew, so they end up holding each result once. Readers of those topics must start over too. The same id with
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
     * @param continuous keep scoring what is published later until a stop is requested, instead of returning once
     *                   everything that was retained at the start is scored
     * @param stateDir   local state lives below it
     * @param replicationFactor replicas of the analysis's topics, Kafka Streams' too (-1: the cluster's default)
     * @throws IllegalStateException when the id is taken by other parameters, the analysis is running elsewhere, or
     *                               scoring fails
     */
    public static Summary run(String analysisId, String inputTopic, ScoringParameters scoring, int threads,
                              boolean continuous, Path stateDir, Properties client, BooleanSupplier stop,
                              PrintStream log, short replicationFactor) throws InterruptedException {
        long started = System.nanoTime();
        Analysis wanted = Analyses.define(analysisId, inputTopic, scoring, Instant.now());
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
        try (Admin admin = Admin.create(client)) {
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
            stopped = continuous ? awaitStop(app, stop) : awaitCaughtUp(app, ends, client, stop);
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
        ApplicationReset.deleteGroups(admin, List.of(applicationId));
        List<String> owned = new ArrayList<>(ScoringApplication.internalTopics(Analyses.names(analysis)));
        owned.addAll(List.of(analysis.getOutputTopic(), analysis.getSamplesTopic(), analysis.getDeadLetterTopic()));
        TopicAdmin.deleteIfPresent(admin, owned);
    }

    private static boolean awaitStop(ScoringApplication app, BooleanSupplier stop) throws InterruptedException {
        while (!stop.getAsBoolean()) {
            checkRunning(app);
            Thread.sleep(POLL.toMillis());
        }
        return true;
    }

    /** Waits until the application has committed past {@code ends}; true when a stop request came first. */
    private static boolean awaitCaughtUp(ScoringApplication app, Map<TopicPartition, Long> ends, Properties client,
                                         BooleanSupplier stop) throws InterruptedException {
        long lastLag = Long.MAX_VALUE;
        long lastProgress = System.nanoTime();
        try (Admin admin = Admin.create(client)) {
            while (true) {
                if (stop.getAsBoolean()) {
                    return true;
                }
                checkRunning(app);
                long lag = GroupProgress.lag(admin, app.applicationId(), ends);
                if (lag == 0) {
                    return false;
                }
                if (lag < lastLag) {
                    lastLag = lag;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL_LIMIT.toNanos()) {
                    throw new IllegalStateException("replay made no progress for " + STALL_LIMIT.toSeconds()
                            + " s with " + lag + " records left");
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    private static void checkRunning(ScoringApplication app) {
        if (app.failure() != null) {
            throw new IllegalStateException("scoring failed: " + app.failure(), app.failure());
        }
    }
}
