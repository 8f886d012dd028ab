package org.methylstream.cli;

import java.util.concurrent.Callable;
import org.methylstream.analysis.Replay;
import org.methylstream.control.ErrorRateSettings;
import org.methylstream.embedded.KafkaConnection;
import org.methylstream.format.InvalidSiteException;
import org.methylstream.naming.AnalysisNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code methylstream replay}: re-score everything the sites topic retains as a new analysis. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Re-score every retained site with new parameters, as an analysis.",
        description = "Re-score every site retained in the sites topic with these parameters, as analysis ID, "
                + "into methylation.significant.ID (per-sample counts into "
                + "methylation.significant.ID.samples): nothing is re-ingested, other analyses are not "
                + "touched. Returns once everything retained at its start is scored, unless --continuous. "
                + "Samples whose error rate comes from a control (--control, or their own from 'publish "
                + "--control') are scored at their end, and the replay returns once they are. "
                + "Running an analysis again starts it over from scratch (offsets from the beginning, its "
                + "topics emptied), so its output holds each result once; the same ID with other parameters "
                + "is refused. 'methylstream analyses' lists the analyses.")
final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--analysis", paramLabel = "ID", required = true,
            description = "Names the analysis and its topics: letters, digits, '.', '_', '-'.")
    String analysis;

    @Mixin
    ScoringOptions scoring;

    @Mixin
    ControlOptions control;

    @Option(names = "--input-topic", paramLabel = "TOPIC", description = "Sites topic (default: ${DEFAULT-VALUE}).")
    String inputTopic = AnalysisNames.SITES;

    @Option(names = "--continuous",
            description = "Keep scoring sites published later, until Ctrl-C or SIGTERM.")
    boolean continuous;

    @Option(names = "--threads", paramLabel = "N", description = "Stream threads (default: ${DEFAULT-VALUE}).")
    int threads = 2;

    @Mixin
    ReplicationOption replication;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        ErrorRateSettings rates;
        try {
            rates = control.settings(scoring); // a bad rates file fails at once, before Kafka is asked anything
        } catch (InvalidSiteException e) {
            throw new CommandFailure(e.getMessage());
        }
        try (StopSignals stop = StopSignals.install(); KafkaConnection connection = kafka.connect()) {
            Replay.Summary summary = Replay.run(analysis, inputTopic, scoring.parameters(), rates, threads, continuous,
                    kafka.stateDir(), connection.clientProperties(), stop::requested, System.err, replication.factor());
            System.err.printf("replay: analysis %s %s %d records of %s: %d significant sites in %s; %.1f s%n",
                    analysis, summary.stopped() ? "stopped on request before scoring all" : "scored", summary.sites(),
                    inputTopic, summary.significant(), summary.analysis().getOutputTopic(),
                    summary.elapsed().toMillis() / 1000.0);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
        return 0;
    }
}
