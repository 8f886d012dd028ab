package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.ExternalTool;
import org.methylstream.format.OutputFiles;

/**
 * {@code score --output-format}: every layout read back by the tests' own readers and by the tools that load it
 * (bedtools reading the BED's intervals out of the genome they were called on, pyBigWig building a bigWig from the
 * bedGraph), coordinates checked against the input. A few seconds.
 */
@DisplayName("methylstream score --output-format")
@Timeout(120)
class ScoreOutputFormatTest {
    private static final double ALPHA = 1e-5;

    @TempDir
    Path dir;

    /** A random genome, and a site at every C (+ strand) and G (- strand) of some stretches of it. */
    private final Map<String, String> genome = new LinkedHashMap<>();
    private final List<String[]> sites = new ArrayList<>(); // chrom, pos, strand, context, mc, total
    private Path fasta;
    private Path input;
    /** The tsv lines of the same sites: the reference every other layout is checked against. */
    private List<String> tsv;

    @BeforeEach
    void genomeAndSites() throws Exception {
        Random random = new Random(11);
        StringBuilder fa = new StringBuilder();
        for (String chrom : List.of("chr1", "chr2")) {
            StringBuilder seq = new StringBuilder();
            for (int i = 0; i < 3000; i++) {
                seq.append("ACGT".charAt(random.nextInt(4)));
            }
            genome.put(chrom, seq.toString());
            fa.append('>').append(chrom).append('\n');
            for (int i = 0; i < seq.length(); i += 60) {
                fa.append(seq, i, Math.min(seq.length(), i + 60)).append('\n');
            }
        }
        fasta = Files.writeString(dir.resolve("genome.fa"), fa);
        StringBuilder allc = new StringBuilder();
        genome.forEach((chrom, seq) -> {
            for (int pos = 3; pos <= seq.length() - 2; pos += 1 + random.nextInt(20)) {
                char base = seq.charAt(pos - 1);
                if (base != 'C' && base != 'G') {
                    continue;
                }
                String strand = base == 'C' ? "+" : "-";
                String context = base == 'C' ? seq.substring(pos - 1, pos + 2) : reverseComplement(seq.substring(pos - 3, pos));
                int total = random.nextInt(40);
                int mc = random.nextInt(3) == 0 ? random.nextInt(total + 1) : Math.min(total, random.nextInt(2));
                String[] site = {chrom, Integer.toString(pos), strand, context, Integer.toString(mc), Integer.toString(total)};
                sites.add(site);
                allc.append(String.join("\t", site)).append("\t1\n");
            }
        });
        input = Files.writeString(dir.resolve("liver.allc.tsv"), allc);
        tsv = score("tsv");
        // every site is tested except those without reads
        assertEquals(sites.stream().filter(s -> !s[5].equals("0")).count(), tsv.size());
        sites.removeIf(s -> s[5].equals("0"));
        assertTrue(tsv.stream().anyMatch(l -> pOf(l) < ALPHA) && tsv.stream().anyMatch(l -> pOf(l) >= ALPHA));
    }

    private List<String> score(String format, String... more) throws Exception {
        Path out = dir.resolve("out." + format);
        List<String> args = new ArrayList<>(List.of("score", "--quiet", "--all", "--output-format", format,
                "--out", out.toString()));
        args.addAll(List.of(more));
        args.add(input.toString());
        CommandRun run = CommandRun.run(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.toString());
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }

    private static double pOf(String tsvLine) {
        return Double.parseDouble(tsvLine.split("\t")[4]);
    }

    private static String reverseComplement(String seq) {
        StringBuilder out = new StringBuilder();
        for (int i = seq.length() - 1; i >= 0; i--) {
            out.append(switch (seq.charAt(i)) {
                case 'A' -> 'T';
                case 'C' -> 'G';
                case 'G' -> 'C';
                default -> 'A';
            });
        }
        return out.toString();
    }

    @Test
    @DisplayName("bed: valid against the .as file, 0-based intervals on the input's Cs, scores from the p-values")
    void bed() throws Exception {
        List<String> lines = score("bed");
        List<OutputFiles.Bed> bed = OutputFiles.readBed(lines);
        assertEquals(sites.size(), bed.size());
        for (int i = 0; i < bed.size(); i++) {
            String[] site = sites.get(i);
            OutputFiles.Bed record = bed.get(i);
            long pos = Long.parseLong(site[1]);
            int mc = Integer.parseInt(site[4]);
            assertEquals(new OutputFiles.Bed(site[0], pos - 1, pos, "liver:" + site[0] + ":" + pos,
                    (int) Math.min(1000, Math.round(10 * record.minusLog10P())), site[2], mc,
                    Integer.parseInt(site[5]) - mc, pOf(tsv.get(i)), record.minusLog10P()), record);
            if (record.pValue() > 1e-300) {
                assertEquals(-Math.log10(record.pValue()), record.minusLog10P(), 1e-9 * (1 + record.minusLog10P()));
            }
        }

        // bedtools reads every interval back out of the genome, strand-aware: each is the site's C
        Path bedtools = ExternalTool.require("bedtools", "bedtools");
        String bases = ExternalTool.run(dir, List.of(bedtools.toString(), "getfasta", "-fi", fasta.toString(),
                "-bed", dir.resolve("out.bed").toString(), "-s", "-tab"));
        List<String> found = bases.lines().toList();
        assertEquals(sites.size(), found.size());
        for (int i = 0; i < found.size(); i++) {
            OutputFiles.Bed record = bed.get(i);
            assertEquals(record.chrom() + ":" + record.start() + "-" + record.end() + "(" + record.strand() + ")\tC",
                    found.get(i), "site " + i);
        }
        String sorted = ExternalTool.run(dir, List.of(bedtools.toString(), "sort", "-i", "out.bed"));
        assertEquals(lines, sorted.lines().toList(), "input in genome order gives sorted BED");
    }

