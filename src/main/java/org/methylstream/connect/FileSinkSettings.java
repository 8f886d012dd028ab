package org.methylstream.connect;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.connect.converters.ByteArrayConverter;
import org.apache.kafka.connect.transforms.Filter;
import org.apache.kafka.connect.transforms.predicates.RecordIsTombstone;
import org.apache.kafka.connect.util.SinkUtils;
import org.methylstream.admin.TopicAdmin;
import org.methylstream.format.OutputFormat;
import org.methylstream.naming.AnalysisNames;

/**
 * What a {@link FileSinkWorker} copies where, and the Connect worker and connector configurations that say so.
 *
 * <p>Offsets: the sink keeps its position beside the file, in {@link #positionFile()}, committed together with
 * the file's length, so a restarted worker continues the file exactly where the last one committed, whatever its
 * name. The consumer group {@code connect-<connector name>} follows, for progress reports. The standalone offsets
 * file is required by Connect but only ever holds source-connector offsets; for this sink it stays empty.
 *
 * <p>Bad records: a value {@link ScoreLineConverter} cannot read is not dropped silently but sent, unchanged, to
 * the dead-letter topic {@code <topic>.dead-letters} with Connect's {@code __connect.errors.*} headers (the
 * reason is in {@code __connect.errors.exception.message}) and logged; the sink goes on with the next record.
 * Tombstones carry no site and are skipped.
 *
 * @param clientProperties {@code bootstrap.servers} and any security settings; applied to every client of the worker
 * @param offsetsFile      the standalone worker's offsets file
 * @param flushInterval    how often the sink flushes and commits its offsets: how stale the file may be
 * @param connector        which file sink connector: methylstream's exactly-once one, or Kafka's FileStreamSinkConnector
 * @param outputFormat     the layout of the lines, given to {@link ScoreLineConverter}; a layout with a first line
 *                         (bedGraph's track line) has it written once, at the top of a new file
 */
