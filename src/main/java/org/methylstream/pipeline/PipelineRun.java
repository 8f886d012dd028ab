package org.methylstream.pipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.streams.StreamsConfig;
import org.methylstream.admin.GroupProgress;
import org.methylstream.admin.TopicAdmin;
import org.methylstream.application.Deployment;
import org.methylstream.application.ScoringApplication;
import org.methylstream.connect.FileSinkSettings;
import org.methylstream.connect.FileSinkWorker;
import org.methylstream.connect.ScoreFileSinkTask;
import org.methylstream.format.InputSettings;
import org.methylstream.format.InvalidSiteException;
import org.methylstream.format.SiteFiles;
import org.methylstream.format.OutputFormat;
import org.methylstream.naming.AnalysisNames;
import org.methylstream.producer.Ingestion;
import org.methylstream.producer.SampleNames;
import org.methylstream.producer.SitePublisher;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.control.ErrorRateSettings;
import org.methylstream.stats.FdrScope;
import org.methylstream.stats.FdrTests;
import org.methylstream.topology.FdrSettings;
import org.methylstream.topology.TopologySettings;

/**
 * The default job end to end on one cluster: publish site files to a run's own topics, score them with the
 * Streams application, and let the Connect file sink write the significant sites, all at once (pipelined). It
 * returns when every published site is accounted for, i.e. the scoring application has committed past the
 * last input record, and the sink has committed past the last output record, so the file is complete.
 */
public final class PipelineRun {
    /** How long the pipeline may make no progress at all before the run is declared stuck. */
    private static final Duration STALL_LIMIT = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofMillis(50);
    /** Sites left to commit that a stream thread scores within a few milliseconds. */
    private static final long NEARLY_DONE_SITES = 10_000;
    private static final Duration NEARLY_DONE_POLL = Duration.ofMillis(10);
    /**
     * The sink's flush interval in a run, and how long a closing Streams consumer waits for its fetch: a run ends
     * with the sink's last commit, so the default second would be waited for at the end of every run, longer than
     * the 2,000-site example's whole processing (README, Performance). Streams needs no short interval: each sample's
     * end marker is committed as soon as it is processed, so a run keeps the default commit interval of a second
     * (each at-least-once commit flushes the producer and the stores: ten a second cost 6 % of a run's CPU).
     */
    private static final Duration DRAIN_INTERVAL = Duration.ofMillis(100);
    private static final Duration IDLE_POLL = Duration.ofMillis(10);

    /**
     * What one run works on and where its results go.
     *
     * @param fdr    Benjamini-Hochberg per sample at this level, or 0 for none
     * @param fdrOut where the discoveries go, with their q-values; null to leave them in the topic only
     * @param outputFormat the layout of both files' lines
     * @param replicationFactor replicas of every topic the run creates, Kafka Streams' too (-1: the cluster's default)
     * @param sitesPerRecord at most this many sites of a sample in one record of the run's sites topic
     * @param significantPerRecord at most this many significant sites of a record of the sites topic in one record of
     *                       the run's significant topic
     */
    public record Job(List<String> inputs, InputSettings input, boolean skipInvalid, String sample,
                      ScoringParameters scoring, String runId, int partitions, int threads, Path out,
                      Path stateDir, double fdr, Path fdrOut, OutputFormat outputFormat,
                      short replicationFactor, FdrScope fdrBy, FdrTests fdrTests, ErrorRateSettings rates,
                      int sitesPerRecord, int significantPerRecord) {
        /** The run's topics and application. */
        public AnalysisNames names() {
            return AnalysisNames.ofRun(runId);
        }
    }

    /**
     * What happened to the sites of a run; published = significant + not significant + dead-lettered + CpGs
     * merged (with {@code --merge-cpg} both strands of a CpG are published, and scored as one site).
     *
     * @param discoveries lines of the FDR file: the samples' Benjamini-Hochberg discoveries (0 without one)
     */
    public record Summary(long published, long invalidLines, long significant, long deadLettered, long discoveries,
                          Duration elapsed, String sitesTopic, String significantTopic, long cpgMerged) {
        public long notSignificant() {
            return published - significant - deadLettered - cpgMerged;
        }
    }

