package org.methylstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SampleEnd;
import org.methylstream.avro.SamplePartitionScored;
import org.methylstream.avro.SignificantSite;
import org.methylstream.avro.SiteBlock;
import org.methylstream.naming.AnalysisNames;
import org.methylstream.serde.AvroSerde;
import org.methylstream.serde.SignificantSiteBlocks;
import org.methylstream.serde.SiteBlocks;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.SiteScorer;
import org.methylstream.stats.TestKind;

@DisplayName("The site scoring topology")
class SiteScoringTopologyTest {
    @TempDir
    Path stateDir;

    private static final AvroSerde<MethylationSite> SITES = AvroSerde.methylationSite();
    private static final AvroSerde<SignificantSite> RESULTS = AvroSerde.significantSite();
    private static final AvroSerde<SampleEnd> ENDS = AvroSerde.sampleEnd();
    private static final AvroSerde<SamplePartitionScored> SCORED = AvroSerde.samplePartitionScored();
    private static final AvroSerde<SiteBlock> BLOCKS = AvroSerde.siteBlock();
    private static final SignificantSiteBlocks SIGNIFICANT_BLOCKS = new SignificantSiteBlocks();

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> input;
    private TestOutputTopic<String, byte[]> significant;
    private TestOutputTopic<String, byte[]> deadLetters;
    private TestOutputTopic<String, byte[]> samples;

    private void start(ScoringParameters scoring) {
        start(scoring, 1);
    }

    private void start(ScoringParameters scoring, int significantPerRecord) {
        start(new TopologySettings(new AnalysisNames("analysis-7", "in", "out", "dlq", "topology-test"), scoring)
                .withSignificantPerRecord(significantPerRecord));
    }

