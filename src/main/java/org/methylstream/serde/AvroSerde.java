package org.methylstream.serde;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.methylstream.avro.Analysis;
import org.methylstream.avro.ControlSpec;
import org.methylstream.avro.FdrSite;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.PValueBin;
import org.methylstream.avro.SampleEnd;
import org.methylstream.avro.EstimatedRate;
import org.methylstream.avro.SampleHistogram;
import org.methylstream.avro.SampleRateEstimated;
import org.methylstream.avro.SampleStart;
import org.methylstream.avro.SamplePartitionScored;
import org.methylstream.avro.SignificantSite;
import org.methylstream.avro.SignificantSiteBlock;
import org.methylstream.avro.SiteBlock;
import org.methylstream.avro.SiteSpan;

/**
 * Avro records as Kafka values in Avro's single-object encoding: the marker {@code C3 01}, the writer schema's
 * CRC-64-AVRO fingerprint (little-endian), then the binary body. No schema registry is needed (Confluent's is
 * not on Maven Central); the reader resolves every schema version in {@link SchemaHistory} to the current one,
 * so records written by an older release stay readable.
 *
 * <p>The format is Avro's own ({@code BinaryMessageEncoder} writes and reads the same bytes); it is coded here
 * because Avro's message decoder looks up thread-locals per record, which profiling showed to dominate the
 * pipeline's cost. The per-site records' bodies in their current versions are written and read by {@link SiteCodecs},
 * every other body by Avro's datum writer and readers. Instances are thread-safe: per-call state is local, and what
 * the codecs keep (recent strings) is replaced whole.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
    static {
        // Avro 1.12 refuses to instantiate generated classes from packages it does not trust; trust ours once, here
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                ClassSecurityValidator.builder().add(MethylationSite.class).add(SignificantSite.class)
                        .add(SampleEnd.class).add(SamplePartitionScored.class).add(Analysis.class)
                        .add(SampleHistogram.class).add(SiteSpan.class).add(PValueBin.class).add(FdrSite.class)
                        .add(ControlSpec.class).add(SampleStart.class).add(SampleRateEstimated.class)
                        .add(EstimatedRate.class).add(SiteBlock.class).add(SignificantSiteBlock.class).build()));
    }

    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = (byte) 0x01;
    static final int HEADER_LENGTH = 10;

    private final String recordName;
    private final Schema schema;
    private final long fingerprint;
    private final byte[] header;
    private final SpecificDatumWriter<T> writer;
    /** The current version's body written and read by hand, or null: Avro's datum writer and readers do it. */
    private final BodyCodec<T> codec;
    /** The writer schemas known; replaced whole on a new one, read without locks. */
    private volatile Known<T> known;

    /**
     * Writer-schema fingerprint → reader resolving it to the current schema, and the same fingerprints as an array,
     * looked through without boxing one per record (a topic's records are told apart by them).
     */
    private record Known<T>(Map<Long, DatumReader<T>> readers, long[] fingerprints) {
        Known(Map<Long, DatumReader<T>> readers) {
            this(Map.copyOf(readers), readers.keySet().stream().mapToLong(Long::longValue).toArray());
        }
    }

    private AvroSerde(Schema schema, BodyCodec<T> codec) {
        this.recordName = schema.getName();
        this.schema = schema;
        this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        this.header = header(fingerprint);
        this.writer = new SpecificDatumWriter<>(schema);
        this.codec = codec;
        Map<Long, DatumReader<T>> readers = new HashMap<>();
        readers.put(fingerprint, new SpecificDatumReader<>(schema));
        for (Schema retired : SchemaHistory.retiredVersions(recordName)) {
            readers.put(SchemaNormalization.parsingFingerprint64(retired), new SpecificDatumReader<>(retired, schema));
        }
        this.known = new Known<>(readers);
    }

    private AvroSerde(Schema schema) {
        this(schema, null);
    }

    public static AvroSerde<MethylationSite> methylationSite() {
        return new AvroSerde<>(MethylationSite.getClassSchema(), SiteCodecs.methylationSite());
    }

    public static AvroSerde<SiteBlock> siteBlock() {
        return new AvroSerde<>(SiteBlock.getClassSchema(), SiteCodecs.siteBlock());
    }

    public static AvroSerde<SignificantSite> significantSite() {
        return new AvroSerde<>(SignificantSite.getClassSchema(), SiteCodecs.significantSite());
    }

    public static AvroSerde<SignificantSiteBlock> significantSiteBlock() {
        return new AvroSerde<>(SignificantSiteBlock.getClassSchema(), SiteCodecs.significantSiteBlock());
    }

    public static AvroSerde<SampleEnd> sampleEnd() {
        return new AvroSerde<>(SampleEnd.getClassSchema());
    }

    public static AvroSerde<SamplePartitionScored> samplePartitionScored() {
        return new AvroSerde<>(SamplePartitionScored.getClassSchema());
    }

    public static AvroSerde<Analysis> analysis() {
        return new AvroSerde<>(Analysis.getClassSchema());
    }

    public static AvroSerde<SampleStart> sampleStart() {
        return new AvroSerde<>(SampleStart.getClassSchema());
    }

    public static AvroSerde<SampleHistogram> sampleHistogram() {
        return new AvroSerde<>(SampleHistogram.getClassSchema());
    }

    public static AvroSerde<SampleRateEstimated> sampleRateEstimated() {
        return new AvroSerde<>(SampleRateEstimated.getClassSchema());
    }

    public static AvroSerde<FdrSite> fdrSite() {
        return new AvroSerde<>(FdrSite.getClassSchema());
    }

    /** Registers one more writer schema, for records written with a version not in the jar. */
    public synchronized void addWriterSchema(Schema writerSchema) {
        Map<Long, DatumReader<T>> readers = new HashMap<>(known.readers());
        readers.put(SchemaNormalization.parsingFingerprint64(writerSchema), new SpecificDatumReader<>(writerSchema, schema));
        known = new Known<>(readers);
    }

    public byte[] encode(T record) {
        RecordBytes out = new RecordBytes(header);
        try {
            if (codec != null) {
                codec.write(record, out);
            } else {
                writer.write(record, EncoderFactory.get().directBinaryEncoder(out, null));
            }
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + recordName + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes a record; a {@link SerializationException} names the reason in words a dead-letter reader can
     * act on: not single-object Avro, an unknown writer schema, or a corrupt body.
     */
    public T decode(byte[] bytes) {
        if (bytes == null) {
            throw new SerializationException("empty value: expected a " + recordName + " record");
        }
        if (bytes.length < HEADER_LENGTH || bytes[0] != MARKER_0 || bytes[1] != MARKER_1) {
            throw new SerializationException("not an Avro single-object encoded " + recordName + " (" + bytes.length
                    + " bytes without the C3 01 marker and fingerprint)");
        }
        long writerFingerprint = fingerprintOf(bytes);
        boolean byCodec = codec != null && writerFingerprint == fingerprint;
        DatumReader<T> reader = byCodec ? null : known.readers().get(writerFingerprint);
        if (!byCodec && reader == null) {
            throw new SerializationException("unknown writer schema for " + recordName
                    + " (written by a newer or foreign producer): fingerprint " + Long.toHexString(writerFingerprint));
        }
        try {
            T record;
            boolean whole;
            if (byCodec) {
                RecordBody body = new RecordBody(bytes, HEADER_LENGTH);
                record = codec.read(body);
                whole = body.remaining() == 0;
            } else {
                BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH,
                        bytes.length - HEADER_LENGTH, null);
                record = reader.read(null, decoder);
                whole = decoder.isEnd();
            }
            if (!whole) {
                throw new IOException((bytes.length - HEADER_LENGTH) + "-byte body has trailing bytes");
            }
            return record;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("corrupt " + recordName + " body: " + e, e);
        }
    }

    /**
     * Whether {@code bytes} claim to be this record, by the writer-schema fingerprint in their header: tells record
     * types that share a topic apart without decoding (the body may still turn out corrupt).
     */
    public boolean recognises(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_LENGTH || bytes[0] != MARKER_0 || bytes[1] != MARKER_1) {
            return false;
        }
        long writerFingerprint = fingerprintOf(bytes);
        for (long knownFingerprint : known.fingerprints()) {
            if (knownFingerprint == writerFingerprint) {
                return true;
            }
        }
        return false;
    }

    /** The fingerprint of the schema a record was written with; records of another type differ here. */
    public static long fingerprintOf(byte[] bytes) {
        long fingerprint = 0;
        for (int i = 9; i >= 2; i--) {
            fingerprint = (fingerprint << 8) | (bytes[i] & 0xff);
        }
        return fingerprint;
    }

    static byte[] header(long fingerprint) {
        byte[] header = new byte[HEADER_LENGTH];
        header[0] = MARKER_0;
        header[1] = MARKER_1;
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        return header;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, record) -> record == null ? null : encode(record);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }
}
