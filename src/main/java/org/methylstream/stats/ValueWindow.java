package org.methylstream.stats;

import java.util.Arrays;

/**
 * The largest distinct values at or below a ceiling, each with its multiplicity, collected from values given in
 * any order, in memory bounded by a capacity: once more distinct values than that have come, the smallest are
 * dropped and everything at or below the largest dropped one (the floor) is ignored from then on. So the window
 * ends up holding <em>every</em> value in (floor, ceiling] with its exact count, and a further window with the
 * floor as its ceiling continues exactly where this one stopped. Memory grows with the values held, up to about
 * 40 bytes per value of capacity.
 */
final class ValueWindow {
    private final int capacity;
    private final int ceilingBin;
    private final double ceiling;
    private double floor = Double.NEGATIVE_INFINITY;
    private double[] buffer;
    private long[] bufferCounts;
    private int buffered;
    private double[] values; // distinct, ascending
    private long[] counts;
    private double[] spareValues;
    private long[] spareCounts;
    private int size;

    /**
     * @param ceilingBin only values in this {@link PValueHistogram} bin or a later one (smaller values) count
     * @param ceiling    and only values at most this
     */
    ValueWindow(int capacity, int ceilingBin, double ceiling) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.ceilingBin = ceilingBin;
        this.ceiling = ceiling;
        int initial = Math.min(capacity, 1 << 10);
        this.buffer = new double[initial];
        this.bufferCounts = new long[initial];
        this.values = new double[initial];
        this.counts = new long[initial];
        this.spareValues = new double[initial];
        this.spareCounts = new long[initial];
    }

    void add(double value) {
        add(value, 1);
    }

    /** Adds {@code count} values equal to this one. */
    void add(double value, long count) {
        if (value > ceiling || value <= floor || PValueHistogram.binOf(value) < ceilingBin) {
            return;
        }
        bufferCounts[buffered] = count;
        buffer[buffered++] = value + 0.0; // -0.0 and 0.0 are one value
        if (buffered == buffer.length) {
            compact();
            if (buffer.length < capacity) {
                buffer = new double[Math.min(capacity, 2 * buffer.length)];
                bufferCounts = new long[buffer.length];
            }
        }
    }

    /** Merges the buffered values into the kept ones, keeping the {@code capacity} largest distinct values. */
    private void compact() {
        sortBuffer();
        int room = Math.min(capacity, size + buffered);
        if (spareValues.length < room) {
            spareValues = new double[room];
            spareCounts = new long[room];
        }
        int kept = size - 1;
        int fresh = buffered - 1;
        int out = room; // fills spare[out..room) downwards, largest first
        while ((kept >= 0 || fresh >= 0) && out > 0) {
            double next = kept < 0 ? buffer[fresh] : fresh < 0 ? values[kept] : Math.max(values[kept], buffer[fresh]);
            long count = 0;
            while (kept >= 0 && values[kept] == next) {
                count += counts[kept--];
            }
            while (fresh >= 0 && buffer[fresh] == next) {
                count += bufferCounts[fresh--];
            }
            out--;
            spareValues[out] = next;
            spareCounts[out] = count;
        }
        if (kept >= 0 || fresh >= 0) {
            // out of room: the largest value left over is the new floor, and it and everything below are dropped
            floor = kept < 0 ? buffer[fresh] : fresh < 0 ? values[kept] : Math.max(values[kept], buffer[fresh]);
        }
        size = room - out;
        System.arraycopy(spareValues, out, spareValues, 0, size);
        System.arraycopy(spareCounts, out, spareCounts, 0, size);
        double[] swapValues = values;
        long[] swapCounts = counts;
        values = spareValues;
        counts = spareCounts;
        spareValues = swapValues;
        spareCounts = swapCounts;
        buffered = 0;
    }

    /** Sorts the buffered values ascending, their counts with them (all 1 unless weighted values came). */
    private void sortBuffer() {
        boolean weighted = false;
        for (int i = 0; i < buffered && !weighted; i++) {
            weighted = bufferCounts[i] != 1;
        }
        if (!weighted) {
            Arrays.sort(buffer, 0, buffered);
            return;
        }
        Integer[] order = new Integer[buffered];
        for (int i = 0; i < buffered; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(buffer[a], buffer[b]));
        double[] values = new double[buffered];
        long[] counts = new long[buffered];
        for (int i = 0; i < buffered; i++) {
            values[i] = buffer[order[i]];
            counts[i] = bufferCounts[order[i]];
        }
        System.arraycopy(values, 0, buffer, 0, buffered);
        System.arraycopy(counts, 0, bufferCounts, 0, buffered);
    }

    /** The values collected, once every value has been added. */
    Contents finish() {
        compact();
        return new Contents(Arrays.copyOf(values, size), Arrays.copyOf(counts, size), floor);
    }

    /**
     * Every value in (floor, ceiling], ascending, with its count.
     *
     * @param floor negative infinity when nothing was dropped: the window reaches down to the smallest value
     */
    record Contents(double[] values, long[] counts, double floor) {
        boolean reachesBottom() {
            return floor == Double.NEGATIVE_INFINITY;
        }
    }
}