    private void start(TopologySettings settings) {
        driver = new TopologyTestDriver(SiteScoringTopology.build(settings),
                ProductionConfig.of("topology-test", false, stateDir));
        input = driver.createInputTopic("in", new StringSerializer(), new ByteArraySerializer());
        significant = driver.createOutputTopic("out", new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic("dlq", new StringDeserializer(), new ByteArrayDeserializer());
        samples = driver.createOutputTopic("out.samples", new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private static MethylationSite site(String chromosome, long position, int methylated, int unmethylated) {
        return site("s1", chromosome, position, methylated, unmethylated);
    }

    private static MethylationSite site(String sample, String chromosome, long position, int methylated,
                                        int unmethylated) {
        return MethylationSite.newBuilder().setSampleId(sample).setChromosome(chromosome).setPosition(position)
                .setMethylated(methylated).setUnmethylated(unmethylated).build();
    }

    private void end(String sample, long partitionSites) {
        SampleEnd end = SampleEnd.newBuilder().setSampleId(sample).setPartition(0).setPartitionSites(partitionSites)
                .setTotalSites(partitionSites).setPartitions(1).setPublishedAt(Instant.ofEpochMilli(1234)).build();
        input.pipeInput(sample, ENDS.encode(end));
    }

    private void publish(MethylationSite site) {
        input.pipeInput(site.getChromosome() + ":" + site.getPosition(), SITES.encode(site));
    }

    @Test
    @DisplayName("forwards exactly the sites the scoring core calls significant, with their p-value and parameters")
    void forwardsSignificantSitesWithParameters() {
        ScoringParameters scoring = ScoringParameters.DEFAULTS;
        start(scoring);
        SiteScorer scorer = new SiteScorer(scoring);
        List<MethylationSite> sites = List.of(site("chr1", 10, 0, 20), site("chr1", 11, 8, 12),
                site("chr1", 12, 1, 30), site("chr2", 5, 30, 0), site("chr2", 6, 0, 5000));
        sites.forEach(this::publish);

        List<SignificantSite> out = significant.readValuesToList().stream().map(RESULTS::decode).toList();

        List<MethylationSite> expected = sites.stream()
                .filter(s -> scorer.isSignificant(s.getMethylated(), s.getMethylated() + s.getUnmethylated())).toList();
        assertEquals(expected, out.stream().map(SignificantSite::getSite).toList());
        SignificantSite first = out.get(0);
        assertEquals(20, first.getCoverage());
        assertEquals(scorer.pValue(8, 20), first.getPValue());
        assertEquals(-Math.log10(first.getPValue()), first.getMinusLog10PValue(), 1e-9);
        assertEquals("upper", first.getTest());
        assertEquals(0.006, first.getErrorRate());
        assertEquals(1e-5, first.getAlpha());
        assertEquals("analysis-7", first.getAnalysisId());
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    @DisplayName("keeps the record key, so a site's results stay in its partition")
    void keepsKey() {
        start(ScoringParameters.DEFAULTS);
        publish(site("chrX", 99, 9, 1));
        assertEquals("chrX:99", significant.readRecord().key());
    }

    @Test
    @DisplayName("with the pmf test calls a site with no methylated reads at high coverage significant, as the seed did")
    void pmfTestReproducesSeedFlaw() {
        start(new ScoringParameters(TestKind.PMF, 0.006, 1e-5, 1));
        publish(site("chr1", 1, 0, 5000));
        assertEquals(1, significant.readValuesToList().size());
    }

    @Test
    @DisplayName("does not test sites below the minimum coverage")
    void skipsLowCoverage() {
        start(new ScoringParameters(TestKind.UPPER, 0.006, 1e-5, 10));
        publish(site("chr1", 1, 5, 0));
        publish(site("chr1", 2, 10, 0));
        assertEquals(List.of(2L), significant.readValuesToList().stream()
                .map(v -> RESULTS.decode(v).getSite().getPosition()).toList());
    }

    @Test
    @DisplayName("routes undecodable and invalid records to the dead-letter topic with their reason, and goes on")
    void deadLettersPoisonRecords() {
        start(ScoringParameters.DEFAULTS);
        byte[] junk = "not avro at all".getBytes(StandardCharsets.UTF_8);
        input.pipeInput(new TestRecord<>("junk", junk, new RecordHeaders().add("trace", new byte[] {1})));
        byte[] unknownSchema = SITES.encode(site("chr1", 1, 1, 1));
        unknownSchema[5] ^= 0x5a; // corrupt the schema fingerprint
        input.pipeInput("unknown", unknownSchema);
        byte[] truncated = SITES.encode(site("chr1", 2, 1, 1));
        input.pipeInput("truncated", java.util.Arrays.copyOf(truncated, 12));
        publish(site("chr1", 3, -4, 10));
        input.pipeInput("empty", (byte[]) null);
        publish(site("chr1", 4, 9, 1));

        List<TestRecord<String, byte[]>> letters = deadLetters.readRecordsToList();
        assertEquals(List.of("junk", "unknown", "truncated", "chr1:3", "empty"),
                letters.stream().map(TestRecord::key).toList());
        assertTrue(DeadLetter.reasonOf(letters.get(0).headers()).startsWith("not an Avro single-object encoded"));
        assertTrue(DeadLetter.reasonOf(letters.get(1).headers()).startsWith("unknown writer schema"));
        assertTrue(DeadLetter.reasonOf(letters.get(2).headers()).startsWith("corrupt MethylationSite body"));
        assertEquals("methylated count is negative: -4", DeadLetter.reasonOf(letters.get(3).headers()));
        assertEquals("empty value: expected a MethylationSite record", DeadLetter.reasonOf(letters.get(4).headers()));
        assertEquals("in/0@0", new String(letters.get(0).headers().lastHeader(DeadLetter.ORIGIN).value(),
                StandardCharsets.UTF_8));
        assertTrue(letters.get(0).headers().lastHeader("trace") != null, "original headers are kept");
        assertEquals(junk.length, letters.get(0).value().length, "the original bytes are kept");
        assertEquals(1, significant.readValuesToList().size(), "the valid site after the poison ones still flows");
    }

    private void publishBlock(MethylationSite... sites) {
        input.pipeInput(SiteBlocks.keyOf(sites[0]), BLOCKS.encode(new SiteBlock(List.of(sites))));
    }

    @Test
    @DisplayName("scores a block's sites as if each had been published alone: the same records, keys, counts")
    void blocksAsSitesAlone() {
        start(new ScoringParameters(TestKind.UPPER, 0.006, 1e-5, 10));
        List<MethylationSite> sites = List.of(site("a", "chr1", 1, 9, 1), site("a", "chr1", 2, 0, 20),
                site("a", "chr1", 3, 1, 1), site("a", "chr2", 7, 30, 3), site("a", "chr2", 9, 12, 0));
        sites.forEach(site -> input.pipeInput(SiteBlocks.keyOf(site), SITES.encode(site)));
        end("a", 5);
        List<TestRecord<String, byte[]>> alone = significant.readRecordsToList();
        SamplePartitionScored aloneCounts = SCORED.decode(samples.readRecordsToList().get(0).value());
        driver.close();

        start(new ScoringParameters(TestKind.UPPER, 0.006, 1e-5, 10));
        publishBlock(sites.subList(0, 2).toArray(MethylationSite[]::new));
        publishBlock(sites.subList(2, 5).toArray(MethylationSite[]::new));
        end("a", 5);
        List<TestRecord<String, byte[]>> blocked = significant.readRecordsToList();
        SamplePartitionScored blockedCounts = SCORED.decode(samples.readRecordsToList().get(0).value());

        assertEquals(3, alone.size());
        assertEquals(alone.stream().map(TestRecord::key).toList(), blocked.stream().map(TestRecord::key).toList());
        assertEquals(alone.stream().map(r -> java.util.Arrays.toString(r.value())).toList(),
                blocked.stream().map(r -> java.util.Arrays.toString(r.value())).toList(), "byte for byte");
        assertEquals(List.of(aloneCounts.getSitesRead(), aloneCounts.getSitesTested(),
                aloneCounts.getSitesSignificant()), List.of(blockedCounts.getSitesRead(), blockedCounts.getSitesTested(),
                blockedCounts.getSitesSignificant()));
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    @DisplayName("sends a block's significant sites as one record keyed by the first, of the very records they'd be alone")
    void significantSitesOfABlockTogether() {
        ScoringParameters scoring = new ScoringParameters(TestKind.UPPER, 0.006, 1e-5, 10);
        List<MethylationSite> first = List.of(site("a", "chr1", 1, 0, 20), site("a", "chr1", 2, 9, 1),
                site("a", "chr1", 3, 1, 1), site("a", "chr1", 4, 30, 3), site("a", "chr2", 9, 12, 0));
        List<MethylationSite> second = List.of(site("a", "chr2", 10, 0, 20), site("a", "chr2", 11, 15, 0));
        List<MethylationSite> third = List.of(site("a", "chr2", 12, 0, 20), site("a", "chr2", 13, 1, 1));
        MethylationSite alone = site("a", "chr3", 1, 11, 0);
        Runnable publishAll = () -> {
            for (List<MethylationSite> block : List.of(first, second, third)) {
                publishBlock(block.toArray(MethylationSite[]::new));
            }
            input.pipeInput(SiteBlocks.keyOf(alone), SITES.encode(alone));
        };
        start(scoring, 1);
        publishAll.run();
        List<TestRecord<String, byte[]>> each = significant.readRecordsToList();
        driver.close();
        assertEquals(List.of("a:chr1:2", "a:chr1:4", "a:chr2:9", "a:chr2:11", "a:chr3:1"),
                each.stream().map(TestRecord::key).toList());

        start(scoring, 64);
        publishAll.run();
        List<TestRecord<String, byte[]>> together = significant.readRecordsToList();
        driver.close();
        assertEquals(List.of("a:chr1:2", "a:chr2:11", "a:chr3:1"), together.stream().map(TestRecord::key).toList(),
                "the first block's three as one record, keyed by its first; a block with one, and a site alone, as such");
        assertTrue(SIGNIFICANT_BLOCKS.recognises(together.get(0).value()));
        assertEquals(java.util.Arrays.toString(SignificantSiteBlocks.of(each.subList(0, 3).stream()
                        .map(TestRecord::value).toList())), java.util.Arrays.toString(together.get(0).value()),
                "byte for byte the records each would have been");
        assertEquals(each.subList(0, 3).stream().map(r -> RESULTS.decode(r.value())).toList(),
                SIGNIFICANT_BLOCKS.sitesOf(together.get(0).value()));
        assertEquals(java.util.Arrays.toString(each.get(3).value()), java.util.Arrays.toString(together.get(1).value()));
        assertEquals(java.util.Arrays.toString(each.get(4).value()), java.util.Arrays.toString(together.get(2).value()));

        start(scoring, 2);
        publishBlock(first.toArray(MethylationSite[]::new));
        List<TestRecord<String, byte[]>> twoAtMost = significant.readRecordsToList();
        assertEquals(List.of("a:chr1:2", "a:chr2:9"), twoAtMost.stream().map(TestRecord::key).toList());
        assertEquals(2, SIGNIFICANT_BLOCKS.sitesOf(twoAtMost.get(0).value()).size());
        assertEquals(java.util.Arrays.toString(each.get(2).value()), java.util.Arrays.toString(twoAtMost.get(1).value()),
                "the one left over alone");
    }

    @Test
    @DisplayName("a run's counts and controls in memory, CpG strands in RocksDB; an analysis's every store in RocksDB")
    void storesOfRunsAndAnalyses() {
        TopologySettings analysis = new TopologySettings(
                new AnalysisNames("analysis-7", "in", "out", "dlq", "topology-test"), ScoringParameters.DEFAULTS);
        TopologySettings run = analysis.withCountsInMemory();
        TopologySettings plainRun = run.withoutCpgPairing();
        for (TopologySettings settings : List.of(analysis, run, plainRun,
                plainRun.withFdr(new FdrSettings(0.05, 0, 1)), plainRun.withFdr(new FdrSettings(0, 0.05, 1)))) {
            try (TopologyTestDriver stores = new TopologyTestDriver(SiteScoringTopology.build(settings),
                    ProductionConfig.of("topology-test", false, stateDir))) {
                assertEquals(stores.getAllStateStores().values().stream().anyMatch(StateStore::persistent),
                        SiteScoringTopology.usesRocksDb(settings), "RocksDB's library is loaded for " + settings);
                for (String store : List.of(SiteScoringTopology.CONTROLS, SiteScoringTopology.STATISTICS,
                        SiteScoringTopology.BINS)) {
                    assertEquals(!settings.countsInMemory(), stores.getAllStateStores().get(store).persistent(), store);
                }
                StateStore strands = stores.getAllStateStores().get(SiteScoringTopology.CPG_STRANDS);
                assertEquals(settings.cpgPairing(), strands != null);
                if (settings.cpgPairing()) {
                    assertTrue(strands.persistent());
                }
            }
        }
        assertFalse(SiteScoringTopology.usesRocksDb(plainRun), "a run without --merge-cpg or FDR opens no RocksDB");
        start(ScoringParameters.DEFAULTS);
    }

    @Test
    @DisplayName("dead-letters a block's invalid site as the record it would be alone, and an unreadable block whole")
    void deadLettersWithinBlocks() {
        start(ScoringParameters.DEFAULTS);
        MethylationSite invalid = site("a", "chr1", 2, -4, 10);
        publishBlock(site("a", "chr1", 1, 9, 1), invalid, site("a", "chr1", 3, 9, 1));
        byte[] block = BLOCKS.encode(new SiteBlock(List.of(site("a", "chr1", 4, 9, 1), site("a", "chr1", 5, 9, 1))));
        byte[] truncated = java.util.Arrays.copyOf(block, block.length - 3);
        input.pipeInput("a:chr1:4", truncated);
        publishBlock(site("a", "chr1", 6, 9, 1));

        List<TestRecord<String, byte[]>> letters = deadLetters.readRecordsToList();
        assertEquals(List.of("a:chr1:2", "a:chr1:4"), letters.stream().map(TestRecord::key).toList());
        assertEquals("methylated count is negative: -4", DeadLetter.reasonOf(letters.get(0).headers()));
        assertEquals(java.util.Arrays.toString(SITES.encode(invalid)), java.util.Arrays.toString(letters.get(0).value()),
                "the invalid site as a record of its own");
        assertEquals("in/0@0#1", new String(letters.get(0).headers().lastHeader(DeadLetter.ORIGIN).value(),
                StandardCharsets.UTF_8));
        assertTrue(DeadLetter.reasonOf(letters.get(1).headers()).startsWith("corrupt SiteBlock body"));
        assertEquals(java.util.Arrays.toString(truncated), java.util.Arrays.toString(letters.get(1).value()),
                "an unreadable block as it came: none of its sites scored");
        assertEquals(List.of(1L, 3L, 6L), significant.readValuesToList().stream()
                .map(v -> RESULTS.decode(v).getSite().getPosition()).toList());
    }

    @Test
    @DisplayName("at a sample's end marker reports what it counted of that sample, and counts it anew afterwards")
    void reportsSampleEnds() {
        start(new ScoringParameters(TestKind.UPPER, 0.006, 1e-5, 10));
        publish(site("a", "chr1", 1, 9, 1));     // tested, significant
        publish(site("b", "chr1", 1, 9, 1));     // another sample's
        publish(site("a", "chr1", 2, 0, 20));    // tested
        publish(site("a", "chr1", 3, 1, 1));     // below the minimum coverage
        publish(site("a", "chr1", 4, -1, 20));   // invalid: dead-lettered, still read
        end("a", 4);
        publish(site("a", "chr1", 5, 10, 0));    // the sample published again
        end("a", 1);

        List<TestRecord<String, byte[]>> ends = samples.readRecordsToList();
        assertEquals(List.of("a", "a"), ends.stream().map(TestRecord::key).toList());
        SamplePartitionScored first = SCORED.decode(ends.get(0).value());
        assertEquals(4, first.getEnd().getPartitionSites());
        assertEquals(Instant.ofEpochMilli(1234), first.getEnd().getPublishedAt());
        assertEquals(List.of(4L, 2L, 1L), List.of(first.getSitesRead(), first.getSitesTested(),
                first.getSitesSignificant()));
        assertEquals("analysis-7", first.getAnalysisId());
        assertEquals(List.of("upper", 0.006, 1e-5, 10), List.of(first.getTest(), first.getErrorRate(),
                first.getAlpha(), first.getMinCoverage()));
        SamplePartitionScored second = SCORED.decode(ends.get(1).value());
        assertEquals(List.of(1L, 1L, 1L), List.of(second.getSitesRead(), second.getSitesTested(),
                second.getSitesSignificant()));
        assertEquals(1, deadLetters.readRecordsToList().size(), "the marker itself is never dead-lettered");
        assertEquals(3, significant.readValuesToList().size());
    }

    private void publishStrand(MethylationSite strand) {
        long cpg = org.methylstream.format.CpgStrands.cpgPosition(strand.getStrand(), strand.getPosition());
        input.pipeInput(new TestRecord<>(strand.getSampleId() + ":" + strand.getChromosome() + ":" + cpg,
                SITES.encode(strand), new RecordHeaders().add(org.methylstream.format.CpgStrands.HEADER,
                new byte[] {'1'})));
    }

    private static MethylationSite strand(String sample, String chromosome, long position, String strand,
                                          int methylated, int unmethylated) {
        return MethylationSite.newBuilder().setSampleId(sample).setChromosome(chromosome).setPosition(position)
                .setStrand(strand).setContext("CG").setMethylated(methylated).setUnmethylated(unmethylated).build();
    }

    @Test
    @DisplayName("CpG strands meet in either order and are scored as one site; a strand alone is scored at the end")
    void pairsCpgStrands() {
        ScoringParameters scoring = new ScoringParameters(TestKind.UPPER, 0.006, 0.05, 1);
        start(scoring);
        publishStrand(strand("s1", "chr1", 101, "-", 3, 2));  // - strand first
        publishStrand(strand("s1", "chr1", 200, "+", 9, 0));  // never gets a partner
        publishStrand(strand("s2", "chr1", 100, "+", 9, 9));  // another sample's CpG: not this one's partner
        publishStrand(strand("s1", "chr1", 100, "+", 4, 1));
        assertEquals(List.of(MethylationSite.newBuilder().setSampleId("s1").setChromosome("chr1").setPosition(100)
                        .setStrand(null).setContext("CG").setMethylated(7).setUnmethylated(3).setSpan(2).build()),
                significant.readValuesToList().stream().map(RESULTS::decode).map(SignificantSite::getSite).toList(),
                "only the pair so far: the other strands wait");
        end("s1", 3);
        List<org.apache.kafka.streams.test.TestRecord<String, byte[]>> alone = significant.readRecordsToList();
        assertEquals(List.of("s1:chr1:200"), alone.stream().map(org.apache.kafka.streams.test.TestRecord::key).toList());
        assertEquals(strand("s1", "chr1", 200, "+", 9, 0), RESULTS.decode(alone.get(0).value()).getSite());
        SamplePartitionScored scored = SCORED.decode(samples.readValuesToList().get(0));
        assertEquals(2, scored.getSitesRead(), "the merged CpG and the lone strand");
        assertEquals(1, scored.getCpgMerged());
        assertEquals(1, scored.getCpgStrandsAlone());
        assertEquals(scored.getEnd().getPartitionSites(), scored.getSitesRead() + scored.getCpgMerged());
    }

    @Test
    @DisplayName("without pairing (a run without --merge-cpg) a CpG strand is a dead letter with its reason, not a site")
    void strandsWithoutPairing() {
        start(new TopologySettings(new AnalysisNames("analysis-7", "in", "out", "dlq", "topology-test"),
                new ScoringParameters(TestKind.UPPER, 0.006, 0.05, 1)).withCountsInMemory().withoutCpgPairing());
        publishStrand(strand("s1", "chr1", 100, "+", 9, 0));
        publish(site("s1", "chr1", 300, 9, 0));
        end("s1", 2);
        List<TestRecord<String, byte[]>> letters = deadLetters.readRecordsToList();
        assertEquals(List.of("s1:chr1:100"), letters.stream().map(TestRecord::key).toList());
        assertEquals(ScoringProcessor.NOT_PAIRED, DeadLetter.reasonOf(letters.get(0).headers()));
        assertEquals(List.of(300L), significant.readValuesToList().stream()
                .map(v -> RESULTS.decode(v).getSite().getPosition()).toList());
        SamplePartitionScored scored = SCORED.decode(samples.readValuesToList().get(0));
        assertEquals(2, scored.getSitesRead(), "the strand is counted as read, and as not valid");
        assertEquals(1, scored.getSitesTested());
    }

    @Test
    @DisplayName("statistics are kept per sample, context and chromosome")
    void statisticsPerContext() {
        start(ScoringParameters.DEFAULTS);
        for (String context : new String[] {"CGA", "CGT", "CAG", "CTT", null}) {
            publish(MethylationSite.newBuilder().setSampleId("s1").setChromosome("chr1").setPosition(10)
                    .setStrand(context == null ? null : "+").setContext(context).setMethylated(1).setUnmethylated(9)
                    .build());
        }
        java.util.Map<String, Long> sites = new java.util.TreeMap<>();
        ((org.apache.kafka.streams.state.ReadOnlyKeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]>) driver
                .getAllStateStores().get(SiteScoringTopology.STATISTICS)).all().forEachRemaining(row -> sites.put(
                SampleKeys.sampleOf(row.key) + "/" + SampleKeys.contextOf(row.key) + "/"
                        + SampleKeys.chromosomeOf(row.key), ChromosomeStatistics.fromBytes(row.value).sites()));
        assertEquals(java.util.Map.of("s1/CG/chr1", 2L, "s1/CHG/chr1", 1L, "s1/CHH/chr1", 1L, "s1/./chr1", 1L), sites);
    }
}
