package org.methylstream.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.MethylstreamProcess;
import org.methylstream.synthetic.SyntheticMethylome;

/**
 * A broker that authenticates every client (SASL/PLAIN) and authorizes every request (ACLs, StandardAuthorizer):
 * alice, granted methylstream's topics, groups and transactions, runs every command with {@code --kafka-config};
 * a client without credentials, or with a wrong password, is refused; mallory, authenticated but granted nothing
 * on the output topic, cannot read it. No password ever shows in what the commands print.
 */
@DisplayName("A broker with SASL and ACLs")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class SaslAclTest {
    private static final Duration CONNECT_BOUND = Duration.ofSeconds(15);
    private static final Duration AUTHORIZATION_BOUND = Duration.ofSeconds(20);
    private static final Duration PROCESS_BOUND = Duration.ofSeconds(30);
    private static final String ALICE_PASSWORD = "alice-pw-" + UUID.randomUUID();
    private static final String MALLORY_PASSWORD = "mallory-pw-" + UUID.randomUUID();
    private static final String WRONG_PASSWORD = "wrong-pw-" + UUID.randomUUID();
    private static final String SITES = "sasl.sites";
    private static final String SIGNIFICANT = "sasl.significant";

    @TempDir
    static Path dir;
    private static SecuredBroker broker;
    private static final List<MethylstreamProcess> RUNS = Collections.synchronizedList(new ArrayList<>());
    private static final List<String> SECRETS = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        broker = SecuredBroker.start(dir, SecuredBroker.Listener.SASL_PLAINTEXT, Map.of("alice", ALICE_PASSWORD,
                "mallory", MALLORY_PASSWORD), null);
        broker.grant(List.of(
                allow("alice", ResourceType.TOPIC, "sasl."),
                allow("alice", ResourceType.TOPIC, "methylstream.run."),
                allow("alice", ResourceType.TOPIC, "methylstream-"), // Kafka Streams' changelogs: APP-ID-...
                allow("alice", ResourceType.GROUP, "methylstream-"),
                allow("alice", ResourceType.GROUP, "connect-"),
                allow("alice", ResourceType.TRANSACTIONAL_ID, "methylstream-"),
                new AclBinding(new ResourcePattern(ResourceType.GROUP, "mallory", PatternType.LITERAL),
                        new AccessControlEntry("User:mallory", "*", AclOperation.READ, AclPermissionType.ALLOW))));
        Files.writeString(dir.resolve("sites.tsv"), generatedSites(), StandardCharsets.US_ASCII);
        writeConfig("alice.properties", "alice", ALICE_PASSWORD);
        writeConfig("wrong.properties", "alice", WRONG_PASSWORD);
    }

    @AfterAll
    static void stopBrokerAndCheckForLeaks() {
        broker.close();
    }

    @Test
    @Order(1)
    @DisplayName("with --kafka-config credentials every command works: publish, process, sink and run give score's lines")
    void everyCommandWorksWithCredentials() throws Exception {
        List<String> expected = sorted(command("score", dir.resolve("sites.tsv").toString()).stdout());
        assertFalse(expected.isEmpty());

        MethylstreamProcess publish = command(as("alice", "publish", "--topic", SITES, "--partitions", "2",
                dir.resolve("sites.tsv").toString()));
        assertTrue(publish.stderr().contains("publish: 3000 sites published"), publish::stderr);

        Path sinkFile = dir.resolve("sink.tsv");
        try (MethylstreamProcess process = start(as("alice", "process", "--exactly-once", "--input-topic", SITES,
                "--output-topic", SIGNIFICANT, "--application-id", "methylstream-sasl"));
             MethylstreamProcess sink = start(as("alice", "sink", "--topic", SIGNIFICANT, "--file", sinkFile.toString(),
                     "--name", "methylstream-sasl-sink"))) {
            sink.awaitThat("every significant site in the file", () -> lines(sinkFile) >= expected.size(),
                    Duration.ofSeconds(90));
            assertEquals(0, process.terminate(Duration.ofSeconds(60)), process::stderr);
            assertEquals(0, sink.terminate(Duration.ofSeconds(60)), sink::stderr);
        }
        assertEquals(expected, sorted(Files.readString(sinkFile, StandardCharsets.UTF_8)));

        Path runFile = dir.resolve("run.tsv");
        command(as("alice", "run", "--run-id", "sasl", "--partitions", "2", "--out", runFile.toString(),
                dir.resolve("sites.tsv").toString()));
        assertEquals(expected, sorted(Files.readString(runFile, StandardCharsets.UTF_8)));
    }

    @Test
    @Order(2)
    @DisplayName("a client without credentials gets nothing; a wrong password is refused with a clear error")
    void clientsWithoutValidCredentialsAreRefused() throws Exception {
        Properties anonymous = new Properties();
        anonymous.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        anonymous.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        anonymous.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(anonymous)) {
            assertThrows(ExecutionException.class, () -> admin.listTopics().names().get(),
                    "a plaintext client is not served by a SASL listener");
        }

        MethylstreamProcess publish = start(as("wrong", "publish", "--topic", SITES, dir.resolve("sites.tsv").toString()));
        assertEquals(1, publish.awaitExit(Duration.ofSeconds(90)), publish::stderr);
        assertTrue(publish.stderr().contains("Authentication failed"), publish::stderr);
        assertFalse(publish.stderr().contains("\tat "), "a message, not a stack trace");
    }

    @Test
    @Order(3)
    @DisplayName("a principal without an ACL on the output topic cannot read it")
    void noAclNoRead() throws IOException {
        Properties mallory = client("mallory", MALLORY_PASSWORD);
        mallory.put(ConsumerConfig.GROUP_ID_CONFIG, "mallory");
        mallory.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(mallory, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(SIGNIFICANT));
            TopicAuthorizationException refused = assertThrows(TopicAuthorizationException.class, () -> {
                for (int i = 0; i < 100; i++) {
                    assertTrue(consumer.poll(Duration.ofMillis(100)).isEmpty(), "mallory read a significant site");
                }
            });
            assertEquals(java.util.Set.of(SIGNIFICANT), refused.unauthorizedTopics());
        }
    }

    @Test
    @Order(4)
    @DisplayName("SCRAM-SHA-512: every command runs as its own principal granted only README's ACLs for it")
    void everyCommandWithScramAndTheMinimalAcls() throws Exception {
        Map<String, Path> configs = new HashMap<>();
        Map<String, String> passwords = new HashMap<>();
        List<AclBinding> acls = new ArrayList<>();
        for (String command : CommandAcls.BY_COMMAND.keySet()) {
            String user = "scram-" + command.replace(" --exactly-once", "-eos");
            passwords.put(user, "scram-pw-" + UUID.randomUUID());
            acls.addAll(CommandAcls.bindings(command, "User:" + user));
            configs.put(command, scramConfig(user, passwords.get(user)));
        }
        SECRETS.addAll(passwords.values());
        broker.addScramUsers(passwords);
        broker.grant(acls);
        Path commands = Files.createDirectories(dir.resolve("scram"));
        EveryCommand every = new EveryCommand(commands, broker.bootstrapServers(), configs::get,
                List.copyOf(passwords.values()));
        try {
            every.runAll();
        } finally {
            RUNS.addAll(every.runs());
        }
    }

    @Test
    @Order(5)
    @DisplayName("no answer, a plaintext client on the SASL listener, refused credentials: exit 1 within 15 s, saying which")
    void connectionFailuresAreFastAndClear() throws Exception {
        String nowhere = "127.0.0.1:" + freePort();
        assertFailsWithin(CONNECT_BOUND, "no answer from " + nowhere + ": nothing is listening there",
                "publish", "--bootstrap-server", nowhere, dir.resolve("sites.tsv").toString());
        assertFailsWithin(CONNECT_BOUND, "the broker at " + broker.bootstrapServers() + " expects SASL or TLS: give"
                        + " --kafka-config with security.protocol", "publish", "--bootstrap-server",
                broker.bootstrapServers(), dir.resolve("sites.tsv").toString());
        assertFailsWithin(CONNECT_BOUND, "Authentication failed: Invalid username or password",
                as("wrong", "publish", "--topic", SITES, dir.resolve("sites.tsv").toString()));
        String scramPassword = "scram-pw-" + UUID.randomUUID();
        SECRETS.add(scramPassword);
        broker.addScramUsers(Map.of("carol", scramPassword));
        scramConfig("carol", WRONG_PASSWORD);
        assertFailsWithin(CONNECT_BOUND, "Authentication failed: Authentication failed during authentication due to"
                + " invalid credentials with SASL mechanism SCRAM-SHA-512", as("carol", "watch"));
    }

    @Test
    @Order(6)
    @DisplayName("a missing ACL: exit 1 within 20 s (process and run 30 s) naming the operation and the topic, group,"
            + " transactional id or cluster")
    void authorizationFailuresNameTheResource() throws Exception {
        Map<String, String> passwords = new HashMap<>();
        for (String user : List.of("nobody", "nowrite", "nogroup", "notxn")) {
            passwords.put(user, "scram-pw-" + UUID.randomUUID());
            scramConfig(user, passwords.get(user));
        }
        SECRETS.addAll(passwords.values());
        broker.addScramUsers(passwords);
        List<AclBinding> acls = new ArrayList<>(List.of(
                allow("nowrite", ResourceType.TOPIC, "denied.", AclOperation.CREATE),
                allow("nowrite", ResourceType.TOPIC, "denied.", AclOperation.DESCRIBE),
                allow("notxn", ResourceType.GROUP, "methylstream-denied", AclOperation.READ)));
        for (String user : List.of("nogroup", "notxn")) {
            for (String prefix : List.of("denied.", "methylstream-denied", "methylstream.run.denied",
                    "methylstream-run-denied")) {
                acls.add(allow(user, ResourceType.TOPIC, prefix, AclOperation.ALL));
            }
        }
        broker.grant(acls);
        String sites = dir.resolve("sites.tsv").toString();
        assertFailsWithin(AUTHORIZATION_BOUND, "not authorized: Create on topic denied.sites was refused",
                as("nobody", "publish", "--topic", "denied.sites", sites));
        assertFailsWithin(AUTHORIZATION_BOUND, "not authorized: Write on topic denied.sites (or IdempotentWrite on"
                + " the cluster) was refused", as("nowrite", "publish", "--topic", "denied.sites", sites));
        assertFailsWithin(AUTHORIZATION_BOUND, "not authorized: Read on topic denied.sites was refused",
                as("nowrite", "watch", "--topic", "denied.sites"));
        assertFailsWithin(PROCESS_BOUND, "not authorized: Read on group methylstream-denied was refused",
                as("nogroup", "process", "--input-topic", "denied.sites", "--output-topic", "denied.significant",
                        "--application-id", "methylstream-denied"));
        assertFailsWithin(PROCESS_BOUND, "not authorized: Write on transactional id methylstream-denied-* (prefixed)"
                        + " was refused", as("notxn", "process", "--exactly-once", "--input-topic", "denied.sites",
                "--output-topic", "denied.significant", "--application-id", "methylstream-denied"));
        assertFailsWithin(PROCESS_BOUND, "not authorized: Read on group ", // Kafka Streams' or Connect's, which first
                as("nogroup", "run", "--run-id", "denied", "--out", dir.resolve("denied.tsv").toString(), sites));
    }

    @Test
    @Order(7)
    @DisplayName("a --kafka-config file with a password that others can read: one warning; a private one: none")
    void warnsOnceAboutAReadableSecret() throws Exception {
        Path exposed = dir.resolve("exposed.properties");
        Files.copy(dir.resolve("alice.properties"), exposed);
        Files.setPosixFilePermissions(exposed, PosixFilePermissions.fromString("rw-r--r--"));
        MethylstreamProcess readable = command("watch", "--topic", SIGNIFICANT, "--max-sites", "1", "--from-beginning",
                "--bootstrap-server", broker.bootstrapServers(), "--kafka-config", exposed.toString(),
                "--state-dir", dir.resolve("state").toString());
        String warning = "methylstream: warning: " + exposed + " holds sasl.jaas.config but its mode is rw-r--r--:"
                + " others on this machine can read it; chmod 600 " + exposed;
        assertEquals(1, readable.stderr().lines().filter(warning::equals).count(), readable::stderr);
        MethylstreamProcess private_ = command(as("alice", "watch", "--topic", SIGNIFICANT, "--max-sites", "1",
                "--from-beginning"));
        assertFalse(private_.stderr().contains("warning"), private_::stderr);
    }

    @Test
    @Order(10)
    @DisplayName("no password appears in anything a command printed")
    void noPasswordInOutput() {
        assertFalse(RUNS.isEmpty());
        List<String> secrets = new ArrayList<>(SECRETS);
        secrets.addAll(List.of(ALICE_PASSWORD, MALLORY_PASSWORD, WRONG_PASSWORD));
        for (MethylstreamProcess run : RUNS) {
            for (String password : secrets) {
                assertFalse(run.stdout().contains(password) || run.stderr().contains(password),
                        run + " printed a password");
            }
        }
    }

    /** Starts a command that must fail: exit 1 within {@code bound}, its last stderr line holding {@code reason}. */
    private static void assertFailsWithin(Duration bound, String reason, String... args) throws InterruptedException {
        assertExit1Within(start(args), bound, reason);
    }

    /** The command exits 1 within {@code bound} of its start, and its last line on stderr says {@code reason}. */
    static void assertExit1Within(MethylstreamProcess run, Duration bound, String reason) throws InterruptedException {
        assertEquals(1, run.awaitExit(bound), run::stderr);
        List<String> lines = run.stderr().lines().filter(line -> !line.isBlank()).toList();
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        assertTrue(last.startsWith("methylstream ") && last.contains(reason),
                "last line should say '" + reason + "':\n" + run.stderr());
    }

    private static Path scramConfig(String user, String password) throws IOException {
        return EveryCommand.writeConfig(dir.resolve(user + ".properties"), Map.of("security.protocol",
                "SASL_PLAINTEXT", "sasl.mechanism", SecuredBroker.SCRAM, "sasl.jaas.config",
                SecuredBroker.scramJaas(user, password)));
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Runs a command to its end; fails unless it exits 0. */
    private static MethylstreamProcess command(String... args) throws InterruptedException {
        MethylstreamProcess run = start(args);
        assertEquals(0, run.awaitExit(Duration.ofSeconds(90)), run::stderr);
        return run;
    }

    private static MethylstreamProcess start(String... args) {
        MethylstreamProcess run = MethylstreamProcess.start(dir, args);
        RUNS.add(run);
        return run;
    }

    /** The arguments, then this broker, the credentials of {@code config}.properties and a state directory. */
    private static String[] as(String config, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-server", broker.bootstrapServers(),
                "--kafka-config", dir.resolve(config + ".properties").toString(),
                "--state-dir", dir.resolve("state").toString()));
        return all.toArray(String[]::new);
    }

    private static void writeConfig(String file, String user, String password) throws IOException {
        EveryCommand.writeConfig(dir.resolve(file), Map.of("security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN", "sasl.jaas.config", jaas(user, password)));
    }

    private static Properties client(String user, String password) {
        Properties properties = new Properties();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        properties.put("sasl.mechanism", "PLAIN");
        properties.put("sasl.jaas.config", jaas(user, password));
        return properties;
    }

    private static String jaas(String user, String password) {
        return SecuredBroker.plainJaas(user, password, Map.of());
    }

    private static AclBinding allow(String user, ResourceType type, String prefix) {
        return allow(user, type, prefix, AclOperation.ALL);
    }

    private static AclBinding allow(String user, ResourceType type, String prefix, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, prefix, PatternType.PREFIXED),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    private static String generatedSites() throws IOException {
        StringWriter text = new StringWriter();
        new SyntheticMethylome(3000, 5).writeTo(text);
        return text.toString();
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).size() : 0;
        } catch (NoSuchFileException e) {
            return 0; // renamed between the two calls
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> sorted(String text) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        Collections.sort(lines);
        return lines;
    }
}
