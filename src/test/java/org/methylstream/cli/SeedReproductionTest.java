package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code methylstream score --test pmf} against the seed script itself. The seed
 * ({@code src/test/resources/seed/binomtest_seed.py}, unchanged from BinomTest-seed.md) was run once with
 * Debian's SciPy on 20,000 realistic sites by {@code src/test/scripts/seed_test_data.py}; its input and output
 * are committed.
 *
 * <p>Lines are compared as a set: the seed writes each worker's chunk when that worker finishes, so its order
 * is the chunks' completion order, not the input's. The four text columns must be identical. P-values are
 * compared to 1e-9 relative (the precision) rather than digit for digit: against exact values on this
 * data SciPy's {@code binom.pmf} is off by up to 7.6e-14 relative (median 6e-16) and methylstream's
 * saddle-point pmf, evaluated as exp(ln p), by up to 1.1e-13 (median 5e-15), so the two doubles, and with them
 * their shortest decimal forms, usually differ in the last digits (only ~2% of lines are byte-identical).
 */
@DisplayName("score --test pmf reproduces the seed script")
class SeedReproductionTest {
    static final double MAX_RELATIVE_ERROR = 1e-9;

    @TempDir
    Path dir;

    static Path resource(String name) {
        try {
            return Path.of(SeedReproductionTest.class.getResource("/seed/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** chrom, pos, count1, count2 -> p-value; fails on a repeated key. */
    static Map<String, Double> lines(String text) {
        Map<String, Double> lines = new LinkedHashMap<>();
        try (BufferedReader in = new BufferedReader(new StringReader(text))) {
            String line;
            while ((line = in.readLine()) != null) {
                int tab = line.lastIndexOf('\t');
                Double previous = lines.put(line.substring(0, tab), Double.parseDouble(line.substring(tab + 1)));
                assertEquals(null, previous, "repeated line " + line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    static void assertSameAsSeed(String output) throws IOException {
        Map<String, Double> expected = lines(gunzip(resource("expected-pmf.tsv.gz")));
        Map<String, Double> actual = lines(output);
        assertTrue(expected.size() > 10_000, "seed output lines: " + expected.size());
        List<String> problems = new ArrayList<>();
        for (String key : expected.keySet()) {
            if (!actual.containsKey(key)) {
                problems.add("missing: " + key + "\t" + expected.get(key));
            }
        }
        for (Map.Entry<String, Double> e : actual.entrySet()) {
            Double seed = expected.get(e.getKey());
            if (seed == null) {
                problems.add("extra: " + e.getKey() + "\t" + e.getValue());
            } else if (Math.abs(e.getValue() - seed) > MAX_RELATIVE_ERROR * seed) {
                problems.add("p-value: " + e.getKey() + " seed " + seed + ", methylstream " + e.getValue());
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " differences from the seed, e.g.\n  "
                    + String.join("\n  ", problems.subList(0, Math.min(20, problems.size()))));
        }
    }

    @Test
    @DisplayName("the same significant sites with p-values within 1e-9, in-process")
    void inProcess() throws Exception {
        CommandRun run = CommandRun.run("score", "--test", "pmf", resource("sites.tsv.gz").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("score: 20000 sites read"), run.err());
        assertSameAsSeed(run.out());
    }

    @Test
    @DisplayName("where a p-value is the same double as the seed's, the whole line is byte-identical")
    void identicalDoublesPrintIdentically() throws Exception {
        // the p-value layout (Python's str of a float) checked on real output, not only in ScoreLineTest
        CommandRun run = CommandRun.run("score", "--test", "pmf", "--quiet", resource("sites.tsv.gz").toString());
        Map<String, String> seedLines = new java.util.HashMap<>();
        gunzip(resource("expected-pmf.tsv.gz")).lines().forEach(l -> seedLines.put(l.substring(0, l.lastIndexOf('\t')), l));
        int sameDouble = 0;
        for (String line : run.out().lines().toList()) {
            String key = line.substring(0, line.lastIndexOf('\t'));
            String seed = seedLines.get(key);
            double ours = Double.parseDouble(line.substring(key.length() + 1));
            if (seed != null && Double.parseDouble(seed.substring(key.length() + 1)) == ours) {
                sameDouble++;
                assertEquals(seed, line);
            }
        }
        // the two pmf implementations round differently (~5e-15 apart), but exact cases such as k = n coincide
        assertTrue(sameDouble > 100, "lines with the same double: " + sameDouble);
    }

    /** The real entry point in its own JVM, as bin/methylstream runs it (same classes, System.exit included). */
    static CommandRun runMain(Path workDir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Methylstream.class.getName()));
        command.addAll(List.of(args));
        Path out = workDir.resolve("stdout");
        Path err = workDir.resolve("stderr");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "methylstream did not finish");
        return new CommandRun(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    @DisplayName("the entry point in a separate JVM: seed output via --out, exit 0")
    void separateJvm() throws Exception {
        Path out = dir.resolve("significant.tsv");
        CommandRun run = runMain(dir, "score", "--test", "pmf", "--out", out.toString(), resource("sites.tsv.gz").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertSameAsSeed(Files.readString(out));
    }

    @Test
    @DisplayName("the entry point in a separate JVM: exit 1 and FILE:LINE: reason on the first bad line, "
            + "exit 0 with --skip-invalid, exit 2 on a bad option")
    void separateJvmBadInput() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.txt"), "chr1\t1\t9\t1\nchr1\t2\t9\nchr1\t3\t-1\t2\nchr1\t4\t9\t1\n");
        CommandRun strict = runMain(dir, "score", "--test", "pmf", bad.toString());
        assertEquals(1, strict.exitCode());
        assertEquals(bad + ":2: expected 4 tab-separated columns (seed format), found 3\n", strict.err());

        CommandRun lenient = runMain(dir, "score", "--test", "pmf", "--skip-invalid", bad.toString());
        assertEquals(0, lenient.exitCode(), lenient.err());
        assertEquals(2, lenient.outLines().size());
        assertEquals(bad + ":3: column 3 (methylated) is negative: -1", lenient.errLines().get(1));
        assertTrue(lenient.errLines().get(2).contains("2 sites read") && lenient.errLines().get(2).contains("2 invalid lines"),
                lenient.err());

        assertEquals(2, runMain(dir, "score", "--alpha", "2", bad.toString()).exitCode());
    }
}
