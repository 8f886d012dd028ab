package org.methylstream.cli;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.methylstream.admin.GroupProgress;
import org.methylstream.application.BinsTable;
import org.methylstream.application.RatesUsed;
import org.methylstream.application.ScoringApplication.BinRow;
import org.methylstream.application.ScoringApplication.ChromosomeRow;
import org.methylstream.application.StatisticsChangelog;
import org.methylstream.application.StatisticsEndpoint;
import org.methylstream.application.StatisticsEndpoint.Answer;
import org.methylstream.application.StatisticsTable;
import org.methylstream.embedded.KafkaConnection;
import org.methylstream.topology.TopologySettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code methylstream stats}: per-sample, per-chromosome statistics from the analysis's state stores. */
@Command(name = "stats", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Print each sample's statistics per chromosome.",
        description = "Print each sample's statistics per chromosome (sites, tested, significant, mean "
                + "coverage, tested sites per decade of p) and in total (chromosome *), as a tab-separated "
                + "table. A running 'process' of the analysis answers (the one at --instance, or the one of this "
                + "state directory), gathering every partition's share from the instances that hold them. With "
                + "none running, they are read from the statistics store's changelog topic, read-only: nothing "
                + "is written or committed. Each row's error rate and its source are those its sites were "
                + "tested under, as the analysis's samples topic records them at each sample's end (a "
                + "control's once the per-sample stage has estimated it); a sample not ended yet shows what "
                + "these options say. With --bins: the genome bins the dashboard plots instead.")
final class StatsCommand implements Callable<Integer> {
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    @Option(names = "--sample", paramLabel = "ID", description = "Only this sample (default: every sample).")
    String sample;

    @Option(names = "--bins", description = "Print the genome bins instead: per sample and 1 Mb bin of each "
            + "chromosome, the sites, tested and significant sites and the largest -log10 p.")
    boolean bins;

    @Option(names = "--instance", paramLabel = "HOST:PORT",
            description = "Ask the 'process' instance answering there (its --stats-advertise address; any instance "
                    + "of the analysis answers for all).")
    String instance;

    @Mixin
    AnalysisOptions analysis;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        TopologySettings settings = analysis.settings();
        String applicationId = settings.names().applicationId();
        if (bins) {
            return printBins(applicationId);
        }
        Optional<Answer> served;
        try {
            served = instance != null ? Optional.of(StatisticsEndpoint.query(instance, sample))
                    : StatisticsEndpoint.query(StatisticsEndpoint.addressFile(kafka.stateDir(), applicationId), sample);
        } catch (ConnectException e) {
            throw new CommandFailure("no 'process' answers at " + instance);
        } catch (IllegalStateException e) {
            throw new CommandFailure(e.getMessage());
        }
        List<ChromosomeRow> rows;
        RatesUsed rates;
        if (served.isPresent()) {
            rows = served.get().rows();
            if (!served.get().fromStandbys().isEmpty()) {
                System.err.println("stats: partitions " + served.get().fromStandbys() + " answered by standby"
                        + " replicas (their owner did not answer; they may lag it by moments)");
            }
            try {
                rates = StatisticsEndpoint.queryRates(served.get().address());
            } catch (IllegalStateException e) {
                throw new CommandFailure(e.getMessage());
            }
        } else {
            try (KafkaConnection connection = kafka.connect()) {
                rows = StatisticsChangelog.read(connection.clientProperties(), applicationId, sample, READ_TIMEOUT)
                        .orElseThrow(() -> new CommandFailure("analysis " + analysis.analysis + " has no statistics:"
                                + " no 'process' has run for it (application id " + applicationId + ")"));
                try (Admin admin = Admin.create(connection.clientProperties())) {
                    long unprocessed = GroupProgress.lag(admin, applicationId, settings.inputTopic());
                    if (unprocessed > 0) {
                        System.err.println("stats: no 'process' of " + applicationId + " runs; these counts are its"
                                + " last commit's, " + unprocessed + " records of " + settings.inputTopic()
                                + " are not processed yet");
                    }
                }
                rates = RatesUsed.read(connection.clientProperties(), settings.samplesTopic(), READ_TIMEOUT);
            }
        }
        if (rows.isEmpty() && sample != null) {
            throw new CommandFailure("no statistics for sample " + sample + " in analysis " + analysis.analysis);
        }
        StatisticsTable.print(rows, rates, settings.rates(), System.out);
        return 0;
    }

    /** The bins from this state directory's running process (all its partitions), else from their changelog. */
    private int printBins(String applicationId) throws Exception {
        if (instance != null) {
            throw new CommandFailure("--bins reads the process of this state directory, not --instance");
        }
        Optional<List<BinRow>> served;
        try {
            served = StatisticsEndpoint.queryBins(StatisticsEndpoint.addressFile(kafka.stateDir(), applicationId),
                    sample);
        } catch (IllegalStateException e) {
            throw new CommandFailure(e.getMessage());
        }
        List<BinRow> rows;
        if (served.isPresent()) {
            rows = served.get();
        } else {
            try (KafkaConnection connection = kafka.connect()) {
                rows = StatisticsChangelog.readBins(connection.clientProperties(), applicationId, sample, READ_TIMEOUT)
                        .orElseThrow(() -> new CommandFailure("analysis " + analysis.analysis + " has no bins:"
                                + " no 'process' has run for it (application id " + applicationId + ")"));
            }
        }
        if (rows.isEmpty() && sample != null) {
            throw new CommandFailure("no bins for sample " + sample + " in analysis " + analysis.analysis);
        }
        BinsTable.print(rows, System.out);
        return 0;
    }
}
