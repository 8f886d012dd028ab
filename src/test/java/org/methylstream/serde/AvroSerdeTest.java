package org.methylstream.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SampleEnd;

@DisplayName("Avro single-object encoding tells record types on one topic apart")
class AvroSerdeTest {
    private final AvroSerde<MethylationSite> sites = AvroSerde.methylationSite();
    private final AvroSerde<SampleEnd> ends = AvroSerde.sampleEnd();

    private final byte[] site = sites.encode(MethylationSite.newBuilder().setSampleId("s").setChromosome("chr1")
            .setPosition(1).setMethylated(1).setUnmethylated(2).build());
    private final SampleEnd endRecord = SampleEnd.newBuilder().setSampleId("s").setPartition(3).setPartitionSites(7)
            .setTotalSites(20).setPartitions(4).setPublishedAt(Instant.ofEpochMilli(1_700_000_000_123L)).build();
    private final byte[] end = ends.encode(endRecord);

    @Test
    @DisplayName("by the schema fingerprint in the header, without decoding")
    void recognisesByFingerprint() {
        assertTrue(ends.recognises(end));
        assertFalse(ends.recognises(site));
        assertTrue(sites.recognises(site));
        assertFalse(sites.recognises(end));
    }

    @Test
    @DisplayName("nothing else is taken for a record: foreign bytes, short or empty values")
    void refusesForeignBytes() {
        assertFalse(ends.recognises("chr1\t1\t2\t3 and more".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(ends.recognises(new byte[] {(byte) 0xC3, 0x01, 1, 2}));
        assertFalse(ends.recognises(new byte[0]));
        assertFalse(ends.recognises(null));
    }

    @Test
    @DisplayName("a SampleEnd round-trips, its time to the millisecond")
    void roundTripsSampleEnd() {
        assertEquals(endRecord, ends.decode(end));
    }
}
