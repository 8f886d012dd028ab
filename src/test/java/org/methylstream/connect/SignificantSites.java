package org.methylstream.connect;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SignificantSite;
import org.methylstream.format.ScoreLine;
import org.methylstream.serde.AvroSerde;

/** SignificantSite records as the scoring topology writes them, and the score lines they should become. */
final class SignificantSites {
    private static final AvroSerde<SignificantSite> SERDE = AvroSerde.significantSite();

    private SignificantSites() {
    }

    static SignificantSite site(String chromosome, long position, int methylated, int unmethylated, double pValue) {
        MethylationSite site = MethylationSite.newBuilder().setSampleId("s1").setChromosome(chromosome)
                .setPosition(position).setMethylated(methylated).setUnmethylated(unmethylated).build();
        return SignificantSite.newBuilder().setSite(site).setCoverage(methylated + unmethylated).setPValue(pValue)
                .setMinusLog10PValue(-Math.log10(pValue)).setTest("upper").setErrorRate(0.01).setAlpha(0.05)
                .setAnalysisId("analysis-1").build();
    }

    /** {@code count} distinct sites, from {@code firstPosition} on, spread over chromosomes and p-values. */
    static List<SignificantSite> sites(int firstPosition, int count) {
        return IntStream.range(firstPosition, firstPosition + count)
                .mapToObj(i -> site("chr" + (1 + i % 3), 1000L + i, 10 + i % 7, i % 4, Math.pow(10, -(1 + i % 9))))
                .toList();
    }

    static byte[] encoded(SignificantSite site) {
        return SERDE.encode(site);
    }

    /** Keyed {@code chrom:pos}, as the topology keys them. */
    static ProducerRecord<byte[], byte[]> record(String topic, SignificantSite site) {
        String key = site.getSite().getChromosome() + ":" + site.getSite().getPosition();
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), encoded(site));
    }

    static List<ProducerRecord<byte[], byte[]>> records(String topic, List<SignificantSite> sites) {
        return sites.stream().map(site -> record(topic, site)).toList();
    }

    /** What {@code methylstream score} writes for the site. */
    static String line(SignificantSite site) {
        MethylationSite s = site.getSite();
        return ScoreLine.format(s.getChromosome(), s.getPosition(), s.getMethylated(), s.getUnmethylated(),
                site.getPValue());
    }
}
