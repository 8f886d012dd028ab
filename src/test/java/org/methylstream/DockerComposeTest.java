package org.methylstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.methylstream.cli.Methylstream;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * docker-compose.yml and the Dockerfile cannot run here (no Docker), so this checks what can be checked: the file
 * parses, names the services the deployment needs, has consistent replication settings, and uses only
 * commands, options and files that exist.
 */
@DisplayName("The Docker Compose deployment")
class DockerComposeTest {
    private static final Path REPO = Path.of("").toAbsolutePath();
    private static final String IMAGE = "methylstream:";

    private final Map<String, Object> compose = load();
    private final Map<String, Map<String, Object>> services = map(compose.get("services"));

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load() {
        try {
            return new Yaml().load(Files.readString(REPO.resolve("docker-compose.yml"), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError("docker-compose.yml cannot be read", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Map<String, T> map(Object value) {
        return value == null ? Map.of() : (Map<String, T>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return value == null ? List.of() : ((List<Object>) value).stream().map(String::valueOf).toList();
    }

    /** The services that run methylstream, with their command lines. */
    private Map<String, List<String>> methylstreamCommands() {
        Map<String, List<String>> commands = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            if (String.valueOf(service.get("image")).startsWith(IMAGE)) {
                commands.put(name, strings(service.get("command")));
            }
        });
        return commands;
    }

    /** The Kafka nodes: services running the apache/kafka image, by name. */
    private Map<String, Map<String, Object>> brokers() {
        Map<String, Map<String, Object>> brokers = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            if (String.valueOf(service.get("image")).startsWith("apache/kafka:")) {
                brokers.put(name, service);
            }
        });
        return brokers;
    }

    @Test
    @DisplayName("has three KRaft nodes of the Kafka version the build uses, each with its data volume and a health check")
    void threeNodes() throws Exception {
        String pom = Files.readString(REPO.resolve("pom.xml"));
        Matcher version = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(pom);
        assertTrue(version.find());
        Map<String, Map<String, Object>> brokers = brokers();
        assertEquals(List.of("kafka-1", "kafka-2", "kafka-3"), List.copyOf(brokers.keySet()));
        List<String> voters = new ArrayList<>();
        List<String> volumes = new ArrayList<>();
        brokers.forEach((name, kafka) -> {
            assertEquals("apache/kafka:" + version.group(1), kafka.get("image"), name);
            Map<String, Object> environment = map(kafka.get("environment"));
            assertEquals("broker,controller", environment.get("KAFKA_PROCESS_ROLES"), name + ": KRaft, no ZooKeeper");
            voters.add(environment.get("KAFKA_NODE_ID") + "@" + name + ":9093");
            assertTrue(String.valueOf(environment.get("KAFKA_ADVERTISED_LISTENERS")).contains("INTERNAL://" + name + ":9092"),
                    name + " advertises its own name");
            volumes.addAll(strings(kafka.get("volumes")).stream().filter(v -> v.endsWith(":/var/lib/kafka/data")).toList());
            assertTrue(map(kafka.get("healthcheck")).containsKey("test"), name);
        });
        assertEquals(3, Set.copyOf(volumes).size(), "a data volume per node");
        brokers.values().forEach(kafka -> assertEquals(String.join(",", voters),
                map(kafka.get("environment")).get("KAFKA_CONTROLLER_QUORUM_VOTERS"), "every node, once, in the quorum"));
        assertEquals(1, brokers.values().stream().map(k -> map(k.get("environment")).get("CLUSTER_ID")).distinct().count(),
                "one cluster id");
    }

    @Test
    @DisplayName("replication is consistent: every topic on all three nodes, min ISR 2, nothing asks for more replicas than nodes")
    void replication() {
        Map<String, Map<String, Object>> brokers = brokers();
        for (Map<String, Object> kafka : brokers.values()) {
            Map<String, Object> environment = map(kafka.get("environment"));
            int replicas = Integer.parseInt(String.valueOf(environment.get("KAFKA_DEFAULT_REPLICATION_FACTOR")));
            int minIsr = Integer.parseInt(String.valueOf(environment.get("KAFKA_MIN_INSYNC_REPLICAS")));
            assertEquals(brokers.size(), replicas, "every topic on every node");
            assertEquals(2, minIsr, "a write is acknowledged by two nodes");
            assertTrue(minIsr < replicas, "one node may be down without refusing writes");
            assertEquals(String.valueOf(replicas), String.valueOf(environment.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")));
            assertEquals(String.valueOf(replicas),
                    String.valueOf(environment.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR")));
            assertEquals(String.valueOf(minIsr), String.valueOf(environment.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")));
        }
        methylstreamCommands().forEach((name, command) -> {
            int option = command.indexOf("--replication-factor");
            if (option >= 0) {
                int factor = Integer.parseInt(command.get(option + 1));
                assertTrue(factor <= brokers.size() && factor >= 2, name + ": replication factor " + factor);
            }
        });
        Map<String, Object> processor = services.get("processor");
        int instances = Integer.parseInt(String.valueOf(map(processor.get("deploy")).get("replicas")));
        assertEquals(2, instances, "two processors share the partitions");
        List<String> command = methylstreamCommands().get("processor");
        int standbys = Integer.parseInt(command.get(command.indexOf("--standby-replicas") + 1));
        assertTrue(standbys >= 1 && standbys < instances, "a standby copy of the statistics on the other instance");
    }

    @Test
    @DisplayName("runs process, the Connect sink, a watcher and a one-shot publish on the cluster once it is healthy")
    void services() {
        Map<String, List<String>> commands = methylstreamCommands();
        assertEquals(List.of("processor", "connect", "watch", "publisher"), List.copyOf(commands.keySet()));
        assertEquals(List.of("process", "sink", "watch", "publish"),
                commands.values().stream().map(command -> command.get(0)).toList());
        String everyBroker = String.join(",", brokers().keySet().stream().map(name -> name + ":9092").toList());
        commands.forEach((name, command) -> {
            Map<String, Object> service = services.get(name);
            assertEquals(".", service.get("build"), name + " is built from this repository");
            brokers().keySet().forEach(broker -> assertEquals("service_healthy",
                    map(map(service.get("depends_on")).get(broker)).get("condition"), name + " waits for " + broker));
            List<String> bootstrap = command.subList(command.indexOf("--bootstrap-server"), command.size());
            assertEquals(everyBroker, bootstrap.get(1), name + " knows every broker of the cluster");
        });
        assertEquals("no", services.get("publisher").get("restart"), "the publisher runs once");
    }

    @Test
    @DisplayName("uses only commands and options methylstream has (as picocli parses them)")
    void commandLinesParse() {
        methylstreamCommands().forEach((name, command) -> {
            CommandLine cli = Methylstream.commandLine();
            ParseResult parsed;
            try {
                parsed = cli.parseArgs(command.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                throw new AssertionError(name + ": methylstream refuses " + command + ": " + e.getMessage(), e);
            }
            assertTrue(parsed.hasSubcommand(), name);
            assertEquals(command.get(0), parsed.subcommand().commandSpec().name(), name);
            assertTrue(parsed.subcommand().unmatched().isEmpty(), name + ": unmatched " + parsed.subcommand().unmatched());
        });
    }

    @Test
    @DisplayName("health checks of long-running methylstream services look at the file the command keeps alive")
    void healthChecks() {
        methylstreamCommands().forEach((name, command) -> {
            int option = command.indexOf("--alive-file");
            Object check = services.get(name).get("healthcheck");
            if (option < 0) {
                assertEquals(null, check, name + " has a health check but no --alive-file");
                return;
            }
            assertTrue(String.join(" ", strings(map(check).get("test"))).contains(command.get(option + 1)), name);
        });
    }

    @Test
    @DisplayName("every file it names exists: build context, Dockerfile, bind-mounted folders and the inputs in them")
    void referencedFilesExist() throws Exception {
        assertTrue(Files.isRegularFile(REPO.resolve("Dockerfile")));
        Map<String, Object> namedVolumes = map(compose.get("volumes"));
        List<String> problems = new ArrayList<>();
        methylstreamCommands().forEach((name, command) -> {
            Map<String, Path> mounts = new LinkedHashMap<>(); // container path → repository path, or null for a volume
            for (String volume : strings(services.get(name).get("volumes"))) {
                String[] parts = volume.split(":");
                if (parts[0].startsWith("./")) {
                    Path source = REPO.resolve(parts[0]).normalize();
                    if (!Files.isDirectory(source)) {
                        problems.add(name + ": mounted folder " + parts[0] + " is not in the repository");
                    }
                    mounts.put(parts[1], source);
                } else {
                    if (!namedVolumes.containsKey(parts[0])) {
                        problems.add(name + ": volume " + parts[0] + " is not declared");
                    }
                    mounts.put(parts[1], null);
                }
            }
            for (String argument : command) {
                if (!argument.startsWith("/") || argument.startsWith("/tmp/")) {
                    continue; // not a path, or the container's own scratch space
                }
                Map.Entry<String, Path> mount = mounts.entrySet().stream()
                        .filter(m -> argument.startsWith(m.getKey() + "/")).findFirst().orElse(null);
                if (mount == null) {
                    problems.add(name + ": " + argument + " is on no volume");
                } else if (mount.getValue() != null
                        && !Files.exists(mount.getValue().resolve(argument.substring(mount.getKey().length() + 1)))) {
                    problems.add(name + ": " + argument + " is not in the mounted " + REPO.relativize(mount.getValue()));
                }
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    @DisplayName("the Dockerfile copies only what exists and runs the jar the build makes")
    void dockerfile() throws Exception {
        List<String> lines = Files.readAllLines(REPO.resolve("Dockerfile"));
        for (String line : lines) {
            String[] words = line.trim().split("\\s+");
            if (words[0].equals("COPY") && !words[1].startsWith("--from")) {
                for (int i = 1; i < words.length - 1; i++) {
                    assertTrue(Files.exists(REPO.resolve(words[i])), "COPY " + words[i] + " names nothing in the repository");
                }
            }
        }
        String pom = Files.readString(REPO.resolve("pom.xml"));
        assertTrue(pom.contains("<finalName>methylstream</finalName>"), "the build makes target/methylstream.jar");
        assertTrue(lines.contains("COPY --from=build /src/target/methylstream.jar /opt/methylstream/methylstream.jar"));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ENTRYPOINT") && l.contains("/opt/methylstream/methylstream.jar")));
        if (!lines.contains("COPY --from=build /src/target/lib /opt/methylstream/lib")) {
            fail("the jar's manifest class path is lib/: the dependencies must be copied beside it");
        }
    }
}
