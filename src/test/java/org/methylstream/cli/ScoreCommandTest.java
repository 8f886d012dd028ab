package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.methylstream.format.ScoreLine;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.SiteScorer;
import org.methylstream.stats.TestKind;

@DisplayName("methylstream score")
class ScoreCommandTest {
    /**
     * Sites chosen so the three tests disagree: 10/20 is significant under all, 0/3000 only under pmf and
     * two-sided (too few methylated reads), 1/20 and 0/30 under none, 0/0 is never tested.
     */
    static final String SITES = String.join("\n",
            "chr1\t100\t10\t10",
            "chr1\t200\t0\t30",
            "chr1\t300\t1\t19",
            "chr1\t400\t0\t3000",
            "chr2\t50\t0\t0",
            "chr2\t60\t7\t2",
            "") ;

    @TempDir
    Path dir;

    Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
    }

    /** The line the command should print, from the already-tested scoring core. */
    static String line(TestKind test, String chrom, long pos, int methylated, int unmethylated) {
        SiteScorer scorer = new SiteScorer(new ScoringParameters(test, 0.006, 1e-5, 1));
        return ScoreLine.format(chrom, pos, methylated, unmethylated, scorer.pValue(methylated, methylated + unmethylated));
    }

    @Nested
    @DisplayName("scores")
    class Scoring {
        @Test
        @DisplayName("by default with the upper test, printing significant sites in input order")
        void defaultUpper() throws Exception {
            CommandRun run = CommandRun.run("score", write("s.txt", SITES).toString());
            assertEquals(0, run.exitCode(), run.toString());
            assertEquals(List.of(line(TestKind.UPPER, "chr1", 100, 10, 10), line(TestKind.UPPER, "chr2", 60, 7, 2)),
                    run.outLines());
            // anchor against SciPy: stats.binom.sf(9, 20, 0.006) = 1.057699580260754e-17
            double p = Double.parseDouble(run.outLines().get(0).split("\t")[4]);
            assertEquals(1.057699580260754e-17, p, 1e-12 * p);
        }

        @Test
        @DisplayName("the summary on stderr counts read, tested, significant and below-coverage sites")
        void summary() throws Exception {
            CommandRun run = CommandRun.run("score", write("s.txt", SITES).toString());
            assertEquals(1, run.errLines().size(), run.toString());
            assertTrue(run.err().startsWith("score: 6 sites read, 5 tested, 2 significant, 1 below minimum coverage 1, "
                    + "0 invalid lines (upper test, error rate 0.006, alpha 1.0E-5; "), run.err());
        }

        @Test
        @DisplayName("--quiet drops the summary")
        void quiet() throws Exception {
            CommandRun run = CommandRun.run("score", "--quiet", write("s.txt", SITES).toString());
            assertEquals("", run.err());
            assertEquals(2, run.outLines().size());
        }

        @Test
        @DisplayName("--all prints every tested site with its p-value, untested ones still left out")
        void all() throws Exception {
            CommandRun run = CommandRun.run("score", "--all", write("s.txt", SITES).toString());
            assertEquals(List.of(line(TestKind.UPPER, "chr1", 100, 10, 10), line(TestKind.UPPER, "chr1", 200, 0, 30),
                    line(TestKind.UPPER, "chr1", 300, 1, 19), line(TestKind.UPPER, "chr1", 400, 0, 3000),
                    line(TestKind.UPPER, "chr2", 60, 7, 2)), run.outLines());
            assertEquals("chr1\t200\t0\t30\t1.0", run.outLines().get(1), "P(X >= 0) prints as Python's 1.0");
        }

        @Test
        @DisplayName("--minus-log10 adds -log10 p after the seed's five columns, finite where p underflows to 0.0")
        void minusLog10() throws Exception {
            CommandRun run = CommandRun.run("score", "--all", "--minus-log10",
                    write("s.txt", SITES + "chr3\t5\t500\t0\n").toString());
            SiteScorer scorer = new SiteScorer(ScoringParameters.DEFAULTS);
            assertEquals(line(TestKind.UPPER, "chr1", 100, 10, 10) + "\t"
                    + ScoreLine.pythonRepr(scorer.minusLog10PValue(10, 20)), run.outLines().get(0));
            assertEquals("chr1\t200\t0\t30\t1.0\t0.0", run.outLines().get(1));
            String[] underflow = run.outLines().get(5).split("\t");
            assertEquals("0.0", underflow[4]);
            assertEquals(500 * -Math.log10(0.006), Double.parseDouble(underflow[5]), 1e-9);
        }

        @Test
        @DisplayName("--test pmf uses the seed's point probability, which flags 0 of 3000")
        void pmf() throws Exception {
            CommandRun run = CommandRun.run("score", "--test", "pmf", write("s.txt", SITES).toString());
            assertEquals(List.of(line(TestKind.PMF, "chr1", 100, 10, 10), line(TestKind.PMF, "chr1", 400, 0, 3000),
                    line(TestKind.PMF, "chr2", 60, 7, 2)), run.outLines());
            assertTrue(run.err().contains("(pmf test, "), run.err());
        }

        @Test
        @DisplayName("--test two-sided also flags too few methylated reads")
        void twoSided() throws Exception {
            CommandRun run = CommandRun.run("score", "--test", "two-sided", write("s.txt", SITES).toString());
            assertEquals(List.of(line(TestKind.TWO_SIDED, "chr1", 100, 10, 10),
                    line(TestKind.TWO_SIDED, "chr1", 400, 0, 3000), line(TestKind.TWO_SIDED, "chr2", 60, 7, 2)),
                    run.outLines());
        }

        @Test
        @DisplayName("--min-coverage skips thinner sites entirely, also under --all")
        void minCoverage() throws Exception {
            CommandRun run = CommandRun.run("score", "--all", "--min-coverage", "21", write("s.txt", SITES).toString());
            assertEquals(List.of(line(TestKind.UPPER, "chr1", 200, 0, 30), line(TestKind.UPPER, "chr1", 400, 0, 3000)),
                    run.outLines());
            assertTrue(run.err().contains("6 sites read, 2 tested, 0 significant, 4 below minimum coverage 21"), run.err());
        }

        @Test
        @DisplayName("--error-rate and --alpha change the threshold")
        void errorRateAndAlpha() throws Exception {
            // at error rate 0.05, 1 of 20 is expected; at alpha 0.5 even P(X >= 1) = 0.64 is not enough, 7/9 is
            CommandRun run = CommandRun.run("score", "--error-rate", "0.05", "--alpha", "0.5", write("s.txt", SITES).toString());
            SiteScorer scorer = new SiteScorer(new ScoringParameters(TestKind.UPPER, 0.05, 0.5, 1));
            assertEquals(List.of(ScoreLine.format("chr1", 100, 10, 10, scorer.pValue(10, 20)),
                    ScoreLine.format("chr2", 60, 7, 2, scorer.pValue(7, 9))), run.outLines());
            assertTrue(run.err().contains("error rate 0.05, alpha 0.5"), run.err());
        }

        @Test
        @DisplayName("Bismark and allc inputs, plain or gzip, give the same lines as the seed layout")
        void otherFormats() throws Exception {
            Path cov = write("s.cov", "chr1\t100\t100\t50\t10\t10\nchr2\t60\t60\t77.8\t7\t2\n");
            Path allc = dir.resolve("s.allc.gz");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write("chr\tpos\tstrand\tmc_class\tmc_count\ttotal\tmethylated\nchr1\t100\t+\tCGG\t10\t20\t1\n"
                        .getBytes(StandardCharsets.US_ASCII));
            }
            Files.write(allc, bytes.toByteArray());
            CommandRun run = CommandRun.run("score", "--quiet", cov.toString(), allc.toString());
            assertEquals(List.of(line(TestKind.UPPER, "chr1", 100, 10, 10), line(TestKind.UPPER, "chr2", 60, 7, 2),
                    line(TestKind.UPPER, "chr1", 100, 10, 10)), run.outLines());
        }
    }

    @Nested
    @DisplayName("reads and writes")
    class InputOutput {
        @Test
        @DisplayName("several files and '-' for standard input, in the order given")
        void filesAndStdin() throws Exception {
            Path a = write("a.txt", "a\t1\t9\t0\n");
            Path b = write("b.txt", "b\t1\t9\t0\n");
            CommandRun run = CommandRun.runWithStdin("s\t1\t9\t0\n".getBytes(StandardCharsets.US_ASCII),
                    "score", "--quiet", a.toString(), "-", b.toString());
            assertEquals(List.of("a", "s", "b"), run.outLines().stream().map(l -> l.split("\t")[0]).toList());
        }

        @Test
        @DisplayName("no file at all reads standard input")
        void stdinByDefault() {
            CommandRun run = CommandRun.runWithStdin(SITES.getBytes(StandardCharsets.US_ASCII), "score", "--quiet");
            assertEquals(0, run.exitCode());
            assertEquals(2, run.outLines().size());
        }

        @Test
        @DisplayName("--out writes the file on success and nothing to stdout, leaving no .partial behind")
        void outFile() throws Exception {
            Path out = dir.resolve("result.tsv");
            CommandRun run = CommandRun.run("score", "--out", out.toString(), write("s.txt", SITES).toString());
            assertEquals(0, run.exitCode(), run.toString());
            assertEquals("", run.out());
            assertEquals(line(TestKind.UPPER, "chr1", 100, 10, 10) + "\n" + line(TestKind.UPPER, "chr2", 60, 7, 2) + "\n",
                    Files.readString(out));
            assertFalse(Files.exists(dir.resolve("result.tsv.partial")));
        }

        @Test
        @DisplayName("--out on a failed run creates no file and keeps an existing one unchanged")
        void outFileOnFailure() throws Exception {
            Path bad = write("bad.txt", SITES + "chr3\t1\tx\t1\n");
            Path fresh = dir.resolve("fresh.tsv");
            CommandRun run = CommandRun.run("score", "--out", fresh.toString(), bad.toString());
            assertEquals(1, run.exitCode());
            assertFalse(Files.exists(fresh));
            assertFalse(Files.exists(dir.resolve("fresh.tsv.partial")));

            Path old = write("old.tsv", "previous results\n");
            assertEquals(1, CommandRun.run("score", "--out", old.toString(), bad.toString()).exitCode());
            assertEquals("previous results\n", Files.readString(old));
            try (var files = Files.list(dir)) {
                assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".partial")).toList());
            }
        }
    }

    @Nested
    @DisplayName("on bad input")
    class BadInput {
        @Test
        @DisplayName("stops at the first bad line: exit 1 and exactly FILE:LINE: reason on stderr")
        void firstBadLine() throws Exception {
            Path bad = write("bad.txt", "chr1\t1\t9\t1\nchr1\t2\t-4\t1\nchr1\t3\tx\t1\nchr1\t4\t9\t1\n");
            CommandRun run = CommandRun.run("score", bad.toString());
            assertEquals(1, run.exitCode());
            assertEquals(bad + ":2: column 3 (methylated) is negative: -4\n", run.err());
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
            non-integer count   | c\\t1\\tabc\\t1        | :1: column 3 (methylated) is not an integer: 'abc'
            missing column      | c\\t1\\t1\\t1\\nc\\t2\\t1 | :2: expected 4 tab-separated columns (seed format), found 3
            count overflow      | c\\t1\\t1\\t99999999999 | :1: column 4 (unmethylated) '99999999999' overflows (at most 2147483647)
            coverage overflow   | c\\t1\\t2000000000\\t2000000000 | :1: coverage 4000000000 (methylated + unmethylated) overflows a 32-bit count
            unknown format      | c\\t1\\t1               | :1: unknown format: 3 tab-separated columns (expected 4 for seed; 6 for bismark or bedgraph; 7 for allc, cytosine-report or methylkit; 18 for bedmethyl); name it with --format
            """)
        @DisplayName("each kind of bad line exits 1 with its reason")
        void reasons(String what, String text, String message) throws Exception {
            Path bad = write("bad.txt", text.replace("\\t", "\t").replace("\\n", "\n") + "\n");
            CommandRun run = CommandRun.run("score", bad.toString());
            assertEquals(1, run.exitCode(), run.toString());
            assertEquals(bad + message + "\n", run.err());
        }

        @Test
        @DisplayName("--skip-invalid reports every bad line, scores the good ones, exits 0 and counts both")
        void skipInvalid() throws Exception {
            Path bad = write("bad.txt", "chr1\t1\t9\t1\nchr1\t2\t-4\t1\nchr1\t3\tx\t1\nchr1\t4\t9\t1\n\nchr1\t5\n");
            CommandRun run = CommandRun.run("score", "--skip-invalid", bad.toString());
            assertEquals(0, run.exitCode(), run.toString());
            assertEquals(List.of(line(TestKind.UPPER, "chr1", 1, 9, 1), line(TestKind.UPPER, "chr1", 4, 9, 1)), run.outLines());
            List<String> err = run.errLines();
            assertEquals(List.of(bad + ":2: column 3 (methylated) is negative: -4",
                    bad + ":3: column 3 (methylated) is not an integer: 'x'",
                    bad + ":6: expected 4 tab-separated columns (seed format), found 2"), err.subList(0, 3));
            assertEquals(4, err.size());
            assertTrue(err.get(3).startsWith("score: 2 sites read, 2 tested, 2 significant, 0 below minimum coverage 1, "
                    + "3 invalid lines"), err.get(3));
        }

        @Test
        @DisplayName("a truncated gzip fails with exit 1 and FILE:LINE in the message, even with --skip-invalid")
        void truncatedGzip() throws Exception {
            StringBuilder text = new StringBuilder();
            java.util.Random random = new java.util.Random(7);
            for (int i = 1; i <= 40_000; i++) {
                text.append("chr1\t").append(i).append('\t').append(random.nextInt(50)).append('\t')
                        .append(random.nextInt(500)).append('\n');
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write(text.toString().getBytes(StandardCharsets.US_ASCII));
            }
            byte[] whole = bytes.toByteArray();
            Path cut = dir.resolve("cut.tsv.gz");
            Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
            Path out = dir.resolve("out.tsv");
            CommandRun run = CommandRun.run("score", "--skip-invalid", "--out", out.toString(), cut.toString());
            assertEquals(1, run.exitCode());
            assertTrue(run.err().matches("methylstream score: " + java.util.regex.Pattern.quote(cut.toString())
                    + ":\\d+: cannot read input: gzip data is truncated\n"), run.err());
            assertFalse(Files.exists(out));
        }

        @Test
        @DisplayName("a missing file fails with exit 1 and names it")
        void missingFile() {
            CommandRun run = CommandRun.run("score", "/nonexistent/sites.txt");
            assertEquals(1, run.exitCode());
            assertEquals("methylstream score: /nonexistent/sites.txt: no such file\n", run.err());
        }
    }

    @Nested
    @DisplayName("refuses bad options with exit 2")
    class BadOptions {
        @ParameterizedTest(name = "{0} {1}")
        @CsvSource({
            "--alpha, 0, alpha must be in (0, 1], got 0.0",
            "--alpha, 1.5, alpha must be in (0, 1], got 1.5",
            "--alpha, NaN, 'alpha must be in (0, 1], got NaN'",
            "--alpha, abc, Invalid value for option '--alpha': 'abc' is not a double",
            "--error-rate, 0, 'error rate must be strictly between 0 and 1, got 0.0'",
            "--error-rate, 1, 'error rate must be strictly between 0 and 1, got 1.0'",
            "--error-rate, -0.5, 'error rate must be strictly between 0 and 1, got -0.5'",
            "--min-coverage, 0, 'minimum coverage must be at least 1, got 0'",
            "--test, fisher, unknown test 'fisher' (expected one of upper, pmf, two-sided)",
            "--format, bed, unknown format 'bed' (expected one of seed, bismark, allc)",
        })
        @DisplayName("each invalid value names the problem")
        void invalid(String option, String value, String message) throws Exception {
            Path sites = Files.writeString(dir.resolve("s.txt"), SITES);
            CommandRun run = CommandRun.run("score", option, value, sites.toString());
            assertEquals(2, run.exitCode(), run.toString());
            assertTrue(run.err().contains(message), run.err());
            assertEquals("", run.out(), "nothing is scored");
        }

        @Test
        @DisplayName("an unknown option")
        void unknownOption() {
            CommandRun run = CommandRun.run("score", "--fast");
            assertEquals(2, run.exitCode());
            assertTrue(run.err().contains("Unknown option: '--fast'"), run.err());
        }
    }

    @Test
    @DisplayName("--help lists every option and exits 0")
    void help() {
        CommandRun run = CommandRun.run("score", "--help");
        assertEquals(0, run.exitCode());
        List<String> missing = new ArrayList<>();
        for (String option : List.of("--test", "--error-rate", "--alpha", "--min-coverage", "--all", "--skip-invalid",
                "--out", "--format", "--quiet")) {
            if (!run.out().contains(option)) {
                missing.add(option);
            }
        }
        assertEquals(List.of(), missing, run.out());
    }
}
