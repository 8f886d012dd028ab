package org.methylstream.stats;

import java.util.Arrays;

/**
 * Exact Benjamini–Hochberg over all tested sites of a sample, in memory bounded independently of the sample's
 * size, from a {@link PValueHistogram} of its p-values and passes over the sites themselves (Y. Benjamini and
 * Y. Hochberg, "Controlling the false discovery rate: a practical and powerful approach to multiple testing",
 * JRSS B 57, 1995).
 *
 * <p>With m tests and R(p) = #{p-values &le; p} (ties count together, as in BH), the adjusted p-value (q-value) of
 * a p-value v is q(v) = min over p-values u &ge; v of min(1, m u / R(u)), and the discoveries at level
 * {@code fdr} are the p-values v &le; p*, where p* is the largest p-value with m p* / R(p*) &le; fdr;
 * equivalently those with q &le; fdr. Every p-value above p* has m u / R(u) &gt; fdr, so q-values of discoveries
 * only involve p-values in [v, p*]. Everything is computed on ln p, so p-values that underflow double keep their
 * order and their q-values.
 *
 * <p>The scheme:
 * <ol>
 * <li>The histogram gives m and, per bin, the count and the smallest and largest p. Scanning bins from the largest
 *     p down with R at each bin's bottom edge known from the counts, a bin whose smallest p has m p / R(bin) &gt;
 *     fdr holds no candidate for p*. The first bin that may hold one is where the sweep starts, with its exact rank
 *     (when its largest p passes, that p is p* itself).</li>
 * <li>The sweep passes over the sample's sites, collecting the largest distinct p-values below its ceiling with
 *     their counts in a {@link ValueWindow} of bounded capacity. Walking a finished window downward, R falls by
 *     each value's count, so every m v / R(v) is exact: the first value that passes is p*, and from there the
 *     q-values follow as a running minimum.</li>
 * <li>A window that ran out of room ends at a floor; the next pass continues below it, carrying R and the running
 *     minimum, and in the same pass emits the discoveries of the window before, looking each site's q-value up by
 *     its p-value.</li>
 * </ol>
 * With at most {@code capacity} distinct p-values from the starting bin down to the smallest discovery (binomial
 * p-values are few distinct numbers: one per (k, n) pair that occurs), that is two passes. Memory is about 40 bytes
 * per unit of capacity, plus the histogram. The first pass also counts the sites and rebuilds the histogram: if
 * that count is not the histogram's m (the streamed histogram counted some sites twice after a crash under
 * at-least-once processing), the sweep starts again from the rebuilt one.
 *
 * <p>Sites are re-scored in each pass; the p-value of a site must come out as the same double every time (it
 * does with the same {@link SiteScorer} parameters on the same JVM), which the sweep checks.
 */
public final class BenjaminiHochberg {
    /** Distinct p-values a window holds: about 20 MB. */
    public static final int DEFAULT_CAPACITY = 1 << 19;

    private BenjaminiHochberg() {
    }

    /**
     * A sample that can be read again and again: every tested site with its ln p, in any order, each time. A "site"
     * may stand for several tests with one p-value (a count of them), as when the sample is given as the counts of its
     * distinct (methylated, coverage) pairs.
     */
    @FunctionalInterface
    public interface Sample<S> {
        void forEachTested(TestedSite<S> site);
    }

    @FunctionalInterface
    public interface TestedSite<S> {
        /** {@code count} tests with this p-value, all of them {@code site}. */
        void accept(S site, double logP, long count);

        default void accept(S site, double logP) {
            accept(site, logP, 1);
        }
    }

    /** Receives each discovery once (a counted site once for all its tests), in no particular order. */
    @FunctionalInterface
    public interface Discoveries<S> {
        /**
         * @param tests       m, the sample's tested sites
         * @param discoveries how many discoveries the sample has: known before the first is reported
         */
        void discovery(S site, double logP, double logQ, long tests, long discoveries);
    }

    /**
     * What BH found.
     *
     * @param tested       m, counted in the first pass
     * @param discoveries  sites with q &le; fdr
     * @param logThreshold ln p*, the largest discovery's p-value; negative infinity when there is none
     * @param passes       passes over the sample
     * @param recounted    whether the given histogram did not match the sample and was rebuilt
     */
    public record Outcome(long tested, long discoveries, double logThreshold, int passes, boolean recounted) {
    }

    /** ln of m u / R(u), the BH-adjusted p-value before the running minimum. */
    static double logAdjusted(long tests, double logP, long rank) {
        return Math.log(tests) + logP - Math.log(rank);
    }

