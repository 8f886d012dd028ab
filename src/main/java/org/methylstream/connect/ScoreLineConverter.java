package org.methylstream.connect;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SignificantSite;
import org.methylstream.format.ScoreLine;
import org.methylstream.serde.AvroSerde;

/**
 * Reads an Avro {@link SignificantSite} value as its score line, {@code chrom pos count1 count2 p_value}, laid out
 * by {@link ScoreLine} exactly as {@code methylstream score} writes it, so a file sink that prints each value
 * writes the same file. Sink-side only: nothing turns a line back into a record.
 *
 * <p>A value that does not decode raises a {@link DataException} naming the reason; the connector's
 * {@code errors.*} settings decide where that record goes. A null value (a tombstone) carries no site and reads
 * as a null line, which sinks should drop rather than print.
 */
public final class ScoreLineConverter implements Converter {
    private final AvroSerde<SignificantSite> sites = AvroSerde.significantSite();
    // one converter per task thread: the formatter's p-value cache and the line buffer are reused safely
    private final ScoreLine lines = new ScoreLine();
    private final StringBuilder line = new StringBuilder(96);

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (isKey) {
            throw new ConfigException("ScoreLineConverter reads record values; keys are plain strings (StringConverter)");
        }
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, null);
        }
        SignificantSite significant;
        try {
            significant = sites.decode(value);
        } catch (SerializationException e) {
            throw new DataException("no score line for a record of " + topic + ": " + e.getMessage(), e);
        }
        return new SchemaAndValue(Schema.STRING_SCHEMA, lineOf(significant));
    }

    private String lineOf(SignificantSite significant) {
        MethylationSite site = significant.getSite();
        line.setLength(0);
        return lines.appendTo(line, site.getChromosome(), site.getPosition(), site.getMethylated(),
                site.getUnmethylated(), significant.getPValue()).toString();
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        throw new DataException("ScoreLineConverter only reads SignificantSite records for sink connectors;"
                + " a score line cannot be written back to " + topic + " as a record");
    }
}
