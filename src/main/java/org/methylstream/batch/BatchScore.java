package org.methylstream.batch;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.methylstream.control.Control;
import org.methylstream.control.ControlTally;
import org.methylstream.control.ErrorRate;
import org.methylstream.control.ErrorRateSettings;
import org.methylstream.control.SampleRates;
import org.methylstream.format.InputSettings;
import org.methylstream.format.InvalidSiteException;
import org.methylstream.format.LineBuffer;
import org.methylstream.format.LineOutput;
import org.methylstream.format.OutputFormat;
import org.methylstream.format.ScoreLine;
import org.methylstream.format.SequenceContext;
import org.methylstream.format.SiteFiles;
import org.methylstream.format.SiteLine;
import org.methylstream.format.SiteReader;
import org.methylstream.format.TestedSite;
import org.methylstream.producer.SampleNames;
import org.methylstream.stats.BenjaminiHochberg;
import org.methylstream.stats.FdrScope;
import org.methylstream.stats.FdrTests;
import org.methylstream.stats.PairCounts;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.SiteScorer;

/**
 * Scores site files without Kafka. When a sample's rate comes from its control, or Benjamini–Hochberg is asked for,
 * the inputs are read twice: the first read adds up each sample's control sites and counts its tested sites per
 * distinct (methylated, coverage) pair; between the reads each sample gets its rate(s), and BH runs exactly on those
 * counts (a p-value is a function of the pair under one rate); the second read writes. Standard input, which cannot
 * be read twice, is spooled to a temporary file first. Memory holds a few numbers per sample and distinct pair,
 * whatever the size of the input.
 */
public final class BatchScore {
    /** Where the four groups' pair counts of a sample are: CG, CHG, CHH, and sites without one (or all sites). */
    private static final int WHOLE = 3;

    /**
     * @param samples  sample names as {@code publish} takes them: none (each input is its own, named after it), one
     *                 for all inputs, or one per input
     * @param fdr      BH level; 0 for none
     * @param fdrApart BH discoveries go to their own output (the main output keeps the alpha lines)
     * @param outputFormat the lines' layout; discoveries have -log10 p and q as two more columns in tsv only
     * @param threads  how many threads parse and score the sites of the read that writes (the lines come out as
     *                 from one)
     */
    public record Job(List<String> inputs, List<String> samples, InputSettings format, boolean skipInvalid,
                      ScoringParameters parameters, ErrorRateSettings rates, double fdr, FdrScope fdrBy,
                      FdrTests fdrTests, boolean all, boolean minusLog10, boolean fdrApart, OutputFormat outputFormat,
                      int threads) {
    }

    /** Totals for the summary line. */
    public record Totals(long sites, long tested, long significant, long controlSites, long invalidLines,
                         long discoveries, long mergedPairs, List<String> notes) {
    }

    private final Job job;
    private final PrintStream err;
    private final BooleanSupplier stop;
    private final Map<String, Sample> samples = new LinkedHashMap<>();
    private final Map<String, Sample> ofInput = new HashMap<>();
    private final Control control;
    private final boolean contexts;

    public BatchScore(Job job, PrintStream err, BooleanSupplier stop) {
        this.job = job;
        this.err = err;
        this.stop = stop;
        this.control = job.rates().control() == null ? null : job.rates().control().copy();
        this.contexts = job.rates().byContext() || (job.fdr() > 0 && job.fdrBy() == FdrScope.CONTEXT);
        for (SampleNames.Input input : SampleNames.assign(job.inputs(), job.samples())) {
            ofInput.put(input.path(), samples.computeIfAbsent(input.sampleId(), Sample::new));
        }
    }

    /** Thrown out of a read when a stop is requested. */
    /** Told of every valid site scored (control sites aside): for a report's counts. */
    @FunctionalInterface
    public interface Listener {
        /** @param logP ln p when tested, else NaN */
        void scored(String sample, SiteLine site, boolean tested, boolean significant, double logP);
    }

    private Listener listener;

    /** Tells {@code listener} of every site scored from now on; returns this. */
    public BatchScore listening(Listener listener) {
        this.listener = listener;
        return this;
    }

