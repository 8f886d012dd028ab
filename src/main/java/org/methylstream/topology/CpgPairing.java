package org.methylstream.topology;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.methylstream.avro.MethylationSite;
import org.methylstream.format.CpgStrands;
import org.methylstream.serde.AvroSerde;
import org.methylstream.serde.SiteBlocks;

/**
 * The streaming {@code --merge-cpg}: the strands of a CpG, published keyed by the CpG and marked with
 * {@link CpgStrands#HEADER}, come to one task in either order; the first waits in a changelogged store (on disk, so
 * memory stays bounded however many wait) until the second comes and the two are scored as one site. At the
 * sample's end marker every strand of the sample still waiting in the task has no partner: it is scored alone. A
 * site scored from a strand that waited carries that strand's offset, the earliest of its records: the
 * per-sample FDR stage re-reads the sample's records from its first site's offset on.
 */
final class CpgPairing {
    /** Strands released at a sample's end are read from the store in batches of this many. */
    private static final int RELEASE_BATCH = 10_000;

    /** Scores a site; {@code value} is its encoded record, {@code offset} that of its first record. */
    @FunctionalInterface
    interface Scoring {
        void score(String key, byte[] value, MethylationSite site, long offset);
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
    Outcome take(MethylationSite strand, byte[] value, long offset, Scoring scoring) {
        long cpg = CpgStrands.cpgPosition(strand.getStrand(), strand.getPosition());
        Bytes key = SampleKeys.of(strand.getSampleId(), strand.getChromosome() + '\t' + cpg);
        byte[] waited = waiting.get(key);
        if (waited == null) {
            waiting.put(key, withOffset(offset, value));
            return Outcome.WAITING;
        }
        long partnerOffset = offsetOf(waited);
        byte[] partnerValue = valueOf(waited);
        MethylationSite partner = sites.decode(partnerValue);
        if (String.valueOf(partner.getStrand()).equals(String.valueOf(strand.getStrand()))) {
            waiting.put(key, withOffset(offset, value));
            scoring.score(keyOf(partner, partner.getPosition()), partnerValue, partner, partnerOffset);
            return Outcome.ONE_ALONE;
        }
        long coverage = (long) partner.getMethylated() + partner.getUnmethylated() + strand.getMethylated()
                + strand.getUnmethylated();
        if (coverage > Integer.MAX_VALUE) {
            scoring.score(keyOf(strand, strand.getPosition()), value, strand, offset); // the partner waits on
            return Outcome.ONE_ALONE;
        }
        waiting.delete(key);
        MethylationSite merged = new MethylationSite(strand.getSampleId(), strand.getChromosome(), cpg, null,
                CpgStrands.MERGED_CONTEXT, partner.getMethylated() + strand.getMethylated(),
                partner.getUnmethylated() + strand.getUnmethylated(), 2);
        scoring.score(keyOf(merged, cpg), sites.encode(merged), merged, partnerOffset);
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
                byte[] value = valueOf(row.value);
                MethylationSite strand = sites.decode(value);
                scoring.score(keyOf(strand, strand.getPosition()), value, strand, offsetOf(row.value));
                released++;
            }
        }
    }

    /** A waiting strand as the store keeps it: its record's offset, then the record's value. */
    private static byte[] withOffset(long offset, byte[] value) {
        return ByteBuffer.allocate(Long.BYTES + value.length).putLong(offset).put(value).array();
    }

    private static long offsetOf(byte[] stored) {
        return ByteBuffer.wrap(stored).getLong();
    }

    private static byte[] valueOf(byte[] stored) {
        return Arrays.copyOfRange(stored, Long.BYTES, stored.length);
    }

    private static String keyOf(MethylationSite site, long position) {
        return SiteBlocks.keyOf(site.getSampleId(), site.getChromosome(), position);
    }
}
