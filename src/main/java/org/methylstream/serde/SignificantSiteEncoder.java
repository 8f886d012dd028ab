package org.methylstream.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryData;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SignificantSite;

/**
 * Writes the same bytes as {@link AvroSerde#significantSite()} without encoding the site again. Avro encodes a
 * record as its fields one after another, so a SignificantSite's body is the site's body as it was published,
 * then coverage and p-values, then the analysis's fields (test, error rate, alpha, analysis id, the rate's source),
 * which are the same for every site of a sample and encoded once. A site published with another schema version is encoded the usual way.
 * Thread-safe, like the serde.
 */
public final class SignificantSiteEncoder {
    private static final long SITE_FINGERPRINT = SchemaNormalization.parsingFingerprint64(
            MethylationSite.getClassSchema());
    private static final byte[] HEADER = AvroSerde.header(SchemaNormalization.parsingFingerprint64(
            SignificantSite.getClassSchema()));
    /** An Avro int (zig-zag varint) takes at most 5 bytes. */
    private static final int MAX_INT_BYTES = 5;

    private final AvroSerde<SignificantSite> serde = AvroSerde.significantSite();
    private final String test;
    private final double errorRate;
    private final double alpha;
    private final String analysisId;
    private final String errorRateSource;
    private final byte[] analysisFields;

    /** @param errorRateSource where the error rate comes from: {@code ErrorRate.source()} */
    public SignificantSiteEncoder(String test, double errorRate, double alpha, String analysisId,
                                  String errorRateSource) {
        this.test = test;
        this.errorRate = errorRate;
        this.alpha = alpha;
        this.analysisId = analysisId;
        this.errorRateSource = errorRateSource;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            encoder.writeString(test);
            encoder.writeDouble(errorRate);
            encoder.writeDouble(alpha);
            encoder.writeString(analysisId);
            encoder.writeString(errorRateSource);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        this.analysisFields = out.toByteArray();
    }

    /**
     * @param published the site's record as read from the sites topic, which decoded to {@code site}
     */
    public byte[] encode(byte[] published, MethylationSite site, int coverage, double pValue, double minusLog10P) {
        if (AvroSerde.fingerprintOf(published) != SITE_FINGERPRINT) {
            return serde.encode(new SignificantSite(site, coverage, pValue, minusLog10P, test, errorRate, alpha,
                    analysisId, errorRateSource));
        }
        int siteLength = published.length - AvroSerde.HEADER_LENGTH;
        byte[] scores = new byte[MAX_INT_BYTES + 2 * Double.BYTES]; // coverage, p-value, -log10 p-value
        int scoresLength = BinaryData.encodeInt(coverage, scores, 0);
        scoresLength += BinaryData.encodeDouble(pValue, scores, scoresLength);
        scoresLength += BinaryData.encodeDouble(minusLog10P, scores, scoresLength);
        byte[] bytes = new byte[HEADER.length + siteLength + scoresLength + analysisFields.length];
        System.arraycopy(HEADER, 0, bytes, 0, HEADER.length);
        System.arraycopy(published, AvroSerde.HEADER_LENGTH, bytes, HEADER.length, siteLength);
        System.arraycopy(scores, 0, bytes, HEADER.length + siteLength, scoresLength);
        System.arraycopy(analysisFields, 0, bytes, HEADER.length + siteLength + scoresLength, analysisFields.length);
        return bytes;
    }
}
