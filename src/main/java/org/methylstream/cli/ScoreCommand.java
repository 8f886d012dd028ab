package org.methylstream.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.methylstream.batch.BatchScore;
import org.methylstream.control.ErrorRateSettings;
import org.methylstream.format.InvalidSiteException;
import org.methylstream.format.LineOutput;
import org.methylstream.format.OutputFormat;
import org.methylstream.report.FinishedAnalysis;
import org.methylstream.report.HtmlReport;
import org.methylstream.report.ScoredSites;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.TestKind;
import org.methylstream.topology.FdrSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code methylstream score}: the batch path, no Kafka; the reference the streaming path is checked against. */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Print the significant sites of the input files, without Kafka.",
        description = "Test every site of the input files and write the significant ones as "
                + "chrom<TAB>pos<TAB>count1<TAB>count2<TAB>p_value (the seed script's layout), or as BED, "
                + "bedGraph or allc with --output-format. A summary goes to stderr.")
final class ScoreCommand implements Callable<Integer> {
    @Mixin
    ScoringOptions scoring;

    @Mixin
    ControlOptions control;

    @Mixin
    InputOptions input;

    @Option(names = "--sample", paramLabel = "ID",
            description = "Sample id, one for all inputs or one per input (default: each file's name without "
                    + "extensions, as run names samples): in BED names, and what --error-rates, the rates and BH "
                    + "go by.")
    List<String> sample = List.of();

    @Option(names = "--all", description = "Write every tested site, not only the significant ones.")
    boolean all;

    @Option(names = "--minus-log10",
            description = "Add a sixth column, -log10 p, computed in log space: it still orders the sites whose "
                    + "p-value underflows to 0.0.")
    boolean minusLog10;

    @Option(names = "--fdr", paramLabel = "Q",
            description = "Benjamini-Hochberg per sample at false discovery rate Q, exact, as run --fdr: the "
                    + "discoveries as score lines plus -log10 p and the q-value, instead of the alpha lines "
                    + "(or in --fdr-out).")
    double fdr;

    @Option(names = "--fdr-out", paramLabel = "FILE",
            description = "Write the --fdr discoveries here (appears only when complete); the output keeps the "
                    + "alpha lines.")
    Path fdrOut;

    @Mixin
    FdrOptions fdrOptions;

    @Mixin
    OutputFormatOption outputFormat;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write here (appears only when complete) instead of standard output.")
    Path out;

    @Option(names = "--threads", paramLabel = "N",
            description = "Parse and score on N threads (default: the number of cores; --merge-cpg and --report "
                    + "use one); the output is the same for any N.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--quiet", description = "No summary on stderr.")
    boolean quiet;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Also write a self-contained HTML report (plots, parameters, per-sample summary) that opens"
                    + " with no network; appears only when complete.")
    Path report;

    @Override
    public Integer call() throws IOException {
        ScoringParameters parameters = scoring.parameters();
        PrintStream err = System.err;
        if (minusLog10 && outputFormat.format != OutputFormat.TSV) {
            throw new CommandFailure("--minus-log10 adds a column to tsv lines; " + outputFormat.format
                    + " lines carry -log10 p already or have no place for it");
        }
        if (fdrOut != null && fdr == 0) {
            throw new CommandFailure("--fdr-out needs --fdr");
        }
        if (threads < 1) {
            throw new CommandFailure("--threads must be at least 1, got " + threads);
        }
        if (fdr < 0 || fdr > 1) {
            throw new CommandFailure("--fdr must be in (0, 1], got " + fdr);
        }
        if (fdr > 0 && parameters.test() == TestKind.PMF) {
            throw new CommandFailure(FdrSettings.NEEDS_P_VALUES);
        }
        if (fdr > 0 && fdrOut == null && (all || minusLog10)) {
            throw new CommandFailure("--all and --minus-log10 shape the alpha lines, which --fdr without --fdr-out"
                    + " replaces with the discoveries: give --fdr-out FILE");
        }
        long started = System.nanoTime();
        BatchScore batch;
        BatchScore.Totals totals;
        try (StopSignals stop = StopSignals.install();
             LineOutput output = LineOutput.open(out);
             LineOutput discoveries = fdrOut == null ? null : LineOutput.open(fdrOut)) {
            ErrorRateSettings rates = control.settings(scoring);
            try {
                batch = new BatchScore(new BatchScore.Job(input.paths(), sample, input.settings(), input.skipInvalid,
                        parameters, rates, fdr, fdrOptions.by, fdrOptions.tests, all, minusLog10, fdrOut != null,
                        outputFormat.format, threads),
                        err, stop::requested);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(e.getMessage());
            }
            ScoredSites counted = report == null ? null : new ScoredSites();
            if (counted != null) {
                batch.listening((name, site, tested, significant, logP) -> counted.count(name, site.chromosome(),
                        site.position(), site.coverage(), tested, significant, logP));
            }
            totals = batch.run(output, discoveries);
            output.commit();
            if (counted != null) {
                writeReport(counted, parameters, totals, Duration.ofNanos(System.nanoTime() - started));
            }
            if (discoveries != null) {
                discoveries.commit();
            }
        } catch (InvalidSiteException e) {
            err.println(e.getMessage());
            return 1;
        } catch (ErrorRateSettings.ControlRefused e) {
            err.println("methylstream score: " + e.getMessage());
            return 1;
        } catch (BatchScore.Stopped | StopRequested e) {
            // standard output has the whole lines written so far; a file appears only when complete, so not at all
            err.println("score: stopped on request" + (out == null ? "" : "; " + out + " not written"));
            return 0;
        }
        if (!quiet) {
            double seconds = (System.nanoTime() - started) / 1e9;
            for (String line : batch.sampleSummaries()) {
                err.println("score: " + line);
            }
            boolean oneRate = batch.rates().values().stream().map(r -> r.pooled().value()).distinct().count() <= 1
                    && batch.rates().values().stream().noneMatch(r -> r.perContext());
            String rate = oneRate ? String.valueOf(batch.rates().values().iterator().next().pooled().value())
                    : "per sample";
            err.printf("score: %d sites read, %d tested, %d significant, %d below minimum coverage %d, %d invalid lines"
                            + "%s (%s test, error rate %s, alpha %s; %.1f s, %.0f sites/s)%n",
                    totals.sites(), totals.tested(), totals.significant(),
                    totals.sites() - totals.mergedPairs() - totals.tested() - totals.controlSites(),
                    parameters.minCoverage(), totals.invalidLines(), (control.control.isEmpty() ? ""
                            : ", " + totals.controlSites() + " control sites not tested")
                            + (fdr > 0 ? ", " + totals.discoveries() + " BH discoveries at FDR " + fdr : ""),
                    parameters.test(), rate, parameters.alpha(), seconds, totals.sites() / Math.max(seconds, 1e-9));
            totals.notes().forEach(note -> err.println("score: " + note));
        }
        return 0;
    }

    private void writeReport(ScoredSites counted, ScoringParameters parameters, BatchScore.Totals totals,
                             Duration elapsed) throws IOException {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("inputs", String.join(" ", input.paths()));
        shown.putAll(DashboardOptions.shown(parameters));
        Map<String, String> done = new LinkedHashMap<>();
        done.put("sites read", String.valueOf(totals.sites()));
        done.put("invalid lines", String.valueOf(totals.invalidLines()));
        done.put("seconds", String.format(java.util.Locale.ROOT, "%.1f", elapsed.toMillis() / 1000.0));
        HtmlReport.write(report, FinishedAnalysis.ofScore(counted, shown, done, parameters.errorRate(), elapsed));
    }
}
