package org.methylstream.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.methylstream.stats.SiteScorer;
import org.methylstream.topology.BinCounts;
import org.methylstream.topology.ChromosomeStatistics;
import org.methylstream.topology.GenomeBins;
import org.methylstream.application.ScoringApplication.BinRow;
import org.methylstream.application.ScoringApplication.ChromosomeRow;

/**
 * The per-sample statistics and genome bins of sites scored in batch ({@code score --report}), counted as the
 * scoring topology counts them, so that a report of {@code score} and one of {@code run} on the same input agree.
 * Used by one thread.
 */
public final class ScoredSites {
    /** The report counts a sample's chromosome over all its contexts. */
    private static final String ALL_CONTEXTS = ".";

    private record Bin(String sample, String chromosome, int index) {
    }

    private final Map<String, Map<String, ChromosomeStatistics>> statistics = new HashMap<>();
    private final Map<Bin, BinCounts> bins = new HashMap<>();
    private final GenomeBins limit = new GenomeBins(sample -> 0);

    /** One more valid site; {@code logP} is its ln p-value when tested. */
    public void count(String sample, String chromosome, long position, int coverage, boolean tested,
                      boolean significant, double logP) {
        statistics.computeIfAbsent(sample, s -> new HashMap<>())
                .computeIfAbsent(chromosome, c -> ChromosomeStatistics.none())
                .count(coverage, tested, significant, logP);
        Bin bin = new Bin(sample, chromosome, GenomeBins.of(position));
        if (!bins.containsKey(bin) && !limit.admitsNew(sample)) {
            bin = new Bin(sample, GenomeBins.OTHER_CHROMOSOME, GenomeBins.OTHER);
        }
        double minusLog10P = tested ? SiteScorer.minusLog10(logP) : 0;
        bins.computeIfAbsent(bin, b -> BinCounts.none()).count(tested, significant, minusLog10P);
    }

    public List<ChromosomeRow> statistics() {
        List<ChromosomeRow> rows = new ArrayList<>();
        statistics.forEach((sample, chromosomes) -> chromosomes.forEach((chromosome, counts) ->
                rows.add(new ChromosomeRow(sample, ALL_CONTEXTS, chromosome, counts))));
        return rows;
    }

    public List<BinRow> bins() {
        List<BinRow> rows = new ArrayList<>();
        bins.forEach((bin, counts) -> rows.add(new BinRow(bin.sample(), bin.chromosome(), bin.index(), counts)));
        return rows;
    }
}
