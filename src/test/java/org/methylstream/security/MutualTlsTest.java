package org.methylstream.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Mutual TLS ({@code ssl.client.auth=required}): the client's certificate is its identity, {@code User:CN=alice},
 * and the ACLs are granted to that principal. Every command runs; a client without a certificate is told the
 * broker refused it.
 */
@DisplayName("Mutual TLS")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class MutualTlsTest {
    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static SecuredBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        certificates = TestCertificates.create(dir.resolve("tls"), "broker", "alice");
        broker = SecuredBroker.start(dir, SecuredBroker.Listener.MUTUAL_TLS, Map.of(), certificates);
        broker.grant(CommandAcls.allCommands("User:CN=alice"));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    @Order(1)
    @DisplayName("a client presenting alice's certificate runs every command on alice's ACLs")
    void everyCommand() throws Exception {
        Path alice = EveryCommand.writeConfigAs("mutual-tls.properties", dir.resolve("alice.properties"),
                config("alice"));
        new EveryCommand(Files.createDirectories(dir.resolve("commands")), broker.bootstrapServers(),
                command -> alice, List.of(certificates.password())).runAll();
    }

    @Test
    @Order(2)
    @DisplayName("a client without a certificate fails within 15 s: the broker refused its certificate")
    void noClientCertificate() throws Exception {
        Path anonymous = EveryCommand.writeConfig(dir.resolve("anonymous.properties"), config(null));
        MethylstreamProcess refused = MethylstreamProcess.start(dir, "watch", "--bootstrap-server",
                broker.bootstrapServers(), "--kafka-config", anonymous.toString());
        SaslAclTest.assertExit1Within(refused, Duration.ofSeconds(15), "TLS handshake failed: the broker refused the"
                + " client's certificate: give ssl.keystore.location");
        assertNoSecretPrinted(List.of(refused));
    }

    private static Map<String, String> config(String name) {
        Map<String, String> settings = new HashMap<>(certificates.clientSettings(name));
        settings.put("security.protocol", "SSL");
        return settings;
    }

    private static void assertNoSecretPrinted(List<MethylstreamProcess> runs) {
        EveryCommand.assertNoSecretPrinted(runs, List.of(certificates.password()));
    }
}
