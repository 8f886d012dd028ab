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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
import org.methylstream.embedded.EmbeddedKafka;
import org.methylstream.synthetic.SyntheticMethylome;

/**
 * A broker that authenticates every client (SASL/PLAIN) and authorizes every request (ACLs, StandardAuthorizer):
 * alice, granted methylstream's topics, groups and transactions, runs every command with {@code --kafka-config};
 * a client without credentials, or with a wrong password, is refused; mallory, authenticated but granted nothing
 * on the output topic, cannot read it. No password ever shows in what the commands print.
 */
@DisplayName("A broker with SASL and ACLs")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class SaslAclTest {
    private static final String ADMIN_PASSWORD = "admin-pw-" + UUID.randomUUID();
    private static final String ALICE_PASSWORD = "alice-pw-" + UUID.randomUUID();
    private static final String MALLORY_PASSWORD = "mallory-pw-" + UUID.randomUUID();
    private static final String WRONG_PASSWORD = "wrong-pw-" + UUID.randomUUID();
    private static final String SITES = "sasl.sites";
    private static final String SIGNIFICANT = "sasl.significant";

    @TempDir
    static Path dir;
    private static EmbeddedKafka broker;
    private static final List<MethylstreamProcess> RUNS = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        broker = EmbeddedKafka.start(dir.resolve("kafka"), 0, Map.of(
                "listener.security.protocol.map", EmbeddedKafka.CLIENT_LISTENER + ":SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "sasl.enabled.mechanisms", "PLAIN",
                "sasl.mechanism.inter.broker.protocol", "PLAIN",
                "listener.name.client.plain.sasl.jaas.config", jaas("admin", ADMIN_PASSWORD)
                        .replace(";", " user_admin=\"" + ADMIN_PASSWORD + "\" user_alice=\"" + ALICE_PASSWORD
                                + "\" user_mallory=\"" + MALLORY_PASSWORD + "\";"),
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                // the broker itself on the client listener, and the node's own controller listener (plaintext, local)
                "super.users", "User:admin;User:ANONYMOUS"));
        try (Admin admin = Admin.create(client("admin", ADMIN_PASSWORD))) {
            admin.createAcls(List.of(
                    allow("alice", ResourceType.TOPIC, "sasl."),
                    allow("alice", ResourceType.TOPIC, "methylstream.run."),
                    allow("alice", ResourceType.TOPIC, "methylstream-"), // Kafka Streams' changelogs: APP-ID-...
                    allow("alice", ResourceType.GROUP, "methylstream-"),
                    allow("alice", ResourceType.GROUP, "connect-"),
                    allow("alice", ResourceType.TRANSACTIONAL_ID, "methylstream-"),
                    new AclBinding(new ResourcePattern(ResourceType.GROUP, "mallory", PatternType.LITERAL),
                            new AccessControlEntry("User:mallory", "*", AclOperation.READ, AclPermissionType.ALLOW))))
                    .all().get();
        }
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
    @DisplayName("no password appears in anything a command printed")
    void noPasswordInOutput() {
        assertFalse(RUNS.isEmpty());
        for (MethylstreamProcess run : RUNS) {
            for (String password : List.of(ADMIN_PASSWORD, ALICE_PASSWORD, MALLORY_PASSWORD, WRONG_PASSWORD)) {
                assertFalse(run.stdout().contains(password) || run.stderr().contains(password),
                        run + " printed a password");
            }
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
        Files.writeString(dir.resolve(file), "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n"
                + "sasl.jaas.config=" + jaas(user, password) + "\n", StandardCharsets.UTF_8);
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
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static AclBinding allow(String user, ResourceType type, String prefix) {
        return new AclBinding(new ResourcePattern(type, prefix, PatternType.PREFIXED),
                new AccessControlEntry("User:" + user, "*", AclOperation.ALL, AclPermissionType.ALLOW));
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
