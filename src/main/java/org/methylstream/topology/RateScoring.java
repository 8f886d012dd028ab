package org.methylstream.topology;

import org.methylstream.control.ErrorRate;
import org.methylstream.serde.SignificantSiteEncoder;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.SiteScorer;

/**
 * How the sites of one sample (or one context of it) are scored: the analysis's test at the sample's error rate,
 * with the rate's source for the records. Not thread-safe (the scorer memoises): one per stream task or stage.
 */
public record RateScoring(ScoringParameters scoring, String source, SiteScorer scorer, SignificantSiteEncoder encoder) {
    public static RateScoring of(TopologySettings settings, ErrorRate rate) {
        ScoringParameters p = settings.scoring();
        ScoringParameters scoring = new ScoringParameters(p.test(), rate.value(), p.alpha(), p.minCoverage());
        return new RateScoring(scoring, rate.source(), new SiteScorer(scoring), new SignificantSiteEncoder(
                p.test().id(), rate.value(), p.alpha(), settings.analysisId(), rate.source()));
    }
}
