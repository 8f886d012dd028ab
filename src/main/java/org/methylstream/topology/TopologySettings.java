package org.methylstream.topology;

import java.util.Objects;
import org.methylstream.control.ErrorRate;
import org.methylstream.control.ErrorRateSettings;
import org.methylstream.naming.AnalysisNames;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.TestKind;

/**
 * Everything the scoring topology depends on; the topology is a pure function of this.
 *
 * @param names   the analysis's topics (and application id); the FDR stages' topics are named after the output
 * @param scoring the test and its thresholds
 * @param fdr     the false-discovery-rate stages
 * @param rates   where each sample's error rate comes from; {@code scoring}'s rate is the given one
 * @param significantPerRecord at most this many significant sites of one record of the sites topic in one record of
 *                the output topic: 1 for a {@code SignificantSite} each, more for {@code SignificantSiteBlock}s
 * @param countsInMemory the scoring's stores of counts and controls on the heap, changelogged all the same, rather
 *                than in RocksDB: for a run, whose input bounds them and whose start waited for each store's
 *                RocksDB to open (README, Performance); CpG strands waiting for their partner and the FDR stages'
 *                stores stay in RocksDB either way, as nothing but the input's order bounds the strands
 * @param cpgPairing whether the topology pairs the strands of a CpG ({@code publish --merge-cpg}) in a store of
 *                its own: always for an analysis, which any publisher may feed; a run knows whether it publishes
 *                strands, and one that does not then opens no RocksDB at all (README, Performance)
 */
public record TopologySettings(AnalysisNames names, ScoringParameters scoring, FdrSettings fdr,
                               ErrorRateSettings rates, int significantPerRecord, boolean countsInMemory,
                               boolean cpgPairing) {
    public TopologySettings {
        if (significantPerRecord < 1) {
            throw new IllegalArgumentException("significant sites per record must be at least 1, not "
                    + significantPerRecord);
        }
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(scoring, "scoring");
        Objects.requireNonNull(fdr, "fdr");
        Objects.requireNonNull(rates, "rates");
        if (rates.given().value() != scoring.errorRate()) {
            throw new IllegalArgumentException("the given error rate " + rates.given().value()
                    + " is not the scoring parameters' " + scoring.errorRate());
        }
        if (fdr.any() && scoring.test() == TestKind.PMF) {
            throw new IllegalArgumentException(FdrSettings.NEEDS_P_VALUES);
        }
    }

    /** Every sample at the scoring parameters' error rate. */
    public TopologySettings(AnalysisNames names, ScoringParameters scoring, FdrSettings fdr) {
        this(names, scoring, fdr, ErrorRateSettings.of(new ErrorRate(scoring.errorRate(), ErrorRate.GIVEN, null)), 1, false, true);
    }

    /** Without false-discovery-rate stages. */
    public TopologySettings(AnalysisNames names, ScoringParameters scoring) {
        this(names, scoring, FdrSettings.NONE);
    }

    public TopologySettings withFdr(FdrSettings stages) {
        return new TopologySettings(names, scoring, stages, rates, significantPerRecord, countsInMemory, cpgPairing);
    }

    public TopologySettings withRates(ErrorRateSettings sources) {
        return new TopologySettings(names, scoring, fdr, sources, significantPerRecord, countsInMemory, cpgPairing);
    }

    /** Significant sites of one record of the sites topic go together, up to {@code sites} to a record. */
    public TopologySettings withSignificantPerRecord(int sites) {
        return new TopologySettings(names, scoring, fdr, rates, sites, countsInMemory, cpgPairing);
    }

    /** The counts and controls in memory ({@link #countsInMemory}). */
    public TopologySettings withCountsInMemory() {
        return new TopologySettings(names, scoring, fdr, rates, significantPerRecord, true, cpgPairing);
    }

    /** No store for CpG strands ({@link #cpgPairing}): for an input published without {@code --merge-cpg}. */
    public TopologySettings withoutCpgPairing() {
        return new TopologySettings(names, scoring, fdr, rates, significantPerRecord, countsInMemory, false);
    }

    /**
     * Whether the analysis has the per-sample stage after each sample's end: for Benjamini-Hochberg, or to score the
     * samples whose error rate comes from their control.
     */
    public boolean perSampleStage() {
        return fdr.perSampleEnabled() || rates.control() != null;
    }

    public String inputTopic() {
        return names.inputTopic();
    }

    public String outputTopic() {
        return names.outputTopic();
    }

    public String deadLetterTopic() {
        return names.deadLetterTopic();
    }

    /** Stamped on every output record, so results say which analysis made them. */
    public String analysisId() {
        return names.analysisId();
    }

    public String fdrTopic() {
        return names.fdrTopic();
    }

    public String onlineFdrTopic() {
        return names.onlineFdrTopic();
    }

    public String histogramsTopic() {
        return names.fdrHistogramsTopic();
    }

    public String fdrRequestsTopic() {
        return names.fdrRequestsTopic();
    }

    public String samplesTopic() {
        return names.samplesTopic();
    }
}
