package org.methylstream.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SignificantSite;

/**
 * Writes the same bytes as {@link AvroSerde#significantSite()} without encoding the site again. Avro encodes a
 * record as its fields one after another, so a SignificantSite's body is the site's body as it was published,
 * then coverage and p-values, then the analysis's fields (test, error rate, alpha, analysis id), which are the same
 * for every site and encoded once. A site published with another schema version is encoded the usual way.
 * Thread-safe, like the serde.
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
    private final byte[] analysisFields;

    public SignificantSiteEncoder(String test, double errorRate, double alpha, String analysisId) {
        this.test = test;
        this.errorRate = errorRate;
        this.alpha = alpha;
        this.analysisId = analysisId;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            encoder.writeString(test);
            encoder.writeDouble(errorRate);
            encoder.writeDouble(alpha);
            encoder.writeString(analysisId);
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
                    analysisId));
        }
        int siteLength = published.length - AvroSerde.HEADER_LENGTH;
        int zigZag = (coverage << 1) ^ (coverage >> 31);
        byte[] bytes = new byte[HEADER.length + siteLength + varIntLength(zigZag) + 2 * Double.BYTES
                + analysisFields.length];
        System.arraycopy(HEADER, 0, bytes, 0, HEADER.length);
        System.arraycopy(published, AvroSerde.HEADER_LENGTH, bytes, HEADER.length, siteLength);
        int at = HEADER.length + siteLength;
        while ((zigZag & ~0x7f) != 0) {
            bytes[at++] = (byte) ((zigZag & 0x7f) | 0x80);
            zigZag >>>= 7;
        }
        bytes[at++] = (byte) zigZag;
        at = putDouble(bytes, at, pValue);
        at = putDouble(bytes, at, minusLog10P);
        System.arraycopy(analysisFields, 0, bytes, at, analysisFields.length);
        return bytes;
    }

    private static int varIntLength(int zigZag) {
        return zigZag == 0 ? 1 : (38 - Integer.numberOfLeadingZeros(zigZag)) / 7;
    }

    /** Avro's double: the IEEE 754 bits, little-endian. */
    private static int putDouble(byte[] bytes, int at, double value) {
        long bits = Double.doubleToRawLongBits(value);
        for (int i = 0; i < Double.BYTES; i++) {
            bytes[at++] = (byte) (bits >>> (8 * i));
        }
        return at;
    }
}
