package org.methylstream.topology;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What a stream task has counted of one sample in its partition since the sample's last end: kept in a state store
 * (changelogged), so the counts survive restarts and follow the task when it moves to another instance.
 */
record SampleTally(long read, long tested, long significant, long cpgMerged, long cpgAlone) {
    static final SampleTally NONE = new SampleTally(0, 0, 0, 0, 0);
    private static final int BYTES = 5 * Long.BYTES;
    /** Tallies written before the CpG counts were added: three longs. */
    private static final int OLD_BYTES = 3 * Long.BYTES;

    SampleTally plus(boolean isTested, boolean isSignificant) {
        return new SampleTally(read + 1, isTested ? tested + 1 : tested, isSignificant ? significant + 1 : significant,
                cpgMerged, cpgAlone);
    }

    /** {@code merged} CpGs scored from both strands, {@code alone} strands scored without partner. */
    SampleTally plusCpg(long merged, long alone) {
        return new SampleTally(read, tested, significant, cpgMerged + merged, cpgAlone + alone);
    }

    static Serde<SampleTally> serde() {
        Serializer<SampleTally> serializer = (topic, tally) -> tally == null ? null : ByteBuffer.allocate(BYTES)
                .putLong(tally.read).putLong(tally.tested).putLong(tally.significant).putLong(tally.cpgMerged)
                .putLong(tally.cpgAlone).array();
        Deserializer<SampleTally> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new SampleTally(buffer.getLong(), buffer.getLong(), buffer.getLong(),
                    bytes.length > OLD_BYTES ? buffer.getLong() : 0, bytes.length > OLD_BYTES ? buffer.getLong() : 0);
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
