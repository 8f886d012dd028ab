package org.methylstream.serde;

import org.apache.avro.SchemaNormalization;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SignificantSite;

/**
 * Writes the same bytes as {@link AvroSerde#significantSite()} without encoding the site again. Avro encodes a
 * record as its fields one after another, so a SignificantSite's body is the site's body as it was published,
 * then coverage and p-values, then the analysis's fields (test, error rate, alpha, analysis id, the rate's source),
 * which are the same for every site of a sample and encoded once; {@link SiteCodecs} writes both parts, as it does
 * for the serde. A site published with another schema version is encoded the usual way. Thread-safe, like the serde.
 */
public final class SignificantSiteEncoder {
    private static final long SITE_FINGERPRINT = SchemaNormalization.parsingFingerprint64(
            MethylationSite.getClassSchema());
    private static final byte[] HEADER = AvroSerde.header(SchemaNormalization.parsingFingerprint64(
            SignificantSite.getClassSchema()));

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
        RecordBytes fields = new RecordBytes(new byte[0]);
        SiteCodecs.writeAnalysis(fields, test, errorRate, alpha, analysisId, errorRateSource);
        this.analysisFields = fields.toByteArray();
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
        RecordBytes out = new RecordBytes(HEADER, HEADER.length + siteLength + RecordBytes.intSize(coverage)
                + 2 * Double.BYTES + analysisFields.length); // exactly: the bytes are not copied again
        out.write(published, AvroSerde.HEADER_LENGTH, siteLength);
        SiteCodecs.writeScores(out, coverage, pValue, minusLog10P);
        out.write(analysisFields, 0, analysisFields.length);
        return out.toByteArray();
    }
}
