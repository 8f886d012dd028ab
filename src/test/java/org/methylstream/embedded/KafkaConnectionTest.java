package org.methylstream.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;
import org.methylstream.embedded.KafkaConnection.Origin;

class KafkaConnectionTest {
    private static final String SECRET = "s3cret-Pa55";

    @TempDir
    Path stateDir;

    @Test
    void aGivenBootstrapServerIsUsedAndNoBrokerIsStarted() throws IOException {
        try (KafkaConnection connection = KafkaConnection.open("kafka.example:9092", null, stateDir)) {
            assertEquals(Origin.GIVEN, connection.origin());
            assertEquals("kafka.example:9092", connection.clientProperties().getProperty("bootstrap.servers"));
        }
        assertFalse(Files.exists(stateDir.resolve("kafka")));
    }

    @Test
    void withoutAClusterABrokerIsStartedForTheStateDirectoryAndStoppedOnClose() throws IOException {
        String address;
        try (KafkaConnection connection = KafkaConnection.open(null, null, stateDir)) {
            assertEquals(Origin.EMBEDDED, connection.origin());
            address = connection.bootstrapServers();
            KafkaCluster cluster = KafkaCluster.at(address);
            String topic = cluster.createTopic("embedded", 1);
            cluster.produce(List.of(KafkaCluster.record(topic, "chr1:5", "served")));
            assertEquals(List.of("served"), KafkaCluster.values(cluster.consume(topic, 1)));
            assertEquals(address + "\n", Files.readString(stateDir.resolve("kafka.address")));
        }
        assertTrue(Files.exists(stateDir.resolve("kafka/meta.properties")));
        assertFalse(Files.exists(stateDir.resolve("kafka.address")));
        assertTrue(new StateDirectory(stateDir).sharedBroker().isEmpty());
    }

    @Test
    void aSecondConnectionSharesTheBrokerAlreadyRunningForTheStateDirectory() throws IOException {
        try (KafkaConnection first = KafkaConnection.open(null, null, stateDir)) {
            String topic;
            try (KafkaConnection second = KafkaConnection.open(null, null, stateDir)) {
                assertEquals(Origin.SHARED, second.origin());
                assertEquals(first.bootstrapServers(), second.bootstrapServers());
                topic = KafkaCluster.at(second.bootstrapServers()).createTopic("shared", 1);
            }
            // closing a sharer leaves the broker to its owner
            assertTrue(KafkaCluster.at(first.bootstrapServers()).topicNames().contains(topic));
        }
    }

    @Test
    void kafkaConfigPropertiesReachEveryClientAndTheirSecretsAreNeverShown() throws IOException {
        Path config = clientConfig(
                "security.protocol=SASL_PLAINTEXT",
                "sasl.mechanism=PLAIN",
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"alice\" password=\"" + SECRET + "\";",
                "ssl.truststore.password=" + SECRET,
                "client.id=methylstream-test");

        try (KafkaConnection connection = KafkaConnection.open("kafka.example:9093", config, stateDir)) {
            Properties properties = connection.clientProperties();
            assertEquals("kafka.example:9093", properties.getProperty("bootstrap.servers"));
            assertEquals("SASL_PLAINTEXT", properties.getProperty("security.protocol"));
            assertEquals("methylstream-test", properties.getProperty("client.id"));
            assertTrue(properties.getProperty("sasl.jaas.config").contains(SECRET));

            String shown = connection.toString();
            assertTrue(shown.contains("security.protocol=SASL_PLAINTEXT"), shown);
            assertTrue(shown.contains("sasl.jaas.config=[hidden]"), shown);
            assertTrue(shown.contains("ssl.truststore.password=[hidden]"), shown);
            assertFalse(shown.contains(SECRET), shown);
        }
    }

    @Test
    void aBootstrapServersSettingInTheKafkaConfigCountsAsAGivenCluster() throws IOException {
        Path config = clientConfig("bootstrap.servers=kafka.example:9093", "security.protocol=SSL");
        try (KafkaConnection connection = KafkaConnection.open(null, config, stateDir)) {
            assertEquals(Origin.GIVEN, connection.origin());
            assertEquals("kafka.example:9093", connection.bootstrapServers());
        }
        try (KafkaConnection connection = KafkaConnection.open("other.example:9093", config, stateDir)) {
            assertEquals("other.example:9093", connection.clientProperties().getProperty("bootstrap.servers"));
        }
    }

    @Test
    void aKafkaConfigThatCannotBeReadIsReportedWithoutItsContents() throws IOException {
        Path malformed = clientConfig("sasl.jaas.config=" + SECRET + "\\uZZZZ");
        IOException error = assertThrows(IOException.class, () -> KafkaConnection.open("h:1", malformed, stateDir));
        assertTrue(error.getMessage().contains(malformed.toString()), error.getMessage());
        assertFalse(error.getMessage().contains(SECRET), error.getMessage());

        Path missing = stateDir.resolve("missing.properties");
        error = assertThrows(IOException.class, () -> KafkaConnection.open("h:1", missing, stateDir));
        assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
    }

    private Path clientConfig(String... lines) throws IOException {
        return Files.write(Files.createTempFile(stateDir, "client", ".properties"), List.of(lines));
    }
}
