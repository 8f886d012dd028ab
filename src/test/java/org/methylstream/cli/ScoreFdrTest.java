package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.format.ScoreLine;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.SiteScorer;
import org.methylstream.stats.TextbookBh;
import org.methylstream.synthetic.SyntheticMethylome;

@DisplayName("score --fdr: Benjamini-Hochberg in batch")
@Timeout(120)
class ScoreFdrTest {
    @TempDir
    Path dir;

    /** The sites of a file, compactly: chromosome names are few, shared. */
    private record Sites(String[] chromosome, long[] position, int[] methylated, int[] unmethylated) {
        static Sites read(Path file, int count) throws IOException {
            Sites sites = new Sites(new String[count], new long[count], new int[count], new int[count]);
            java.util.Map<String, String> names = new java.util.HashMap<>();
            int[] i = {0};
            try (Stream<String> lines = Files.lines(file)) {
                lines.forEach(line -> {
                    String[] f = line.split("\t");
                    sites.chromosome[i[0]] = names.computeIfAbsent(f[0], c -> c);
                    sites.position[i[0]] = Long.parseLong(f[1]);
                    sites.methylated[i[0]] = Integer.parseInt(f[2]);
                    sites.unmethylated[i[0]++] = Integer.parseInt(f[3]);
                });
            }
            assertEquals(count, i[0]);
            return sites;
        }
    }

    /** Compares score's discoveries, line by line, with the textbook's on the p-values of the same sites. */
    private static long assertTextbook(Sites sites, double fdr, boolean methylatedOnly, Path written)
            throws IOException {
        SiteScorer scorer = new SiteScorer(ScoringParameters.DEFAULTS);
        int[] tests = java.util.stream.IntStream.range(0, sites.methylated().length)
                .filter(i -> sites.methylated()[i] + sites.unmethylated()[i] >= 1) // tested: coverage >= 1
                .filter(i -> !methylatedOnly || sites.methylated()[i] > 0).toArray();
        double[] logP = new double[tests.length];
        for (int t = 0; t < tests.length; t++) {
            int i = tests[t];
            logP[t] = scorer.logPValue(sites.methylated()[i], sites.methylated()[i] + sites.unmethylated()[i]);
        }
        double[] logQ = TextbookBh.logQValues(logP, fdr);
        long discoveries = 0;
        try (java.io.BufferedReader lines = Files.newBufferedReader(written)) {
            for (int t = 0; t < tests.length; t++) {
                if (Double.isNaN(logQ[t])) {
                    continue;
                }
                int i = tests[t];
                StringBuilder line = new StringBuilder(ScoreLine.format(sites.chromosome()[i], sites.position()[i],
                        sites.methylated()[i], sites.unmethylated()[i], Math.exp(logP[t])));
                ScoreLine.appendColumn(line, SiteScorer.minusLog10(logP[t]));
                assertEquals(ScoreLine.appendColumn(line, Math.exp(logQ[t])).toString(), lines.readLine());
                discoveries++;
            }
            assertEquals(null, lines.readLine(), "no more discoveries than the textbook's");
        }
        return discoveries;
    }

    @Test
    @DisplayName("equals the textbook BH on a million p-values, with all sites or only methylated ones as tests")
    void textbookOnAMillion() throws IOException {
        Path input = dir.resolve("million.tsv");
        try (Writer out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            new SyntheticMethylome(1_000_000, 21).writeTo(out);
        }
        Sites sites = Sites.read(input, 1_000_000);
        for (String tests : new String[] {"all", "methylated"}) {
            Path out = dir.resolve("fdr-" + tests + ".tsv");
            CommandRun run = CommandRun.run("score", "--fdr", "0.01", "--fdr-tests", tests, "--out", out.toString(),
                    input.toString());
            assertEquals(0, run.exitCode(), run::toString);
            long discoveries = assertTextbook(sites, 0.01, tests.equals("methylated"), out);
            assertTrue(run.err().contains(", " + discoveries + " BH discoveries at FDR 0.01"), run.err());
            assertTrue(discoveries > 500_000 && discoveries < 1_000_000, tests + ": " + discoveries);
        }
    }

    @Test
    @DisplayName("--fdr-out keeps the alpha lines in the output and writes the discoveries apart")
    void apart() throws IOException {
        Path input = dir.resolve("small.tsv");
        Files.writeString(input, ScoreControlFixture.allc(7, 5000, 0));
        Path fdrOut = dir.resolve("fdr.tsv");
        CommandRun together = CommandRun.run("score", "--fdr", "0.05", input.toString());
        CommandRun apart = CommandRun.run("score", "--fdr", "0.05", "--fdr-out", fdrOut.toString(),
                input.toString());
        assertEquals(CommandRun.run("score", input.toString()).out(), apart.out());
        assertEquals(together.out(), Files.readString(fdrOut));
    }

    @Test
    @DisplayName("--fdr-by context equals BH run separately on each context's sites")
    void perContext() throws IOException {
        String allc = ScoreControlFixture.allc(8, 30_000, 0);
        Path input = dir.resolve("contexts.allc");
        Files.writeString(input, allc);
        CommandRun byContext = CommandRun.run("score", "--fdr", "0.01", "--fdr-by", "context", input.toString());
        assertEquals(0, byContext.exitCode(), byContext::toString);
        List<String> separately = new ArrayList<>();
        for (String context : new String[] {"CGA", "CAG", "CTT"}) {
            Path part = dir.resolve(context + ".allc");
            Files.writeString(part, Stream.of(allc.split("\n")).filter(l -> l.split("\t")[3].equals(context))
                    .map(l -> l + "\n").collect(java.util.stream.Collectors.joining()));
            CommandRun alone = CommandRun.run("score", "--fdr", "0.01", part.toString());
            assertEquals(0, alone.exitCode(), alone::toString);
            separately.addAll(alone.outLines());
        }
        assertEquals(separately.stream().sorted().toList(), byContext.outLines().stream().sorted().toList());
        CommandRun pooled = CommandRun.run("score", "--fdr", "0.01", input.toString());
        assertTrue(!pooled.out().equals(byContext.out()), "pooling the contexts gives other q-values");
        assertTrue(byContext.err().contains("sample contexts CHG: Benjamini-Hochberg at FDR 0.01 over 10000 tests"),
                byContext.err());
    }
}
