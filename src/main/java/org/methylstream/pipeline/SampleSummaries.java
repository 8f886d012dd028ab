package org.methylstream.pipeline;

import java.time.Duration;
import java.util.Properties;
import org.methylstream.admin.TopicContents;
import org.methylstream.avro.SamplePartitionScored;
import org.methylstream.serde.AvroSerde;

/** What a run's samples topic says of its samples, read once the run is complete. */
final class SampleSummaries {
    private SampleSummaries() {
    }

    /**
     * CpGs scored as one site from both strands' records ({@code --merge-cpg}), over every sample and partition: the
     * records published that are no site of their own.
     */
    static long cpgMerged(Properties client, String samplesTopic, Duration timeout) {
        AvroSerde<SamplePartitionScored> serde = AvroSerde.samplePartitionScored();
        long[] merged = {0};
        TopicContents.read(client, samplesTopic, timeout, record -> {
            if (serde.recognises(record.value())) { // the per-sample stage's rates share the topic
                merged[0] += serde.decode(record.value()).getCpgMerged();
            }
        });
        return merged[0];
    }
}