    public static final class Stopped extends RuntimeException {
        public Stopped() {
            super("stopped", null, false, false);
        }
    }

    /** Whether the inputs are read twice. */
    public boolean readsTwice() {
        return job.fdr() > 0 || samples.keySet().stream().anyMatch(job.rates()::estimates);
    }

    /**
     * Scores every input.
     *
     * @param out the alpha lines, or with {@code --fdr} but not apart, the discoveries
     * @param fdrOut the discoveries when apart, else null
     * @throws ErrorRateSettings.ControlRefused a control too small to give a rate: nothing is written
     */
    public Totals run(LineOutput out, LineOutput fdrOut) throws IOException, InvalidSiteException {
        List<String> inputs = job.inputs();
        Path spool = null;
        try {
            if (readsTwice() && inputs.contains(SiteReader.STDIN)) {
                spool = StandardInputSpool.spool(stop);
            }
            if (readsTwice()) {
                // bad lines are reported by the second read, once
                count(files(spool, new PrintStream(OutputStream.nullOutputStream())));
            }
            resolve();
            SiteFiles files = files(spool, err);
            long[] totals = score(files, out, fdrOut);
            long discoveries = samples.values().stream().mapToLong(Sample::discoveries).sum();
            long controlSites = samples.values().stream().mapToLong(s -> s.control.pooled().sites()).sum();
            return new Totals(files.sites(), totals[0], totals[1], controlSites, files.invalidLines(), discoveries,
                    files.mergedPairs(), files.notes());
        } finally {
            StandardInputSpool.remove(spool);
        }
    }

    /** Each sample's rates, for the summary. */
    public Map<String, SampleRates> rates() {
        Map<String, SampleRates> rates = new LinkedHashMap<>();
        samples.forEach((name, sample) -> rates.put(name, sample.rates));
        return rates;
    }

    /** The summary lines of each sample: its rate, its control, its BH outcome. */
    public List<String> sampleSummaries() {
        List<String> lines = new ArrayList<>();
        boolean described = job.rates().control() != null || !job.rates().fileRates().isEmpty();
        for (Sample sample : samples.values()) {
            if (described) {
                String controlSites = job.rates().control() == null ? ""
                        : sample.rates.pooled().control() != null ? "; control sites not tested"
                        : String.format("; control %s: %d sites (%d of %d reads methylated), not tested",
                                job.rates().control(), sample.control.pooled().sites(),
                                sample.control.pooled().methylated(), sample.control.pooled().coverage());
                lines.add("sample " + sample.name + ": error rate " + sample.rates.describe() + controlSites);
            }
            for (int group = 0; group < sample.outcomes.length; group++) {
                BenjaminiHochberg.Outcome outcome = sample.outcomes[group];
                if (outcome != null) {
                    lines.add(String.format("sample %s%s: Benjamini-Hochberg at FDR %s over %d tests (%s): %d"
                                    + " discoveries%s", sample.name, group == WHOLE ? "" : " " + SequenceContext.values()[group],
                            job.fdr(), outcome.tested(), job.fdrTests().id(), outcome.discoveries(),
                            outcome.discoveries() == 0 ? "" : String.format(" (-log10 p >= %.4g)",
                                    SiteScorer.minusLog10(outcome.logThreshold()))));
                }
            }
        }
        return lines;
    }

    private SiteFiles files(Path spool, PrintStream errors) {
        return SiteFiles.reading(job.inputs(), job.format(), job.skipInvalid(), errors, spool);
    }

    /**
     * The first read: control sums and tested pairs, on {@link Job#threads} threads, each adding up its own share
     * ({@link Counting}), added together at the end: sums do not depend on the order, nor does BH on the pairs.
     */
    private void count(SiteFiles files) throws IOException, InvalidSiteException {
        List<Counting> works = new CopyOnWriteArrayList<>();
        files.forEachInParallel(job.threads(), () -> {
            Counting work = new Counting();
            works.add(work);
            return work;
        }, List.of());
        for (Counting work : works) {
            work.shares.forEach((sample, share) -> {
                sample.control.add(share.control);
                for (int i = 0; i < share.contexts.length; i++) {
                    sample.contexts[i] |= share.contexts[i];
                }
                for (int group = 0; group < share.groups.length; group++) {
                    if (share.groups[group] != null) {
                        sample.pairs(group).addAll(share.groups[group]);
                    }
                }
            });
        }
    }

