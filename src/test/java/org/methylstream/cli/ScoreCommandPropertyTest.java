package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.methylstream.format.ScoreLine;
import org.methylstream.format.SiteInputs;
import org.methylstream.format.SiteOracle;
import org.methylstream.format.SiteOracle.Outcome;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.SiteScorer;

/**
 * The score command on any file: with --skip-invalid it exits 0, writes exactly the oracle's sites scored and
 * reports exactly the oracle's bad lines as FILE:LINE: reason; without it, it stops at the first bad line with
 * exit 1, that one message and no output file. Never a stack trace.
 */
@Label("score on any file")
class ScoreCommandPropertyTest {
    private static final Duration PER_TRY = Duration.ofSeconds(10);
    private final SiteScorer scorer = new SiteScorer(ScoringParameters.DEFAULTS);
    private Path dir;

    @BeforeProperty
    void createDirectory() throws IOException {
        dir = Files.createTempDirectory("score-properties");
    }

    @AfterProperty
    void deleteDirectory() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    @Property(tries = 60)
    @Label("--skip-invalid: every good line scored as the batch scorer does, every bad one reported, exit 0")
    void skipInvalidScoresEveryGoodLineAndReportsEveryBadOne(@ForAll("lines") List<String> lines) throws IOException {
        Path input = write(lines);
        List<Outcome> expected = SiteOracle.outcomes(String.join("\n", lines) + "\n", null);

        CommandRun run = assertTimeoutPreemptively(PER_TRY, () -> CommandRun.run("score", "--all", "--skip-invalid", input.toString()));

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(expected.stream().filter(o -> !o.refused() && isTested(o.site())).map(o -> scored(o.site())).toList(), run.outLines());
        List<String> errors = run.errLines();
        // the refusals, then the summary and its notes (the detected format, rows skipped by mod code)
        int summary = errors.indexOf(errors.stream().filter(e -> e.startsWith("score: ")).findFirst().orElseThrow());
        assertEquals(expected.stream().filter(Outcome::refused).map(o -> input + ":" + o.line()).toList(),
                errors.subList(0, summary).stream().map(ScoreCommandPropertyTest::fileAndLine).toList(), run::toString);
        assertTrue(errors.subList(summary, errors.size()).stream().allMatch(e -> e.startsWith("score: ")),
                run::toString);
    }

    @Property(tries = 40)
    @Label("strict: the first bad line stops it with exit 1 and FILE:LINE: reason, and no output file appears")
    void strictStopsAtTheFirstBadLine(@ForAll("lines") List<String> lines) throws IOException {
        Path input = write(lines);
        Path out = dir.resolve("out.tsv");
        List<Outcome> expected = SiteOracle.outcomes(String.join("\n", lines) + "\n", null);
        Files.deleteIfExists(out);

        CommandRun run = assertTimeoutPreemptively(PER_TRY, () -> CommandRun.run("score", "--out", out.toString(), input.toString()));

        var firstBad = expected.stream().filter(Outcome::refused).findFirst();
        if (firstBad.isPresent()) {
            assertEquals(1, run.exitCode(), run::toString);
            assertEquals(1, run.errLines().size(), run::toString);
            assertEquals(input + ":" + firstBad.get().line(), fileAndLine(run.errLines().get(0)));
            assertFalse(Files.exists(out), "no output file after a bad line");
        } else {
            assertEquals(0, run.exitCode(), run::toString);
            assertTrue(Files.exists(out));
        }
        assertFalse(run.err().contains("\tat "), "no stack trace");
    }

    private Path write(List<String> lines) throws IOException {
        Path input = dir.resolve("sites.tsv");
        Files.write(input, SiteInputs.join(lines, "\n", true));
        return input;
    }

    private boolean isTested(SiteOracle.Site site) {
        return scorer.isTested(site.methylated() + site.unmethylated());
    }

    private String scored(SiteOracle.Site site) {
        int coverage = site.methylated() + site.unmethylated();
        return ScoreLine.format(site.chromosome(), site.position(), site.methylated(), site.unmethylated(),
                scorer.pValue(site.methylated(), coverage));
    }

    /** {@code FILE:LINE} of a {@code FILE:LINE: reason} message; fails on any other kind of line. */
    private static String fileAndLine(String message) {
        assertTrue(message.matches(".+:\\d+: .+"), message);
        int colon = message.indexOf(": ");
        return message.substring(0, colon);
    }

    @Provide
    Arbitrary<List<String>> lines() {
        // the long lines are left to SiteReaderPropertyTest: here they would only slow the command runs down
        return SiteInputs.lines().filter(lines -> lines.stream().allMatch(line -> line.length() < 10_000));
    }
}
