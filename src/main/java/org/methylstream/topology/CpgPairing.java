package org.methylstream.topology;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.methylstream.avro.MethylationSite;
import org.methylstream.format.CpgStrands;
import org.methylstream.serde.AvroSerde;

/**
 * The streaming {@code --merge-cpg}: the strands of a CpG, published keyed by the CpG and marked with
 * {@link CpgStrands#HEADER}, come to one task in either order; the first waits in a changelogged store (on disk, so
 * memory stays bounded however many wait) until the second comes and the two are scored as one site. At the
 * sample's end marker every strand of the sample still waiting in the task has no partner: it is scored alone.
 */
final class CpgPairing {
    /** Strands released at a sample's end are read from the store in batches of this many. */
    private static final int RELEASE_BATCH = 10_000;

    /** Scores a site; {@code value} is its encoded record. */
    @FunctionalInterface
    interface Scoring {
        void score(String key, byte[] value, MethylationSite site);
    }

    private final KeyValueStore<Bytes, byte[]> waiting;
    private final AvroSerde<MethylationSite> sites;

    CpgPairing(KeyValueStore<Bytes, byte[]> waiting, AvroSerde<MethylationSite> sites) {
        this.waiting = waiting;
        this.sites = sites;
    }

    /**
     * Takes one strand: pairs it with its waiting partner and scores the merged site, or leaves it waiting. The same
     * strand twice: the earlier one is scored alone and the later one waits. A pair whose coverage would overflow
     * 32 bits: the later strand is scored alone.
     */
    Outcome take(MethylationSite strand, byte[] value, Scoring scoring) {
        long cpg = CpgStrands.cpgPosition(strand.getStrand(), strand.getPosition());
        Bytes key = SampleKeys.of(strand.getSampleId(), strand.getChromosome() + '\t' + cpg);
        byte[] partnerValue = waiting.get(key);
        if (partnerValue == null) {
            waiting.put(key, value);
            return Outcome.WAITING;
        }
        MethylationSite partner = sites.decode(partnerValue);
        if (String.valueOf(partner.getStrand()).equals(String.valueOf(strand.getStrand()))) {
            waiting.put(key, value);
            scoring.score(keyOf(partner, partner.getPosition()), partnerValue, partner);
            return Outcome.ONE_ALONE;
        }
        long coverage = (long) partner.getMethylated() + partner.getUnmethylated() + strand.getMethylated()
                + strand.getUnmethylated();
        if (coverage > Integer.MAX_VALUE) {
            scoring.score(keyOf(strand, strand.getPosition()), value, strand); // the partner waits for the end
            return Outcome.ONE_ALONE;
        }
        waiting.delete(key);
        MethylationSite merged = new MethylationSite(strand.getSampleId(), strand.getChromosome(), cpg, null,
                CpgStrands.MERGED_CONTEXT, partner.getMethylated() + strand.getMethylated(),
                partner.getUnmethylated() + strand.getUnmethylated(), 2);
        scoring.score(keyOf(merged, cpg), sites.encode(merged), merged);
        return Outcome.MERGED;
    }

    /** What {@link #take} did with a strand. */
    enum Outcome {
        WAITING, MERGED, ONE_ALONE
    }

    /** Scores, alone, every strand of the sample still waiting in this task; returns how many. */
    long releaseSample(String sample, Scoring scoring) {
        long released = 0;
        while (true) {
            List<KeyValue<Bytes, byte[]>> batch = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> rows = waiting.prefixScan(SampleKeys.prefix(sample),
                    Serdes.Bytes().serializer())) {
                while (rows.hasNext() && batch.size() < RELEASE_BATCH) {
                    batch.add(rows.next());
                }
            }
            if (batch.isEmpty()) {
                return released;
            }
            for (KeyValue<Bytes, byte[]> row : batch) {
                waiting.delete(row.key);
                MethylationSite strand = sites.decode(row.value);
                scoring.score(keyOf(strand, strand.getPosition()), row.value, strand);
                released++;
            }
        }
    }

    private static String keyOf(MethylationSite site, long position) {
        return site.getSampleId() + ':' + site.getChromosome() + ':' + position;
    }
}
