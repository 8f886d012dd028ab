package org.methylstream.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.methylstream.connect.SignificantSites.encoded;
import static org.methylstream.connect.SignificantSites.site;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.runtime.isolation.PluginDesc;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.methylstream.avro.FdrSite;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SignificantSite;
import org.methylstream.format.ScoreLine;
import org.methylstream.serde.AvroSerde;
import org.methylstream.serde.SignificantSiteBlocks;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.topology.FdrRecords;

@DisplayName("The score line converter")
class ScoreLineConverterTest {
    private static final String TOPIC = "methylation.significant";

    private final ScoreLineConverter converter = new ScoreLineConverter();

    @BeforeEach
    void configureForValues() {
        converter.configure(Map.of(), false);
    }

    private SchemaAndValue read(byte[] value) {
        return converter.toConnectData(TOPIC, value);
    }

    @Test
    @DisplayName("reads a significant site as the tab-separated line methylstream score writes")
    void readsTheScoreLine() {
        SchemaAndValue line = read(encoded(site("chr1", 12345, 18, 2, 1e-05)));

        assertEquals(Schema.STRING_SCHEMA, line.schema());
        assertEquals("chr1\t12345\t18\t2\t1e-05", line.value());
        assertEquals(ScoreLine.format("chr1", 12345, 18, 2, 1e-05), line.value());
    }

    @Test
    @DisplayName("reads a block of significant sites (a run's) as their lines, one under the other, in every layout")
    void readsBlocksAsTheirLines() {
        java.util.List<SignificantSite> block = SignificantSites.sites(500, 5);
        byte[] value = SignificantSiteBlocks.of(block.stream().map(SignificantSites::encoded).toList());
        for (String format : java.util.List.of("tsv", "bed", "bedgraph", "allc")) {
            converter.configure(Map.of(ScoreLineConverter.OUTPUT_FORMAT_CONFIG, format), false);
            String alone = String.join("\n", block.stream().map(site -> (String) read(encoded(site)).value()).toList());
            assertEquals(alone, read(value).value(), format);
        }
        byte[] damaged = Arrays.copyOf(value, value.length - 2);
        DataException e = assertThrows(DataException.class, () -> read(damaged));
        assertTrue(e.getMessage().contains("corrupt SignificantSiteBlock body"), e.getMessage());
    }

    @Test
    @DisplayName("reads an FDR discovery as the score line, then -log10 p and the q-value (BH) or the level (LORD++)")
    void readsFdrDiscoveries() {
        AvroSerde<FdrSite> fdr = AvroSerde.fdrSite();
        MethylationSite site = MethylationSite.newBuilder().setSampleId("s").setChromosome("chr2").setPosition(40)
                .setMethylated(900).setUnmethylated(0).build();
        double logP = 900 * Math.log(0.006); // p = 1e-2000: underflows
        FdrSite bh = FdrRecords.bh(site, logP, Math.log(0.0025), 0.01, 1000, 4, ScoringParameters.DEFAULTS, "a",
                "default", "sample", org.methylstream.stats.FdrTests.ALL);
        FdrSite lord = FdrRecords.lord(site, Math.log(1e-6), 0.004, 0.05, 17, 3, ScoringParameters.DEFAULTS, "a",
                "default");

        assertEquals("chr2\t40\t900\t0\t0.0\t" + ScoreLine.pythonRepr(bh.getMinusLog10PValue()) + "\t"
                + ScoreLine.pythonRepr(bh.getQValue()), read(fdr.encode(bh)).value());
        assertTrue(bh.getMinusLog10PValue() > 1999, "-log10 p orders sites whose p underflows");
        assertEquals("chr2\t40\t900\t0\t" + ScoreLine.pythonRepr(lord.getPValue()) + "\t"
                + ScoreLine.pythonRepr(lord.getMinusLog10PValue()) + "\t0.004", read(fdr.encode(lord)).value());
    }

