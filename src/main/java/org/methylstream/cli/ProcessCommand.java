package org.methylstream.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.methylstream.embedded.KafkaConnection;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.topology.ScoringApplication;
import org.methylstream.topology.Topics;
import org.methylstream.topology.TopologySettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code methylstream process}: the Kafka Streams application, until SIGTERM or Ctrl-C. */
@Command(name = "process", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score every site on the input topic and publish the significant ones to the output topic;",
                "records that cannot be scored go to the dead-letter topic with the reason in headers.",
                "Runs until SIGTERM or Ctrl-C. Instances with the same --application-id share the partitions."})
final class ProcessCommand implements Callable<Integer> {
    @Option(names = "--input-topic", paramLabel = "TOPIC", description = "Default: ${DEFAULT-VALUE}.")
    String inputTopic = Topics.SITES;

    @Option(names = "--output-topic", paramLabel = "TOPIC", description = "Default: ${DEFAULT-VALUE}.")
    String outputTopic = Topics.SIGNIFICANT;

    @Option(names = "--dead-letter-topic", paramLabel = "TOPIC",
            description = "Default: the input topic's name + '.dead-letters'.")
    String deadLetterTopic;

    @Mixin
    ScoringOptions scoring;

    @Option(names = "--analysis", paramLabel = "ID",
            description = "Analysis id stamped on every output record (default: ${DEFAULT-VALUE}).")
    String analysis = TopologySettings.DEFAULT_ANALYSIS;

    @Option(names = "--application-id", paramLabel = "ID",
            description = "Kafka Streams application id (consumer group); default: methylstream-<analysis>.")
    String applicationId;

    @Option(names = "--threads", paramLabel = "N", description = "Stream threads (default: ${DEFAULT-VALUE}).")
    int threads = 1;

    @Option(names = "--exactly-once",
            description = "Exactly-once processing: each input site's result is written once even across crashes.")
    boolean exactlyOnce;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    AliveFileOption alive;

    @Override
    public Integer call() throws Exception {
        ScoringParameters parameters = scoring.parameters();
        TopologySettings settings = new TopologySettings(inputTopic, outputTopic,
                deadLetterTopic != null ? deadLetterTopic : Topics.deadLettersOf(inputTopic), parameters, analysis);
        String appId = applicationId != null ? applicationId : "methylstream-" + analysis;
        try (StopSignals stop = StopSignals.install();
             KafkaConnection connection = kafka.connect();
             ScoringApplication app = new ScoringApplication(settings, connection.clientProperties(), appId, threads,
                     exactlyOnce, kafka.stateDir().resolve("streams"))) {
            app.start(Duration.ofMinutes(2));
            System.err.printf("process: %s running %d tasks (%s test, error rate %s, alpha %s), %s -> %s%n",
                    appId, app.activeTasks(), parameters.test(), parameters.errorRate(), parameters.alpha(),
                    inputTopic, outputTopic);
            while (!stop.await(Duration.ofMillis(500))) {
                if (app.failure() != null) {
                    throw new CommandFailure("stream processing failed: " + app.failure());
                }
                alive.healthy();
            }
            System.err.println("process: stop requested, committing and leaving the group");
        } finally {
            alive.gone();
        }
        return 0;
    }
}
