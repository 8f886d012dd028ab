package org.methylstream.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.methylstream.admin.TopicAdmin;
import org.methylstream.application.Deployment;
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
    ReplicationOption replication;

    @Option(names = "--standby-replicas", paramLabel = "N",
            description = "Copies of each task's state kept up to date on other instances, which take over at once "
                    + "and answer 'stats' while the owner restarts (default: ${DEFAULT-VALUE}).")
    int standbyReplicas;

    @Option(names = "--stats-listen", paramLabel = "HOST:PORT",
            description = "Where this instance answers 'stats' for the whole application, gathering the other "
                    + "instances' shares (default: ${DEFAULT-VALUE}, a free port; 0.0.0.0:7070 for other machines).")
    String statsListen = "127.0.0.1:0";

    @Option(names = "--stats-advertise", paramLabel = "HOST:PORT",
            description = "The address the other instances and 'stats' reach this one at (default: the listening "
                    + "address; this host's address when listening on every interface).")
    String statsAdvertise;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    AliveFileOption alive;

    @Mixin
    DashboardOptions dashboard;

    @Override
    public Integer call() throws Exception {
        TopologySettings settings = analysis.settings();
        ScoringParameters parameters = settings.scoring();
        String appId = settings.names().applicationId();
        if (standbyReplicas < 0) {
            throw new CommandFailure("--standby-replicas must be 0 or more, not " + standbyReplicas);
        }
        try (StopSignals stop = StopSignals.install();
             KafkaConnection connection = kafka.connect();
             StatisticsEndpoint endpoint = StatisticsEndpoint.bind(statsListen, statsAdvertise);
             ScoringApplication app = new ScoringApplication(settings, createTopics(connection, settings),
                     connection.clientProperties(), threads, exactlyOnce, kafka.stateDir().resolve("streams"),
                     new Deployment(replication.factor(), standbyReplicas, endpoint.address()))) {
            app.start(Duration.ofMinutes(2));
            endpoint.serve(app, StatisticsEndpoint.addressFile(kafka.stateDir(), appId));
            try (DashboardOptions.Dashboard served = dashboard.serve(app, settings, connection.clientProperties(),
                    "process", parameters(settings, appId))) {
                System.err.printf("process: %s running %d tasks (%s test, error rate %s, alpha %s%s), %s -> %s;"
                                + " statistics at %s%n",
                        appId, app.activeTasks(), parameters.test(), parameters.errorRate(), parameters.alpha(),
                        fdrStages(settings), settings.inputTopic(), settings.outputTopic(), endpoint.address());
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

    /** What the dashboard shows of this analysis. */
    private Map<String, String> parameters(TopologySettings settings, String appId) {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("analysis", settings.analysisId());
        shown.put("application id", appId);
        shown.put("input topic", settings.inputTopic());
        shown.put("output topic", settings.outputTopic());
        shown.putAll(DashboardOptions.shown(settings.scoring()));
        if (settings.fdr().perSampleEnabled()) {
            shown.put("Benjamini-Hochberg FDR", String.valueOf(settings.fdr().perSample()));
        }
        if (settings.fdr().onlineEnabled()) {
            shown.put("online FDR (LORD++)", String.valueOf(settings.fdr().online()));
        }
        shown.put("processing", exactlyOnce ? "exactly once" : "at least once");
        shown.put("stream threads", String.valueOf(threads));
        return shown;
    }

    private int createTopics(KafkaConnection connection, TopologySettings settings) {
        try (Admin admin = TopicAdmin.open(connection.clientProperties())) {
            int partitions = ScoringApplication.createTopics(admin, settings, AnalysisNames.DEFAULT_PARTITIONS,
                    replication.factor());
            TopicAdmin.singleReplicaWarning(admin, ScoringApplication.topics(settings))
                    .ifPresent(warning -> System.err.println("process: warning: " + warning));
            return partitions;
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
