package org.methylstream.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SignificantSite;
import org.methylstream.avro.SignificantSiteBlock;
import org.methylstream.avro.SiteBlock;

/**
 * The hand-written site codecs against Avro's own schema-driven encoder and decoder (the generated classes'
 * {@code getEncoder()} and {@code getDecoder()}): a field added, removed or reordered in a schema fails here.
 */
@DisplayName("The site records' codecs")
class SiteCodecsTest {
    private static final String[] NAMES = {"s", "sample-Ω-ünïcode", "chrUn_KI270302v1", "", "x".repeat(300), "chr1",
        "+", "-", "CGA", "CHH", "\uD83E\uDDEC"};
    private static final long[] LONGS = {0, 1, -1, 63, 64, -64, -65, 8191, 8192, Integer.MAX_VALUE, Integer.MIN_VALUE,
        Long.MAX_VALUE, Long.MIN_VALUE, 248_956_422L};
    private static final int[] INTS = {0, 1, -1, 63, 64, -64, -65, 127, 128, 8191, 8192, 1 << 20, Integer.MAX_VALUE,
        Integer.MIN_VALUE};
    private static final double[] DOUBLES = {0.0, -0.0, 1e-300, Double.MIN_VALUE, 3.2e-6, 1.0, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE};

    private final Random random = new Random(13);

    @Test
    @DisplayName("write MethylationSite exactly as Avro does, and read back what Avro reads")
    void sitesAsAvro() throws Exception {
        AvroSerde<MethylationSite> serde = AvroSerde.methylationSite();
        for (int i = 0; i < 5_000; i++) {
            MethylationSite site = site();
            byte[] avro = bytesOf(MethylationSite.getEncoder().encode(site));

            assertArrayEquals(avro, serde.encode(site), site::toString);
            assertArrayEquals(avro, bytesOf(MethylationSite.getEncoder().encode(serde.decode(avro))), site::toString);
        }
    }

    @Test
    @DisplayName("write SignificantSite exactly as Avro does, and read back what Avro reads")
    void significantSitesAsAvro() throws Exception {
        AvroSerde<SignificantSite> serde = AvroSerde.significantSite();
        for (int i = 0; i < 5_000; i++) {
            SignificantSite significant = significantSite();
            byte[] avro = bytesOf(SignificantSite.getEncoder().encode(significant));

            assertArrayEquals(avro, serde.encode(significant), significant::toString);
            assertArrayEquals(avro, bytesOf(SignificantSite.getEncoder().encode(serde.decode(avro))),
                    significant::toString);
        }
    }

    @Test
    @DisplayName("refuse every truncated body, and accept a damaged one only as Avro reads it")
    void corruptBodies() throws Exception {
        AvroSerde<SignificantSite> serde = AvroSerde.significantSite();
        for (int i = 0; i < 300; i++) {
            byte[] whole = serde.encode(significantSite());
            byte[] truncated = Arrays.copyOf(whole, AvroSerde.HEADER_LENGTH + random.nextInt(
                    whole.length - AvroSerde.HEADER_LENGTH));
            SerializationException e = assertThrows(SerializationException.class, () -> serde.decode(truncated));
            assertTrue(e.getMessage().startsWith("corrupt SignificantSite body"), e.getMessage());

            byte[] damaged = whole.clone();
            int at = AvroSerde.HEADER_LENGTH + random.nextInt(whole.length - AvroSerde.HEADER_LENGTH);
            damaged[at] = (byte) random.nextInt(256);
            SignificantSite read;
            try {
                read = serde.decode(damaged);
            } catch (SerializationException refused) {
                assertTrue(refused.getMessage().startsWith("corrupt SignificantSite body"), refused.getMessage());
                continue;
            }
            SignificantSite avroRead;
            try {
                avroRead = SignificantSite.getDecoder().decode(damaged);
            } catch (Exception avroRefused) {
                throw new AssertionError("accepted a body Avro refuses (byte " + at + "): " + avroRefused, avroRefused);
            }
            assertArrayEquals(bytesOf(SignificantSite.getEncoder().encode(avroRead)),
                    bytesOf(SignificantSite.getEncoder().encode(read)), "byte " + at);
        }
    }

