package org.methylstream.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.util.ShutdownableThread;

/**
 * A real single-node Kafka (KRaft, broker and controller in one) running in this JVM, listening on 127.0.0.1 only.
 * Its data lives in one directory that survives restarts: the storage is formatted only the first time.
 *
 * <p>Kafka internal API (pinned by {@code kafka.version}), all of it in this class: Kafka offers no public API to
 * run a broker inside a JVM (its test kit, {@code KafkaClusterTestKit}, is a test artifact). Used: the server
 * classes {@code KafkaRaftServer} and {@code KafkaConfig} (what {@code kafka-server-start.sh} runs) and the storage
 * {@code Formatter} (what {@code kafka-storage.sh format} runs). If an upgrade changes them,
 * {@code embedded/EmbeddedKafkaTest} and every test using the embedded broker fail. One behaviour, too: the raft
 * layer's timer thread ({@link #RAFT_REAPER}, a {@code ShutdownableThread} that Kafka makes uninterruptible) is
 * stopped by waiting out its current 200 ms poll, a tenth to a fifth of a second of every stop; {@link #close()}
 * interrupts it once its shutdown has begun, which ends it at once and quietly (a {@code ShutdownableThread} logs
 * nothing for an exception after its shutdown began). {@code EmbeddedKafkaTest.closeEndsTheRaftTimerWithoutWaiting}
 * fails if the thread is renamed or no longer ended that way.
 */
public final class EmbeddedKafka implements AutoCloseable {
    /** The listener clients use; overrides address it, e.g. {@code listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,...}. */
    public static final String CLIENT_LISTENER = "CLIENT";
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int PORT_ATTEMPTS = 3;
    /** The name of the raft layer's timer thread ({@code TimingWheelExpirationService}). */
    static final String RAFT_REAPER = "raft-expiration-reaper";
    private static final long REAPER_POLL_MS = 2;

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final String bootstrapServers;
    private boolean closed;
    private volatile int raftTimersInterrupted;

