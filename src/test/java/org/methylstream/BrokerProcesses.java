package org.methylstream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.metadata.storage.Formatter;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real three-broker KRaft cluster of child JVMs ({@code kafka.Kafka}):
 * one controller and brokers 1, 2 and 3, with replication factor 3 and min ISR 2 by default, as a production cluster
 * is set up. Only a separate process can be SIGKILLed, so the broker-failure tests run on this one; everything else
 * uses the cheaper in-JVM {@link KafkaCluster#threeBrokers()}. Each node keeps its ports across restarts, so clients
 * find a restarted broker where it was. The cluster lives in {@code dir}; node logs are {@code dir/node-N.log}.
 */
public final class BrokerProcesses implements AutoCloseable {
    public static final List<Integer> BROKERS = List.of(1, 2, 3);
    private static final int CONTROLLER = 100;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String HOST = "127.0.0.1";

    private final Path dir;
    private final String clusterId = Uuid.randomUuid().toString();
    private final int controllerPort = freePort();
    private final Map<Integer, Integer> ports = new TreeMap<>();
    private final Map<Integer, Process> running = new TreeMap<>();

    private BrokerProcesses(Path dir) {
        this.dir = dir;
        BROKERS.forEach(id -> ports.put(id, freePort()));
    }

    /** Formats and starts the controller and the three brokers; returns once every broker is registered. */
    public static BrokerProcesses start(Path dir) throws IOException, InterruptedException {
        BrokerProcesses cluster = new BrokerProcesses(dir);
        try {
            cluster.launch(CONTROLLER, true);
            for (int broker : BROKERS) {
                cluster.launch(broker, true);
            }
            cluster.awaitBrokers(Set.copyOf(BROKERS));
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return ports.values().stream().map(port -> HOST + ":" + port).collect(Collectors.joining(","));
    }

    /** The cluster as the other tests' fixture sees it, for its client helpers. */
    public KafkaCluster client() {
        return KafkaCluster.at(bootstrapServers());
    }

    /** Controlled shutdown (SIGTERM): the broker hands its leaderships over before it exits. */
    public void stop(int broker) throws InterruptedException {
        Process process = running.remove(broker);
        process.toHandle().destroy();
        awaitExit(broker, process);
    }

    /** SIGKILL: no controlled shutdown; the controller fences the broker when its session times out. */
    public void kill(int broker) throws InterruptedException {
        Process process = running.remove(broker);
        process.destroyForcibly();
        awaitExit(broker, process);
    }

    /** Starts a stopped broker again on its data, and returns once it is registered. */
    public void restart(int broker) throws IOException, InterruptedException {
        launch(broker, false);
        awaitBrokers(running.keySet().stream().filter(BROKERS::contains).collect(Collectors.toSet()));
    }

    /**
     * Starts a stopped broker on an empty, newly formatted data directory (same node id and cluster id): a broker
     * whose disk was replaced. It must fetch every replica it hosts from the others.
     */
    public void restartOnNewDisk(int broker) throws IOException, InterruptedException {
        deleteTree(dataDir(broker));
        launch(broker, true);
        awaitBrokers(running.keySet().stream().filter(BROKERS::contains).collect(Collectors.toSet()));
    }

    /** The leader of every partition of {@code topic}, by partition (-1 for none). */
    public Map<Integer, Integer> leaders(String topic) {
        Map<Integer, Integer> leaders = new TreeMap<>();
        describe(topic).partitions().forEach(p -> leaders.put(p.partition(), p.leader() == null ? -1 : p.leader().id()));
        return leaders;
    }

    /** The in-sync replicas of every partition of {@code topic}, by partition. */
    public Map<Integer, Set<Integer>> inSyncReplicas(String topic) {
        Map<Integer, Set<Integer>> isr = new TreeMap<>();
        for (TopicPartitionInfo p : describe(topic).partitions()) {
            isr.put(p.partition(), p.isr().stream().map(Node::id).collect(Collectors.toSet()));
        }
        return isr;
    }

    /** The replicas of every partition, by partition: the topic's replication. */
    public Map<Integer, List<Integer>> replicas(String topic) {
        Map<Integer, List<Integer>> replicas = new TreeMap<>();
        for (TopicPartitionInfo p : describe(topic).partitions()) {
            replicas.put(p.partition(), p.replicas().stream().map(Node::id).toList());
        }
        return replicas;
    }

    private TopicDescription describe(String topic) {
        try (Admin admin = client().admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot describe " + topic + " on " + bootstrapServers(), e);
        }
    }

    /** Stops every node that still runs (brokers first, so they need not wait for a controller that is gone). */
    @Override
    public void close() {
        List<Integer> order = new ArrayList<>(running.keySet());
        order.sort(Comparator.comparing(id -> id == CONTROLLER));
        for (int id : order) {
            Process process = running.remove(id);
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void launch(int node, boolean format) throws IOException, InterruptedException {
        Path properties = dir.resolve("node-" + node + ".properties");
        Files.createDirectories(dir);
        Files.writeString(properties, settings(node).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n")), StandardCharsets.UTF_8);
        if (format) {
            format(node);
        }
        Process process = new ProcessBuilder(java("kafka.Kafka", properties.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node-" + node + ".log").toFile()))
                .start();
        running.put(node, process);
    }

    /** What {@code kafka-storage.sh format} does, in this JVM: a child JVM more would only cost seconds. */
    private void format(int node) throws IOException {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(node)
                    .setClusterId(clusterId)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(dataDir(node).toString())
                    .addDirectory(dataDir(node).toString())
                    .run();
        } catch (Exception e) {
            throw new IOException("cannot format the storage of node " + node + " in " + dataDir(node), e);
        }
    }

    private Map<String, String> settings(int node) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("node.id", Integer.toString(node));
        settings.put("controller.quorum.voters", CONTROLLER + "@" + HOST + ":" + controllerPort);
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        settings.put("log.dirs", dataDir(node).toString());
        if (node == CONTROLLER) {
            settings.put("process.roles", "controller");
            settings.put("listeners", "CONTROLLER://" + HOST + ":" + controllerPort);
        } else {
            settings.put("process.roles", "broker");
            settings.put("listeners", "PLAINTEXT://" + HOST + ":" + ports.get(node));
            settings.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + ports.get(node));
            settings.put("inter.broker.listener.name", "PLAINTEXT");
        }
        settings.putAll(KafkaCluster.THREE_BROKER_SETTINGS);
        return settings;
    }

    private Path dataDir(int node) {
        return dir.resolve("data-" + node);
    }

    /** Small heap and C1 only: four of these run beside the commands under test on a shared machine. */
    private static List<String> java(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private void awaitBrokers(Collection<Integer> expected) {
        Await.until("brokers " + expected + " registered", START_TIMEOUT,
                () -> registeredBrokers().containsAll(expected), this::exitedNode);
    }

    /** Why waiting for the cluster is pointless: a node that exited, with its log's end; null while all run. */
    private String exitedNode() {
        for (Map.Entry<Integer, Process> node : running.entrySet()) {
            if (!node.getValue().isAlive()) {
                return "node " + node.getKey() + " exited (" + node.getValue().exitValue() + "):\n"
                        + tail(dir.resolve("node-" + node.getKey() + ".log"));
            }
        }
        return null;
    }

    /** Brokers the cluster's metadata lists as alive; empty while none answers yet. */
    private Set<Integer> registeredBrokers() throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers(),
                "request.timeout.ms", 2000, "default.api.timeout.ms", 3000))) {
            return admin.describeCluster().nodes().get().stream().map(Node::id).collect(Collectors.toSet());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException) {
                return Set.of(); // no broker up yet: the wait's deadline bounds this
            }
            throw e;
        }
    }

    private void awaitExit(int node, Process process) throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("node " + node + " did not exit within 60 s");
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /**
     * The clusters one test starts, stopped after it whatever its outcome:
     * {@code @RegisterExtension final BrokerProcesses.Started clusters = new BrokerProcesses.Started();}
     */
    public static final class Started implements AfterEachCallback {
        private final List<BrokerProcesses> started = new ArrayList<>();

        /** As {@link BrokerProcesses#start}, remembered for clean-up. */
        public BrokerProcesses start(Path dir) throws IOException, InterruptedException {
            BrokerProcesses cluster = BrokerProcesses.start(dir);
            started.add(cluster);
            return cluster;
        }

        @Override
        public void afterEach(ExtensionContext context) {
            started.forEach(BrokerProcesses::close);
            started.clear();
        }
    }
}
