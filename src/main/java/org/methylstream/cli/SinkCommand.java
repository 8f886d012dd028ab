package org.methylstream.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.connect.errors.ConnectException;
import org.methylstream.connect.FileSinkConnectorKind;
import org.methylstream.connect.FileSinkSettings;
import org.methylstream.connect.FileSinkWorker;
import org.methylstream.embedded.KafkaConnection;
import org.methylstream.naming.AnalysisNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code methylstream sink}: a Kafka Connect file sink writing significant sites as score lines, until stopped. */
@Command(name = "sink", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Append the significant sites of a topic to a file, exactly once.",
        description = "Append every significant site of a topic to a file as "
                + "chrom<TAB>pos<TAB>count1<TAB>count2<TAB>p_value (the layout of 'score'), or as BED, "
                + "bedGraph or allc with --output-format, through an in-process Kafka Connect file sink, until "
                + "Ctrl-C or SIGTERM. Exactly once: FILE.position beside the file records how far it got, so a "
                + "sink restarted on FILE, even after a crash, goes on without losing or repeating a line; a new "
                + "FILE starts at the topic's beginning. Records it cannot read go to the topic "
                + "TOPIC.dead-letters, with the reason in __connect.errors.* headers.")
final class SinkCommand implements Callable<Integer> {
    // how often the main thread looks for a failed sink while it waits for a stop
    private static final Duration HEALTH_CHECK = Duration.ofSeconds(1);

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "Topic of significant sites, one or a block to a record, or of FdrSite records (default: ${DEFAULT-VALUE}).")
    String topic = AnalysisNames.SIGNIFICANT;

    @Option(names = "--file", paramLabel = "FILE", required = true, description = "File to append the lines to.")
    Path file;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Connector name; its progress shows in consumer group connect-NAME (default: ${DEFAULT-VALUE}).")
    String name = FileSinkSettings.DEFAULT_CONNECTOR_NAME;

    @Option(names = "--flush-ms", paramLabel = "MS",
            description = "How often lines are flushed and offsets committed (default: ${DEFAULT-VALUE}).")
    long flushMs = FileSinkSettings.DEFAULT_FLUSH_INTERVAL.toMillis();

    @Option(names = "--connector", paramLabel = "exactly-once|file-stream",
            converter = ConnectorConverter.class,
            description = "exactly-once: methylstream's file sink, no line lost or repeated across crashes (default); "
                    + "file-stream: Kafka's FileStreamSinkConnector, at least once.")
    FileSinkConnectorKind connector = FileSinkConnectorKind.EXACTLY_ONCE;

    @Option(names = "--offsets-file", paramLabel = "FILE",
            description = "Connect's standalone offsets file; a sink keeps none there, but Connect requires it "
                    + "(default: STATE-DIR/connect/NAME.offsets).")
    Path offsetsFile;

    @Mixin
    ReplicationOption replication;

    @Mixin
    OutputFormatOption outputFormat;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    AliveFileOption alive;

    @Override
    public Integer call() throws InterruptedException {
        PrintStream err = System.err;
        try (StopSignals stop = StopSignals.install(); KafkaConnection connection = kafka.connect()) {
            FileSinkSettings settings = settings(connection);
            try (FileSinkWorker worker = FileSinkWorker.start(settings)) {
                err.printf("sink: appending %s to %s as %s lines from %s (connector %s, started in %.1f s); "
                                + "Ctrl-C stops%n", topic, settings.file(), outputFormat.format, connection, name,
                        worker.startupTime().toMillis() / 1e3);
                while (!stop.await(HEALTH_CHECK)) {
                    worker.checkRunning();
                    alive.healthy();
                }
            }
        } catch (ConnectException e) {
            throw new CommandFailure(e.getMessage());
        } finally {
            alive.gone();
        }
        err.println("sink: stopped; " + file + " holds every line committed so far");
        return 0;
    }

    private FileSinkSettings settings(KafkaConnection connection) {
        Path offsets = offsetsFile != null ? offsetsFile
                : kafka.state.path().resolve("connect").resolve(name + ".offsets");
        try {
            return new FileSinkSettings(connection.clientProperties(), topic, file, offsets, name,
                    Duration.ofMillis(flushMs), connector, outputFormat.format)
                    .withReplicationFactor(replication.factor());
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
    }

    static final class ConnectorConverter implements picocli.CommandLine.ITypeConverter<FileSinkConnectorKind> {
        @Override
        public FileSinkConnectorKind convert(String value) {
            return FileSinkConnectorKind.fromId(value);
        }
    }
}
