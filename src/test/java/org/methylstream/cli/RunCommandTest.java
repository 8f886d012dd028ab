package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;
import org.methylstream.format.OutputFiles;
import org.methylstream.serde.AvroSerde;
import org.methylstream.serde.SignificantSiteBlocks;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.TextbookBh;
import org.methylstream.synthetic.SyntheticMethylome;

@DisplayName("methylstream run, on a real broker")
class RunCommandTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();

    private static final Comparator<OutputFiles.BedGraph> BY_INTERVAL =
            Comparator.comparing(OutputFiles.BedGraph::chrom).thenComparing(OutputFiles.BedGraph::start);

    @TempDir
    Path dir;

    private Path generated(String name, int sites, long seed) throws Exception {
        Path file = dir.resolve(name);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            new SyntheticMethylome(sites, seed).writeTo(writer);
        }
        return file;
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }

    @Test
    @DisplayName("a missing or unreadable input fails with FILE: reason and exit 1 before any Kafka part starts")
    void inputsCheckedFirst() throws Exception {
        Path state = dir.resolve("state");
        Path missing = dir.resolve("missing.tsv");
        Path good = generated("good.tsv", 100, 1);
        Path unknown = Files.writeString(dir.resolve("unknown.tsv"), "chr1\t5\n");

        CommandRun noFile = CommandRun.run("run", "--state-dir", state.toString(), "--out",
                dir.resolve("out.tsv").toString(), good.toString(), missing.toString());
        CommandRun noFormat = CommandRun.run("run", "--state-dir", state.toString(), "--out",
                dir.resolve("out.tsv").toString(), unknown.toString());

        assertEquals(1, noFile.exitCode(), noFile.toString());
        assertEquals("methylstream run: " + missing + ": no such file", noFile.err().strip());
        assertEquals(1, noFormat.exitCode(), noFormat.toString());
        assertTrue(noFormat.err().startsWith(unknown + ":1: unknown format"), noFormat.err());
        assertFalse(Files.exists(state.resolve("kafka")), "no broker was started");
    }

    @Test
    @DisplayName("--output-format bedgraph: the file holds score's bedGraph, one track line on top, not counted as a site")
    void outputFormat() throws Exception {
        Path a = generated("a.tsv", 4_000, 5);
        Path out = dir.resolve("significant.bedgraph");

        CommandRun run = CommandRun.run("run", "--bootstrap-server", KAFKA.bootstrapServers(), "--state-dir",
                dir.resolve("state").toString(), "--run-id", "output-format", "--partitions", "2",
                "--output-format", "bedgraph", "--out", out.toString(), a.toString());
        CommandRun score = CommandRun.run("score", "--quiet", "--output-format", "bedgraph", a.toString());

        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = Files.readAllLines(out);
        assertEquals(score.outLines().get(0), lines.get(0));
        assertEquals(OutputFiles.readBedGraph(score.outLines()).stream().sorted(BY_INTERVAL).toList(),
                OutputFiles.readBedGraph(lines).stream().sorted(BY_INTERVAL).toList());
        assertTrue(run.err().contains("run output-format: 4000 sites published (0 invalid lines): "
                + (lines.size() - 1) + " significant"), run.err());
    }

    @Test
    @DisplayName("publishes, scores and sinks every site: the file holds exactly what score writes")
    void equalsScore() throws Exception {
        Path a = generated("a.tsv", 15_000, 3);
        Path b = generated("b.tsv", 5_000, 4);
        Path out = dir.resolve("significant.tsv");

        CommandRun run = CommandRun.run("run", "--bootstrap-server", KAFKA.bootstrapServers(), "--state-dir",
                dir.resolve("state").toString(), "--run-id", "equals-score", "--partitions", "3", "--out",
                out.toString(), a.toString(), b.toString());
        CommandRun score = CommandRun.run("score", "--quiet", a.toString(), b.toString());

        assertEquals(0, run.exitCode(), run.toString());
        List<String> expected = sorted(score.outLines());
        assertEquals(expected, sorted(Files.readAllLines(out)));
        assertTrue(run.err().contains("run equals-score: 20000 sites published (0 invalid lines): " + expected.size()
                + " significant, " + (20_000 - expected.size()) + " not significant or below minimum coverage, "
                + "0 dead-lettered"), run.err());
        assertEquals(3, KAFKA.partitionCount("methylstream.run.equals-score.sites"));
        assertTrue(KAFKA.consumeAll("methylstream.run.equals-score.sites").size() < 20_000 / 32,
                "sites go 64 to a record by default");
        List<byte[]> significant = KAFKA.consumeAll("methylstream.run.equals-score.significant").stream()
                .map(r -> r.value()).toList();
        SignificantSiteBlocks blocks = new SignificantSiteBlocks();
        assertEquals(expected.size(), significant.stream().mapToInt(v -> blocks.sitesOf(v).size()).sum());
        assertTrue(significant.size() < expected.size() / 16, "a block's significant sites go in one record by default");
    }

    /**
     * With {@code option} 1 a run's {@code topic} holds a {@code single} record per site ({@code significant}: per
     * significant site), its file is score's all the same; with 0 the run is refused.
     */
    private void onePerRecord(String option, String topic, AvroSerde<?> single, boolean significant, long seed)
            throws Exception {
        Path a = generated("a.tsv", 3_000, seed);
        Path out = dir.resolve("significant.tsv");
        String runId = "one-per-record-" + seed;

        CommandRun run = CommandRun.run("run", "--bootstrap-server", KAFKA.bootstrapServers(), "--state-dir",
                dir.resolve("state").toString(), "--run-id", runId, "--partitions", "2", option, "1", "--out",
                out.toString(), a.toString());
        CommandRun score = CommandRun.run("score", "--quiet", a.toString());

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(sorted(score.outLines()), sorted(Files.readAllLines(out)));
        assertEquals(significant ? score.outLines().size() : 3_000, KAFKA.consumeAll("methylstream.run." + runId + "."
                + topic).stream().filter(r -> single.recognises(r.value())).count());
        CommandRun none = CommandRun.run("run", "--state-dir", dir.resolve("state").toString(), option, "0", "--out",
                out.toString(), a.toString());
        assertEquals(1, none.exitCode(), none.toString());
        assertTrue(none.err().contains(option + " must be at least 1, got 0"), none.err());
    }

    @Test
    @DisplayName("--sites-per-record 1: one MethylationSite record per site, and the same file")
    void oneSitePerRecord() throws Exception {
        onePerRecord("--sites-per-record", "sites", AvroSerde.methylationSite(), false, 6);
    }

    @Test
    @DisplayName("--significant-per-record 1: one SignificantSite record per significant site, as process writes")
    void oneSignificantSitePerRecord() throws Exception {
        onePerRecord("--significant-per-record", "significant", AvroSerde.significantSite(), true, 7);
    }

    @Test
    @DisplayName("--fdr --fdr-out also writes each sample's Benjamini-Hochberg discoveries: the textbook's q-values")
    void fdr() throws Exception {
        Path a = generated("a.tsv", 6_000, 7);
        Path b = generated("b.tsv", 3_000, 8);
        Path out = dir.resolve("significant.tsv");
        Path fdrOut = dir.resolve("fdr.tsv");

        CommandRun run = CommandRun.run("run", "--bootstrap-server", KAFKA.bootstrapServers(), "--state-dir",
                dir.resolve("state").toString(), "--run-id", "fdr", "--partitions", "3", "--out", out.toString(),
                "--fdr", "0.01", "--fdr-out", fdrOut.toString(), a.toString(), b.toString());

        assertEquals(0, run.exitCode(), run.toString());
        Map<String, String> expected = new HashMap<>();
        for (Path sample : List.of(a, b)) {
            // score --all --minus-log10 gives every tested site's line; the textbook BH picks and adjusts them
            List<String> all = CommandRun.run("score", "--quiet", "--all", "--minus-log10", sample.toString()).outLines();
            for (String line : TextbookBh.discoveryLines(all, ScoringParameters.DEFAULTS, 0.01)) {
                expected.put(sample.getFileName() + ":" + line.split("\t")[0] + ":" + line.split("\t")[1], line);
            }
        }
        List<String> lines = Files.readAllLines(fdrOut);
        assertEquals(expected.size(), lines.size());
        assertEquals(sorted(List.copyOf(expected.values())), sorted(lines));
        assertTrue(run.err().contains("run fdr: " + lines.size() + " discoveries at FDR 0.01"), run.err());
        assertFalse(Files.exists(dir.resolve("fdr.tsv.partial")));
    }

    @Test
    @DisplayName("with other scoring parameters gives what score gives with them")
    void scoringOptions() throws Exception {
        Path sites = generated("sites.tsv", 4_000, 5);
        Path out = dir.resolve("pmf.tsv");
        String[] options = {"--test", "pmf", "--alpha", "1e-3", "--min-coverage", "10"};

        CommandRun run = CommandRun.run(concat(new String[] {"run", "--bootstrap-server", KAFKA.bootstrapServers(),
                "--state-dir", dir.resolve("state").toString(), "--run-id", "pmf", "--out", out.toString(),
                sites.toString()}, options));
        CommandRun score = CommandRun.run(concat(concat(new String[] {"score", "--quiet"}, options),
                new String[] {sites.toString()}));

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(sorted(score.outLines()), sorted(Files.readAllLines(out)));
    }

    @Test
    @DisplayName("stops at the first bad line with FILE:LINE: reason and leaves no output file")
    void badLine() throws Exception {
        Path sites = Files.writeString(dir.resolve("bad.tsv"), "chr1\t10\t5\t5\nchr1\t20\tfive\t5\n");
        Path out = dir.resolve("never.tsv");

        CommandRun run = CommandRun.run("run", "--bootstrap-server", KAFKA.bootstrapServers(), "--state-dir",
                dir.resolve("state").toString(), "--run-id", "bad", "--out", out.toString(), sites.toString());

        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().contains(sites + ":2: column 3 (methylated) is not an integer: 'five'"), run.err());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(dir.resolve("never.tsv.partial")), "nor a partial one");
    }

    @Test
    @DisplayName("fails with the reason when Connect cannot start, while the sites were already being published")
    void sinkCannotStart() throws Exception {
        Path sites = generated("sites.tsv", 50_000, 6);
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("connect"), "a file where the sink's offsets directory should be");
        Path out = dir.resolve("never.tsv");

        CommandRun run = CommandRun.run("run", "--bootstrap-server", KAFKA.bootstrapServers(), "--state-dir",
                state.toString(), "--run-id", "no-sink", "--out", out.toString(), sites.toString());

        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().contains("methylstream run: cannot create the directory of " + state.resolve("connect")),
                run.err());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(dir.resolve("never.tsv.partial")), "nor a partial one");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