    @Test
    @DisplayName("output.format bed, bedgraph, allc: sites and FDR discoveries in that layout; an unknown one refused")
    void outputFormats() {
        MethylationSite site = MethylationSite.newBuilder().setSampleId("s").setChromosome("chr2").setPosition(40)
                .setStrand("-").setContext("CHG").setMethylated(9).setUnmethylated(1).build();
        SignificantSite significant = SignificantSite.newBuilder().setSite(site).setCoverage(10).setPValue(1e-9)
                .setMinusLog10PValue(9.0).setTest("upper").setErrorRate(0.006).setAlpha(1e-5).setAnalysisId("a").build();
        FdrSite discovery = FdrRecords.bh(site, Math.log(1e-9), Math.log(0.0025), 0.01, 1000, 4,
                ScoringParameters.DEFAULTS, "a", "default", "sample", org.methylstream.stats.FdrTests.ALL);
        Map<String, String> expected = Map.of(
                "bed", "chr2\t39\t40\ts:chr2:40\t90\t-\t9\t1\t1e-09\t9.0",
                "bedgraph", "chr2\t39\t40\t9.0",
                "allc", "chr2\t40\t-\tCHG\t9\t10\t1");
        expected.forEach((format, line) -> {
            ScoreLineConverter configured = new ScoreLineConverter();
            configured.configure(Map.of(ScoreLineConverter.OUTPUT_FORMAT_CONFIG, format), false);
            assertEquals(line, configured.toConnectData(TOPIC, encoded(significant)).value(), format);
            // a discovery reads as the site with its p-values, nothing more: the layout has no place for q
            SignificantSite same = SignificantSite.newBuilder(significant).setPValue(discovery.getPValue())
                    .setMinusLog10PValue(discovery.getMinusLog10PValue()).build();
            assertEquals(configured.toConnectData(TOPIC, encoded(same)).value(),
                    configured.toConnectData(TOPIC, AvroSerde.fdrSite().encode(discovery)).value(), format);
        });
        ConfigException unknown = assertThrows(ConfigException.class, () -> new ScoreLineConverter()
                .configure(Map.of(ScoreLineConverter.OUTPUT_FORMAT_CONFIG, "gff"), false));
        assertTrue(unknown.getMessage().contains("unknown output format 'gff'"), unknown.getMessage());
    }

    @Test
    @DisplayName("keeps the p-value's Python notation, including underflow to zero")
    void keepsPythonNotation() {
        assertEquals("chrX\t7\t500\t0\t0.0", read(encoded(site("chrX", 7, 500, 0, 0.0))).value());
        assertEquals("2\t99\t9\t1\t0.0001", read(encoded(site("2", 99, 9, 1, 0.0001))).value());
    }

    @Test
    @DisplayName("rejects bytes that are not single-object Avro, naming the reason")
    void rejectsNonAvro() {
        DataException e = assertThrows(DataException.class,
                () -> read("chr1\t1\t2\t3\t0.5".getBytes(StandardCharsets.UTF_8)));

        assertTrue(e.getMessage().contains("not an Avro single-object encoded SignificantSite"), e.getMessage());
        assertTrue(e.getMessage().contains(TOPIC), e.getMessage());
    }

    @Test
    @DisplayName("rejects a truncated body, naming the reason")
    void rejectsCorruptBody() {
        byte[] whole = encoded(site("chr1", 12345, 18, 2, 1e-05));

        DataException e = assertThrows(DataException.class, () -> read(Arrays.copyOf(whole, 14)));

        assertTrue(e.getMessage().contains("corrupt SignificantSite body"), e.getMessage());
    }

    @Test
    @DisplayName("rejects a record written with a schema it has never seen, naming the reason")
    void rejectsUnknownWriterSchema() {
        byte[] foreign = encoded(site("chr1", 12345, 18, 2, 1e-05));
        foreign[2] ^= 0x5a; // the writer schema's fingerprint follows the 2-byte marker

        DataException e = assertThrows(DataException.class, () -> read(foreign));

        assertTrue(e.getMessage().contains("unknown writer schema for SignificantSite"), e.getMessage());
    }

    @Test
    @DisplayName("reads a tombstone as a null line, for the sink to drop")
    void readsTombstoneAsNull() {
        SchemaAndValue line = read(null);

        assertNull(line.value());
        assertTrue(line.schema().isOptional());
    }

    @Test
    @DisplayName("refuses to write records or to read keys")
    void isValueReadOnly() {
        assertThrows(DataException.class, () -> converter.fromConnectData(TOPIC, Schema.STRING_SCHEMA, "line"));
        assertThrows(ConfigException.class, () -> new ScoreLineConverter().configure(Map.of(), true));
    }

    @Test
    @DisplayName("is found, with the exactly-once file sink and the tombstone filter, by plugin.discovery=service_load")
    void isFoundByServiceLoading() {
        Plugins plugins = new Plugins(Map.of("plugin.discovery", "service_load"));

        assertTrue(plugins.converters().stream().map(PluginDesc::className)
                .anyMatch(ScoreLineConverter.class.getName()::equals));
        assertTrue(plugins.sinkConnectors().stream().map(PluginDesc::className)
                .anyMatch(ScoreFileSinkConnector.class.getName()::equals));
        assertTrue(plugins.transformations().stream().map(PluginDesc::className)
                .anyMatch("org.apache.kafka.connect.transforms.Filter"::equals));
        assertTrue(plugins.predicates().stream().map(PluginDesc::className)
                .anyMatch("org.apache.kafka.connect.transforms.predicates.RecordIsTombstone"::equals));
    }
}
