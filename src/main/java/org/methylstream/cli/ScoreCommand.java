package org.methylstream.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.methylstream.format.InvalidSiteException;
import org.methylstream.format.LineOutput;
import org.methylstream.format.OutputFormat;
import org.methylstream.format.ScoreLine;
import org.methylstream.format.SiteFiles;
import org.methylstream.format.SiteLine;
import org.methylstream.format.TestedSite;
import org.methylstream.producer.SampleNames;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.SiteScorer;
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
    InputOptions input;

    @Option(names = "--all", description = "Write every tested site, not only the significant ones.")
    boolean all;

    @Option(names = "--minus-log10",
            description = "Add a sixth column, -log10 p, computed in log space: it still orders the sites whose "
                    + "p-value underflows to 0.0.")
    boolean minusLog10;

    @Mixin
    OutputFormatOption outputFormat;

    @Option(names = "--sample", paramLabel = "ID",
            description = "Sample id in BED names (default: each file's name without extensions, as run names samples).")
    String sample;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write here (appears only when complete) instead of standard output.")
    Path out;

    @Option(names = "--quiet", description = "No summary on stderr.")
    boolean quiet;

    /** A parsed site and its test as the line writer reads it; the p-value is computed once, -log10 p on demand. */
    private static final class ScoredLine implements TestedSite {
        private final SiteScorer scorer;
        private String path;
        private String sample;
        private SiteLine site;
        private boolean significant;
        private double pValue;

        ScoredLine(SiteScorer scorer) {
            this.scorer = scorer;
        }

        ScoredLine of(Map<String, String> samples, String input, SiteLine line, boolean isSignificant) {
            if (!input.equals(path)) { // sites come file after file: one look-up per file
                path = input;
                sample = samples.get(input);
            }
            site = line;
            significant = isSignificant;
            pValue = scorer.pValue(line.methylated(), line.coverage());
            return this;
        }

        @Override
        public String sample() {
            return sample;
        }

        @Override
        public String chromosome() {
            return site.chromosome();
        }

        @Override
        public long position() {
            return site.position();
        }

        @Override
        public String strand() {
            return site.strand();
        }

        @Override
        public String context() {
            return site.context();
        }

        @Override
        public int span() {
            return site.span();
        }

        @Override
        public int methylated() {
            return site.methylated();
        }

        @Override
        public int unmethylated() {
            return site.unmethylated();
        }

        @Override
        public double pValue() {
            return pValue;
        }

        @Override
        public double minusLog10PValue() {
            return scorer.minusLog10PValue(site.methylated(), site.coverage());
        }

        @Override
        public boolean significant() {
            return significant;
        }
    }

    @Override
    public Integer call() throws IOException {
        ScoringParameters parameters = scoring.parameters();
        if (minusLog10 && outputFormat.format != OutputFormat.TSV) {
            throw new CommandFailure("--minus-log10 adds a column to tsv lines; " + outputFormat.format
                    + " lines carry -log10 p already or have no place for it");
        }
        Map<String, String> samples = new HashMap<>();
        try {
            SampleNames.assign(input.paths(), sample == null ? List.of() : List.of(sample))
                    .forEach(assigned -> samples.put(assigned.path(), assigned.sampleId()));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
        SiteScorer scorer = new SiteScorer(parameters);
        PrintStream err = System.err;
        SiteFiles sites = new SiteFiles(input.paths(), input.settings(), input.skipInvalid, err);
        long[] tested = {0};
        long[] significant = {0};
        long started = System.nanoTime();
        try (StopSignals stop = StopSignals.install(); LineOutput output = LineOutput.open(out)) {
            StringBuilder line = new StringBuilder(96);
            ScoreLine lines = new ScoreLine(outputFormat.format);
            ScoredLine scored = new ScoredLine(scorer);
            if (outputFormat.format.header() != null) {
                output.line(outputFormat.format.header());
            }
            sites.forEach((path, site) -> {
                if (stop.requested()) {
                    throw new StopRequested();
                }
                int coverage = site.coverage();
                if (!scorer.isTested(coverage)) {
                    return;
                }
                tested[0]++;
                boolean isSignificant = scorer.isSignificant(site.methylated(), coverage);
                if (isSignificant) {
                    significant[0]++;
                }
                if (isSignificant || all) {
                    line.setLength(0);
                    lines.appendTo(line, scored.of(samples, path, site, isSignificant));
                    if (minusLog10) {
                        ScoreLine.appendColumn(line, scorer.minusLog10PValue(site.methylated(), coverage));
                    }
                    output.line(line);
                }
            });
            output.commit();
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
                    sites.sites(), tested[0], significant[0], sites.sites() - sites.mergedPairs() - tested[0],
                    parameters.minCoverage(),
                    sites.invalidLines(), parameters.test(), parameters.errorRate(), parameters.alpha(), seconds,
                    sites.sites() / Math.max(seconds, 1e-9));
            sites.notes().forEach(note -> err.println("score: " + note));
        }
        return 0;
    }
}
