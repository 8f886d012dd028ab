package org.methylstream.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.methylstream.connect.FileSinkSettings;
import org.methylstream.connect.FileSinkWorker;
import org.methylstream.embedded.KafkaConnection;
import org.methylstream.topology.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code methylstream sink}: the Kafka Connect file sink, until SIGTERM or Ctrl-C. */
@Command(name = "sink", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write every significant site of a topic to a file, one score line each (the lines score",
                "writes), with a Kafka Connect worker in this process. Runs until SIGTERM or Ctrl-C. Exactly once:",
                "FILE.position beside the file records how far it got; a sink restarted on the same file, even",
                "after a crash, continues it without losing or repeating a line. A new FILE starts at the topic's",
                "beginning."})
final class SinkCommand implements Callable<Integer> {
    @Option(names = "--topic", paramLabel = "TOPIC", description = "Significant sites topic (default: ${DEFAULT-VALUE}).")
    String topic = Topics.SIGNIFICANT;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The file the lines are appended to.")
    Path out;

    @Option(names = "--connector-name", paramLabel = "NAME",
            description = "Names the connector and its consumer group connect-NAME (default: ${DEFAULT-VALUE}).")
    String connectorName = FileSinkSettings.DEFAULT_CONNECTOR_NAME;

    @Option(names = "--flush-interval", paramLabel = "MS",
            description = "How often lines are made durable and committed, in ms (default: ${DEFAULT-VALUE}).")
    long flushIntervalMs = FileSinkSettings.DEFAULT_FLUSH_INTERVAL.toMillis();

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        StopSignal.install();
        try (KafkaConnection connection = kafka.connect()) {
            FileSinkSettings settings = FileSinkSettings.of(connection.clientProperties(), topic, out,
                            kafka.stateDir().resolve("connect").resolve(connectorName + ".offsets"))
                    .withConnectorName(connectorName)
                    .withFlushInterval(Duration.ofMillis(flushIntervalMs));
            try (FileSinkWorker worker = FileSinkWorker.start(settings)) {
                System.err.printf("sink: writing %s to %s (connector %s)%n", topic, settings.file(), connectorName);
                while (!StopSignal.await(Duration.ofMillis(500))) {
                    worker.checkRunning();
                }
                System.err.println("sink: stop requested, writing out and committing");
            }
        }
        return 0;
    }
}
