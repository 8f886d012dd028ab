package org.methylstream.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The file sink settings")
class FileSinkSettingsTest {

    private static Properties saslClient() {
        Properties client = new Properties();
        client.setProperty("bootstrap.servers", "kafka-1:9093");
        client.setProperty("security.protocol", "SASL_SSL");
        client.setProperty("sasl.mechanism", "PLAIN");
        return client;
    }

    private static FileSinkSettings settings() {
        return FileSinkSettings.of(saslClient(), "methylation.significant", Path.of("out/significant.tsv"),
                Path.of("state/sink.offsets"));
    }

    @Test
    @DisplayName("give the worker, its sink consumer and its dead-letter producer the same connection settings")
    void connectEveryClientAlike() {
        Map<String, String> worker = settings().workerConfig();

        for (String prefix : new String[] {"", "consumer.", "producer."}) {
            assertEquals("kafka-1:9093", worker.get(prefix + "bootstrap.servers"), prefix);
            assertEquals("SASL_SSL", worker.get(prefix + "security.protocol"), prefix);
            assertEquals("PLAIN", worker.get(prefix + "sasl.mechanism"), prefix);
        }
    }

    @Test
    @DisplayName("keep the sink in its own consumer group whatever group the client settings name")
    void ignoreAClientGroupId() {
        Properties client = saslClient();
        client.setProperty("group.id", "someone-elses");

        Map<String, String> worker = FileSinkSettings.of(client, "t", Path.of("f"), Path.of("o")).workerConfig();

        assertNull(worker.get("consumer.group.id"));
        assertNull(worker.get("group.id"));
    }

    @Test
    @DisplayName("read only committed transactions, through the score line converter, with service-loaded plugins")
    void readCommittedScoreLines() {
        Map<String, String> worker = settings().workerConfig();

        assertEquals("read_committed", worker.get("consumer.isolation.level"));
        assertEquals(ScoreLineConverter.class.getName(), worker.get("value.converter"));
        assertEquals("org.apache.kafka.connect.converters.ByteArrayConverter", worker.get("key.converter"));
        assertEquals("service_load", worker.get("plugin.discovery"));
    }

    @Test
    @DisplayName("flush every second by default, so the file is never more than a second behind its commits")
    void flushEverySecond() {
        assertEquals("1000", settings().workerConfig().get("offset.flush.interval.ms"));
        assertEquals("250", settings().withFlushInterval(Duration.ofMillis(250)).workerConfig()
                .get("offset.flush.interval.ms"));
        assertThrows(IllegalArgumentException.class, () -> settings().withFlushInterval(Duration.ZERO));
    }

    @Test
    @DisplayName("keep offsets in the consumer group connect-<name>, with the standalone offsets file where asked")
    void offsets() {
        FileSinkSettings renamed = settings().withConnectorName("night-run");

        assertEquals("connect-methylstream-file-sink", settings().consumerGroup());
        assertEquals("connect-night-run", renamed.consumerGroup());
        assertEquals("night-run", renamed.connectorConfig().get("name"));
        assertEquals(Path.of("state/sink.offsets").toAbsolutePath().toString(),
                settings().workerConfig().get("offset.storage.file.filename"));
    }

    @Test
    @DisplayName("write the topic to the file by absolute path, with one task")
    void fileSink() {
        Map<String, String> connector = settings().connectorConfig();

        assertEquals("org.methylstream.connect.ScoreFileSinkConnector", connector.get("connector.class"));
        assertEquals("methylation.significant", connector.get("topics"));
        assertEquals(Path.of("out/significant.tsv").toAbsolutePath().toString(), connector.get("file"));
        assertEquals("1", connector.get("tasks.max"));
    }

    @Test
    @DisplayName("send unreadable records to <topic>.dead-letters with the reason in headers, and skip tombstones")
    void deadLettersAndTombstones() {
        Map<String, String> connector = settings().connectorConfig();

        assertEquals("all", connector.get("errors.tolerance"));
        assertEquals("methylation.significant.dead-letters", connector.get("errors.deadletterqueue.topic.name"));
        assertEquals("true", connector.get("errors.deadletterqueue.context.headers.enable"));
        assertEquals("org.apache.kafka.connect.transforms.Filter", connector.get("transforms.dropTombstones.type"));
        assertEquals("org.apache.kafka.connect.transforms.predicates.RecordIsTombstone",
                connector.get("predicates.isTombstone.type"));
    }

    @Test
    @DisplayName("need a bootstrap server, and do not follow later changes to the caller's properties")
    void ownTheirProperties() {
        assertThrows(IllegalArgumentException.class, () -> FileSinkSettings.of(new Properties(), "t",
                Path.of("f"), Path.of("o")));
        Properties client = saslClient();
        FileSinkSettings settings = FileSinkSettings.of(client, "t", Path.of("f"), Path.of("o"));
        client.setProperty("bootstrap.servers", "elsewhere:9092");

        assertEquals("kafka-1:9093", settings.workerConfig().get("bootstrap.servers"));
    }
}
