package org.methylstream.serde;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.errors.SerializationException;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SiteBlock;

/**
 * Records of the sites topic that hold several sites of a sample ({@link SiteBlock}, written by
 * {@link AvroSerde#siteBlock()}), read back as the records each site would have been alone: its key
 * {@code sample:chromosome:position} and its single-object {@link MethylationSite} value, the very bytes
 * {@link AvroSerde#methylationSite()} makes of it. So whatever follows (scoring, dead letters, the output's site
 * field, the per-sample stage) treats a site of a block and a site published alone the same way. Not thread-safe: its
 * codec keeps the strings it read last.
 */
public final class SiteBlocks {
    /** A site of a block, as if published alone. */
    public record Site(byte[] value, MethylationSite site) {
        /** Its key alone; made when asked for, since most of a block's sites are scored and never forwarded alone. */
        public String key() {
            return keyOf(site);
        }
    }

    private static final byte[] SITE_HEADER = AvroSerde.header(SchemaNormalization.parsingFingerprint64(
            MethylationSite.getClassSchema()));

    private final AvroSerde<SiteBlock> serde = AvroSerde.siteBlock();
    private final BodyCodec<MethylationSite> sites = SiteCodecs.methylationSite();

    /**
     * A site's key on the sites topic, {@code sample:chromosome:position}, whose hash spreads sites over partitions: a
     * block's is its first site's, a CpG strand's has its CpG's position, so that both strands meet in one partition.
     */
    public static String keyOf(String sampleId, String chromosome, long position) {
        return sampleId + ':' + chromosome + ':' + position;
    }

    /** The key of a site published alone, and of a block by its first site. */
    public static String keyOf(MethylationSite site) {
        return keyOf(site.getSampleId(), site.getChromosome(), site.getPosition());
    }

    /** Whether {@code value} claims to be a block, by its writer schema's fingerprint. */
    public boolean recognises(byte[] value) {
        return serde.recognises(value);
    }

    /**
     * The block's sites, in order; all or none: a block that is not whole fails as a whole.
     *
     * @throws SerializationException the value is not a block of this schema, or its body is corrupt
     */
    public List<Site> decode(byte[] value) {
        if (value == null || !serde.recognises(value)) {
            throw new SerializationException("not an Avro single-object encoded SiteBlock");
        }
        List<Site> block = new ArrayList<>();
        RecordBody body = new RecordBody(value, AvroSerde.HEADER_LENGTH);
        try {
            SiteCodecs.readItems(body, sites, (site, start, end) -> {
                byte[] alone = new byte[SITE_HEADER.length + end - start];
                System.arraycopy(SITE_HEADER, 0, alone, 0, SITE_HEADER.length);
                System.arraycopy(value, start, alone, SITE_HEADER.length, end - start);
                block.add(new Site(alone, site));
            });
            if (body.remaining() != 0) {
                throw new IOException((value.length - AvroSerde.HEADER_LENGTH) + "-byte body has trailing bytes");
            }
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("corrupt SiteBlock body: " + e, e);
        }
        return block;
    }
}
