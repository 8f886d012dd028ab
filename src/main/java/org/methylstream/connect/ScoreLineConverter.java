package org.methylstream.connect;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.methylstream.avro.FdrSite;
import org.methylstream.avro.SignificantSite;
import org.methylstream.format.OutputFormat;
import org.methylstream.format.LineBuffer;
import org.methylstream.format.ScoreLine;
import org.methylstream.format.SiteRecord;
import org.methylstream.serde.AvroSerde;
import org.methylstream.serde.SignificantSiteBlocks;

/**
 * Reads an Avro {@link SignificantSite} value as its output line, laid out by {@link ScoreLine} exactly as
 * {@code methylstream score} writes it in the configured {@value #OUTPUT_FORMAT_CONFIG} (tsv by default:
 * {@code chrom pos count1 count2 p_value}), so a file sink that prints each value writes the same file. Sink-side
 * only: nothing turns a line back into a record. A file's first line (bedGraph's track line) is the file sink's
 * to write: see {@link FileSinkSettings}.
 *
 * <p>A {@code SignificantSiteBlock} (a run's output, {@link SignificantSiteBlocks}) reads as its sites' lines joined
 * by newlines, so a sink that ends each value with a newline writes each site's line.
 *
 * <p>An {@link FdrSite} (told apart by its schema fingerprint) reads as the same line; in tsv, followed by
 * {@code minus_log10_p} and, for Benjamini-Hochberg, the {@code q_value}, or, for LORD++, the {@code level} its
 * p-value passed: the seed's layout stays the first five columns.
 *
 * <p>A value that does not decode raises a {@link DataException} naming the reason; the connector's
 * {@code errors.*} settings decide where that record goes. A null value (a tombstone) carries no site and reads
 * as a null line, which sinks should drop rather than print.
 */
public final class ScoreLineConverter implements Converter {
    /** The converter setting naming the {@link OutputFormat}; as a worker setting, {@code value.converter.output.format}. */
    public static final String OUTPUT_FORMAT_CONFIG = "output.format";
    private static final ConfigDef CONFIG = new ConfigDef().define(OUTPUT_FORMAT_CONFIG, ConfigDef.Type.STRING,
            OutputFormat.TSV.id(), (name, value) -> outputFormat(value), ConfigDef.Importance.MEDIUM,
            "Layout of the lines: tsv (score's), bed, bedgraph or allc.");

    private final AvroSerde<FdrSite> discoveries = AvroSerde.fdrSite();
    private final SignificantSiteBlocks blocks = new SignificantSiteBlocks();
    // one converter per task thread: the formatter's p-value cache, the site view and the line buffer are reused safely
    private ScoreLine lines = new ScoreLine();
    private final SiteRecord record = new SiteRecord();
    // bytes, as the formatter writes them: one String per record, made once the line is complete
    private final LineBuffer line = new LineBuffer(128);

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (isKey) {
            throw new ConfigException("ScoreLineConverter reads record values; keys are not written (ByteArrayConverter)");
        }
        lines = new ScoreLine(outputFormat(CONFIG.parse(configs).get(OUTPUT_FORMAT_CONFIG)));
    }

    private static OutputFormat outputFormat(Object id) {
        try {
            return OutputFormat.fromId(String.valueOf(id));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(OUTPUT_FORMAT_CONFIG, id, e.getMessage());
        }
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, null);
        }
        try {
            return new SchemaAndValue(Schema.STRING_SCHEMA, discoveries.recognises(value)
                    ? lineOf(discoveries.decode(value)) : linesOf(blocks.sitesOf(value)));
        } catch (SerializationException e) {
            throw new DataException("no score line for a record of " + topic + ": " + e.getMessage(), e);
        }
    }

    /**
     * The line of a significant site, or a block's lines one after another, each but the last followed by a newline:
     * the sink ends the last.
     */
    private String linesOf(List<SignificantSite> block) {
        line.clear();
        for (int i = 0; i < block.size(); i++) {
            if (i > 0) {
                line.newline();
            }
            lines.appendTo(line, record.of(block.get(i)));
        }
        return line.toString();
    }

    private String lineOf(FdrSite discovery) {
        line.clear();
        LineBuffer out = lines.appendTo(line, record.of(discovery));
        if (lines.format() != OutputFormat.TSV) {
            return out.toString();
        }
        lines.appendColumn(out, discovery.getMinusLog10PValue());
        return lines.appendColumn(out, discovery.getQValue() != null ? discovery.getQValue()
                : discovery.getLevel()).toString();
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        throw new DataException("ScoreLineConverter only reads SignificantSite and FdrSite records for sink connectors;"
                + " a score line cannot be written back to " + topic + " as a record");
    }
}
