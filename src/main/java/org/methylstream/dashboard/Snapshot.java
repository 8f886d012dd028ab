package org.methylstream.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.methylstream.topology.BinCounts;
import org.methylstream.topology.ChromosomeStatistics;
import org.methylstream.topology.CoverageBins;
import org.methylstream.topology.GenomeBins;
import org.methylstream.application.ScoringApplication.BinRow;
import org.methylstream.application.ScoringApplication.ChromosomeRow;

/**
 * What the dashboard and the report show of an analysis at one moment, as the API's JSON: the analysis and its
 * parameters, and per sample its progress, counts, histograms, chromosomes and genome bins (chromosomes in
 * karyotype order).
 *
 * @param source        what made it: {@code process}, {@code run} or {@code score}
 * @param live          true while the analysis runs (the dashboard), false for a finished one (a report)
 * @param takenAt       milliseconds since the epoch
 * @param consumerLag   input records the application has yet to commit; null when unknown (batch)
 * @param parameters    the analysis's parameters, by name, as a user gave them
 * @param totals        what a finished run did in all (sites published, invalid lines, time, ...); empty while live
 * @param pValueBins    labels of the p-value histogram's bins (decades of p)
 * @param coverageBins  labels of the coverage histogram's bins
 * @param binSize       bases per genome bin
 * @param problem       why the numbers could not be refreshed lately (the stores are restoring, ...), or null
 */
