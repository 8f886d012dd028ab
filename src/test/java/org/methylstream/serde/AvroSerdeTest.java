package org.methylstream.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SampleEnd;
import org.methylstream.avro.SignificantSite;

@DisplayName("The Avro serde")
class AvroSerdeTest {
    private static final AvroSerde<MethylationSite> SERDE = AvroSerde.methylationSite();
    private static final MethylationSite SITE = MethylationSite.newBuilder().setSampleId("s1").setChromosome("chr7")
            .setPosition(123_456_789L).setStrand("+").setContext("CGN").setMethylated(12).setUnmethylated(3).build();
    private static final SampleEnd END = SampleEnd.newBuilder().setSampleId("s").setPartition(3).setPartitionSites(7)
            .setTotalSites(20).setPartitions(4).setPublishedAt(Instant.ofEpochMilli(1_700_000_000_123L)).build();

    @Test
    @DisplayName("round-trips a record")
    void roundTrip() {
        assertEquals(SITE, SERDE.decode(SERDE.encode(SITE)));
    }

    @Test
    @DisplayName("writes exactly Avro's single-object encoding, so any Avro reader can decode it")
    void isAvroSingleObjectEncoding() throws Exception {
        ByteBuffer avro = MethylationSite.getEncoder().encode(SITE);
        byte[] expected = new byte[avro.remaining()];
        avro.get(expected);
        assertArrayEquals(expected, SERDE.encode(SITE));
        assertEquals(SITE, MethylationSite.getDecoder().decode(SERDE.encode(SITE)));
    }

    @Test
    @DisplayName("reads records written with an older schema version once it knows that version")
    void resolvesOlderWriterSchema() throws Exception {
        byte[] bytes = OlderSiteVersion.encode("s0", "chr1", 5L, 1, 2);
        AvroSerde<MethylationSite> serde = AvroSerde.methylationSite();

        SerializationException unknown = assertThrows(SerializationException.class, () -> serde.decode(bytes));
        assertTrue(unknown.getMessage().startsWith("unknown writer schema for MethylationSite"), unknown.getMessage());

        serde.addWriterSchema(OlderSiteVersion.SCHEMA);
        MethylationSite decoded = serde.decode(bytes);
        assertEquals("chr1", decoded.getChromosome());
        assertEquals(null, decoded.getStrand(), "a field the old version lacked takes its default");
    }

    @Test
    @DisplayName("reads the output records of the release before errorRateSource from schemas/history")
    void readsRetiredOutputVersions() throws Exception {
        org.apache.avro.Schema v1 = new org.apache.avro.Schema.Parser().parse(
                AvroSerdeTest.class.getResourceAsStream("/schemas/history/SignificantSite-v1.avsc"));
        org.apache.avro.generic.GenericRecord old = new org.apache.avro.generic.GenericData.Record(v1);
        org.apache.avro.generic.GenericRecord site = new org.apache.avro.generic.GenericData.Record(
                v1.getField("site").schema());
        site.put("sampleId", "s1");
        site.put("chromosome", "chr7");
        site.put("position", 5L);
        site.put("methylated", 9);
        site.put("unmethylated", 1);
        old.put("site", site);
        old.put("coverage", 10);
        old.put("pValue", 1e-9);
        old.put("minusLog10PValue", 9.0);
        old.put("test", "upper");
        old.put("errorRate", 0.006);
        old.put("alpha", 1e-5);
        old.put("analysisId", "default");
        byte[] bytes = new org.apache.avro.message.BinaryMessageEncoder<org.apache.avro.generic.GenericRecord>(
                org.apache.avro.generic.GenericData.get(), v1).encode(old).array();

        org.methylstream.avro.SignificantSite decoded = AvroSerde.significantSite().decode(bytes);
        assertEquals("chr7", decoded.getSite().getChromosome());
        assertEquals(0.006, decoded.getErrorRate());
        assertEquals("given", decoded.getErrorRateSource(), "a record from before the field reads as given");
        for (String name : new String[] {"SignificantSite-v2", "FdrSite-v1", "FdrSite-v2", "SamplePartitionScored-v1",
                "SampleHistogram-v1"}) {
            assertTrue(AvroSerdeTest.class.getResource("/schemas/history/" + name + ".avsc") != null, name);
        }
    }

