package org.methylstream.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.methylstream.application.ScoringApplication;
import org.methylstream.application.StatisticsEndpoint;
import org.methylstream.embedded.KafkaConnection;
import org.methylstream.naming.AnalysisNames;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.topology.TopologySettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code methylstream process}: the Kafka Streams application, until SIGTERM or Ctrl-C. */
@Command(name = "process", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Score the sites topic with Kafka Streams until stopped.",
        description = "Score every site on the input topic and publish the significant ones to the output "
                + "topic; records that cannot be scored go to the dead-letter topic with the reason in "
                + "headers. Runs until SIGTERM or Ctrl-C. Instances with the same --application-id share "
                + "the partitions.")
final class ProcessCommand implements Callable<Integer> {
    @Mixin
    AnalysisOptions analysis;

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
        TopologySettings settings = analysis.settings();
        ScoringParameters parameters = settings.scoring();
        String appId = settings.names().applicationId();
        try (StopSignals stop = StopSignals.install();
             KafkaConnection connection = kafka.connect();
             ScoringApplication app = new ScoringApplication(settings, createTopics(connection, settings),
                     connection.clientProperties(), threads, exactlyOnce, kafka.stateDir().resolve("streams"))) {
            app.start(Duration.ofMinutes(2));
            try (StatisticsEndpoint endpoint = StatisticsEndpoint.serve(app,
                    StatisticsEndpoint.addressFile(kafka.stateDir(), appId))) {
                System.err.printf("process: %s running %d tasks (%s test, error rate %s, alpha %s%s), %s -> %s%n",
                        appId, app.activeTasks(), parameters.test(), parameters.errorRate(), parameters.alpha(),
                        fdrStages(settings), settings.inputTopic(), settings.outputTopic());
                while (!stop.await(Duration.ofMillis(500))) {
                    if (app.failure() != null) {
                        throw new CommandFailure("stream processing failed: " + app.failure(), app.failure());
                    }
                    alive.healthy();
                }
            }
            System.err.println("process: stop requested, committing and leaving the group");
        } finally {
            alive.gone();
        }
        return 0;
    }

    private static int createTopics(KafkaConnection connection, TopologySettings settings) {
        try (Admin admin = Admin.create(connection.clientProperties())) {
            return ScoringApplication.createTopics(admin, settings, AnalysisNames.DEFAULT_PARTITIONS);
        }
    }

    private static String fdrStages(TopologySettings settings) {
        String stages = "";
        if (settings.fdr().perSampleEnabled()) {
            stages += "; BH per sample at FDR " + settings.fdr().perSample() + " -> " + settings.fdrTopic();
        }
        if (settings.rates().control() != null) {
            stages += "; samples without a known rate scored at their end, at control " + settings.rates().control()
                    + "'s rate";
        }
        if (settings.fdr().onlineEnabled()) {
            stages += "; LORD++ online at FDR " + settings.fdr().online() + " -> " + settings.onlineFdrTopic();
        }
        return stages;
    }
}