    /** One thread's share of the first read: its sites' control sums and tested pairs, per sample. */
    private final class Counting implements SiteFiles.SiteWork {
        private final Control control = BatchScore.this.control == null ? null : BatchScore.this.control.copy();
        private final Contexts contexts = new Contexts();
        private final int minCoverage = job.parameters().minCoverage();
        final Map<Sample, Share> shares = new HashMap<>();
        private String input;
        private Sample sample;
        private Share share;

        /** What one thread counted of one sample. */
        final class Share {
            final ControlTally control = new ControlTally();
            final boolean[] contexts = new boolean[3];
            final PairCounts[] groups = new PairCounts[4];
        }

        @Override
        public void accept(String path, SiteLine site, LineBuffer[] out) {
            checkStop();
            if (!path.equals(input)) {
                input = path;
                sample = ofInput.get(path);
                share = shares.computeIfAbsent(sample, s -> new Share());
            }
            SequenceContext context = contexts.of(site);
            int coverage = site.coverage();
            if (control != null && control.contains(site.chromosome(), site.position())) {
                share.control.add(context, site.methylated(), coverage);
                return;
            }
            int rate = sample.rateIndexBeforeRates(context, site);
            if (coverage >= minCoverage && context != null) {
                share.contexts[context.ordinal()] = true;
            }
            if (job.fdr() > 0 && coverage >= minCoverage && job.fdrTests().counts(site.methylated())) {
                int group = group(context);
                if (share.groups[group] == null) {
                    share.groups[group] = new PairCounts();
                }
                share.groups[group].add(PairCounts.key(site.methylated(), coverage, rate));
            }
        }
    }

    /** Between the reads: each sample's rates and scorers, and BH on its counts. */
    private void resolve() {
        Map<Double, SiteScorer> scorers = new HashMap<>();
        for (Sample sample : samples.values()) {
            sample.rates = job.rates().estimates(sample.name) ? job.rates().estimate(sample.name, sample.control)
                    : job.rates().known(sample.name);
            for (SequenceContext context : SequenceContext.values()) {
                if (sample.contexts[context.ordinal()] && sample.rates.perContext()
                        && !sample.rates.byContext().containsKey(context)) {
                    throw new ErrorRateSettings.ControlRefused("sample " + sample.name + ": its " + context
                            + " sites have no rate: control " + job.rates().control() + " has no " + context
                            + " sites (--control-by context)");
                }
            }
            for (SequenceContext context : SequenceContext.values()) {
                ErrorRate rate = sample.rates.perContext() ? sample.rates.byContext().get(context)
                        : sample.rates.pooled();
                if (rate != null) {
                    sample.scorers[context.ordinal()] = scorers.computeIfAbsent(rate.value(),
                            value -> new SiteScorer(withRate(value)));
                }
            }
            if (job.fdr() > 0) {
                for (int group = 0; group < sample.groups.length; group++) {
                    if (sample.groups[group] != null) {
                        sample.outcomes[group] = sample.groups[group].correct(job.fdr(), i -> sample.scorers[i]);
                    }
                }
            }
        }
    }

    private ScoringParameters withRate(double rate) {
        ScoringParameters p = job.parameters();
        return new ScoringParameters(p.test(), rate, p.alpha(), p.minCoverage());
    }

    /**
     * The second read: scores and writes; returns {tested, significant}. The sites are scored on {@link Job#threads}
     * threads, each with its own {@link Scoring}; the lines come out in input order, as from one. A listener is told
     * of the sites in input order, so with one the read is done on one thread.
     */
    private long[] score(SiteFiles files, LineOutput out, LineOutput fdrOut) throws IOException, InvalidSiteException {
        if (job.outputFormat().header() != null) {
            out.line(job.outputFormat().header());
            if (fdrOut != null) {
                fdrOut.line(job.outputFormat().header());
            }
        }
        List<SiteFiles.Output> outputs = job.fdrApart() ? List.of(out::write, fdrOut::write) : List.of(out::write);
        List<Scoring> works = new CopyOnWriteArrayList<>();
        files.forEachInParallel(listener == null ? job.threads() : 1, () -> {
            Scoring work = new Scoring();
            works.add(work);
            return work;
        }, outputs);
        return new long[] {works.stream().mapToLong(w -> w.tested).sum(),
                works.stream().mapToLong(w -> w.significant).sum()};
    }

