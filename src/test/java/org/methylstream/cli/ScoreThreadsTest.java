package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.format.InputFormat;
import org.methylstream.format.MessyInputs;
import org.methylstream.format.MessyInputs.Mess;

/**
 * {@code score --threads N} writes, reports and sums up exactly what {@code --threads 1} does, byte for byte and in
 * the same order, on messy input (every input format, bad lines, comments, CRLF, overlong lines, gzip, several
 * files) under every option that shapes the output.
 */
@DisplayName("score --threads N: the same output, reports and summary as one thread")
@Timeout(300)
class ScoreThreadsTest {
    @TempDir
    static Path dir;

    /** Every input format, messy, some gzip; a megabyte or so each, so several chunks. */
    private static List<String> everyFormat;
    /** The formats with a context column. */
    private static List<String> withContexts;

    @BeforeAll
    static void inputs() throws IOException {
        everyFormat = new ArrayList<>();
        long seed = 100;
        for (InputFormat format : InputFormat.values()) {
            Mess mess = seed % 3 == 0 ? Mess.ALL.gzipped() : Mess.ALL;
            everyFormat.add(MessyInputs.write(dir.resolve(format.id() + (mess.gzip() ? ".gz" : "")), format, 40_000,
                    seed++, mess).toString());
        }
        withContexts = new ArrayList<>();
        for (InputFormat format : MessyInputs.WITH_CONTEXT) {
            withContexts.add(dir.resolve(format.id() + (everyFormat.contains(dir.resolve(format.id() + ".gz")
                    .toString()) ? ".gz" : "")).toString());
        }
    }

    /** One run, with the summary's timing (which differs from run to run) taken out. */
    private static String run(int threads, List<String> options, List<String> inputs, Path... outputs)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("score", "--threads", Integer.toString(threads)));
        args.addAll(options);
        args.addAll(inputs);
        CommandRun run = CommandRun.run(args.toArray(String[]::new));
        StringBuilder outcome = new StringBuilder("exit " + run.exitCode() + "\n--- stdout\n").append(run.out())
                .append("--- stderr\n").append(run.err().replaceAll("; [0-9.]+ s, [0-9]+ sites/s\\)", "; TIME)"));
        for (Path output : outputs) {
            outcome.append("--- ").append(output.getFileName()).append('\n')
                    .append(Files.exists(output) ? Files.readString(output) : "(none)\n");
            Files.deleteIfExists(output);
        }
        return outcome.toString();
    }

    private static void assertSame(int[] threads, List<String> options, List<String> inputs, Path... outputs)
            throws IOException {
        String one = run(1, options, inputs, outputs);
        assertTrue(one.length() > 1000, one);
        for (int n : threads) {
            String many = run(n, options, inputs, outputs);
            if (!one.equals(many)) {
                assertEquals(one, many, options + " on " + n + " threads");
            }
        }
    }

    private static final int[] ONE_TO_EIGHT = {2, 3, 4, 5, 6, 7, 8};
    private static final int[] SOME = {2, 5, 8};

    @Test
    @DisplayName("every format, bad lines skipped: 1 to 8 threads")
    void everyFormat() throws IOException {
        assertSame(ONE_TO_EIGHT, List.of("--skip-invalid"), everyFormat);
        assertSame(SOME, List.of("--skip-invalid", "--all", "--minus-log10"), everyFormat);
    }

    @Test
    @DisplayName("the first bad line stops the run: the same lines before it, the same message")
    void stopsAtTheFirstBadLine() throws IOException {
        List<String> clean = List.of(MessyInputs.write(dir.resolve("clean.tsv"), InputFormat.SEED, 30_000, 7,
                Mess.NONE).toString());
        List<String> inputs = new ArrayList<>(clean);
        inputs.addAll(everyFormat);
        String one = run(1, List.of("--all"), inputs);
        assertTrue(one.startsWith("exit 1\n") && one.contains(everyFormat.get(0) + ":"), one.substring(0, 100));
        assertSame(SOME, List.of("--all"), inputs);
    }

    @Test
    @DisplayName("every output format, to a file")
    void everyOutputFormat() throws IOException {
        Path out = dir.resolve("out.txt");
        for (String format : List.of("tsv", "bed", "bedgraph", "allc")) {
            assertSame(SOME, List.of("--skip-invalid", "--all", "--output-format", format, "--out", out.toString(),
                    "--sample", "liver"), everyFormat, out);
        }
    }

    @Test
    @DisplayName("--context, --control, --control-by context, --fdr in the output and apart, --fdr-by context")
    void contextsControlsAndFdr() throws IOException {
        Path fdr = dir.resolve("fdr.tsv");
        List<List<String>> options = List.of(
                List.of("--skip-invalid", "--context", "CHG", "--all"),
                List.of("--skip-invalid", "--control", "chr2:1-300000"),
                List.of("--skip-invalid", "--control", "chr2:1-300000", "--control-by", "context", "--all",
                        "--output-format", "allc"),
                List.of("--skip-invalid", "--fdr", "0.05"),
                List.of("--skip-invalid", "--fdr", "0.05", "--fdr-by", "context", "--fdr-out", fdr.toString(), "--all",
                        "--minus-log10"),
                List.of("--skip-invalid", "--fdr", "0.01", "--fdr-tests", "methylated", "--control", "chr2:1-300000",
                        "--output-format", "bed", "--sample", "a", "--sample", "b", "--sample", "a"));
        for (List<String> option : options) {
            assertSame(SOME, option, withContexts, fdr);
        }
    }

    @Test
    @DisplayName("standard input (gzip), spooled to be read twice for --fdr; --merge-cpg and --report on one thread")
    void standardInputAndFallbacks() throws IOException {
        Path gzip = Path.of(everyFormat.stream().filter(f -> f.endsWith(".gz")).findFirst().orElseThrow());
        byte[] stdin = Files.readAllBytes(gzip);
        for (List<String> options : List.of(List.of("--skip-invalid"), List.of("--skip-invalid", "--fdr", "0.05"))) {
            List<String> args = new ArrayList<>(List.of("score"));
            args.addAll(options);
            CommandRun one = CommandRun.runWithStdin(stdin, concat(args, "--threads", "1", "-"));
            for (int n : SOME) {
                CommandRun many = CommandRun.runWithStdin(stdin, concat(args, "--threads", Integer.toString(n), "-"));
                assertEquals(one.out(), many.out(), options + " on " + n + " threads");
                assertEquals(timeless(one.err()), timeless(many.err()));
            }
        }
        Path report = dir.resolve("report.html");
        assertSame(SOME, List.of("--skip-invalid", "--merge-cpg", "--all"), withContexts);
        assertSame(SOME, List.of("--skip-invalid", "--report", report.toString()), everyFormat);
    }

    private static String[] concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(Arrays.asList(tail));
        return all.toArray(String[]::new);
    }

    private static String timeless(String err) {
        return err.replaceAll("; [0-9.]+ s, [0-9]+ sites/s\\)", "; TIME)");
    }
}
