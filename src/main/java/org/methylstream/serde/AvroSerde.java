package org.methylstream.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.methylstream.avro.Analysis;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SampleEnd;
import org.methylstream.avro.SamplePartitionScored;
import org.methylstream.avro.SignificantSite;

/**
 * Avro records as Kafka values in Avro's single-object encoding: a 2-byte marker, the writer schema's 64-bit
 * fingerprint, then the binary body. No schema registry is needed (Confluent's is not on Maven Central); the
 * reader resolves every schema version in {@link SchemaHistory} to the current one, so records written by an
 * older release stay readable. Thread-safe: Avro's encoder and decoder keep per-thread buffers.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
    static {
        // Avro 1.12 refuses to instantiate generated classes from packages it does not trust; trust ours once, here
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                ClassSecurityValidator.builder().add(MethylationSite.class).add(SignificantSite.class)
                        .add(SampleEnd.class).add(SamplePartitionScored.class).add(Analysis.class).build()));
    }

    // single-object encoding: C3 01, then the writer schema's 64-bit parsing fingerprint, little-endian
    private static final int HEADER_LENGTH = 10;

    private final String recordName;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    private final Set<Long> fingerprints = new HashSet<>();

    private AvroSerde(Schema schema) {
        this.recordName = schema.getName();
        this.encoder = new BinaryMessageEncoder<>(SpecificData.getForSchema(schema), schema);
        this.decoder = new BinaryMessageDecoder<>(SpecificData.getForSchema(schema), schema);
        fingerprints.add(SchemaNormalization.parsingFingerprint64(schema));
        for (Schema retired : SchemaHistory.retiredVersions(recordName)) {
            decoder.addSchema(retired);
            fingerprints.add(SchemaNormalization.parsingFingerprint64(retired));
        }
    }

    public static AvroSerde<MethylationSite> methylationSite() {
        return new AvroSerde<>(MethylationSite.getClassSchema());
    }

    public static AvroSerde<SignificantSite> significantSite() {
        return new AvroSerde<>(SignificantSite.getClassSchema());
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

    /** Registers one more writer schema, for records written with a version not in the jar. */
    public void addWriterSchema(Schema schema) {
        decoder.addSchema(schema);
        fingerprints.add(SchemaNormalization.parsingFingerprint64(schema));
    }

    /**
     * Whether {@code bytes} claim to be this record, by the schema fingerprint in their header; tells record types
     * sharing a topic apart without decoding (the body may still turn out corrupt).
     */
    public boolean recognises(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_LENGTH || bytes[0] != (byte) 0xC3 || bytes[1] != 0x01) {
            return false;
        }
        return fingerprints.contains(ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
    }

    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | AvroRuntimeException e) {
            throw new SerializationException("cannot encode " + recordName + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes a record; a {@link SerializationException} names the reason in words a dead-letter reader can
     * act on: not single-object Avro, an unknown writer schema, or a corrupt body.
     */
    public T decode(byte[] bytes) {
        if (bytes == null) {
            throw new SerializationException("empty value: expected a " + recordName + " record");
        }
        try {
            return decoder.decode(bytes);
        } catch (MissingSchemaException e) {
            throw new SerializationException("unknown writer schema for " + recordName
                    + " (written by a newer or foreign producer): " + e.getMessage(), e);
        } catch (BadHeaderException e) {
            throw new SerializationException("not an Avro single-object encoded " + recordName
                    + " (" + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("corrupt " + recordName + " body: " + e, e);
        }
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