    @Test
    @DisplayName("write SiteBlock exactly as Avro does; read each of its sites as the record it would be alone")
    void blocksAsAvro() throws Exception {
        AvroSerde<SiteBlock> serde = AvroSerde.siteBlock();
        AvroSerde<MethylationSite> sites = AvroSerde.methylationSite();
        SiteBlocks blocks = new SiteBlocks();
        for (int i = 0; i < 1_000; i++) {
            SiteBlock block = new SiteBlock(Stream.generate(this::site).limit(random.nextInt(70)).toList());
            byte[] avro = bytesOf(SiteBlock.getEncoder().encode(block));

            assertArrayEquals(avro, serde.encode(block), block::toString);
            List<SiteBlocks.Site> read = blocks.decode(avro);
            assertEquals(block.getSites().size(), read.size());
            for (int s = 0; s < read.size(); s++) {
                MethylationSite site = block.getSites().get(s);
                assertArrayEquals(sites.encode(site), read.get(s).value(), site::toString);
                assertArrayEquals(sites.encode(site), sites.encode(read.get(s).site()), site::toString);
                assertEquals(site.getSampleId() + ":" + site.getChromosome() + ":" + site.getPosition(),
                        read.get(s).key());
            }
        }
    }

    /** The record single-object encoded by Avro's blocking encoder: its arrays in blocks of 64 bytes with byte counts. */
    private static <R extends org.apache.avro.specific.SpecificRecord> byte[] inBlockingEncoding(R record)
            throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(AvroSerde.header(org.apache.avro.SchemaNormalization.parsingFingerprint64(record.getSchema())));
        org.apache.avro.io.BinaryEncoder encoder = new org.apache.avro.io.EncoderFactory().configureBlockSize(64)
                .blockingBinaryEncoder(out, null);
        new org.apache.avro.specific.SpecificDatumWriter<R>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    @DisplayName("read a SiteBlock that another Avro writer split into several blocks with byte counts")
    void blocksInAvrosBlockingEncoding() throws Exception {
        SiteBlock block = new SiteBlock(Stream.generate(this::site).limit(50).toList());
        byte[] split = inBlockingEncoding(block);
        assertTrue(split.length > bytesOf(SiteBlock.getEncoder().encode(block)).length, "written in several blocks");

        List<SiteBlocks.Site> read = new SiteBlocks().decode(split);
        AvroSerde<MethylationSite> sites = AvroSerde.methylationSite();
        assertEquals(block.getSites().stream().map(sites::encode).map(Arrays::toString).toList(),
                read.stream().map(SiteBlocks.Site::value).map(Arrays::toString).toList());
    }

    @Test
    @DisplayName("refuse a truncated SiteBlock, or one with bytes after its end, as a whole")
    void corruptBlocks() {
        AvroSerde<SiteBlock> serde = AvroSerde.siteBlock();
        SiteBlocks blocks = new SiteBlocks();
        for (int i = 0; i < 300; i++) {
            byte[] whole = serde.encode(new SiteBlock(Stream.generate(this::site).limit(1 + random.nextInt(10)).toList()));
            byte[] truncated = Arrays.copyOf(whole, AvroSerde.HEADER_LENGTH + random.nextInt(
                    whole.length - AvroSerde.HEADER_LENGTH));
            SerializationException e = assertThrows(SerializationException.class, () -> blocks.decode(truncated));
            assertTrue(e.getMessage().startsWith("corrupt SiteBlock body"), e.getMessage());
            byte[] longer = Arrays.copyOf(whole, whole.length + 1);
            assertThrows(SerializationException.class, () -> blocks.decode(longer));
        }
        byte[] site = AvroSerde.methylationSite().encode(site());
        assertThrows(SerializationException.class, () -> blocks.decode(site), "a site alone is not a block");
    }

    private SignificantSite significantSite() {
        return new SignificantSite(site(), anInt(), aDouble(), aDouble(), aName(), aDouble(), aDouble(), aName(),
                aName());
    }

    /** The records' bytes: equal records with NaN fields are not equal() in Avro's eyes. */
    private static List<String> bytesOfEach(List<SignificantSite> sites) {
        AvroSerde<SignificantSite> serde = AvroSerde.significantSite();
        return sites.stream().map(serde::encode).map(Arrays::toString).toList();
    }

    @Test
    @DisplayName("make a SignificantSiteBlock of its sites' records exactly as Avro writes it, and read its sites back")
    void significantBlocksAsAvro() throws Exception {
        AvroSerde<SignificantSiteBlock> serde = AvroSerde.significantSiteBlock();
        AvroSerde<SignificantSite> sites = AvroSerde.significantSite();
        SignificantSiteBlocks blocks = new SignificantSiteBlocks();
        for (int i = 0; i < 1_000; i++) {
            SignificantSiteBlock block = new SignificantSiteBlock(Stream.generate(this::significantSite)
                    .limit(1 + random.nextInt(70)).toList());
            byte[] avro = bytesOf(SignificantSiteBlock.getEncoder().encode(block));

            assertArrayEquals(avro, serde.encode(block), block::toString);
            assertArrayEquals(avro, SignificantSiteBlocks.of(block.getSites().stream().map(sites::encode).toList()),
                    "made of the sites' own records");
            assertTrue(blocks.recognises(avro));
            assertEquals(bytesOfEach(block.getSites()), bytesOfEach(blocks.sitesOf(avro)));
            assertArrayEquals(avro, bytesOf(SignificantSiteBlock.getEncoder().encode(serde.decode(avro))));
        }
        SignificantSite alone = significantSite();
        assertEquals(bytesOfEach(List.of(alone)), bytesOfEach(blocks.sitesOf(sites.encode(alone))),
                "a site alone reads as itself");
        assertThrows(IllegalArgumentException.class, () -> SignificantSiteBlocks.of(List.of(
                AvroSerde.methylationSite().encode(site()))), "only SignificantSite records make a block");
    }

