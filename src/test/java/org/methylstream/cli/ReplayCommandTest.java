package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.format.InputSettings;
import org.methylstream.KafkaCluster;
import org.methylstream.avro.SamplePartitionScored;
import org.methylstream.avro.SignificantSite;
import org.methylstream.format.SiteFiles;
import org.methylstream.serde.AvroSerde;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.SiteScorer;
import org.methylstream.stats.TestKind;
import org.methylstream.synthetic.SyntheticMethylome;

@DisplayName("methylstream replay re-scores the retained sites as analyses of their own")
class ReplayCommandTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();
    private static final AvroSerde<SignificantSite> RESULTS = AvroSerde.significantSite();
    private static final AvroSerde<SamplePartitionScored> SCORED = AvroSerde.samplePartitionScored();

    @TempDir
    Path dir;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private CommandRun methylstream(String command, String... rest) {
        return CommandRun.on(KAFKA, dir.resolve("state"), command, rest);
    }

    @Test
    @DisplayName("two parameter sets give two correct outputs; a second run is idempotent; other parameters are refused")
    void replaysWithTwoParameterSets() throws Exception {
        String sites = KAFKA.createTopic("archive", 3);
        Path file = dir.resolve("liver.tsv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            new SyntheticMethylome(3_000, 7).writeTo(out);
        }
        CommandRun published = methylstream("publish", "--topic", sites, file.toString());
        assertEquals(0, published.exitCode(), published.toString());

        ScoringParameters strict = new ScoringParameters(TestKind.UPPER, 0.006, 1e-8, 10);
        ScoringParameters lenient = new ScoringParameters(TestKind.TWO_SIDED, 0.01, 1e-3, 1);
        String strictId = "strict-" + run;
        String lenientId = "lenient-" + run;
        CommandRun first = methylstream("replay", "--input-topic", sites, "--analysis", strictId,
                "--alpha", "1e-8", "--min-coverage", "10");
        assertEquals(0, first.exitCode(), first.toString());
        CommandRun second = methylstream("replay", "--input-topic", sites, "--analysis", lenientId,
                "--test", "two-sided", "--error-rate", "0.01", "--alpha", "1e-3");
        assertEquals(0, second.exitCode(), second.toString());

        Map<String, Double> strictExpected = expected(file, strict);
        Map<String, Double> lenientExpected = expected(file, lenient);
        assertTrue(lenientExpected.size() > strictExpected.size() + 100, "the parameter sets differ in what they call");
        assertEquals(strictExpected, significant("methylation.significant." + strictId));
        assertEquals(lenientExpected, significant("methylation.significant." + lenientId));
        assertSampleCounts("methylation.significant." + strictId, 3_000, strict, file);
        assertStatsReadTheReplay(sites, strictId, strict, file);

        CommandRun again = methylstream("replay", "--input-topic", sites, "--analysis", strictId,
                "--alpha", "1e-8", "--min-coverage", "10");
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.err().contains("run again from scratch"), again.err());
        assertEquals(strictExpected, significant("methylation.significant." + strictId), "each result once");
        assertEquals(lenientExpected, significant("methylation.significant." + lenientId), "the other is untouched");

        CommandRun conflicting = methylstream("replay", "--input-topic", sites, "--analysis", strictId,
                "--alpha", "1e-6");
        assertEquals(1, conflicting.exitCode(), conflicting.toString());
        assertTrue(conflicting.err().contains("analysis " + strictId + " exists with other parameters (--test upper"
                + " --error-rate 0.006 --alpha 1.0E-8 --min-coverage 10 on " + sites + ")"), conflicting.err());

        CommandRun listed = methylstream("analyses");
        assertEquals(0, listed.exitCode(), listed.toString());
        assertEquals("analysis\ttest\terror_rate\talpha\tmin_coverage\tinput\toutput\tcreated\tto_score\tcontrol"
                + "\tcontrol_by\tmin_control_coverage\terror_rates", listed.outLines().get(0));
        List<String> mine = listed.outLines().stream().filter(line -> line.contains(run)).toList();
        assertEquals(2, mine.size(), listed.out());
        assertTrue(mine.get(0).startsWith(lenientId + "\ttwo-sided\t0.01\t0.001\t1\t" + sites
                + "\tmethylation.significant." + lenientId + "\t"), mine.get(0));
        assertTrue(mine.get(1).startsWith(strictId + "\tupper\t0.006\t1.0E-8\t10\t"), mine.get(1));
        assertTrue(mine.get(1).endsWith("\t0\t-\t-\t-\t-"), "nothing left to score, no control: " + mine.get(1));
    }

    @Test
    @DisplayName("replays a topic of single sites and blocks side by side (publish --sites-per-record) as one")
    void replaysBlocksAndSingleSites() throws Exception {
        String sites = KAFKA.createTopic("mixed", 3);
        List<String> lines;
        try (java.io.StringWriter out = new java.io.StringWriter()) {
            new SyntheticMethylome(4_000, 9).writeTo(out);
            lines = out.toString().lines().toList();
        }
        Path file = Files.write(dir.resolve("liver.tsv"), lines);
        Path first = Files.write(dir.resolve("first.tsv"), lines.subList(0, 1_500));
        Path rest = Files.write(dir.resolve("rest.tsv"), lines.subList(1_500, lines.size()));
        CommandRun alone = methylstream("publish", "--topic", sites, "--sample", "liver", first.toString());
        assertEquals(0, alone.exitCode(), alone.toString());
        CommandRun blocks = methylstream("publish", "--topic", sites, "--sample", "liver", "--sites-per-record", "64",
                rest.toString());
        assertEquals(0, blocks.exitCode(), blocks.toString());
        assertTrue(KAFKA.consumeAll(sites).size() < 1_500 + 2_500 / 10, "the second publication in blocks");

        String id = "mixed-" + run;
        CommandRun replay = methylstream("replay", "--input-topic", sites, "--analysis", id, "--min-coverage", "5");
        assertEquals(0, replay.exitCode(), replay.toString());
        ScoringParameters parameters = new ScoringParameters(TestKind.UPPER, 0.006, 1e-5, 5);
        assertEquals(expected(file, parameters), significant("methylation.significant." + id));
        assertEquals(lines.size(), KAFKA.consumeAll("methylation.significant." + id + ".samples").stream()
                .map(r -> SCORED.decode(r.value())).mapToLong(SamplePartitionScored::getSitesRead).sum());
    }

    @Test
    @DisplayName("an analysis id must be usable in a topic name")
    void refusesBadIds() {
        CommandRun bad = methylstream("replay", "--analysis", "a/b");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("analysis id 'a/b' must be"), bad.err());
    }

    /**
     * {@code stats --analysis ID} after {@code replay --analysis ID} reads that analysis's application: the counts are
     * the replay's, and stats writes nothing (the analysis's output keeps its records, no other group appears).
     */
    private void assertStatsReadTheReplay(String sites, String analysis, ScoringParameters parameters, Path file)
            throws Exception {
        String output = "methylation.significant." + analysis;
        int before = KAFKA.consumeAll(output).size();
        CommandRun stats = methylstream("stats", "--input-topic", sites, "--analysis", analysis,
                "--alpha", String.valueOf(parameters.alpha()), "--min-coverage", String.valueOf(parameters.minCoverage()));
        assertEquals(0, stats.exitCode(), stats.toString());
        SiteScorer scorer = new SiteScorer(parameters);
        long[] batch = new long[3];
        new SiteFiles(List.of(file.toString()), InputSettings.of(null), false, System.err).forEach((input, site) -> {
            batch[0]++;
            if (scorer.isTested(site.coverage())) {
                batch[1]++;
                batch[2] += scorer.isSignificant(site.methylated(), site.coverage()) ? 1 : 0;
            }
        });
        String total = stats.outLines().stream().filter(line -> line.startsWith("liver\t*\t")).findFirst()
                .orElseThrow(() -> new AssertionError("no total row: " + stats.out()));
        assertTrue(total.startsWith("liver\t*\t" + batch[0] + "\t" + batch[1] + "\t" + batch[2] + "\t"), total);
        assertEquals(before, KAFKA.consumeAll(output).size(), "stats wrote nothing to the analysis's output");
        try (var admin = KAFKA.admin()) {
            assertTrue(admin.listGroups().all().get().stream().map(g -> g.groupId())
                    .noneMatch(g -> g.equals("methylstream-" + analysis)), "no application of another name");
        }
    }

    /** chrom:pos → p-value of the sites the batch scorer calls significant. */
    private static Map<String, Double> expected(Path file, ScoringParameters parameters) throws Exception {
        SiteScorer scorer = new SiteScorer(parameters);
        Map<String, Double> significant = new HashMap<>();
        new SiteFiles(List.of(file.toString()), InputSettings.of(null), false, System.err).forEach((input, site) -> {
            if (scorer.isTested(site.coverage()) && scorer.isSignificant(site.methylated(), site.coverage())) {
                significant.put(site.chromosome() + ":" + site.position(),
                        scorer.pValue(site.methylated(), site.coverage()));
            }
        });
        return significant;
    }

    private static Map<String, Double> significant(String topic) {
        Map<String, Double> sites = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : KAFKA.consumeAll(topic)) {
            SignificantSite site = RESULTS.decode(record.value());
            Double previous = sites.put(site.getSite().getChromosome() + ":" + site.getSite().getPosition(),
                    site.getPValue());
            assertEquals(null, previous, "each site once");
        }
        return sites;
    }

    /** The samples topic has one record per partition for the sample, whose counts add up to the batch counts. */
    private static void assertSampleCounts(String output, long sites, ScoringParameters parameters, Path file)
            throws Exception {
        SiteScorer scorer = new SiteScorer(parameters);
        long[] batch = new long[2];
        new SiteFiles(List.of(file.toString()), InputSettings.of(null), false, System.err).forEach((input, site) -> {
            if (scorer.isTested(site.coverage())) {
                batch[0]++;
                if (scorer.isSignificant(site.methylated(), site.coverage())) {
                    batch[1]++;
                }
            }
        });
        List<SamplePartitionScored> scored = KAFKA.consumeAll(output + ".samples").stream()
                .map(r -> SCORED.decode(r.value())).toList();
        assertEquals(3, scored.size(), "one per partition");
        assertEquals(sites, scored.stream().mapToLong(SamplePartitionScored::getSitesRead).sum());
        assertEquals(batch[0], scored.stream().mapToLong(SamplePartitionScored::getSitesTested).sum());
        assertEquals(batch[1], scored.stream().mapToLong(SamplePartitionScored::getSitesSignificant).sum());
        scored.forEach(s -> assertEquals(s.getEnd().getPartitionSites(), s.getSitesRead()));
    }
}
