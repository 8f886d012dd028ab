package org.methylstream.dashboard;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.methylstream.avro.SampleEnd;

/**
 * What the dashboard knows of each sample's progress besides its counts: its publications' ends, as the samples
 * topic tells them (one record per partition whose task has reached the end marker), its dead letters, and its
 * sites read over the last minute. Used by one thread.
 */
final class SampleProgress {
    static final long RATE_WINDOW_NANOS = 60_000_000_000L;

    /** A sample's publications, by publishing time. */
    private final Map<String, Map<Instant, Publication>> publications = new HashMap<>();
    private final Map<String, Long> deadLettered = new HashMap<>();
    private final Map<String, Deque<long[]>> reads = new HashMap<>();
    /** When the counts were last looked at; 0 before the first time. */
    private long lastLook;

    private static final class Publication {
        final long totalSites;
        final int partitions;
        final BitSet ended = new BitSet();

        Publication(long totalSites, int partitions) {
            this.totalSites = totalSites;
            this.partitions = partitions;
        }
    }

    void endSeen(SampleEnd end) {
        publications.computeIfAbsent(end.getSampleId(), s -> new HashMap<>())
                .computeIfAbsent(end.getPublishedAt(), t -> new Publication(end.getTotalSites(), end.getPartitions()))
                .ended.set(end.getPartition());
    }

    void addDeadLetter(String sample) {
        deadLettered.merge(sample, 1L, Long::sum);
    }

    /**
     * Remembers how many sites of {@code sample} were read at {@code nanos}; forgets what is over a minute old. A
     * sample first seen after an earlier look had none at that look.
     */
    void read(String sample, long sites, long nanos) {
        Deque<long[]> window = reads.computeIfAbsent(sample, s -> new ArrayDeque<>());
        if (window.isEmpty() && lastLook != 0) {
            window.addLast(new long[] {lastLook, 0});
        }
        window.addLast(new long[] {nanos, sites});
        while (window.size() > 2 && nanos - window.peekFirst()[0] > RATE_WINDOW_NANOS) {
            window.removeFirst();
        }
    }

    /** The counts of every sample were looked at, at {@code nanos}. */
    void looked(long nanos) {
        lastLook = nanos;
    }

    /** Sites per second over the last minute (or since the sample was first seen, if later). */
    double sitesPerSecond(String sample) {
        Deque<long[]> window = reads.get(sample);
        if (window == null || window.size() < 2) {
            return 0;
        }
        long seconds = window.peekLast()[0] - window.peekFirst()[0];
        return seconds <= 0 ? 0 : (window.peekLast()[1] - window.peekFirst()[1]) * 1e9 / seconds;
    }

    /** Sites of every publication that has told its total so far; null before the first end marker. */
    Long sitesTotal(String sample) {
        Map<Instant, Publication> known = publications.get(sample);
        return known == null ? null : known.values().stream().mapToLong(p -> p.totalSites).sum();
    }

    /** Every known publication of the sample has been scored to its end in every partition. */
    boolean ended(String sample) {
        Map<Instant, Publication> known = publications.get(sample);
        return known != null && known.values().stream().allMatch(p -> p.ended.cardinality() >= p.partitions);
    }

    long deadLettered(String sample) {
        return deadLettered.getOrDefault(sample, 0L);
    }

    Map<String, Long> deadLettered() {
        return deadLettered;
    }
}
