package org.methylstream.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.methylstream.KafkaCluster;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SampleEnd;
import org.methylstream.serde.AvroSerde;
import org.methylstream.serde.SiteBlocks;

/** What a sites topic must look like once samples have ended. */
public final class SampleEndAssertions {
    private static final AvroSerde<MethylationSite> SITES = AvroSerde.methylationSite();
    private static final AvroSerde<SampleEnd> ENDS = AvroSerde.sampleEnd();
    private static final SiteBlocks BLOCKS = new SiteBlocks();

    private SampleEndAssertions() {
    }

    /**
     * Every partition holds one end marker per sample, after all of that sample's sites in the partition, and the
     * marker counts exactly those sites (a block's one by one).
     */
    public static void assertEndsFollowSites(KafkaCluster kafka, String topic, Map<String, Long> sitesPerSample) {
        int partitions = kafka.partitionCount(topic);
        Map<String, Long> ended = new HashMap<>();
        Map<String, Integer> markers = new HashMap<>();
        Map<Integer, Map<String, Long>> sitesBefore = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(kafka.consumeAll(topic));
        records.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Map<String, Long> counts = sitesBefore.computeIfAbsent(record.partition(), p -> new HashMap<>());
            if (ENDS.recognises(record.value())) {
                SampleEnd end = ENDS.decode(record.value());
                assertEquals(record.partition(), end.getPartition());
                assertEquals(partitions, end.getPartitions());
                assertEquals(counts.getOrDefault(end.getSampleId(), 0L), end.getPartitionSites(),
                        "the marker counts the sample's sites before it in partition " + record.partition());
                counts.put(end.getSampleId(), -1_000_000L); // no site of the sample may follow its marker
                markers.merge(end.getSampleId(), 1, Integer::sum);
                ended.put(end.getSampleId(), end.getTotalSites());
            } else if (BLOCKS.recognises(record.value())) {
                for (SiteBlocks.Site site : BLOCKS.decode(record.value())) {
                    counts.merge(site.site().getSampleId(), 1L, Long::sum);
                }
            } else {
                counts.merge(SITES.decode(record.value()).getSampleId(), 1L, Long::sum);
            }
        }
        assertEquals(sitesPerSample, ended);
        sitesPerSample.keySet().forEach(sample -> assertEquals(partitions, markers.get(sample),
                "one marker per partition for " + sample));
        sitesBefore.values().forEach(counts -> counts.values().forEach(count -> assertTrue(count < 0,
                "every sample with sites in a partition has its marker after them")));
    }
}
