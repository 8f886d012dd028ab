package org.methylstream.stats;

import java.util.Arrays;

/**
 * How many tested sites have each distinct (methylated, coverage) pair, per rate (a sample's contexts may be tested
 * under rates of their own), and later each pair's BH q-value: under one rate a p-value is a function of the pair,
 * so this is all Benjamini–Hochberg needs of a sample. Open addressing on primitive arrays: binomial data has a few
 * thousand distinct pairs however many sites there are.
 */
public final class PairCounts {
    private static final long EMPTY = -1; // no reachable pair: methylated = coverage = 2^31 - 1 with rate 3
    private long[] keys = new long[1 << 10];
    private long[] counts = new long[keys.length];
    private double[] logQ = new double[keys.length];
    private int size;

    public PairCounts() {
        Arrays.fill(keys, EMPTY);
    }

    /** @param rate index of the rate the pair is tested under, 0 to 2 */
    public static long key(int methylated, int coverage, int rate) {
        return ((long) coverage << 33) | ((long) methylated << 2) | rate;
    }

    public static int methylatedOf(long key) {
        return (int) ((key >>> 2) & 0x7fff_ffffL);
    }

    public static int coverageOf(long key) {
        return (int) (key >>> 33);
    }

    public static int rateOf(long key) {
        return (int) (key & 3);
    }

    public void add(long key) {
        add(key, 1);
    }

    /** {@code count} sites of the pair at once. */
    public void add(long key, long count) {
        int slot = slot(key);
        if (keys[slot] == EMPTY) {
            keys[slot] = key;
            logQ[slot] = Double.NaN;
            if (++size * 2 > keys.length) {
                grow();
            }
            slot = slot(key);
        }
        counts[slot] += count;
    }

    /** Adds another count's pairs to these (counted apart, e.g. on another thread). */
    public void addAll(PairCounts other) {
        other.forEach(this::add);
    }

    /** Records the pair's q-value (ln q) once BH has found it a discovery. */
    public void discovered(long key, double logQValue) {
        logQ[slot(key)] = logQValue;
    }

    /** ln q of a discovery's pair; NaN when the pair is no discovery (or was not counted). */
    public double logQ(long key) {
        int slot = slot(key);
        return keys[slot] == EMPTY ? Double.NaN : logQ[slot];
    }

    /** Visits each distinct pair with its count. */
    public void forEach(PairVisitor visitor) {
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != EMPTY) {
                visitor.pair(keys[slot], counts[slot]);
            }
        }
    }

    /**
     * Benjamini–Hochberg over these pairs' sites ({@link BenjaminiHochberg}, the same exact computation as the
     * streaming stage's): records each discovery's q-value.
     *
     * @param scorers the scorer of each rate index
     */
    public BenjaminiHochberg.Outcome correct(double fdr, java.util.function.IntFunction<SiteScorer> scorers) {
        BenjaminiHochberg.Sample<Long> sample = visitor -> forEach((key, count) -> visitor.accept(key,
                scorers.apply(rateOf(key)).logPValue(methylatedOf(key), coverageOf(key)), count));
        PValueHistogram.Builder histogram = new PValueHistogram.Builder();
        sample.forEachTested((key, logP, count) -> histogram.add(logP, count));
        return BenjaminiHochberg.run(fdr, histogram.build(), sample, BenjaminiHochberg.DEFAULT_CAPACITY,
                (key, logP, logQValue, tests, found) -> discovered(key, logQValue));
    }

    @FunctionalInterface
    public interface PairVisitor {
        void pair(long key, long count);
    }

    public int size() {
        return size;
    }

    private int slot(long key) {
        int mask = keys.length - 1;
        int slot = (int) (mix(key) & mask);
        while (keys[slot] != EMPTY && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static long mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldCounts = counts;
        double[] oldLogQ = logQ;
        keys = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        counts = new long[keys.length];
        logQ = new double[keys.length];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = slot(oldKeys[i]);
                keys[slot] = oldKeys[i];
                counts[slot] = oldCounts[i];
                logQ[slot] = oldLogQ[i];
            }
        }
    }
}