    /**
     * One thread's share of the scoring read: its sites' lines, with scorers, a control look-up, line caches and
     * counts of its own (none of them is thread-safe), so that any number of them score side by side.
     */
    private final class Scoring implements SiteFiles.SiteWork {
        private final ScoreLine lines = new ScoreLine(job.outputFormat());
        private final ScoredLine scored = new ScoredLine();
        private final Control control = BatchScore.this.control == null ? null : BatchScore.this.control.copy();
        private final Contexts contexts = new Contexts();
        private final Map<SiteScorer, SiteScorer> ownScorers = new IdentityHashMap<>();
        private final Map<Sample, SiteScorer[]> scorersOf = new HashMap<>();
        private final Map<Sample, DiscoveryColumns[]> tailsOf = new HashMap<>();
        private final boolean tsv = job.outputFormat() == OutputFormat.TSV;
        private final boolean fdrInMain = job.fdr() > 0 && !job.fdrApart();
        private final int discoveriesOut = job.fdrApart() ? 1 : 0;
        private final double logFdr = Math.log(job.fdr());
        private String input;
        private Sample sample;
        private SiteScorer[] scorers;
        private DiscoveryColumns[] tails;
        long tested;
        long significant;

        @Override
        public void accept(String path, SiteLine site, LineBuffer[] out) {
            checkStop();
            if (!path.equals(input)) {
                input = path;
                sample = ofInput.get(path);
                scorers = scorersOf.computeIfAbsent(sample, this::ownScorers);
                tails = tailsOf.computeIfAbsent(sample, s -> new DiscoveryColumns[4]);
            }
            if (control != null && control.contains(site.chromosome(), site.position())) {
                return;
            }
            int coverage = site.coverage();
            int methylated = site.methylated();
            SequenceContext context = contexts.of(site);
            int rate = sample.rateIndex(context, site);
            SiteScorer scorer = scorers[rate];
            if (!scorer.isTested(coverage)) {
                if (listener != null) {
                    listener.scored(sample.name, site, false, false, Double.NaN);
                }
                return;
            }
            tested++;
            boolean isSignificant = scorer.isSignificant(methylated, coverage);
            if (listener != null) {
                listener.scored(sample.name, site, true, isSignificant, scorer.logPValue(methylated, coverage));
            }
            if (isSignificant) {
                significant++;
            }
            if (!fdrInMain && (isSignificant || job.all())) {
                LineBuffer line = out[0];
                lines.appendTo(line, scored.of(sample.name, site, isSignificant, scorer));
                if (job.minusLog10()) {
                    lines.appendColumn(line, scorer.minusLog10PValue(methylated, coverage));
                }
                line.newline();
            }
            if (job.fdr() > 0 && job.fdrTests().counts(methylated)) {
                int group = group(context);
                long key = PairCounts.key(methylated, coverage, rate);
                double logQ = sample.pairs(group).logQ(key);
                if (logQ <= logFdr) {
                    LineBuffer line = out[discoveriesOut];
                    lines.appendTo(line, scored.of(sample.name, site, isSignificant, scorer));
                    if (tsv) {
                        if (tails[group] == null) {
                            tails[group] = new DiscoveryColumns();
                        }
                        line.bytes(tails[group].of(key, logQ, scorer));
                    }
                    line.newline();
                }
            }
        }

        /** The sample's scorers, as this thread's copies. */
        private SiteScorer[] ownScorers(Sample of) {
            SiteScorer[] own = new SiteScorer[of.scorers.length];
            for (int i = 0; i < own.length; i++) {
                SiteScorer shared = of.scorers[i];
                own[i] = shared == null ? null
                        : ownScorers.computeIfAbsent(shared, SiteScorer::copy);
            }
            return own;
        }
    }

