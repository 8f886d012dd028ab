package org.methylstream.stats;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * A bounded, exact summary of a sample's p-values for {@link BenjaminiHochberg}: per bin of ln p, how many
 * p-values fall in it and the smallest and largest of them. Bins are fine where BH thresholds lie and coarser
 * beyond: 100 per decade of p down to 1e-20, 10 per decade down to 1e-200, one per decade down to 1e-2000 and
 * one bin for everything smaller, so a histogram never has more than {@value #LAST_BIN} + 1 bins however many sites
 * the sample has (about 110 kB as Avro; realistic samples occupy a few hundred). Counts are exact, and histograms
 * of the same sample's partitions merge by adding them.
 *
 * <p>Bin 0 holds the largest p-values (p = 1 included); the index grows as p falls.
 */
public final class PValueHistogram {
    public static final int LAST_BIN = 5600;
    private static final double LN_10 = Math.log(10);

    /** The p-values of one bin, as ln p. */
    public record Bin(int index, long count, double minLogP, double maxLogP) {
        public Bin {
            if (index < 0 || index > LAST_BIN || count < 1 || minLogP > maxLogP) {
                throw new IllegalArgumentException("not a bin: " + index + ", " + count + ", " + minLogP + ", " + maxLogP);
            }
        }

        /** The bin of a single p-value. */
        public static Bin of(double logP) {
            return new Bin(binOf(logP), 1, logP, logP);
        }

        /** This bin with one more p-value in it. */
        public Bin plus(double logP) {
            return new Bin(index, count + 1, Math.min(minLogP, logP), Math.max(maxLogP, logP));
        }

        /** The same bin of another part of the sample added. */
        public Bin plus(Bin other) {
            if (other.index != index) {
                throw new IllegalArgumentException("bins " + index + " and " + other.index + " differ");
            }
            return new Bin(index, count + other.count, Math.min(minLogP, other.minLogP),
                    Math.max(maxLogP, other.maxLogP));
        }
    }

    private final Bin[] bins; // by index, ascending: p descending
    private final long total;

    private PValueHistogram(Bin[] bins) {
        this.bins = bins;
        this.total = Arrays.stream(bins).mapToLong(Bin::count).sum();
    }

    /** The bin of a p-value given as ln p (at most 0). */
    public static int binOf(double logP) {
        double decades = -logP / LN_10; // -log10 p
        if (decades < 20) {
            return (int) (decades * 100); // (int) floors: decades >= 0
        }
        if (decades < 200) {
            return Math.min(3799, 2000 + (int) ((decades - 20) * 10));
        }
        if (decades < 2000) {
            return Math.min(5599, 3800 + (int) (decades - 200));
        }
        return LAST_BIN;
    }

    /** The histogram of these bins, adding those with the same index (e.g. from several partitions). */
    public static PValueHistogram of(Collection<Bin> parts) {
        TreeMap<Integer, Bin> merged = new TreeMap<>();
        for (Bin bin : parts) {
            merged.merge(bin.index(), bin, Bin::plus);
        }
        return new PValueHistogram(merged.values().toArray(Bin[]::new));
    }

    /** Counts p-values one at a time, in dense arrays (134 kB): for building a whole histogram in one pass. */
    public static final class Builder {
        private final long[] counts = new long[LAST_BIN + 1];
        private final double[] min = new double[LAST_BIN + 1];
        private final double[] max = new double[LAST_BIN + 1];

        public void add(double logP) {
            add(logP, 1);
        }

        /** Counts {@code count} p-values equal to this one. */
        public void add(double logP, long count) {
            int bin = binOf(logP);
            boolean first = counts[bin] == 0;
            counts[bin] += count;
            if (first) {
                min[bin] = logP;
                max[bin] = logP;
            } else {
                min[bin] = Math.min(min[bin], logP);
                max[bin] = Math.max(max[bin], logP);
            }
        }

        public PValueHistogram build() {
            return new PValueHistogram(java.util.stream.IntStream.rangeClosed(0, LAST_BIN)
                    .filter(bin -> counts[bin] > 0)
                    .mapToObj(bin -> new Bin(bin, counts[bin], min[bin], max[bin]))
                    .toArray(Bin[]::new));
        }
    }

    /** How many p-values: the number of tests, m. */
    public long total() {
        return total;
    }

    /** The occupied bins, largest p-values first. */
    public List<Bin> bins() {
        return List.of(bins);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PValueHistogram histogram && Arrays.equals(bins, histogram.bins);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bins);
    }

    @Override
    public String toString() {
        return "PValueHistogram(" + total + " p-values in " + bins.length + " bins)";
    }
}
