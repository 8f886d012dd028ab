package org.methylstream.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.methylstream.format.InvalidSiteException;
import org.methylstream.format.LineOutput;
import org.methylstream.format.ScoreLine;
import org.methylstream.format.SiteFiles;
import org.methylstream.producer.SampleNames;
import org.methylstream.report.FinishedAnalysis;
import org.methylstream.report.HtmlReport;
import org.methylstream.report.ScoredSites;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.SiteScorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code methylstream score}: the batch path, no Kafka; the reference the streaming path is checked against. */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Test every site of the input files and write the significant ones as",
                "chrom<TAB>pos<TAB>count1<TAB>count2<TAB>p_value (the seed script's layout).",
                "A summary goes to stderr."})
final class ScoreCommand implements Callable<Integer> {
    @Mixin
    ScoringOptions scoring;

    @Mixin
    InputOptions input;

    @Option(names = "--all", description = "Write every tested site, not only the significant ones.")
    boolean all;

    @Option(names = "--minus-log10",
            description = "Add a sixth column, -log10 p, computed in log space: it still orders the sites whose "
                    + "p-value underflows to 0.0.")
    boolean minusLog10;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write here (appears only when complete) instead of standard output.")
    Path out;

    @Option(names = "--quiet", description = "No summary on stderr.")
    boolean quiet;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Also write a self-contained HTML report (plots, parameters, per-sample summary; each input"
                    + " is a sample named after its file) that opens with no network; appears only when complete.")
    Path report;

    @Override
    public Integer call() throws IOException {
        ScoringParameters parameters = scoring.parameters();
        SiteScorer scorer = new SiteScorer(parameters);
        PrintStream err = System.err;
        SiteFiles sites = new SiteFiles(input.paths(), input.format, input.skipInvalid, err);
        long[] tested = {0};
        long[] significant = {0};
        long started = System.nanoTime();
        ScoredSites counted = report == null ? null : new ScoredSites();
        String[] sample = {null, null}; // the input, and its sample: named once per input, not per site
        try (StopSignals stop = StopSignals.install(); LineOutput output = LineOutput.open(out)) {
            StringBuilder line = new StringBuilder(96);
            ScoreLine lines = new ScoreLine();
            sites.forEach((path, site) -> {
                if (stop.requested()) {
                    throw new StopRequested();
                }
                int coverage = site.coverage();
                boolean isTested = scorer.isTested(coverage);
                if (counted != null) {
                    boolean significantHere = isTested && scorer.isSignificant(site.methylated(), coverage);
                    if (!path.equals(sample[0])) {
                        sample[0] = path;
                        sample[1] = SampleNames.fromInput(path);
                    }
                    counted.count(sample[1], site.chromosome(), site.position(), coverage, isTested,
                            significantHere, isTested ? scorer.logPValue(site.methylated(), coverage) : Double.NaN);
                }
                if (!isTested) {
                    return;
                }
                tested[0]++;
                boolean isSignificant = scorer.isSignificant(site.methylated(), coverage);
                if (isSignificant) {
                    significant[0]++;
                }
                if (isSignificant || all) {
                    line.setLength(0);
                    lines.appendTo(line, site.chromosome(), site.position(), site.methylated(),
                            site.unmethylated(), scorer.pValue(site.methylated(), coverage));
                    if (minusLog10) {
                        ScoreLine.appendColumn(line, scorer.minusLog10PValue(site.methylated(), coverage));
                    }
                    output.line(line);
                }
            });
            output.commit();
            if (counted != null) {
                writeReport(counted, parameters, sites, Duration.ofNanos(System.nanoTime() - started));
            }
        } catch (InvalidSiteException e) {
            err.println(e.getMessage());
            return 1;
        } catch (StopRequested e) {
            // standard output has the whole lines written so far; a file appears only when complete, so not at all
            err.println("score: stopped on request" + (out == null ? "" : "; " + out + " not written"));
            return 0;
        }
        if (!quiet) {
            double seconds = (System.nanoTime() - started) / 1e9;
            err.printf("score: %d sites read, %d tested, %d significant, %d below minimum coverage %d, %d invalid lines"
                            + " (%s test, error rate %s, alpha %s; %.1f s, %.0f sites/s)%n",
                    sites.sites(), tested[0], significant[0], sites.sites() - tested[0], parameters.minCoverage(),
                    sites.invalidLines(), parameters.test(), parameters.errorRate(), parameters.alpha(), seconds,
                    sites.sites() / Math.max(seconds, 1e-9));
        }
        return 0;
    }

    private void writeReport(ScoredSites counted, ScoringParameters parameters, SiteFiles sites, Duration elapsed)
            throws IOException {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("inputs", String.join(" ", input.paths()));
        shown.putAll(DashboardOptions.shown(parameters));
        Map<String, String> totals = new LinkedHashMap<>();
        totals.put("sites read", String.valueOf(sites.sites()));
        totals.put("invalid lines", String.valueOf(sites.invalidLines()));
        totals.put("seconds", String.format(java.util.Locale.ROOT, "%.1f", elapsed.toMillis() / 1000.0));
        HtmlReport.write(report, FinishedAnalysis.ofScore(counted, shown, totals, parameters.errorRate(), elapsed));
    }
}