    @Test
    @DisplayName("read a SignificantSiteBlock in Avro's blocking encoding; refuse a damaged one as a whole")
    void significantBlocksSplitOrDamaged() throws Exception {
        SignificantSiteBlock block = new SignificantSiteBlock(Stream.generate(this::significantSite).limit(40).toList());
        byte[] split = inBlockingEncoding(block);
        SignificantSiteBlocks blocks = new SignificantSiteBlocks();
        assertTrue(split.length > bytesOf(SignificantSiteBlock.getEncoder().encode(block)).length);
        assertEquals(bytesOfEach(block.getSites()), bytesOfEach(blocks.sitesOf(split)));

        byte[] whole = bytesOf(SignificantSiteBlock.getEncoder().encode(block));
        for (int i = 0; i < 300; i++) {
            byte[] truncated = Arrays.copyOf(whole, AvroSerde.HEADER_LENGTH + random.nextInt(
                    whole.length - AvroSerde.HEADER_LENGTH));
            SerializationException e = assertThrows(SerializationException.class, () -> blocks.sitesOf(truncated));
            assertTrue(e.getMessage().startsWith("corrupt SignificantSiteBlock body"), e.getMessage());
        }
        assertThrows(SerializationException.class, () -> blocks.sitesOf(Arrays.copyOf(whole, whole.length + 1)));
        assertThrows(SerializationException.class, () -> blocks.sitesOf(AvroSerde.methylationSite().encode(site())),
                "neither a significant site nor a block of them");
    }

    @Test
    @DisplayName("read each repeated string once, and nothing stale after a change")
    void repeatedStrings() {
        AvroSerde<MethylationSite> serde = AvroSerde.methylationSite();
        MethylationSite first = serde.decode(serde.encode(new MethylationSite("sample", "chr1", 1L, "+", "CG", 1, 2,
                null)));
        MethylationSite second = serde.decode(serde.encode(new MethylationSite("sample", "chr1", 2L, "-", "CG", 3, 4,
                2)));
        MethylationSite third = serde.decode(serde.encode(new MethylationSite("sample", "chr2", 3L, "+", "CHH", 5, 6,
                null)));

        assertTrue(first.getSampleId() == second.getSampleId() && first.getContext() == second.getContext(),
                "the same string, not a copy");
        assertEquals("chr2", third.getChromosome());
        assertEquals("CHH", third.getContext());
        assertEquals("+", third.getStrand());
        assertEquals(2, second.getSpan());
    }

    @Test
    @DisplayName("size an int as Avro writes it, so that a record's array is made to measure")
    void intSizes() {
        byte[] scratch = new byte[5];
        for (int value : INTS) {
            assertEquals(org.apache.avro.io.BinaryData.encodeInt(value, scratch, 0), RecordBytes.intSize(value),
                    () -> "value " + value);
        }
        for (int i = 0; i < 10_000; i++) {
            int value = random.nextInt() >> random.nextInt(32);
            assertEquals(org.apache.avro.io.BinaryData.encodeInt(value, scratch, 0), RecordBytes.intSize(value),
                    () -> "value " + value);
        }
    }

    private MethylationSite site() {
        return new MethylationSite(aName(), aName(), LONGS[random.nextInt(LONGS.length)],
                random.nextBoolean() ? null : aName(), random.nextBoolean() ? null : aName(), anInt(), anInt(),
                random.nextBoolean() ? null : anInt());
    }

    private String aName() {
        return NAMES[random.nextInt(NAMES.length)];
    }

    private int anInt() {
        return random.nextInt(4) == 0 ? random.nextInt() : INTS[random.nextInt(INTS.length)];
    }

    private double aDouble() {
        return random.nextInt(4) == 0 ? random.nextDouble() : DOUBLES[random.nextInt(DOUBLES.length)];
    }

    /** Records compared by their bytes as Avro writes them: the records' equals does not take NaN for NaN. */
    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