public record Snapshot(String source, boolean live, long takenAt, Long consumerLag, Map<String, String> parameters,
                       Map<String, String> totals, List<String> pValueBins, List<String> coverageBins, int binSize,
                       List<SampleView> samples, String problem) {
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /**
     * One sample.
     *
     * @param sitesRead        valid sites scored (as {@code stats} counts them)
     * @param sitesTotal       sites published, once an end marker has told; else null
     * @param ended            every publication of the sample has ended and been scored to its end
     * @param sitesPerSecond   sites read per second over the last minute (a report: over the whole run)
     * @param errorRate        the per-read error rate its sites were tested with
     * @param pValueHistogram  tested sites per {@link Snapshot#pValueBins() decade of p}
     * @param coverageHistogram valid sites per {@link Snapshot#coverageBins() coverage bin}
     * @param fdr              its false-discovery-rate results; null without FDR control
     */
    public record SampleView(String sample, long sitesRead, Long sitesTotal, boolean ended, double sitesPerSecond,
                             long tested, long significant, double testedShare, double significantShare,
                             double errorRate, double meanCoverage, long deadLettered, long[] pValueHistogram,
                             long[] coverageHistogram, List<ChromosomeView> chromosomes, List<BinView> bins,
                             FdrView fdr) {
        /** Without the chromosomes and bins: a line of the sample list. */
        public SampleView summary() {
            return new SampleView(sample, sitesRead, sitesTotal, ended, sitesPerSecond, tested, significant,
                    testedShare, significantShare, errorRate, meanCoverage, deadLettered, pValueHistogram,
                    coverageHistogram, null, null, fdr);
        }
    }

    public record ChromosomeView(String chromosome, long sites, long tested, long significant, double meanCoverage) {
    }

    /** Genome bin positions start..end (1-based, inclusive); chromosome {@code *}: bins past the limit. */
    public record BinView(String chromosome, long start, long end, long sites, long tested, long significant,
                          double maxMinusLog10P) {
    }

    /** @param discoveries sites discovered at {@code level}, of {@code tests} tested sites */
    public record FdrView(String procedure, double level, long tests, long discoveries) {
    }

    /** What is known of a sample besides its counts: its publications' ends, rate, dead letters, FDR. */
    public record SampleExtras(Long sitesTotal, boolean ended, double sitesPerSecond, long deadLettered,
                               FdrView fdr) {
        public static final SampleExtras NONE = new SampleExtras(null, false, 0, 0, null);
    }

    /**
     * A snapshot from the statistics and bins of every sample, with per-sample extras.
     *
     * @param errorRate the analysis's error rate
     */
    public static Snapshot of(String source, boolean live, Long consumerLag, Map<String, String> parameters,
                              Map<String, String> totals, double errorRate, List<ChromosomeRow> statistics,
                              List<BinRow> bins,
                              Map<String, SampleExtras> extras) {
        Map<String, List<ChromosomeRow>> rowsBySample = new LinkedHashMap<>();
        statistics.forEach(row -> rowsBySample.computeIfAbsent(row.sample(), s -> new ArrayList<>()).add(row));
        Map<String, List<BinRow>> binsBySample = new LinkedHashMap<>();
        bins.forEach(row -> binsBySample.computeIfAbsent(row.sample(), s -> new ArrayList<>()).add(row));
        List<SampleView> samples = new ArrayList<>();
        for (Map.Entry<String, List<ChromosomeRow>> sample : rowsBySample.entrySet()) {
            samples.add(sample(sample.getKey(), sample.getValue(), binsBySample.getOrDefault(sample.getKey(),
                    List.of()), errorRate, extras.getOrDefault(sample.getKey(), SampleExtras.NONE)));
        }
        samples.sort(Comparator.comparing(SampleView::sample));
        return new Snapshot(source, live, System.currentTimeMillis(), consumerLag, parameters, totals,
                pValueBinLabels(),
                coverageBinLabels(), GenomeBins.SIZE, samples, null);
    }

    private static SampleView sample(String sample, List<ChromosomeRow> rows, List<BinRow> binRows, double errorRate,
                                     SampleExtras extras) {
        ChromosomeStatistics total = rows.stream().map(ChromosomeRow::statistics)
                .reduce(ChromosomeStatistics::plus).orElseThrow();
        // a chromosome's rows of every context, added up
        Map<String, ChromosomeStatistics> byChromosome = new java.util.TreeMap<>(KaryotypeOrder.INSTANCE);
        rows.forEach(row -> byChromosome.merge(row.chromosome(), row.statistics(), ChromosomeStatistics::plus));
        List<ChromosomeView> chromosomes = byChromosome.entrySet().stream()
                .map(e -> new ChromosomeView(e.getKey(), e.getValue().sites(), e.getValue().tested(),
                        e.getValue().significant(), e.getValue().meanCoverage()))
                .toList();
        List<BinView> bins = binRows.stream()
                .sorted(Comparator.comparing((BinRow row) -> row.index() == GenomeBins.OTHER)
                        .thenComparing(BinRow::chromosome, KaryotypeOrder.INSTANCE).thenComparingInt(BinRow::index))
                .map(Snapshot::binView)
                .toList();
        return new SampleView(sample, total.sites(), extras.sitesTotal(), extras.ended(), extras.sitesPerSecond(),
                total.tested(), total.significant(), share(total.tested(), total.sites()),
                share(total.significant(), total.tested()), errorRate, total.meanCoverage(), extras.deadLettered(),
                total.pValueDecades(), total.coverageHistogram(), chromosomes, bins, extras.fdr());
    }

    private static BinView binView(BinRow row) {
        BinCounts c = row.counts();
        long start = row.index() == GenomeBins.OTHER ? 0 : (long) row.index() * GenomeBins.SIZE + 1;
        long end = row.index() == GenomeBins.OTHER ? 0 : start + GenomeBins.SIZE - 1;
        return new BinView(row.chromosome(), start, end, c.sites(), c.tested(), c.significant(), c.maxMinusLog10P());
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    /** The p-value decades as the statistics table heads them: (1e-1,1], ..., &lt;=1e-10. */
    static List<String> pValueBinLabels() {
        List<String> labels = new ArrayList<>();
        labels.add("(1e-1,1]");
        for (int d = 1; d < ChromosomeStatistics.DECADES - 1; d++) {
            labels.add("(1e-" + (d + 1) + ",1e-" + d + "]");
        }
        labels.add("<=1e-" + (ChromosomeStatistics.DECADES - 1));
        return labels;
    }

    static List<String> coverageBinLabels() {
        List<String> labels = new ArrayList<>();
        for (int bin = 0; bin < CoverageBins.COUNT; bin++) {
            int low = CoverageBins.lowest(bin);
            int high = CoverageBins.highest(bin);
            labels.add(low == high ? String.valueOf(low) : high == Integer.MAX_VALUE ? low + "+" : low + "-" + high);
        }
        return labels;
    }

    public Optional<SampleView> sample(String sample) {
        return samples.stream().filter(s -> s.sample().equals(sample)).findFirst();
    }

    /** With {@code totals} instead of its own. */
    public Snapshot withTotals(Map<String, String> totals) {
        return new Snapshot(source, live, takenAt, consumerLag, parameters, totals, pValueBins, coverageBins, binSize,
                samples, problem);
    }

    /** The same numbers, with why they are not newer. */
    public Snapshot withProblem(String why) {
        return new Snapshot(source, live, takenAt, consumerLag, parameters, totals, pValueBins, coverageBins, binSize,
                samples, why);
    }

    /** Without chromosomes and bins: the sample list. */
    public Snapshot summary() {
        return new Snapshot(source, live, takenAt, consumerLag, parameters, totals, pValueBins, coverageBins, binSize,
                samples.stream().map(SampleView::summary).toList(), problem);
    }

    /** As JSON; {@code <} escaped, so that the text can stand inside an HTML script element. */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