    private int group(SequenceContext context) {
        return job.fdrBy() == FdrScope.CONTEXT && context != null ? context.ordinal() : WHOLE;
    }

    /** The context of each site, when the rates or BH go by context; not thread-safe. */
    private final class Contexts {
        private String lastText;
        private SequenceContext last;

        SequenceContext of(SiteLine site) {
            if (!contexts) {
                return null;
            }
            String text = site.context();
            if (!java.util.Objects.equals(text, lastText)) { // a run of one context costs an equals per site
                lastText = text;
                last = SequenceContext.of(text);
            }
            return last;
        }
    }

    private void checkStop() {
        if (stop.getAsBoolean()) {
            throw new Stopped();
        }
    }

    /** A parsed site and its test as the line writer reads it; -log10 p on demand. */
    private static final class ScoredLine implements TestedSite {
        private String sample;
        private SiteLine site;
        private boolean significant;
        private SiteScorer scorer;

        ScoredLine of(String sampleName, SiteLine line, boolean isSignificant, SiteScorer siteScorer) {
            sample = sampleName;
            site = line;
            significant = isSignificant;
            scorer = siteScorer;
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
            return scorer.pValue(site.methylated(), site.coverage());
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

    /**
     * A discovery's last two columns, -log10 p and q, by its pair: formatting a double costs more than the rest of
     * the line, and the same pairs recur all the time. Direct-mapped, one per (sample, group).
     */
    private static final class DiscoveryColumns {
        private static final int SIZE = 1 << 12;
        private final long[] keys = new long[SIZE];
        private final byte[][] texts = new byte[SIZE][];

        byte[] of(long key, double logQ, SiteScorer scorer) {
            int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> 52);
            if (texts[slot] == null || keys[slot] != key) {
                StringBuilder columns = new StringBuilder(48);
                ScoreLine.appendColumn(columns, scorer.minusLog10PValue(PairCounts.methylatedOf(key),
                        PairCounts.coverageOf(key)));
                keys[slot] = key;
                texts[slot] = ScoreLine.appendColumn(columns, Math.exp(logQ)).toString()
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            }
            return texts[slot];
        }
    }

    /** One sample's state between and during the reads. */
    private final class Sample {
        final String name;
        final ControlTally control = new ControlTally();
        final PairCounts[] groups = new PairCounts[4];
        final BenjaminiHochberg.Outcome[] outcomes = new BenjaminiHochberg.Outcome[4];
        final SiteScorer[] scorers = new SiteScorer[3];
        /** The contexts of its tested sites, from the first read: checked against the rates before writing. */
        final boolean[] contexts = new boolean[3];
        SampleRates rates;

        Sample(String name) {
            this.name = name;
        }

        PairCounts pairs(int group) {
            if (groups[group] == null) {
                groups[group] = new PairCounts();
            }
            return groups[group];
        }

        /** The index of the rate a site is tested under, known before the rates are: per context only when estimated so. */
        int rateIndexBeforeRates(SequenceContext context, SiteLine site) {
            if (!(job.rates().byContext() && job.rates().estimates(name))) {
                return 0;
            }
            return contextIndex(context, site);
        }

        int rateIndex(SequenceContext context, SiteLine site) {
            return rates.perContext() ? contextIndex(context, site) : 0;
        }

        private int contextIndex(SequenceContext context, SiteLine site) {
            if (context == null || (rates != null && !rates.byContext().containsKey(context))) {
                throw new ErrorRateSettings.ControlRefused("sample " + name + ": site " + site.chromosome() + ":"
                        + site.position() + (context == null ? " has no context (CG, CHG or CHH; its format must"
                        + " carry one)" : " is " + context + ", which the control has no sites of")
                        + ", so --control-by context has no rate for it");
            }
            return context.ordinal();
        }

        long discoveries() {
            long found = 0;
            for (BenjaminiHochberg.Outcome outcome : outcomes) {
                found += outcome == null ? 0 : outcome.discoveries();
            }
            return found;
        }
    }
}