    /** The run was asked to stop before it was complete: everything was closed cleanly and no output written. */
    public static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped on request", null, false, false);
        }
    }

    /** Told about a run's scoring application: once it is made, and once every site is scored (it still runs). */
    public interface Observer {
        /** The application is made and about to start; its stores answer once it runs. */
        default void started(ScoringApplication scoring, TopologySettings topology) throws IOException {
        }

        /** Every site is scored and committed, and with FDR on every ended sample's discoveries are written. */
        default void scored(ScoringApplication scoring, TopologySettings topology) throws IOException,
                InterruptedException {
        }
    }

    private PipelineRun() {
    }

    /**
     * Whether the job's inputs can be read (see {@link SiteFiles#checkReadable}); for a caller to fail fast before
     * any Kafka part starts.
     */
    public static void checkInputs(Job job) throws IOException, InvalidSiteException {
        new SiteFiles(job.inputs(), job.input(), job.skipInvalid(), System.err).checkReadable();
    }

    /**
     * @param stopRequested polled between sites and while waiting: true ends the run early
     * @param observer      told when the scoring application is made and when it has scored everything
     * @throws InvalidSiteException the first bad line, unless bad lines are skipped; nothing is written then
     * @throws Stopped              when a stop was requested; the clients committed what they did, nothing is written
     */
    public static Summary run(Job job, Properties client, PrintStream log, BooleanSupplier stopRequested,
                              Timeline timeline, Observer observer)
            throws IOException, InvalidSiteException, InterruptedException {
        long started = System.nanoTime();
        TopologySettings stored = new TopologySettings(job.names(), job.scoring())
                .withFdr(new FdrSettings(job.fdr(), 0, 1, job.fdrBy(), job.fdrTests())).withRates(job.rates())
                .withSignificantPerRecord(job.significantPerRecord()).withCountsInMemory();
        // the run publishes its input itself: strands to pair come only with --merge-cpg
        TopologySettings topology = job.input().mergeCpg() ? stored : stored.withoutCpgPairing();
        Path out = job.out().toAbsolutePath();
        Path partial = partialOf(out);
        Path fdrPartial = job.fdrOut() == null ? null : partialOf(job.fdrOut().toAbsolutePath());
        List<Path> partials = fdrPartial == null ? List.of(partial) : List.of(partial, fdrPartial);
        for (Path file : partials) {
            deletePartial(file); // the sink would continue a stale partial file from a failed run
        }
        // Kafka Streams is configured (a fifth of a second: clients, stores, RocksDB's library) while the topics are
        // made, for the partition count asked for, which a new run's topics have
        CompletableFuture<ScoringApplication> configuring = CompletableFuture.supplyAsync(
                () -> scoringApplication(job, client, topology, job.partitions()));
        int partitions;
        try (Admin admin = TopicAdmin.open(client)) {
            // finding the group's coordinator makes a new broker create its offsets topic: done beside the topics, it
            // is ready when Streams and Connect join their groups (each waited ~0.3 s for it, NOT_COORDINATOR)
            KafkaFuture<?> coordinator = admin.describeConsumerGroups(List.of(job.names().applicationId())).all();
            // with the file sink's dead letters, which its start would make and wait for otherwise
            partitions = ScoringApplication.createTopics(admin, topology, job.partitions(), job.replicationFactor(),
                    List.of(new NewTopic(AnalysisNames.deadLettersOf(topology.outputTopic()), 1,
                            job.replicationFactor())));
            awaitCoordinator(coordinator);
            TopicAdmin.singleReplicaWarning(admin, ScoringApplication.topics(topology))
                    .ifPresent(warning -> log.println("run: warning: " + warning));
        } catch (RuntimeException | InterruptedException e) {
            configuring.thenAccept(ScoringApplication::close);
            throw e;
        }
        timeline.mark("topics created, leaders serving");
        ScoringApplication configured;
        try {
            configured = configuring.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        if (configured.partitions() != partitions) { // the run's topics existed, with another count
            configured.close();
            configured = scoringApplication(job, client, topology, partitions);
        }
        ScoringApplication scoring = configured;
        long[] counts; // published, invalid lines
        try {
            counts = streamThrough(job, client, log, topology, scoring, partial, fdrPartial, stopRequested, timeline,
                    observer);
        } catch (IOException | InvalidSiteException | InterruptedException | RuntimeException e) {
            for (Path file : partials) {
                deletePartial(file); // a failed or stopped run leaves no file that could pass for a result
            }
            throw e;
        }
        long deadLettered;
        try (Admin admin = Admin.create(client)) {
            deadLettered = GroupProgress.recordCount(admin, topology.deadLetterTopic());
        }
        long firstLines = job.outputFormat().header() == null ? 0 : 1; // bedGraph's track line is no site
        long significant = complete(partial, out) - firstLines;
        long discoveries = fdrPartial == null ? 0 : complete(fdrPartial, job.fdrOut().toAbsolutePath()) - firstLines;
        timeline.mark("output file moved into place, lines counted");
        long cpgMerged = job.input().mergeCpg()
                ? SampleSummaries.cpgMerged(client, topology.samplesTopic(), STALL_LIMIT) : 0;
        return new Summary(counts[0], counts[1], significant, deadLettered, discoveries,
                Duration.ofNanos(System.nanoTime() - started), topology.inputTopic(), topology.outputTopic(), cpgMerged);
    }

    /**
     * Waits for the coordinator lookup; its failure is left to Streams to report in its own words (a principal may
     * lack Describe on the group and still run, with Read).
     */
    private static void awaitCoordinator(KafkaFuture<?> coordinator) throws InterruptedException {
        try {
            coordinator.get();
        } catch (ExecutionException e) {
            // not needed for the run: only a head start
        }
    }

    private static Path partialOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".partial");
    }

    /** A partial file and the sink's position in it, which belongs to it. */
    private static void deletePartial(Path partial) throws IOException {
        Files.deleteIfExists(partial);
        Files.deleteIfExists(ScoreFileSinkTask.positionFileOf(partial));
    }

    /** Gives a finished file its name; returns its lines. */
    private static long complete(Path partial, Path file) throws IOException {
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(ScoreFileSinkTask.positionFileOf(partial));
        return lineCount(file);
    }

    /**
     * Counts newlines in bytes, eight at a time: a whole methylome's output is hundreds of MB, read at the end of the
     * run while nothing else is left to do (a byte at a time, 0.3 s of a 10 M-site run).
     */
    static long lineCount(Path file) throws IOException {
        long lines = 0;
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel in = FileChannel.open(file)) {
            while (in.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.remaining() >= Long.BYTES) {
                    lines += newlines(buffer.getLong());
                }
                while (buffer.hasRemaining()) {
                    lines += buffer.get() == '\n' ? 1 : 0;
                }
                buffer.clear();
            }
        }
        return lines;
    }

    /** The newline bytes among the eight of {@code word}: each becomes a zero byte, whose top bit is then set. */
    private static int newlines(long word) {
        long x = word ^ 0x0A0A0A0A0A0A0A0AL;
        // exact zero-byte test (no carries between bytes): bit 7 of a byte is set iff that byte of x is 0
        long zeros = ~(((x & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | x | 0x7F7F7F7F7F7F7F7FL);
        return Long.bitCount(zeros);
    }

    /**
     * Publishes, scores and sinks into {@code file}, and with FDR on, sinks the samples' discoveries into
     * {@code fdrFile} once every ended sample is done; returns {published, invalid lines} once all is committed.
     */
    private static long[] streamThrough(Job job, Properties client, PrintStream log, TopologySettings topology,
                                        ScoringApplication scoring, Path file, Path fdrFile, BooleanSupplier stopRequested,
                                        Timeline timeline, Observer observer)
            throws IOException, InvalidSiteException, InterruptedException {
        AnalysisNames names = topology.names();
        CompletableFuture<Void> streamsClosing = CompletableFuture.completedFuture(null);
        try (scoring) {
            observer.started(scoring, topology);
            FileSinkSettings sinkSettings = FileSinkSettings.of(client, topology.outputTopic(), file,
                            job.stateDir().resolve("connect").resolve(names.sinkOffsetsFile()))
                    .withConnectorName(names.sinkConnector())
                    .withOutputFormat(job.outputFormat()).withReplicationFactor(job.replicationFactor())
                    .withFlushInterval(DRAIN_INTERVAL);
            timeline.mark("Streams configured");
            // Streams and Connect start (1-3 s) side by side while the first sites are published: none waits for
            // another
            CompletableFuture<ScoringApplication> streamsStarting = CompletableFuture.supplyAsync(() -> {
                uninterrupted(() -> {
                    scoring.start(STALL_LIMIT);
                    return scoring;
                }, "Kafka Streams");
                timeline.mark("Streams running: first assignment");
                return scoring;
            });
            CompletableFuture<FileSinkWorker> sinkStarting = CompletableFuture.supplyAsync(() -> {
                FileSinkWorker sink = uninterrupted(() -> FileSinkWorker.start(sinkSettings), "Kafka Connect");
                timeline.mark("Connect sink task running");
                return sink;
            });
            Ingestion.Result published;
            try (SitePublisher publisher = new SitePublisher(client, topology.inputTopic(), job.sitesPerRecord())) {
                published = new Ingestion(publisher, job.input(), job.skipInvalid(), log,
                        () -> stopRequested.getAsBoolean() || streamsStarting.isCompletedExceptionally()
                                || sinkStarting.isCompletedExceptionally())
                        .publish(SampleNames.assign(job.inputs(),
                                job.sample() != null ? List.of(job.sample()) : List.of()));
            } catch (IOException | InvalidSiteException | RuntimeException e) {
                awaitStart(streamsStarting); // closing Streams while it starts would leave start() waiting
                closeOnceStarted(sinkStarting);
                throw e;
            }
            timeline.mark("published, producer closed");
            published.notes().forEach(note -> log.println("run: " + note));
            try (FileSinkWorker sink = started(sinkStarting, streamsStarting)) {
                if (published.stopped()) {
                    throw new Stopped();
                }
                try (Admin admin = Admin.create(client)) {
                    awaitCommitted(admin, names.applicationId(), topology.inputTopic(), job.sitesPerRecord(),
                            scoring, sink, stopRequested);
                }
                timeline.mark("drain: Streams committed past the last site");
                if (topology.perSampleStage()) {
                    // before the sink's catch-up: samples scored at their end (a control's rate) add output
                    awaitFdr(scoring, published.endedSamples().size());
                    timeline.mark("drain: the per-sample stage done");
                }
                if (!sink.awaitCaughtUp(STALL_LIMIT)) {
                    throw new IllegalStateException("the file sink did not catch up within " + STALL_LIMIT.toSeconds() + " s");
                }
                timeline.mark("drain: sink flushed and committed the last line");
                observer.scored(scoring, topology);
                // all is in the topics: Streams commits and leaves its group while the sink commits and stops
                streamsClosing = CompletableFuture.runAsync(() -> {
                    scoring.close();
                    timeline.mark("Streams closed");
                });
            }
            timeline.mark("Connect stopped");
            if (fdrFile != null) {
                // a second Connect worker only now, after the first has stopped: each takes hundreds of MB
                FileSinkSettings fdrSink = FileSinkSettings.of(client, topology.fdrTopic(), fdrFile,
                                job.stateDir().resolve("connect").resolve(names.fdrSinkOffsetsFile()))
                        .withConnectorName(names.fdrSinkConnector())
                        .withOutputFormat(job.outputFormat()).withReplicationFactor(job.replicationFactor())
                        .withFlushInterval(DRAIN_INTERVAL);
                try (FileSinkWorker sink = FileSinkWorker.start(fdrSink)) {
                    if (!sink.awaitCaughtUp(STALL_LIMIT)) {
                        throw new IllegalStateException("the FDR file sink did not catch up within "
                                + STALL_LIMIT.toSeconds() + " s");
                    }
                }
            }
            streamsClosing.join();
            return new long[] {published.sites(), published.invalidLines()};
        }
    }

    /**
     * The run's Streams application: its threads start on the first sites as soon as they can, and close as soon
     * as the last commit is made.
     */
    private static ScoringApplication scoringApplication(Job job, Properties client, TopologySettings topology,
                                                         int partitions) {
        Properties streamsClient = new Properties();
        streamsClient.putAll(client);
        // a thread waits this long in a poll that brings nothing, and notices only then that its restored tasks
        // can run (100 ms by default, once per thread at the start of every run)
        streamsClient.put(StreamsConfig.POLL_MS_CONFIG, (int) IDLE_POLL.toMillis());
        // closing a stream thread's consumer waits for its fetch outstanding at the broker (500 ms by default)
        streamsClient.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
                (int) DRAIN_INTERVAL.toMillis());
        return new ScoringApplication(topology, partitions, streamsClient, job.threads(), false,
                job.stateDir().resolve("streams"), new Deployment(job.replicationFactor(), 0, null));
    }

    /** Something that starts and may be interrupted while it waits. */
    private interface Start<T> {
        T run() throws InterruptedException;
    }

    private static <T> T uninterrupted(Start<T> start, String what) {
        try {
            return start.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + what, e);
        }
    }

    /** The started sink once Streams runs too, or the reason Streams or Connect did not start. */
    private static FileSinkWorker started(CompletableFuture<FileSinkWorker> sinkStarting,
                                          CompletableFuture<ScoringApplication> streamsStarting) {
        try {
            streamsStarting.join();
        } catch (CompletionException e) {
            closeOnceStarted(sinkStarting);
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        try {
            return sinkStarting.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** After a failure: the sink must not outlive the run, so it is closed once its start is over. */
    private static void closeOnceStarted(CompletableFuture<FileSinkWorker> starting) {
        try {
            starting.join().close();
        } catch (CompletionException e) {
            // it did not start: nothing to close, and the first failure is what the caller reports
        }
    }

    private static void awaitStart(CompletableFuture<ScoringApplication> starting) {
        try {
            starting.join();
        } catch (CompletionException e) {
            // it did not start: the first failure is what the caller reports
        }
    }

    /** Waits until the Benjamini-Hochberg stage has written the discoveries of {@code samples} samples. */
    private static void awaitFdr(ScoringApplication scoring, int samples) throws InterruptedException {
        long done = -1;
        long lastProgress = System.nanoTime();
        while (scoring.fdrSamplesDone() < samples) {
            if (scoring.failure() != null) {
                throw new IllegalStateException("FDR failed: " + scoring.failure(), scoring.failure());
            }
            if (scoring.fdrSamplesDone() > done) {
                done = scoring.fdrSamplesDone();
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL_LIMIT.toNanos()) {
                throw new IllegalStateException("no sample's FDR was done for " + STALL_LIMIT.toSeconds() + " s, "
                        + done + " of " + samples + " done");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Waits until the scoring application has committed past every input record, failing fast if a part fails. */
    private static void awaitCommitted(Admin admin, String groupId, String topic, int sitesPerRecord,
                                       ScoringApplication scoring, FileSinkWorker sink, BooleanSupplier stopRequested)
            throws InterruptedException {
        long lastLag = Long.MAX_VALUE;
        long lastProgress = System.nanoTime();
        while (true) {
            if (scoring.failure() != null) {
                throw new IllegalStateException("scoring failed: " + scoring.failure(), scoring.failure());
            }
            sink.checkRunning();
            checkStop(stopRequested);
            long lag = GroupProgress.lag(admin, groupId, topic);
            if (lag == 0) {
                return;
            }
            if (lag < lastLag) {
                lastLag = lag;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL_LIMIT.toNanos()) {
                throw new IllegalStateException("scoring made no progress for " + STALL_LIMIT.toSeconds() + " s with "
                        + lag + " records of " + topic + " left");
            }
            // sooner when little is left (a small run's whole drain): the last commit follows the last site at once
            Thread.sleep(lag * sitesPerRecord < NEARLY_DONE_SITES ? NEARLY_DONE_POLL.toMillis() : POLL.toMillis());
        }
    }

    private static void checkStop(BooleanSupplier stopRequested) {
        if (stopRequested.getAsBoolean()) {
            throw new Stopped();
        }
    }
}
