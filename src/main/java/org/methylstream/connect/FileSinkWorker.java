package org.methylstream.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.AbstractStatus;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.apache.kafka.connect.runtime.rest.RestClient;
import org.apache.kafka.connect.runtime.rest.RestServer;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;
import org.methylstream.admin.TopicAdmin;

/**
 * A standalone Kafka Connect worker in this JVM running methylstream's file sink: every record of a topic becomes
 * one line of a file, through {@link ScoreLineConverter}. A restarted worker continues the file where the last one
 * committed.
 *
 * <p>Delivery is exactly once ({@link ScoreFileSinkTask}): the sink commits the file's length with its offsets
 * each flush interval, and a worker killed between commits leaves lines that the next one cuts off and writes again
 * from the committed offsets. A clean {@link #close()} commits everything written.
 *
 * <p>Kafka internal API (pinned by {@code kafka.version}), all of it in this class: Connect's public interfaces
 * are the connector API and the REST API of a running worker; starting a worker inside this JVM has none. Used:
 * the standalone worker's parts as {@code connect-standalone.sh} assembles them ({@code Plugins},
 * {@code StandaloneConfig}, and {@code ConnectStandalone.createHerder}, which makes the {@code Worker} with its
 * file offset store and the {@code StandaloneHerder}), and the herder (creates the connector, reports its task's
 * state). Left out on purpose: the REST server, which nobody could reach (it listened on a random local port) and
 * whose resources took a third of a second to start. If an upgrade changes them, {@code connect/FileSinkWorkerTest}
 * and {@code cli/SinkCommandTest} fail.
 */
public final class FileSinkWorker implements AutoCloseable {
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STATUS_POLL = Duration.ofMillis(50);
    /** Names the worker in the connector's status, where a distributed worker's REST address would be. */
    private static final String WORKER_ID = "methylstream-file-sink";

    private final FileSinkSettings settings;
    private final StandaloneHerder herder;
    private Duration startupTime;
    private boolean stopped;

    private FileSinkWorker(FileSinkSettings settings, StandaloneHerder herder) {
        this.settings = settings;
        this.herder = herder;
    }

    /**
     * Starts the worker and its connector and returns once the sink task runs.
     *
     * @throws ConnectException when the worker or the connector cannot start; nothing is left running then
     */
    public static FileSinkWorker start(FileSinkSettings settings) throws InterruptedException {
        long started = System.nanoTime();
        createParentDirectories(settings.file());
        createParentDirectories(settings.offsetsFile());
        if (settings.connector() == FileSinkConnectorKind.FILE_STREAM) {
            startFileStream(settings);
        } else {
            // the task would refuse it too, but only after Connect started and logged the task's death
            ScoreFileSinkTask.checkLayout(settings.file(), settings.outputFormat().id());
        }
        try (Admin admin = TopicAdmin.open(settings.clientProperties())) {
            // Connect would create it on the first bad record, logging an alarming ERROR first
            TopicAdmin.ensure(admin, settings.deadLetterTopic(), 1, settings.replicationFactor(), Map.of());
        }
        Thread thread = Thread.currentThread();
        ClassLoader callersLoader = thread.getContextClassLoader();
        try {
            FileSinkWorker worker = new FileSinkWorker(settings, startHerder(settings.workerConfig()));
            try {
                worker.createConnector();
                worker.awaitTaskRunning();
            } catch (RuntimeException | InterruptedException e) {
                worker.close();
                throw e;
            }
            worker.startupTime = Duration.ofNanos(System.nanoTime() - started);
            return worker;
        } finally {
            thread.setContextClassLoader(callersLoader); // Connect leaves its plugin loader on the starting thread
        }
    }

    /** The standalone worker without its REST server: what {@code ConnectStandalone.startConnect} starts but that. */
    private static StandaloneHerder startHerder(Map<String, String> workerConfig) {
        Plugins plugins = new Plugins(workerConfig);
        plugins.compareAndSwapWithDelegatingLoader(); // the caller's loader is put back by start()
        StandaloneConfig config = new StandaloneConfig(workerConfig);
        ConnectorClientConfigOverridePolicy policy = plugins.newPlugin(
                config.getString(WorkerConfig.CONNECTOR_CLIENT_POLICY_CLASS_CONFIG), config,
                ConnectorClientConfigOverridePolicy.class);
        StandaloneHerder herder = new HerderFactory().createHerder(config, WORKER_ID, plugins, policy, null, null);
        try {
            herder.start();
        } catch (RuntimeException e) {
            herder.stop();
            throw new ConnectException("Kafka Connect did not start: " + e.getMessage(), e);
        }
        return herder;
    }