public record FileSinkSettings(Properties clientProperties, String topic, Path file, Path offsetsFile,
                               String connectorName, Duration flushInterval, FileSinkConnectorKind connector,
                               OutputFormat outputFormat, short replicationFactor) {
    public static final String DEFAULT_CONNECTOR_NAME = "methylstream-file-sink";
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);

    public FileSinkSettings {
        Objects.requireNonNull(clientProperties, "clientProperties");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(connectorName, "connectorName");
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(outputFormat, "outputFormat");
        if (clientProperties.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw new IllegalArgumentException("the client properties name no bootstrap.servers");
        }
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flush interval must be positive: " + flushInterval);
        }
        clientProperties = copy(clientProperties); // callers may go on changing theirs
        file = file.toAbsolutePath();
        offsetsFile = offsetsFile.toAbsolutePath();
    }

    /** With the dead-letter topic created at the cluster's default replication. */
    public FileSinkSettings(Properties clientProperties, String topic, Path file, Path offsetsFile,
                            String connectorName, Duration flushInterval, FileSinkConnectorKind connector,
                            OutputFormat outputFormat) {
        this(clientProperties, topic, file, offsetsFile, connectorName, flushInterval, connector, outputFormat,
                TopicAdmin.CLUSTER_DEFAULT);
    }

    /** The default connector name, flush interval, (exactly-once) connector and (tsv) output format. */
    public static FileSinkSettings of(Properties clientProperties, String topic, Path file, Path offsetsFile) {
        return new FileSinkSettings(clientProperties, topic, file, offsetsFile, DEFAULT_CONNECTOR_NAME,
                DEFAULT_FLUSH_INTERVAL, FileSinkConnectorKind.EXACTLY_ONCE, OutputFormat.TSV);
    }

    public FileSinkSettings withConnectorName(String name) {
        return new FileSinkSettings(clientProperties, topic, file, offsetsFile, name, flushInterval, connector,
                outputFormat, replicationFactor);
    }

    public FileSinkSettings withFlushInterval(Duration interval) {
        return new FileSinkSettings(clientProperties, topic, file, offsetsFile, connectorName, interval, connector,
                outputFormat, replicationFactor);
    }

    public FileSinkSettings withConnector(FileSinkConnectorKind kind) {
        return new FileSinkSettings(clientProperties, topic, file, offsetsFile, connectorName, flushInterval, kind,
                outputFormat, replicationFactor);
    }

    /** Replicas of the dead-letter topic when the sink creates it ({@link TopicAdmin#CLUSTER_DEFAULT}: the cluster's). */
    public FileSinkSettings withReplicationFactor(short factor) {
        return new FileSinkSettings(clientProperties, topic, file, offsetsFile, connectorName, flushInterval,
                connector, outputFormat, factor);
    }

    public FileSinkSettings withOutputFormat(OutputFormat format) {
        return new FileSinkSettings(clientProperties, topic, file, offsetsFile, connectorName, flushInterval,
                connector, format, replicationFactor);
    }

    @Override
    public Properties clientProperties() {
        return copy(clientProperties);
    }

    /** The consumer group holding the sink's committed offsets. */
    public String consumerGroup() {
        return consumerGroupOf(connectorName);
    }

    /** The consumer group Connect gives the sink connector {@code connectorName}: {@code connect-<name>}. */
    public static String consumerGroupOf(String connectorName) {
        return SinkUtils.consumerGroupId(connectorName);
    }

    /** The file's committed length and topic offsets; it belongs with the file and goes when the file goes. */
    public Path positionFile() {
        return ScoreFileSinkTask.positionFileOf(file);
    }

    public String deadLetterTopic() {
        return AnalysisNames.deadLettersOf(topic);
    }

    Map<String, String> workerConfig() {
        Map<String, String> worker = new HashMap<>();
        clientProperties.stringPropertyNames().forEach(name -> {
            if (name.equals(ConsumerConfig.GROUP_ID_CONFIG)) {
                return; // the sink's offsets must stay in connect-<name>, where a restart and awaitCaughtUp look
            }
            String value = clientProperties.getProperty(name);
            worker.put(name, value);               // the worker's own admin client, and the dead-letter admin
            worker.put("consumer." + name, value); // the sink task's consumer
            worker.put("producer." + name, value); // the dead-letter producer
        });
        // the topic is written by exactly-once Streams: read only committed transactions
        worker.put("consumer.isolation.level", "read_committed");
        // no sink writes a key: handed on as the bytes they are, they cost no String per record
        worker.put("key.converter", ByteArrayConverter.class.getName());
        worker.put("value.converter", ScoreLineConverter.class.getName());
        worker.put("value.converter." + ScoreLineConverter.OUTPUT_FORMAT_CONFIG, outputFormat.id());
        // plugins are listed in META-INF/services: no classpath scan, a fifth of the memory and start time
        worker.put("plugin.discovery", "service_load");
        worker.put("offset.storage.file.filename", offsetsFile.toString());
        worker.put("offset.flush.interval.ms", Long.toString(flushInterval.toMillis()));
        // closing the consumer waits for its fetch outstanding at the broker: with a short flush interval (a run's
        // drain), a fetch waits no longer than one interval for data (at most the default 500 ms)
        worker.put("consumer." + ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                Long.toString(Math.min(500, flushInterval.toMillis())));
        return worker;
    }

    Map<String, String> connectorConfig() {
        Map<String, String> connector = new HashMap<>();
        connector.put("name", connectorName);
        connector.put("connector.class", this.connector.connectorClass().getName());
        connector.put("tasks.max", "1"); // one writer per file
        connector.put("topics", topic);
        connector.put(ScoreFileSinkConnector.FILE_CONFIG, file.toString());
        if (this.connector == FileSinkConnectorKind.EXACTLY_ONCE) {
            connector.put(ScoreFileSinkConnector.LAYOUT_CONFIG, outputFormat.id());
            if (outputFormat.header() != null) {
                connector.put(ScoreFileSinkConnector.HEADER_CONFIG, outputFormat.header());
            }
        }
        // a tombstone carries no site; dropped before the sink, which would have nothing to print
        connector.put("transforms", "dropTombstones");
        connector.put("transforms.dropTombstones.type", Filter.class.getName());
        connector.put("transforms.dropTombstones.predicate", "isTombstone");
        connector.put("predicates", "isTombstone");
        connector.put("predicates.isTombstone.type", RecordIsTombstone.class.getName());
        connector.put("errors.tolerance", "all");
        connector.put("errors.log.enable", "true");
        connector.put("errors.deadletterqueue.topic.name", deadLetterTopic());
        connector.put("errors.deadletterqueue.context.headers.enable", "true");
        connector.put("errors.deadletterqueue.topic.replication.factor", Short.toString(replicationFactor));
        return connector;
    }

    private static Properties copy(Properties properties) {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }
}