    @Test
    @DisplayName("reads the retired versions in schemas/history: sites and significant sites from before span")
    void readsRetiredVersions() throws Exception {
        Schema siteV1 = new Schema.Parser().parse(Path.of("schemas/history/MethylationSite-v1.avsc").toFile());
        GenericRecord oldSite = new GenericRecordBuilder(siteV1).set("sampleId", "s").set("chromosome", "chr1")
                .set("position", 7L).set("strand", "-").set("context", "CHH").set("methylated", 3)
                .set("unmethylated", 4).build();
        MethylationSite site = SERDE.decode(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), siteV1)
                .encode(oldSite).array());
        assertEquals("-", site.getStrand());
        assertEquals(null, site.getSpan(), "a site from before merged CpGs is one cytosine");

        Schema significantV1 = new Schema.Parser().parse(Path.of("schemas/history/SignificantSite-v1.avsc").toFile());
        GenericRecord oldSignificant = new GenericRecordBuilder(significantV1)
                .set("site", new GenericRecordBuilder(significantV1.getField("site").schema()).set("sampleId", "s")
                        .set("chromosome", "chr1").set("position", 7L).set("methylated", 3).set("unmethylated", 4)
                        .build())
                .set("coverage", 7).set("pValue", 1e-9).set("minusLog10PValue", 9.0).set("test", "upper")
                .set("errorRate", 0.006).set("alpha", 1e-5).set("analysisId", "a").build();
        SignificantSite significant = AvroSerde.significantSite().decode(new BinaryMessageEncoder<GenericRecord>(
                GenericData.get(), significantV1).encode(oldSignificant).array());
        assertEquals(7L, significant.getSite().getPosition());
        assertEquals(null, significant.getSite().getSpan());
        assertEquals(1e-9, significant.getPValue());
    }

    @Test
    @DisplayName("reads analyses registered before their error rates' sources: no control, no rates file")
    void readsRetiredAnalyses() throws Exception {
        Schema v1 = new Schema.Parser().parse(Path.of("schemas/history/Analysis-v1.avsc").toFile());
        GenericRecord old = new GenericRecordBuilder(v1).set("analysisId", "strict").set("inputTopic", "s")
                .set("outputTopic", "o").set("deadLetterTopic", "d").set("samplesTopic", "o.samples")
                .set("applicationId", "methylstream-analysis-strict").set("test", "upper").set("errorRate", 0.006)
                .set("alpha", 1e-8).set("minCoverage", 10).set("createdAt", 1_000L).build();
        org.methylstream.avro.Analysis analysis = AvroSerde.analysis().decode(
                new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old).array());
        assertEquals(1e-8, analysis.getAlpha());
        assertEquals(java.util.List.of(), analysis.getControl());
        assertEquals(null, analysis.getErrorRatesFile());
        assertEquals(java.util.Map.of(), analysis.getErrorRates());
    }

    @Test
    @DisplayName("names the reason for bytes it cannot decode")
    void reasons() {
        assertTrue(assertThrows(SerializationException.class, () -> SERDE.decode(new byte[] {1, 2, 3}))
                .getMessage().startsWith("not an Avro single-object encoded MethylationSite"));
        byte[] truncated = java.util.Arrays.copyOf(SERDE.encode(SITE), 14);
        assertTrue(assertThrows(SerializationException.class, () -> SERDE.decode(truncated))
                .getMessage().startsWith("corrupt MethylationSite body"));
        byte[] trailing = java.util.Arrays.copyOf(SERDE.encode(SITE), SERDE.encode(SITE).length + 3);
        assertTrue(assertThrows(SerializationException.class, () -> SERDE.decode(trailing))
                .getMessage().contains("trailing bytes"));
    }

    @Test
    @DisplayName("tells record types on one topic apart by the schema fingerprint, without decoding")
    void recognisesByFingerprint() {
        AvroSerde<SampleEnd> ends = AvroSerde.sampleEnd();
        byte[] end = ends.encode(END);
        byte[] site = SERDE.encode(SITE);
        assertTrue(ends.recognises(end));
        assertFalse(ends.recognises(site));
        assertTrue(SERDE.recognises(site));
        assertFalse(SERDE.recognises(end));
    }

    @Test
    @DisplayName("takes nothing else for a record: foreign bytes, short or empty values")
    void recognisesNothingForeign() {
        AvroSerde<SampleEnd> ends = AvroSerde.sampleEnd();
        assertFalse(ends.recognises("chr1\t1\t2\t3 and more".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(ends.recognises(new byte[] {(byte) 0xC3, 0x01, 1, 2}));
        assertFalse(ends.recognises(new byte[0]));
        assertFalse(ends.recognises(null));
    }

    @Test
    @DisplayName("round-trips a SampleEnd, its time to the millisecond")
    void roundTripsSampleEnd() {
        AvroSerde<SampleEnd> ends = AvroSerde.sampleEnd();
        assertEquals(END, ends.decode(ends.encode(END)));
    }
}
