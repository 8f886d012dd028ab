package org.methylstream.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.methylstream.admin.GroupProgress;
import org.methylstream.application.ScoringApplication.ChromosomeRow;
import org.methylstream.application.ScoringApplication;
import org.methylstream.application.StatisticsEndpoint;
import org.methylstream.application.StatisticsTable;
import org.methylstream.embedded.KafkaConnection;
import org.methylstream.naming.AnalysisNames;
import org.methylstream.topology.TopologySettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code methylstream stats}: per-sample, per-chromosome statistics from the analysis's state stores. */
@Command(name = "stats", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Print each sample's statistics per chromosome.",
        description = "Print each sample's statistics per chromosome (sites, tested, significant, mean "
                + "coverage, tested sites per decade of p) and in total (chromosome *), as a tab-separated "
                + "table. They are read from the analysis's Kafka Streams state stores by an interactive "
                + "query: from the 'process' of the analysis when one runs with the same state directory, "
                + "else by starting the application (same options as 'process'; it catches up on the sites "
                + "topic first, then answers).")
final class StatsCommand implements Callable<Integer> {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);

    @Option(names = "--sample", paramLabel = "ID", description = "Only this sample (default: every sample).")
    String sample;

    @Mixin
    AnalysisOptions analysis;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        TopologySettings settings = analysis.settings();
        Optional<List<ChromosomeRow>> served = StatisticsEndpoint.query(
                StatisticsEndpoint.addressFile(kafka.stateDir(), settings.names().applicationId()), sample);
        List<ChromosomeRow> rows;
        if (served.isPresent()) {
            rows = served.get();
        } else {
            try (KafkaConnection connection = kafka.connect();
                 Admin admin = Admin.create(connection.clientProperties());
                 ScoringApplication app = new ScoringApplication(settings,
                         ScoringApplication.createTopics(admin, settings, AnalysisNames.DEFAULT_PARTITIONS), connection.clientProperties(), 1, false,
                         kafka.stateDir().resolve("streams"))) {
                app.start(START_TIMEOUT);
                awaitCaughtUp(app, connection, settings.inputTopic());
                rows = app.statistics(sample, QUERY_TIMEOUT);
            }
        }
        if (rows.isEmpty() && sample != null) {
            throw new CommandFailure("no statistics for sample " + sample + " in analysis " + analysis.analysis);
        }
        StatisticsTable.print(rows, settings.rates(), System.out);
        return 0;
    }

    /** Waits until the application has committed past everything the sites topic holds now. */
    private static void awaitCaughtUp(ScoringApplication app, KafkaConnection connection, String inputTopic)
            throws InterruptedException {
        long deadline = System.nanoTime() + QUERY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(connection.clientProperties())) {
            Map<TopicPartition, Long> ends = GroupProgress.endOffsets(admin, inputTopic);
            while (GroupProgress.lag(admin, app.applicationId(), ends) > 0) {
                if (app.failure() != null) {
                    throw new CommandFailure("stream processing failed: " + app.failure(), app.failure());
                }
                if (System.nanoTime() > deadline) {
                    throw new CommandFailure("the application did not catch up with " + inputTopic + " within "
                            + QUERY_TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(200);
            }
        }
    }
}
