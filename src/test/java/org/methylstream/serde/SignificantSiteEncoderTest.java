package org.methylstream.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SignificantSite;

@DisplayName("The significant-site encoder")
class SignificantSiteEncoderTest {
    private static final AvroSerde<MethylationSite> SITES = AvroSerde.methylationSite();
    private static final AvroSerde<SignificantSite> SIGNIFICANT = AvroSerde.significantSite();

    @Test
    @DisplayName("writes, from the published site's bytes, exactly the bytes Avro and the serde write")
    void equalsTheSerde() throws Exception {
        Random random = new Random(5);
        String[] names = {"s", "sample-Ω-ünïcode", "chrUn_KI270302v1", "", "x".repeat(300)};
        int[] coverages = {0, 1, 63, 64, 127, 128, 8191, 8192, 1 << 20, Integer.MAX_VALUE};
        double[] pValues = {0.0, 1e-300, Double.MIN_VALUE, 3.2e-6, 1.0};
        for (int i = 0; i < 2_000; i++) {
            MethylationSite site = MethylationSite.newBuilder()
                    .setSampleId(names[random.nextInt(names.length)])
                    .setChromosome(names[random.nextInt(names.length)])
                    .setPosition(random.nextBoolean() ? random.nextInt(1000) : random.nextLong() & Long.MAX_VALUE)
                    .setStrand(random.nextBoolean() ? null : "+")
                    .setContext(random.nextBoolean() ? null : "CHH")
                    .setMethylated(random.nextInt(1000)).setUnmethylated(random.nextInt(1000)).build();
            int coverage = i < coverages.length ? coverages[i] : random.nextInt(100_000);
            double p = i < pValues.length ? pValues[i] : random.nextDouble();
            double minusLog10 = random.nextDouble() * 400;
            String test = random.nextBoolean() ? "upper" : "two-sided";
            double errorRate = random.nextDouble();
            String analysis = names[random.nextInt(names.length)];
            String source = names[random.nextInt(names.length)];
            SignificantSite expected = new SignificantSite(site, coverage, p, minusLog10, test, errorRate, 1e-5,
                    analysis, source);

            byte[] encoded = new SignificantSiteEncoder(test, errorRate, 1e-5, analysis, source)
                    .encode(SITES.encode(site), site, coverage, p, minusLog10);

            // against Avro's own encoder: the serde writes this record with the same hand-written parts
            ByteBuffer avro = SignificantSite.getEncoder().encode(expected);
            byte[] avroBytes = new byte[avro.remaining()];
            avro.get(avroBytes);
            assertArrayEquals(avroBytes, encoded, expected::toString);
            assertArrayEquals(avroBytes, SIGNIFICANT.encode(expected), expected::toString);
            assertEquals(expected, SIGNIFICANT.decode(encoded));
        }
    }

    @Test
    @DisplayName("encodes a site published with an older schema version in the current one")
    void reencodesOlderVersions() throws Exception {
        byte[] published = OlderSiteVersion.encode("s0", "chr1", 5L, 9, 2);
        AvroSerde<MethylationSite> sites = AvroSerde.methylationSite();
        sites.addWriterSchema(OlderSiteVersion.SCHEMA);
        MethylationSite site = sites.decode(published);

        byte[] encoded = new SignificantSiteEncoder("upper", 0.006, 1e-5, "a", "default").encode(published, site, 11, 1e-9, 9);

        assertEquals(new SignificantSite(site, 11, 1e-9, 9.0, "upper", 0.006, 1e-5, "a", "default"), SIGNIFICANT.decode(encoded));
    }
}
