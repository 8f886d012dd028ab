package org.methylstream.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

/**
 * SASL/SCRAM-SHA-512 over TLS (SASL_SSL), the broker's certificate from a CA made for the test: a client trusting
 * that CA through {@code ssl.truststore.*} in {@code --kafka-config} runs every command; one trusting another CA is
 * told that the broker's certificate is not trusted; a plaintext client is told the broker expects SASL or TLS.
 */
@DisplayName("SASL/SCRAM over TLS")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class TlsTest {
    private static final String PASSWORD = "alice-pw-" + UUID.randomUUID();

    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static SecuredBroker broker;
    private static Path aliceConfig;

    @BeforeAll
    static void startBroker() throws Exception {
        certificates = TestCertificates.create(dir.resolve("tls"), "broker");
        broker = SecuredBroker.start(dir, SecuredBroker.Listener.SASL_SSL, Map.of(), certificates);
        broker.addScramUsers(Map.of("alice", PASSWORD));
        broker.grant(CommandAcls.allCommands("User:alice"));
        aliceConfig = EveryCommand.writeConfigAs("scram-over-tls.properties", dir.resolve("alice.properties"),
                config(certificates));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    @Order(1)
    @DisplayName("a client trusting the broker's CA runs every command")
    void everyCommand() throws Exception {
        new EveryCommand(Files.createDirectories(dir.resolve("commands")), broker.bootstrapServers(),
                command -> aliceConfig, List.of(PASSWORD, certificates.password())).runAll();
    }

    @Test
    @Order(2)
    @DisplayName("a client not trusting the broker's certificate, speaking plaintext, or with a trust store it cannot"
            + " open, fails within 15 s saying why")
    void untrustedCertificateAndPlaintext() throws Exception {
        // trusting a CA of its own, which signed nothing the broker has
        Path stranger = EveryCommand.writeConfig(dir.resolve("stranger.properties"),
                config(TestCertificates.create(dir.resolve("other-ca"))));
        MethylstreamProcess untrusted = MethylstreamProcess.start(dir, "watch", "--bootstrap-server",
                broker.bootstrapServers(), "--kafka-config", stranger.toString());
        SaslAclTest.assertExit1Within(untrusted, Duration.ofSeconds(15), "TLS handshake failed: the broker's"
                + " certificate is not trusted: no CA in ssl.truststore.location signed it (");
        MethylstreamProcess plaintext = MethylstreamProcess.start(dir, "watch", "--bootstrap-server",
                broker.bootstrapServers());
        SaslAclTest.assertExit1Within(plaintext, Duration.ofSeconds(15), "the broker at " + broker.bootstrapServers()
                + " expects SASL or TLS");
        Map<String, String> wrongPassword = new HashMap<>(config(certificates));
        wrongPassword.put("ssl.truststore.password", "not-the-password");
        Path unreadable = EveryCommand.writeConfig(dir.resolve("unreadable.properties"), wrongPassword);
        MethylstreamProcess unusable = MethylstreamProcess.start(dir, "watch", "--bootstrap-server",
                broker.bootstrapServers(), "--kafka-config", unreadable.toString());
        SaslAclTest.assertExit1Within(unusable, Duration.ofSeconds(15), "cannot make a Kafka client for "
                + broker.bootstrapServers() + " with these settings: Failed to create new KafkaAdminClient: Failed to"
                + " create new NetworkClient: Failed to load SSL keystore " + certificates.trustStore()
                + " of type PKCS12: keystore password was incorrect");
        assertNoSecretPrinted(List.of(untrusted, plaintext, unusable));
    }

    private static Map<String, String> config(TestCertificates trusted) {
        Map<String, String> settings = new HashMap<>(trusted.clientSettings(null));
        settings.putAll(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", SecuredBroker.SCRAM,
                "sasl.jaas.config", SecuredBroker.scramJaas("alice", PASSWORD)));
        return settings;
    }

    private static void assertNoSecretPrinted(List<MethylstreamProcess> runs) {
        EveryCommand.assertNoSecretPrinted(runs, List.of(PASSWORD, certificates.password()));
    }
}