    /** Opens {@code ConnectStandalone}'s assembly of a worker and its herder, which needs no REST server. */
    private static final class HerderFactory extends ConnectStandalone {
        @Override
        protected StandaloneHerder createHerder(StandaloneConfig config, String workerId, Plugins plugins,
                                                ConnectorClientConfigOverridePolicy policy, RestServer restServer,
                                                RestClient restClient) {
            return super.createHerder(config, workerId, plugins, policy, restServer, restClient);
        }
    }

    private void createConnector() throws InterruptedException {
        FutureCallback<Herder.Created<ConnectorInfo>> created = new FutureCallback<>();
        herder.putConnectorConfig(settings.connectorName(), settings.connectorConfig(), false, created);
        try {
            created.get(CREATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ConnectException("connector " + settings.connectorName() + " was refused: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new ConnectException("connector " + settings.connectorName() + " was not created within "
                    + CREATE_TIMEOUT.toSeconds() + " s");
        }
        herder.ready(); // as ConnectStandalone does: the worker's health check now reports it as up
    }

    private void awaitTaskRunning() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!taskRunning()) {
            if (System.nanoTime() > deadline) {
                throw new ConnectException("sink task of " + settings.connectorName() + " did not start within "
                        + START_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(STATUS_POLL.toMillis());
        }
    }

    private boolean taskRunning() {
        checkRunning();
        List<ConnectorStateInfo.TaskState> tasks = status().tasks();
        return !tasks.isEmpty() && tasks.stream().allMatch(task -> isRunning(task.state()));
    }

    /** From {@link #start} until the sink task ran. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Returns once the file holds a line for every record the topic holds now (as a read-committed reader sees
     * it), or false after {@code timeout}. Only committed offsets count, so this takes up to one flush interval
     * after the last line is written.
     *
     * @throws ConnectException when the sink fails meanwhile
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration poll = settings.flushInterval().dividedBy(4);
        try (SinkProgress progress = new SinkProgress(settings.clientProperties(), settings.consumerGroup())) {
            Map<TopicPartition, Long> end = progress.readableEnd(settings.topic(), timeout);
            while (true) {
                checkRunning();
                Duration left = Duration.ofNanos(deadline - System.nanoTime());
                if (left.isNegative()) {
                    return false;
                }
                if (progress.reached(end, left)) {
                    return true;
                }
                Thread.sleep(Math.max(1, Math.min(poll.toMillis(), left.toMillis())));
            }
        }
    }

    /** @throws ConnectException naming the error when the connector or its task has failed */
    public void checkRunning() {
        ConnectorStateInfo status = status();
        if (isFailed(status.connector().state())) {
            throw failure("connector", status.connector().trace());
        }
        for (ConnectorStateInfo.TaskState task : status.tasks()) {
            if (isFailed(task.state())) {
                throw failure("task " + task.id(), task.trace());
            }
        }
    }

    private ConnectorStateInfo status() {
        return herder.connectorStatus(settings.connectorName());
    }

    private ConnectException failure(String what, String trace) {
        // the trace's first line is the exception and its message; the stack is in the worker's log
        String reason = trace == null ? "no reason given" : trace.lines().findFirst().orElse(trace);
        return new ConnectException("file sink " + settings.connectorName() + " failed (" + what + "): " + reason);
    }

    private static boolean isRunning(String state) {
        return AbstractStatus.State.RUNNING.name().equals(state);
    }

    private static boolean isFailed(String state) {
        return AbstractStatus.State.FAILED.name().equals(state);
    }

    /** Stops the sink, which writes out and commits what it has consumed, and then the worker. Idempotent. */
    @Override
    public synchronized void close() {
        if (!stopped) {
            stopped = true;
            herder.stop();
        }
    }

    /**
     * Kafka's FileStreamSinkConnector only appends records' lines: a layout's first line (bedGraph's track line)
     * goes into a new or empty file before it starts. ({@link ScoreFileSinkTask} writes its own.)
     */
    private static void startFileStream(FileSinkSettings settings) {
        String header = settings.outputFormat().header();
        Path file = settings.file();
        try {
            if (header != null && (!Files.exists(file) || Files.size(file) == 0)) {
                Files.writeString(file, header + "\n", StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the first line of " + file, e);
        }
    }

    private static void createParentDirectories(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of " + file, e);
        }
    }
}
