package org.methylstream.application;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import org.apache.kafka.common.utils.Bytes;
import org.methylstream.admin.TopicContents;
import org.methylstream.application.ScoringApplication.BinRow;
import org.methylstream.application.ScoringApplication.ChromosomeRow;
import org.methylstream.topology.BinCounts;
import org.methylstream.topology.ChromosomeStatistics;
import org.methylstream.topology.SampleKeys;
import org.methylstream.topology.SiteScoringTopology;

/**
 * The statistics of an analysis read without running it: its statistics store's changelog, read to its end from the
 * start of every partition, by a consumer in no group (no offsets committed, nothing written). The changelog holds
 * what the store holds: per partition, the latest {@link ChromosomeStatistics} bytes of each (sample, chromosome)
 * key ({@link SampleKeys}), written at every commit, a null value for a deleted key. Read committed, so the counts
 * of an exactly-once task's aborted transactions are not read.
 */
public final class StatisticsChangelog {
    private StatisticsChangelog() {
    }

    /**
     * Kafka Streams names a store's changelog {@code <application.id>-<store>-changelog} (its documented naming of
     * internal topics); {@code cli/StatsCommandTest} fails if that changes.
     */
    public static String topic(String applicationId) {
        return topic(applicationId, SiteScoringTopology.STATISTICS);
    }

    private static String topic(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }

    /**
     * The statistics of {@code sample} (every sample when null), every partition's share added, as of the last
     * commit of the application's tasks; empty when the application never ran (it has no changelog).
     */
    public static Optional<List<ChromosomeRow>> read(Properties clientProperties, String applicationId, String sample,
                                                     Duration timeout) {
        return sums(clientProperties, topic(applicationId), sample, timeout, ChromosomeStatistics::fromBytes,
                ChromosomeStatistics::plus).map(ScoringApplication::rows);
    }

    /** The genome bins of {@code sample} (every sample when null), from the bins store's changelog, as {@link #read}. */
    public static Optional<List<BinRow>> readBins(Properties clientProperties, String applicationId, String sample,
                                                  Duration timeout) {
        return sums(clientProperties, topic(applicationId, SiteScoringTopology.BINS), sample, timeout,
                BinCounts::fromBytes, BinCounts::plus).map(ScoringApplication::binRows);
    }

    private static <V> Optional<Map<Bytes, V>> sums(Properties clientProperties, String topic, String sample,
                                                    Duration timeout, Function<byte[], V> decode,
                                                    BinaryOperator<V> plus) {
        byte[] prefix = sample == null ? new byte[0] : SampleKeys.prefix(sample).get();
        Map<Integer, Map<Bytes, byte[]>> latest = new HashMap<>();
        boolean exists = TopicContents.read(clientProperties, topic, timeout, record -> {
            if (!startsWith(record.key(), prefix)) {
                return;
            }
            Map<Bytes, byte[]> share = latest.computeIfAbsent(record.partition(), p -> new HashMap<>());
            if (record.value() == null) {
                share.remove(Bytes.wrap(record.key()));
            } else {
                share.put(Bytes.wrap(record.key()), record.value());
            }
        });
        if (!exists) {
            return Optional.empty();
        }
        Map<Bytes, V> sums = new HashMap<>();
        latest.values().forEach(share -> share.forEach((key, value) -> sums.merge(key, decode.apply(value), plus)));
        return Optional.of(sums);
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
