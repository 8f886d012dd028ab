package org.methylstream.serde;

import java.util.List;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.errors.SerializationException;
import org.methylstream.avro.SignificantSite;
import org.methylstream.avro.SignificantSiteBlock;

/**
 * Records of an output topic that hold several significant sites ({@link SignificantSiteBlock}): made from the
 * sites' own {@link SignificantSite} records without encoding them again (Avro writes an array as its count, the
 * items' bodies, then 0), and read back as those sites. An output topic may hold blocks and single sites side by
 * side; {@link #sitesOf} reads either. Not thread-safe: its codec keeps the strings it read last.
 */
public final class SignificantSiteBlocks {
    private static final long SITE_FINGERPRINT = SchemaNormalization.parsingFingerprint64(
            SignificantSite.getClassSchema());
    private static final byte[] HEADER = AvroSerde.header(SchemaNormalization.parsingFingerprint64(
            SignificantSiteBlock.getClassSchema()));

    private final AvroSerde<SignificantSiteBlock> serde = AvroSerde.significantSiteBlock();
    private final AvroSerde<SignificantSite> single = AvroSerde.significantSite();

    /**
     * The block of these sites, in order: the bytes {@link AvroSerde#significantSiteBlock()} makes of them.
     *
     * @param significantSites at least one record of the current {@link SignificantSite} schema, as
     *                         {@link SignificantSiteEncoder} writes them
     */
    public static byte[] of(List<byte[]> significantSites) {
        int length = HEADER.length + 2 * RecordBytes.intSize(significantSites.size());
        for (byte[] site : significantSites) {
            if (AvroSerde.fingerprintOf(site) != SITE_FINGERPRINT) {
                throw new IllegalArgumentException("not a SignificantSite of the current schema: fingerprint "
                        + Long.toHexString(AvroSerde.fingerprintOf(site)));
            }
            length += site.length - AvroSerde.HEADER_LENGTH;
        }
        RecordBytes out = new RecordBytes(HEADER, length);
        out.writeLong(significantSites.size());
        for (byte[] site : significantSites) {
            out.write(site, AvroSerde.HEADER_LENGTH, site.length - AvroSerde.HEADER_LENGTH);
        }
        out.writeLong(0);
        return out.toByteArray();
    }

    /** Whether {@code value} claims to be a block, by its writer schema's fingerprint. */
    public boolean recognises(byte[] value) {
        return serde.recognises(value);
    }

    /**
     * The sites of a record of an output topic, a block's in order, or the one site of a {@link SignificantSite};
     * all or none: a block that is not whole fails as a whole.
     *
     * @throws SerializationException the value is neither, or its body is corrupt
     */
    public List<SignificantSite> sitesOf(byte[] value) {
        return serde.recognises(value) ? serde.decode(value).getSites() : List.of(single.decode(value));
    }
}
