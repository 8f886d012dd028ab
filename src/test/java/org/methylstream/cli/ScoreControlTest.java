package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("score with an unmethylated control")
@Timeout(60)
class ScoreControlTest {
    private static final String[] CONTEXTS = ScoreControlFixture.CONTEXTS;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    /** The lines without the control's: what scoring the genome alone sees. */
    private static String withoutControl(String allc) {
        return Stream.of(allc.split("\n")).filter(l -> !l.startsWith("L\t")).map(l -> l + "\n")
                .collect(java.util.stream.Collectors.joining());
    }

    private static double rateIn(String err) {
        Matcher m = Pattern.compile("error rate ([0-9.Ee-]+) \\(control").matcher(err);
        assertTrue(m.find(), err);
        return Double.parseDouble(m.group(1));
    }

    @Test
    @DisplayName("the rate is the control's sum(methylated)/sum(coverage); scoring with it equals --error-rate with that rate")
    void estimatedRate() throws IOException {
        String text = ScoreControlFixture.allc(1, 6000, 3000);
        Path file = write("liver.allc", text);
        long methylated = 0;
        long coverage = 0;
        for (String line : text.split("\n")) {
            String[] f = line.split("\t");
            if (f[0].equals("L")) {
                methylated += Long.parseLong(f[4]);
                coverage += Long.parseLong(f[5]);
            }
        }
        double direct = (double) methylated / coverage;

        CommandRun controlled = CommandRun.run("score", "--all", "--control", "chrL", file.toString());
        assertEquals(0, controlled.exitCode(), controlled::toString);
        assertEquals(direct, rateIn(controlled.err()));
        assertTrue(controlled.err().contains("control chrL: " + methylated + " of " + coverage
                + " reads methylated at 3000 sites, 95 % CI ["), controlled.err());
        assertTrue(controlled.err().contains(", 3000 control sites not tested"), controlled.err());
        assertFalse(controlled.out().contains("\nL\t") || controlled.out().startsWith("L\t"),
                "control sites are not tested");

        Path genome = write("liver-genome.allc", withoutControl(text));
        CommandRun given = CommandRun.run("score", "--all", "--error-rate", Double.toString(direct), genome.toString());
        assertEquals(given.out(), controlled.out());
        assertTrue(controlled.out().lines().count() > 5000);
    }

    @Test
    @DisplayName("--control-by context: each context's rate from its own control sites, as scoring each context apart")
    void perContext() throws IOException {
        String text = ScoreControlFixture.allc(2, 9000, 9000);
        Path file = write("s.allc", text);
        CommandRun controlled = CommandRun.run("score", "--all", "--control", "L:1-9000", "--control-by", "context",
                "--min-control-coverage", "1000", file.toString());
        assertEquals(0, controlled.exitCode(), controlled::toString);
        for (int c = 0; c < 3; c++) {
            String context = CONTEXTS[c];
            long methylated = 0;
            long coverage = 0;
            StringBuilder genome = new StringBuilder();
            for (String line : text.split("\n")) {
                String[] f = line.split("\t");
                if (!f[3].equals(context)) {
                    continue;
                }
                if (f[0].equals("L")) {
                    methylated += Long.parseLong(f[4]);
                    coverage += Long.parseLong(f[5]);
                } else {
                    genome.append(line).append('\n');
                }
            }
            double rate = (double) methylated / coverage;
            String name = new String[] {"CG", "CHG", "CHH"}[c];
            assertTrue(controlled.err().contains(name + " " + rate + " (control L:1-9000 " + name + ": "),
                    controlled.err());
            CommandRun alone = CommandRun.run("score", "--all", "--error-rate", Double.toString(rate),
                    write(context + ".allc", genome.toString()).toString());
            List<String> ofContext = controlled.outLines().stream()
                    .filter(l -> genome.indexOf("chr1\t" + l.split("\t")[1] + "\t") >= 0).toList();
            assertEquals(alone.outLines(), ofContext, context);
        }
    }

    @Test
    @DisplayName("a control below --min-control-coverage is refused with its counts; no output file appears")
    void tooSmall() throws IOException {
        Path file = write("small.allc", ScoreControlFixture.allc(3, 200, 20));
        Path out = dir.resolve("out.tsv");
        CommandRun run = CommandRun.run("score", "--control", "chrL", "--out", out.toString(), file.toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("methylstream score: sample small: control chrL has "), run.err());
        assertTrue(run.err().contains(" reads at 20 sites, fewer than --min-control-coverage 10000"), run.err());
        assertFalse(Files.exists(out));
        CommandRun missing = CommandRun.run("score", "--control", "chrX", "--min-control-coverage", "1",
                file.toString());
        assertEquals(1, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("control chrX has 0 reads at 0 sites"), missing.err());
    }

    @Test
    @DisplayName("--error-rates gives a sample its rate (before the control), with the file as the source")
    void errorRatesFile() throws IOException {
        String text = ScoreControlFixture.allc(4, 3000, 3000);
        Path liver = write("liver.allc", text);
        Path brain = write("brain.allc", text);
        Path rates = write("rates.tsv", "sample\trate\n# measured on the spike-in\nliver\t0.02\n");
        CommandRun run = CommandRun.run("score", "--all", "--control", "chrL", "--error-rates", rates.toString(),
                "--min-control-coverage", "100", liver.toString(), brain.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.err().contains("sample liver: error rate 0.02 (error-rates " + rates + "); control chrL: 3000"
                + " sites ("), run.err());
        assertTrue(run.err().contains("sample brain: error rate " + rateIn(run.err().substring(
                run.err().indexOf("sample brain"))) + " (control chrL: "), run.err());
        String genome = withoutControl(text);
        CommandRun atRate = CommandRun.run("score", "--all", "--error-rate", "0.02",
                write("g.allc", genome).toString());
        assertTrue(run.out().startsWith(atRate.out()), "liver's lines come first, at its rate");

        Path bad = write("bad.tsv", "liver\t1.5\n");
        CommandRun refused = CommandRun.run("score", "--error-rates", bad.toString(), liver.toString());
        assertEquals(1, refused.exitCode());
        assertEquals(bad + ":1: rate must be strictly between 0 and 1, got 1.5\n", refused.err());
    }

    @Test
    @DisplayName("standard input is read twice from a spooled copy, which is removed afterwards")
    void standardInput() throws IOException {
        String text = ScoreControlFixture.allc(5, 3000, 3000);
        Path file = write("stdin.allc", text);
        CommandRun fromFile = CommandRun.run("score", "--control", "chrL", "--min-control-coverage", "100",
                "--fdr", "0.01", file.toString());
        List<Path> before = spools();
        CommandRun fromStdin = CommandRun.runWithStdin(text.getBytes(StandardCharsets.UTF_8), "score", "--control",
                "chrL", "--min-control-coverage", "100", "--fdr", "0.01", "-");
        assertEquals(0, fromStdin.exitCode(), fromStdin::toString);
        assertEquals(fromFile.out(), fromStdin.out());
        assertTrue(fromStdin.err().startsWith("score: sample stdin: error rate "), fromStdin.err());
        assertEquals(before, spools(), "no spool file left");
        CommandRun refused = CommandRun.runWithStdin(text.getBytes(StandardCharsets.UTF_8), "score", "--control",
                "chrL", "--min-control-coverage", "100000000", "-");
        assertEquals(1, refused.exitCode());
        assertEquals(before, spools(), "no spool file left after a failure");
    }

    private static List<Path> spools() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("methylstream-stdin-")).sorted().toList();
        }
    }
}