    @Test
    @DisplayName("bedgraph: one track line, then the BED intervals with -log10 p; pyBigWig turns it into a bigWig")
    void bedGraph() throws Exception {
        List<OutputFiles.BedGraph> graph = OutputFiles.readBedGraph(score("bedgraph"));
        List<OutputFiles.Bed> bed = OutputFiles.readBed(score("bed"));
        assertEquals(bed.size(), graph.size());
        for (int i = 0; i < graph.size(); i++) {
            OutputFiles.Bed b = bed.get(i);
            assertEquals(new OutputFiles.BedGraph(b.chrom(), b.start(), b.end(), b.minusLog10P()), graph.get(i));
        }

        Path python = ExternalTool.requirePython("pyBigWig", "python3-pybigwig");
        Path script = Files.writeString(dir.resolve("to_bigwig.py"), """
                import sys, pyBigWig
                fasta, bedgraph, out = sys.argv[1:4]
                sizes, name = {}, None
                for line in open(fasta):
                    if line.startswith('>'):
                        name = line[1:].strip(); sizes[name] = 0
                    else:
                        sizes[name] += len(line.strip())
                bw = pyBigWig.open(out, 'w')
                bw.addHeader(list(sizes.items()))
                lines = open(bedgraph).read().splitlines()
                assert lines[0].startswith('track type=bedGraph'), lines[0]
                for line in lines[1:]:
                    c, s, e, v = line.split('\\t')
                    assert int(e) <= sizes[c], line  # libBigWig does not check the chromosome's end
                    # addEntries refuses entries out of order or overlapping
                    bw.addEntries([c], [int(s)], ends=[int(e)], values=[float(v)])
                bw.close()
                bw = pyBigWig.open(out)
                for c in sizes:
                    for s, e, v in bw.intervals(c) or []:
                        print(c, s, e, repr(v), sep='\\t')
                """);
        String intervals = ExternalTool.run(dir, List.of(python.toString(), script.toString(), fasta.toString(),
                dir.resolve("out.bedgraph").toString(), dir.resolve("out.bw").toString()));
        List<String> read = intervals.lines().toList();
        assertEquals(graph.size(), read.size(), intervals);
        for (int i = 0; i < read.size(); i++) {
            String[] c = read.get(i).split("\t");
            OutputFiles.BedGraph g = graph.get(i);
            assertEquals(g.chrom() + "\t" + g.start() + "\t" + g.end(), c[0] + "\t" + c[1] + "\t" + c[2]);
            assertEquals(g.minusLog10P(), Double.parseDouble(c[3]), 1e-5 * (1 + g.minusLog10P()), "a float in bigWig");
        }
    }

    @Test
    @DisplayName("allc: the input's positions, strands, contexts and counts with the call; score reads it back alike")
    void allc() throws Exception {
        List<OutputFiles.Allc> allc = OutputFiles.readAllc(score("allc"));
        assertEquals(sites.size(), allc.size());
        for (int i = 0; i < allc.size(); i++) {
            String[] s = sites.get(i);
            assertEquals(new OutputFiles.Allc(s[0], Long.parseLong(s[1]), s[2], s[3], Integer.parseInt(s[4]),
                    Integer.parseInt(s[5]), pOf(tsv.get(i)) < ALPHA ? 1 : 0), allc.get(i));
        }
        // methylstream's own allc parser reads its allc output as the input: the same tests, the same p-values
        input = dir.resolve("out.allc");
        assertEquals(tsv, score("tsv"));

        // without --all only the calls: all 1
        CommandRun calls = CommandRun.run("score", "--quiet", "--output-format", "allc", input.toString());
        assertEquals(allc.stream().filter(a -> a.call() == 1).count(), calls.outLines().size());
        assertTrue(calls.outLines().stream().allMatch(line -> line.endsWith("\t1")), calls.out());
    }

    @Test
    @DisplayName("--sample names the BED records; --minus-log10 is refused outside tsv")
    void sampleAndRefusals() throws Exception {
        List<OutputFiles.Bed> bed = OutputFiles.readBed(score("bed", "--sample", "donor7"));
        assertTrue(bed.stream().allMatch(b -> b.name().startsWith("donor7:")), bed.get(0).toString());

        CommandRun refused = CommandRun.run("score", "--minus-log10", "--output-format", "bedgraph", input.toString());
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("--minus-log10 adds a column to tsv lines"), refused.err());
        CommandRun unknown = CommandRun.run("score", "--output-format", "gff", input.toString());
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown output format 'gff'"), unknown.err());
    }
}
