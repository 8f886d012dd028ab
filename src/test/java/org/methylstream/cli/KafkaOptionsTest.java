package org.methylstream.cli;

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
import org.methylstream.embedded.KafkaConnection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class KafkaOptionsTest {
    @TempDir
    Path dir;

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        KafkaOptions kafka;
    }

    @Test
    void theKafkaConfigFileReachesTheClientConfigNextToTheGivenBootstrapServer() throws IOException {
        Path config = Files.write(dir.resolve("client.properties"), List.of("security.protocol=SSL", "client.id=probe"));

        try (KafkaConnection connection = options("--bootstrap-server", "kafka.example:9093",
                "--kafka-config", config.toString(), "--state-dir", dir.toString()).resolve()) {
            Properties properties = connection.clientProperties();
            assertEquals("kafka.example:9093", properties.getProperty("bootstrap.servers"));
            assertEquals("SSL", properties.getProperty("security.protocol"));
            assertEquals("probe", properties.getProperty("client.id"));
        }
    }

    @Test
    void aBadKafkaConfigFailsTheCommandWithoutShowingTheFile() throws IOException {
        Path config = Files.write(dir.resolve("client.properties"), List.of("sasl.jaas.config=topsecret\\uXYZW"));

        CommandFailure failure = assertThrows(CommandFailure.class,
                () -> options("--kafka-config", config.toString(), "--state-dir", dir.toString()).connect());
        assertTrue(failure.getMessage().contains("client.properties"), failure.getMessage());
        assertFalse(failure.getMessage().contains("topsecret"), failure.getMessage());
    }

    private static KafkaOptions options(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.kafka;
    }
}
