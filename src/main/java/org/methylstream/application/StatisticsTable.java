package org.methylstream.application;

import java.io.PrintStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.methylstream.application.ScoringApplication.ChromosomeRow;
import org.methylstream.control.ErrorRate;
import org.methylstream.control.ErrorRateSettings;
import org.methylstream.topology.ChromosomeStatistics;

/**
 * The per-sample, per-context, per-chromosome statistics as {@code stats} prints them (a tab-separated table with a
 * total row per sample and context, and per sample when it has several contexts), and as {@code process} hands them
 * over to it (one raw row per line). The context is the last column, so the columns before it stay where they were.
 */
public final class StatisticsTable {
    public static final String TOTAL = "*";
    private static final String HEADER = "sample\tchromosome\tsites\ttested\tsignificant\tmean_coverage"
            + "\tp(1e-1,1]\tp(1e-2,1e-1]\tp(1e-3,1e-2]\tp(1e-4,1e-3]\tp(1e-5,1e-4]\tp(1e-6,1e-5]\tp(1e-7,1e-6]"
            + "\tp(1e-8,1e-7]\tp(1e-9,1e-8]\tp(1e-10,1e-9]\tp<=1e-10\tcontext\terror_rate\terror_rate_source";

    private StatisticsTable() {
    }

    /**
     * Rows by sample, context and chromosome (as {@code ScoringApplication#statistics} sorts them); after each
     * sample's chromosomes of one context a row for the context (chromosome *), and after a sample with several
     * contexts a row for the whole sample (chromosome * and context *). Each row ends with the error rate its sites
     * were tested under and its source ({@link RatesUsed}, as {@code settings} say for samples it has no record of);
     * a rate not known yet (a control's, before the sample's end) reads {@code -}. The sites of a sample tested at
     * its control's rate count as not tested: the per-sample stage scored them after its end, not the stream tasks
     * whose counts these are.
     */
    public static void print(List<ChromosomeRow> rows, RatesUsed rates, ErrorRateSettings settings,
                             PrintStream out) {
        out.println(HEADER);
        ChromosomeStatistics contextTotal = null;
        ChromosomeStatistics sampleTotal = null;
        int contexts = 0;
        for (int i = 0; i < rows.size(); i++) {
            ChromosomeRow row = rows.get(i);
            String rate = rateColumns(rates.of(row.sample(), row.context(), settings));
            print(row.sample(), row.chromosome(), row.statistics(), row.context(), rate, out);
            contextTotal = contextTotal == null ? row.statistics() : contextTotal.plus(row.statistics());
            sampleTotal = sampleTotal == null ? row.statistics() : sampleTotal.plus(row.statistics());
            boolean sampleEnds = i == rows.size() - 1 || !rows.get(i + 1).sample().equals(row.sample());
            if (sampleEnds || !rows.get(i + 1).context().equals(row.context())) {
                print(row.sample(), TOTAL, contextTotal, row.context(), rate, out);
                contextTotal = null;
                contexts++;
            }
            if (sampleEnds) {
                if (contexts > 1) {
                    print(row.sample(), TOTAL, sampleTotal, TOTAL, rateColumns(rates.of(row.sample(), TOTAL, settings)),
                            out);
                }
                sampleTotal = null;
                contexts = 0;
            }
        }
    }

    private static String rateColumns(ErrorRate rate) {
        return (Double.isNaN(rate.value()) ? "-" : String.valueOf(rate.value())) + "\t" + rate.source();
    }

    private static void print(String sample, String chromosome, ChromosomeStatistics statistics, String context,
                              String rate, PrintStream out) {
        StringBuilder line = new StringBuilder().append(sample).append('\t').append(chromosome).append('\t')
                .append(statistics.sites()).append('\t').append(statistics.tested()).append('\t')
                .append(statistics.significant()).append('\t')
                .append(String.format(Locale.ROOT, "%.2f", statistics.meanCoverage()));
        for (long count : statistics.pValueDecades()) {
            line.append('\t').append(count);
        }
        out.println(line.append('\t').append(context).append('\t').append(rate));
    }

    /** One row as a line of raw counts, names URL-encoded so that any character survives. */
    public static String raw(ChromosomeRow row) {
        ChromosomeStatistics s = row.statistics();
        StringBuilder line = new StringBuilder().append(URLEncoder.encode(row.sample(), StandardCharsets.UTF_8))
                .append('\t').append(URLEncoder.encode(row.chromosome(), StandardCharsets.UTF_8)).append('\t')
                .append(s.sites()).append('\t').append(s.tested()).append('\t').append(s.significant()).append('\t')
                .append(s.coverageSum());
        for (long count : s.pValueDecades()) {
            line.append('\t').append(count);
        }
        return line.append('\t').append(URLEncoder.encode(row.context(), StandardCharsets.UTF_8)).toString();
    }

    public static List<ChromosomeRow> parseRaw(String text) {
        List<ChromosomeRow> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t");
            long[] decades = new long[ChromosomeStatistics.DECADES];
            for (int d = 0; d < decades.length; d++) {
                decades[d] = Long.parseLong(f[6 + d]);
            }
            rows.add(new ChromosomeRow(URLDecoder.decode(f[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(f[6 + decades.length], StandardCharsets.UTF_8),
                    URLDecoder.decode(f[1], StandardCharsets.UTF_8), new ChromosomeStatistics(Long.parseLong(f[2]),
                    Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]), decades)));
        }
        return rows;
    }
}
