package org.methylstream.topology;

import java.util.Collection;
import java.util.List;
import org.methylstream.avro.FdrSite;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.PValueBin;
import org.methylstream.stats.FdrTests;
import org.methylstream.stats.PValueHistogram;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.SiteScorer;

/** The FdrSite records of the two procedures, and the histograms of SampleHistogram records, made in one place. */
public final class FdrRecords {
    /** Benjamini-Hochberg over a whole sample. */
    public static final String BH = "bh";
    /** LORD++, online. */
    public static final String LORD = "lord++";

    private FdrRecords() {
    }

    /** The histogram of these Avro bins, adding those of the same index. */
    public static PValueHistogram histogramOf(Collection<PValueBin> bins) {
        return PValueHistogram.of(bins.stream()
                .map(b -> new PValueHistogram.Bin(b.getIndex(), b.getCount(), b.getMinLogP(), b.getMaxLogP()))
                .toList());
    }

    public static List<PValueBin> binsOf(Collection<PValueHistogram.Bin> bins) {
        return bins.stream().map(b -> new PValueBin(b.index(), b.count(), b.minLogP(), b.maxLogP())).toList();
    }

    /**
     * A BH discovery: {@code tests} is m, {@code discoveries} the number of them in its group.
     *
     * @param scoring  the test, with the site's error rate
     * @param group    {@code sample}, or the context whose tests BH corrected over
     */
    public static FdrSite bh(MethylationSite site, double logP, double logQ, double fdr, long tests,
                             long discoveries, ScoringParameters scoring, String analysisId, String errorRateSource,
                             String group, FdrTests counted) {
        return new FdrSite(site, site.getMethylated() + site.getUnmethylated(), Math.exp(logP),
                SiteScorer.minusLog10(logP), BH, fdr, Math.exp(logQ), SiteScorer.minusLog10(logQ), null, tests,
                discoveries, scoring.test().id(), scoring.errorRate(), scoring.minCoverage(), analysisId,
                errorRateSource, group, counted.id());
    }

    /** A LORD++ discovery: the {@code test}-th test of its stream, held to {@code level}. */
    public static FdrSite lord(MethylationSite site, double logP, double level, double fdr, long test,
                               long discoveries, ScoringParameters scoring, String analysisId,
                               String errorRateSource) {
        return new FdrSite(site, site.getMethylated() + site.getUnmethylated(), Math.exp(logP),
                SiteScorer.minusLog10(logP), LORD, fdr, null, null, level, test, discoveries, scoring.test().id(),
                scoring.errorRate(), scoring.minCoverage(), analysisId, errorRateSource, "sample", FdrTests.ALL.id());
    }
}
