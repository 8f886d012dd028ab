package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;
import org.methylstream.avro.SamplePartitionScored;
import org.methylstream.serde.AvroSerde;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.TextbookBh;

/**
 * The same sites written in every input format score as their 4-column form does, in {@code score} and through the
 * broker ({@code run}); and {@code --merge-cpg} gives the same sites in batch ({@code score}) and streaming
 * ({@code run}), whatever the order of the input, per-sample Benjamini-Hochberg included. Cost: three runs on the
 * shared broker, about 25 s.
 */
@DisplayName("Input formats: same sites, same scores; CpG merging: batch equals streaming")
@Timeout(180)
class InputFormatsEqualityTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();

    @TempDir
    Path dir;

    /** One cytosine as every format describes it. */
    record Cytosine(String chromosome, long position, String strand, int methylated, int unmethylated) {
        int coverage() {
            return methylated + unmethylated;
        }

        String percent() {
            return String.format(Locale.ROOT, "%.2f", coverage() == 0 ? 0.0 : 100.0 * methylated / coverage());
        }
    }

    /** CpGs on both strands with coverage up to 80, mostly unmethylated, some methylated, some not covered. */
    private static List<Cytosine> cytosines(int cpgs, long seed) {
        Random random = new Random(seed);
        List<Cytosine> sites = new ArrayList<>();
        for (int i = 0; i < cpgs; i++) {
            String chromosome = i < cpgs / 2 ? "chr1" : "chr2";
            long p = 1000 + 10L * i;
            for (String strand : List.of("+", "-")) {
                int coverage = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(80);
                double level = random.nextInt(4) == 0 ? 0.7 : 0.004;
                int methylated = 0;
                for (int r = 0; r < coverage; r++) {
                    methylated += random.nextDouble() < level ? 1 : 0;
                }
                sites.add(new Cytosine(chromosome, strand.equals("+") ? p : p + 1, strand, methylated,
                        coverage - methylated));
            }
        }
        return sites;
    }

    private Path write(String name, String header, List<Cytosine> sites, Function<Cytosine, String> line)
            throws IOException {
        List<String> lines = new ArrayList<>();
        if (header != null) {
            lines.add(header);
        }
        sites.forEach(s -> lines.add(line.apply(s)));
        return Files.write(dir.resolve(name), lines);
    }

    /** The sites in each format; the first is the 4-column form. */
    private List<Path> everyFormat(List<Cytosine> sites) throws IOException {
        return List.of(
                write("sites.tsv", null, sites, s -> String.join("\t", s.chromosome(), "" + s.position(),
                        "" + s.methylated(), "" + s.unmethylated())),
                write("sites.bismark.cov", null, sites, s -> String.join("\t", s.chromosome(), "" + s.position(),
                        "" + s.position(), s.percent(), "" + s.methylated(), "" + s.unmethylated())),
                write("sites.allc.tsv", null, sites, s -> String.join("\t", s.chromosome(), "" + s.position(),
                        s.strand(), "CGA", "" + s.methylated(), "" + s.coverage(), s.methylated() > 2 ? "1" : "0")),
                write("sites.CX_report.txt", null, sites, s -> String.join("\t", s.chromosome(), "" + s.position(),
                        s.strand(), "" + s.methylated(), "" + s.unmethylated(), "CG", "CGT")),
                write("sites.bedMethyl.bed", null, sites, s -> String.join("\t", s.chromosome(),
                        "" + (s.position() - 1), "" + s.position(), "m", "" + s.coverage(), s.strand(),
                        "" + (s.position() - 1), "" + s.position(), "255,0,0", "" + s.coverage(), s.percent(),
                        "" + s.methylated(), "" + s.unmethylated(), "0", "0", "0", "0", "0")),
                write("sites_CpG.bedGraph", "track type=\"bedGraph\" description=\"sites CpG methylation levels\"",
                        sites, s -> String.join("\t", s.chromosome(), "" + (s.position() - 1), "" + s.position(),
                                "" + (int) Double.parseDouble(s.percent()), "" + s.methylated(),
                                "" + s.unmethylated())),
                write("sites_CpG.methylKit", "chrBase\tchr\tbase\tstrand\tcoverage\tfreqC\tfreqT", sites,
                        s -> String.join("\t", s.chromosome() + "." + s.position(), s.chromosome(), "" + s.position(),
                                s.strand().equals("+") ? "F" : "R", "" + s.coverage(),
                                String.format(Locale.ROOT, "%6.2f", Double.parseDouble(s.percent())),
                                String.format(Locale.ROOT, "%6.2f", 100 - Double.parseDouble(s.percent())))));
    }

    @Test
    @DisplayName("every format, detected: score gives the 4-column form's lines, and run the same sites")
    void everyFormatScoresAlike() throws Exception {
        List<Cytosine> sites = cytosines(1500, 11);
        // methylKit has no 0-coverage rows
        List<Path> files = everyFormat(sites.stream().filter(s -> s.coverage() > 0).toList());
        List<String> expected = CommandRun.run("score", "--quiet", "--all", files.get(0).toString()).outLines();
        assertTrue(expected.size() > 2000, "a real sample: " + expected.size());
        List<String> everyRun = new ArrayList<>();
        for (Path file : files) {
            CommandRun score = CommandRun.run("score", "--all", file.toString());
            assertEquals(0, score.exitCode(), score.toString());
            assertEquals(expected, score.outLines(), file.toString());
            everyRun.addAll(CommandRun.run("score", "--quiet", file.toString()).outLines());
        }
        Path out = dir.resolve("significant.tsv");
        List<String> args = new ArrayList<>(List.of("run", "--bootstrap-server", KAFKA.bootstrapServers(),
                "--state-dir", dir.resolve("state").toString(), "--run-id", "every-format", "--partitions", "3",
                "--sample", "sample", "--out", out.toString()));
        files.forEach(f -> args.add(f.toString()));
        CommandRun run = CommandRun.run(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(sorted(everyRun), sorted(Files.readAllLines(out)));
        assertTrue(run.err().contains("run: read " + files.get(5) + ": bedgraph (a track line: MethylDackel "
                + "bedGraph, 0-based)"), run.err());
    }

    @Test
    @DisplayName("--merge-cpg, unsorted allc with strands missing: score and run give the same merged sites, counted")
    void mergeCpgBatchEqualsStreaming() throws Exception {
        List<Cytosine> sites = new ArrayList<>(cytosines(1200, 12));
        Random random = new Random(13);
        sites.removeIf(s -> random.nextInt(8) == 0); // a strand no read covered: methylpy writes no row for it
        Collections.shuffle(sites, random);
        Path allc = write("unsorted.allc.tsv", null, sites, s -> String.join("\t", s.chromosome(),
                "" + s.position(), s.strand(), s.strand().equals("+") ? "CGA" : "CGT", "" + s.methylated(),
                "" + s.coverage(), "0"));
        long pairs = sites.stream().filter(s -> s.strand().equals("+")).filter(plus -> sites.stream()
                .anyMatch(minus -> minus.strand().equals("-") && minus.chromosome().equals(plus.chromosome())
                        && minus.position() == plus.position() + 1)).count();
        long alone = sites.size() - 2 * pairs;

        CommandRun score = CommandRun.run("score", "--merge-cpg", allc.toString());
        assertEquals(0, score.exitCode(), score.toString());
        assertTrue(score.err().contains("score: " + pairs + " CpGs merged from both strands, " + alone
                + " CpG strands without partner kept alone"), score.err());
        Path out = dir.resolve("merged.tsv");
        CommandRun run = CommandRun.run("run", "--bootstrap-server", KAFKA.bootstrapServers(), "--state-dir",
                dir.resolve("state").toString(), "--run-id", "merge-cpg", "--partitions", "3", "--merge-cpg",
                "--out", out.toString(), allc.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(sorted(score.outLines()), sorted(Files.readAllLines(out)));
        long significant = score.outLines().size();
        assertTrue(run.err().contains("run merge-cpg: " + sites.size() + " sites published (0 invalid lines): "
                + significant + " significant, " + (sites.size() - pairs - significant) + " not significant or below "
                + "minimum coverage, 0 dead-lettered"), run.err());
        assertTrue(run.err().contains("run merge-cpg: " + pairs + " CpGs scored as one site from both strands' "
                + "records"), run.err());

        AvroSerde<SamplePartitionScored> serde = AvroSerde.samplePartitionScored();
        List<SamplePartitionScored> scored = KAFKA.consumeAll("methylstream.run.merge-cpg.significant.samples")
                .stream().map(r -> serde.decode(r.value())).toList();
        assertEquals(3, scored.size(), "one per partition");
        assertEquals(pairs, scored.stream().mapToLong(SamplePartitionScored::getCpgMerged).sum());
        assertEquals(alone, scored.stream().mapToLong(SamplePartitionScored::getCpgStrandsAlone).sum());
        scored.forEach(s -> assertEquals(s.getEnd().getPartitionSites(), s.getSitesRead() + s.getCpgMerged()));
    }

    @Test
    @DisplayName("run --merge-cpg --fdr: Benjamini-Hochberg over the merged sites, the textbook's q-values")
    void mergeCpgPerSampleFdr() throws Exception {
        List<Cytosine> sites = new ArrayList<>(cytosines(800, 14));
        Random random = new Random(15);
        sites.removeIf(s -> random.nextInt(6) == 0);
        Collections.shuffle(sites, random);
        Path allc = write("fdr.allc.tsv", null, sites, s -> String.join("\t", s.chromosome(), "" + s.position(),
                s.strand(), "CGA", "" + s.methylated(), "" + s.coverage(), "0"));
        Path out = dir.resolve("significant.tsv");
        Path fdrOut = dir.resolve("fdr.tsv");
        CommandRun run = CommandRun.run("run", "--bootstrap-server", KAFKA.bootstrapServers(), "--state-dir",
                dir.resolve("state").toString(), "--run-id", "merge-cpg-fdr", "--partitions", "3", "--merge-cpg",
                "--fdr", "0.05", "--fdr-out", fdrOut.toString(), "--out", out.toString(), allc.toString());
        assertEquals(0, run.exitCode(), run.toString());

        List<String> all = CommandRun.run("score", "--quiet", "--merge-cpg", "--all", "--minus-log10",
                allc.toString()).outLines();
        List<String> expected = TextbookBh.discoveryLines(all, ScoringParameters.DEFAULTS, 0.05);
        assertTrue(expected.size() > 50, "discoveries: " + expected.size());
        assertEquals(sorted(expected), sorted(Files.readAllLines(fdrOut)));
    }

    @Test
    @DisplayName("a merged CpG is written as the 2 bases it covers: BED end = start + 2, no strand")
    void mergedCpgInBed() throws Exception {
        Path allc = Files.write(dir.resolve("pair.allc.tsv"), List.of("chr1\t100\t+\tCGA\t9\t10\t1",
                "chr1\t101\t-\tCGT\t8\t10\t1", "chr1\t200\t+\tCGA\t9\t10\t1"));
        CommandRun score = CommandRun.run("score", "--quiet", "--merge-cpg", "--output-format", "bed",
                allc.toString());
        assertEquals(0, score.exitCode(), score.toString());
        List<String[]> rows = score.outLines().stream().map(l -> l.split("\t")).toList();
        assertEquals(List.of("chr1 99 101 . 17 3", "chr1 199 200 + 9 1"), rows.stream()
                .map(f -> String.join(" ", f[0], f[1], f[2], f[5], f[6], f[7])).toList());
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }
}
