package org.methylstream.report;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.methylstream.dashboard.Snapshot;
import org.methylstream.dashboard.Snapshot.FdrView;
import org.methylstream.dashboard.Snapshot.SampleExtras;
import org.methylstream.application.ScoringApplication;
import org.methylstream.application.ScoringApplication.BinRow;
import org.methylstream.application.ScoringApplication.ChromosomeRow;
import org.methylstream.topology.TopologySettings;

/** The snapshot a report shows: a finished run's stores, or what {@code score} counted. */
public final class FinishedAnalysis {
    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(1);

    private FinishedAnalysis() {
    }

    /**
     * A run once every site is scored, from its application's stores and, with per-sample FDR, its discoveries topic.
     *
     * @param elapsed the time the run has taken so far, for each sample's rate
     */
    public static Snapshot ofRun(ScoringApplication scoring, TopologySettings topology, Properties client,
                                 Map<String, String> parameters, Duration elapsed) throws InterruptedException {
        List<ChromosomeRow> statistics = scoring.statistics(null, QUERY_TIMEOUT);
        List<BinRow> bins = scoring.bins(null, QUERY_TIMEOUT);
        Map<String, FdrView> fdr = topology.fdr().perSampleEnabled()
                ? FdrResults.read(client, topology.fdrTopic()) : Map.of();
        Map<String, Long> tested = new HashMap<>();
        statistics.forEach(row -> tested.merge(row.sample(), row.statistics().tested(), Long::sum));
        Map<String, FdrView> perSample = new HashMap<>(fdr);
        if (topology.fdr().perSampleEnabled()) {
            // a sample without discoveries has no record in the topic
            tested.forEach((sample, m) -> perSample.putIfAbsent(sample, new FdrView("bh", topology.fdr().perSample(),
                    m, 0)));
        }
        return Snapshot.of("run", false, null, parameters, Map.of(), topology.scoring().errorRate(), statistics, bins,
                extras(statistics, elapsed, perSample));
    }

    /** {@code score}'s sites, all of every input read. */
    public static Snapshot ofScore(ScoredSites sites, Map<String, String> parameters, Map<String, String> totals,
                                   double errorRate, Duration elapsed) {
        List<ChromosomeRow> statistics = sites.statistics();
        return Snapshot.of("score", false, null, parameters, totals, errorRate, statistics, sites.bins(),
                extras(statistics, elapsed, Map.of()));
    }

    /** Every sample read to its end, at its share of the time taken. */
    private static Map<String, SampleExtras> extras(List<ChromosomeRow> statistics, Duration elapsed,
                                                    Map<String, FdrView> fdr) {
        Map<String, Long> read = new HashMap<>();
        statistics.forEach(row -> read.merge(row.sample(), row.statistics().sites(), Long::sum));
        double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
        Map<String, SampleExtras> extras = new HashMap<>();
        read.forEach((sample, sites) -> extras.put(sample, new SampleExtras(sites, true, sites / seconds, 0,
                fdr.get(sample))));
        return extras;
    }
}