    public static <S> Outcome run(double fdr, PValueHistogram histogram, Sample<S> sample, int capacity,
                                  Discoveries<S> discoveries) {
        if (!(fdr > 0 && fdr <= 1)) {
            throw new IllegalArgumentException("FDR level must be in (0, 1], got " + fdr);
        }
        Sweep<S> first = new Sweep<>(Math.log(fdr), histogram, capacity, discoveries);
        PValueHistogram.Builder recount = new PValueHistogram.Builder();
        long[] seen = {0};
        sample.forEachTested((site, logP, count) -> {
            seen[0] += count;
            recount.add(logP, count);
            first.accept(site, logP, count);
        });
        int passes = 1;
        boolean recounted = seen[0] != histogram.total();
        Sweep<S> sweep = first;
        if (recounted) {
            sweep = new Sweep<>(Math.log(fdr), recount.build(), capacity, discoveries);
            passes += sweep.pass(sample);
        } else {
            sweep.endPass();
        }
        while (sweep.hasWork()) {
            passes += sweep.pass(sample);
        }
        return new Outcome(seen[0], sweep.discoveries, sweep.logThreshold, passes, recounted);
    }

    /** The state carried from pass to pass. */
    private static final class Sweep<S> {
        private final double logFdr;
        private final long tests;
        private final int capacity;
        private final Discoveries<S> out;
        private ValueWindow window;   // collecting in the current pass
        private long rankAtCeiling;   // R at the current window's ceiling
        private Emitting emitting;    // discoveries the current pass emits
        private double logThreshold = Double.NEGATIVE_INFINITY;
        private double runningMin = Double.POSITIVE_INFINITY;
        private long discoveries;

        Sweep(double logFdr, PValueHistogram histogram, int capacity, Discoveries<S> out) {
            this.logFdr = logFdr;
            this.tests = histogram.total();
            this.capacity = capacity;
            this.out = out;
            long rank = tests;
            for (PValueHistogram.Bin bin : histogram.bins()) {
                // every p in this bin has R(p) <= rank, so m p / R(p) >= m min / rank
                if (logAdjusted(tests, bin.minLogP(), rank) <= logFdr) {
                    window = new ValueWindow(capacity, bin.index(), 0.0);
                    rankAtCeiling = rank;
                    return;
                }
                rank -= bin.count();
            }
            // no bin can hold a discovery: nothing to collect
        }

        boolean hasWork() {
            return window != null || emitting != null;
        }

        /** One pass over the sample; returns 1. */
        int pass(Sample<S> sample) {
            sample.forEachTested(this::accept);
            endPass();
            return 1;
        }

        void accept(S site, double logP, long count) {
            if (emitting != null) {
                emitting.emit(site, logP, tests, discoveries, out);
            }
            if (window != null) {
                window.add(logP, count);
            }
        }

        void endPass() {
            emitting = null;
            if (window == null) {
                return;
            }
            ValueWindow.Contents contents = window.finish();
            double[] values = contents.values();
            long[] counts = contents.counts();
            double[] logQ = new double[values.length];
            long rank = rankAtCeiling;
            for (int i = values.length - 1; i >= 0; i--) {
                double adjusted = logAdjusted(tests, values[i], rank);
                if (logThreshold == Double.NEGATIVE_INFINITY && adjusted <= logFdr) {
                    logThreshold = values[i]; // p*: the largest p-value that passes
                    discoveries = rank;
                }
                if (logThreshold != Double.NEGATIVE_INFINITY) {
                    runningMin = Math.min(runningMin, Math.min(0, adjusted));
                    logQ[i] = runningMin;
                }
                rank -= counts[i];
            }
            if (logThreshold != Double.NEGATIVE_INFINITY) {
                int end = values.length; // the discoveries: values[0..end), those at most p*
                while (end > 0 && values[end - 1] > logThreshold) {
                    end--;
                }
                emitting = new Emitting(Arrays.copyOf(values, end), Arrays.copyOf(logQ, end), contents.floor());
            }
            if (contents.reachesBottom()) {
                if (rank != 0) {
                    throw new IllegalStateException("the sample's p-values do not add up to the " + tests
                            + " tests counted: " + rank + " left over");
                }
                window = null;
            } else {
                window = new ValueWindow(capacity, 0, contents.floor());
                rankAtCeiling = rank;
            }
        }
    }

    /** The discoveries of one finished window: their p-values, ascending, and q-values. */
    private record Emitting(double[] values, double[] logQ, double floor) {
        <S> void emit(S site, double logP, long tests, long discoveries, Discoveries<S> out) {
            if (logP <= floor || values.length == 0 || logP > values[values.length - 1]) {
                return;
            }
            int i = Arrays.binarySearch(values, logP + 0.0);
            if (i < 0) {
                throw new IllegalStateException("a site's p-value came out differently in this pass (ln p = " + logP
                        + "): the sample changed or was scored with other parameters");
            }
            out.discovery(site, logP, logQ[i], tests, discoveries);
        }
    }
}
