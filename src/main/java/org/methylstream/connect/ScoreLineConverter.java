package org.methylstream.connect;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.methylstream.avro.FdrSite;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SignificantSite;
import org.methylstream.format.ScoreLine;
import org.methylstream.serde.AvroSerde;

/**
 * Reads an Avro {@link SignificantSite} value as its score line, {@code chrom pos count1 count2 p_value}, laid out
 * by {@link ScoreLine} exactly as {@code methylstream score} writes it, so a file sink that prints each value
 * writes the same file. Sink-side only: nothing turns a line back into a record.
 *
 * <p>An {@link FdrSite} (told apart by its schema fingerprint) reads as the same five columns followed by
 * {@code minus_log10_p} and, for Benjamini-Hochberg, the {@code q_value}, or, for LORD++, the {@code level} its
 * p-value passed: the seed's layout stays the first five columns.
 *
 * <p>A value that does not decode raises a {@link DataException} naming the reason; the connector's
 * {@code errors.*} settings decide where that record goes. A null value (a tombstone) carries no site and reads
 * as a null line, which sinks should drop rather than print.
 */
public final class ScoreLineConverter implements Converter {
    private final AvroSerde<SignificantSite> sites = AvroSerde.significantSite();
    private final AvroSerde<FdrSite> discoveries = AvroSerde.fdrSite();
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
        try {
            return new SchemaAndValue(Schema.STRING_SCHEMA, discoveries.recognises(value)
                    ? lineOf(discoveries.decode(value)) : lineOf(sites.decode(value)));
        } catch (SerializationException e) {
            throw new DataException("no score line for a record of " + topic + ": " + e.getMessage(), e);
        }
    }

    private String lineOf(SignificantSite significant) {
        return scoreLine(significant.getSite(), significant.getPValue()).toString();
    }

    private String lineOf(FdrSite discovery) {
        StringBuilder out = ScoreLine.appendColumn(scoreLine(discovery.getSite(), discovery.getPValue()),
                discovery.getMinusLog10PValue());
        return ScoreLine.appendColumn(out, discovery.getQValue() != null ? discovery.getQValue()
                : discovery.getLevel()).toString();
    }

    private StringBuilder scoreLine(MethylationSite site, double pValue) {
        line.setLength(0);
        return lines.appendTo(line, site.getChromosome(), site.getPosition(), site.getMethylated(),
                site.getUnmethylated(), pValue);
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        throw new DataException("ScoreLineConverter only reads SignificantSite and FdrSite records for sink connectors;"
                + " a score line cannot be written back to " + topic + " as a record");
    }
}