    private EmbeddedKafka(KafkaRaftServer server, Path dataDir, String bootstrapServers) {
        this.server = server;
        this.dataDir = dataDir;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts a broker on {@code dataDir} (created and formatted when it holds no {@code meta.properties}) and returns
     * once it accepts clients. {@code port} 0 picks a free one; {@code overrides} replace or add broker settings,
     * e.g. SASL on the {@link #CLIENT_LISTENER} (the listeners themselves are this class's to set).
     */
    public static EmbeddedKafka start(Path dataDir, int port, Map<String, String> overrides) throws IOException {
        Path directory = dataDir.toAbsolutePath();
        Files.createDirectories(directory);
        for (int attempt = 1; ; attempt++) {
            int clientPort = port == 0 ? freePort() : port;
            KafkaConfig config = new KafkaConfig(settings(directory, clientPort, freePort(), overrides), false);
            if (!Files.exists(directory.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
                format(config, directory);
            }
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
                return new EmbeddedKafka(server, directory, HOST + ":" + clientPort);
            } catch (RuntimeException e) {
                server.shutdown();
                server.awaitShutdown();
                Throwable cause = rootCause(e);
                // a port found free can be taken by another process before Kafka binds it: pick again
                boolean portsPickedHere = port == 0;
                if (!portsPickedHere || !(cause instanceof BindException) || attempt == PORT_ATTEMPTS) {
                    throw new IOException("Kafka did not start on " + directory + " (client port " + clientPort + "): "
                            + cause.getMessage(), e);
                }
            }
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Controlled shutdown; returns when the broker has stopped and released its directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ShutdownableThread> reapers = raftReapers();
        Thread nudger = new Thread(() -> raftTimersInterrupted = interruptOnceShuttingDown(reapers),
                "methylstream-raft-timer-stop");
        nudger.setDaemon(true);
        nudger.start();
        server.shutdown();
        server.awaitShutdown();
        nudger.interrupt();
        try {
            nudger.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many raft timer threads {@link #close()} ended by an interrupt (for the test of that workaround). */
    int raftTimersInterrupted() {
        return raftTimersInterrupted;
    }

    /**
     * The raft timer threads of this JVM: this broker's, and those of other embedded brokers (tests run several),
     * which are only interrupted once their own shutdown has begun.
     */
    static List<ShutdownableThread> raftReapers() {
        List<ShutdownableThread> reapers = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread instanceof ShutdownableThread reaper && RAFT_REAPER.equals(thread.getName())) {
                reapers.add(reaper);
            }
        }
        return reapers;
    }

    /**
     * Interrupts each of {@code reapers} once its shutdown has begun; returns, with how many it interrupted, when all
     * have ended or when interrupted itself.
     */
    private static int interruptOnceShuttingDown(List<ShutdownableThread> reapers) {
        List<ShutdownableThread> waiting = new ArrayList<>(reapers);
        int interrupted = 0;
        while (!waiting.isEmpty()) {
            for (Iterator<ShutdownableThread> it = waiting.iterator(); it.hasNext(); ) {
                ShutdownableThread reaper = it.next();
                if (reaper.isShutdownComplete()) {
                    it.remove();
                } else if (reaper.isShutdownInitiated()) {
                    reaper.interrupt();
                    interrupted++;
                    it.remove();
                }
            }
            try {
                Thread.sleep(REAPER_POLL_MS);
            } catch (InterruptedException e) {
                break; // the broker has stopped
            }
        }
        return interrupted;
    }

    private static Map<String, String> settings(Path directory, int clientPort, int controllerPort,
                                                Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", Integer.toString(NODE_ID));
        // a static single voter: the controller port may change on every start without rewriting the quorum
        settings.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        settings.put("controller.listener.names", CONTROLLER_LISTENER);
        settings.put("listeners", CLIENT_LISTENER + "://" + HOST + ":" + clientPort + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        settings.put("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + clientPort);
        settings.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        settings.put("inter.broker.listener.name", CLIENT_LISTENER);
        settings.put("log.dirs", directory.toString());
        settings.put("auto.create.topics.enable", "false");
        settings.put("num.partitions", "1");
        // one node: every internal topic and every write can only have the one replica
        settings.put("default.replication.factor", "1");
        settings.put("min.insync.replicas", "1");
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        // light on a laptop: few threads, a small cleaner buffer (the default takes 128 MiB)
        settings.put("num.network.threads", "2");
        settings.put("num.io.threads", "2");
        settings.put("background.threads", "2");
        // every start loads the logs of every kept run (about 20 per run), one at a time with one thread: a core each
        settings.put("num.recovery.threads.per.data.dir", Integer.toString(Runtime.getRuntime().availableProcessors()));
        settings.put("log.cleaner.threads", "1");
        settings.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        // one partition each for the broker's own topics: a new broker makes a partition's log at a time, 5-15 ms
        // each while its code is cold, and a first run's topics waited behind the offsets topic's (0.07 s for 5); one
        // node's few groups and transactions need no more coordinators. Made once per state directory: an older
        // directory keeps the partitions it has
        settings.put("offsets.topic.num.partitions", "1");
        settings.put("transaction.state.log.num.partitions", "1");
        // the controller's metadata writes (topics made, a broker's controlled shutdown) go to its log at once, not
        // after 25 ms of waiting for more: one node writes little metadata, and every run waits on a few such writes
        settings.put("controller.quorum.append.linger.ms", "0");
        // a consumer group's first member starts at once instead of waiting 3 s for others
        settings.put("group.initial.rebalance.delay.ms", "0");
        // keep Kafka's controlled shutdown: without it the broker does not unregister, and the next start on this
        // directory waits for the old registration's session to expire (12 s instead of 2 s, measured with
        // 'run --verbose' twice on one state directory)
        settings.putAll(overrides);
        return settings;
    }

    private static void format(KafkaConfig config, Path directory) throws IOException {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .addDirectory(directory.toString())
                    .run();
        } catch (Exception e) {
            throw new IOException("cannot format Kafka storage in " + directory + ": " + e.getMessage(), e);
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }
}
