package org.methylstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.cli.Methylstream;

/**
 * README's first screen, as a newcomer meets it: the main command, exactly as written there, on a fresh clone of
 * this repository (its committed HEAD: what a newcomer clones, not the working tree), building on first use and with
 * a state directory of its own. About 40 s: the clone's build (Maven, tests skipped) and one run of the example.
 */
@DisplayName("README's first screen works on a fresh clone")
class FirstScreenTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final String RUN = "bin/methylstream run --out significant.tsv examples/sites.tsv";

    @TempDir
    Path dir;

    @Test
    @DisplayName("the first screen's commands are the main job on the shipped example and what CI runs")
    void commands() throws IOException {
        assertEquals(List.of(RUN, "mvn -B verify"), firstScreenCommands());
        List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        assertEquals("mvn -B verify", ci.get(ci.size() - 1), ".ci/run ends with the README's test command");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @DisplayName("bin/methylstream run --out significant.tsv examples/sites.tsv builds, runs and writes what score writes")
    void mainCommandOnAFreshClone() throws Exception {
        String head = exec(ROOT, "git", "rev-parse", "HEAD").strip();
        Path clone = dir.resolve("methylstream");
        exec(dir, "git", "clone", "--quiet", "--no-checkout", ROOT.toString(), clone.toString());
        exec(clone, "git", "checkout", "--quiet", "--detach", head);
        assertTrue(Files.notExists(clone.resolve("target")), "nothing built yet");

        ProcessBuilder command = new ProcessBuilder("bash", "-c", firstScreenCommands().get(0)).directory(clone.toFile())
                .redirectOutput(dir.resolve("run.out").toFile()).redirectError(dir.resolve("run.err").toFile());
        command.environment().put("METHYLSTREAM_HOME", dir.resolve("home").toString()); // not the user's
        Process run = command.start();
        if (!run.waitFor(4, TimeUnit.MINUTES)) {
            run.destroyForcibly();
            throw new AssertionError("no answer within 4 minutes\n" + Files.readString(dir.resolve("run.err")));
        }
        String err = Files.readString(dir.resolve("run.err"));
        assertEquals(0, run.exitValue(), err);
        assertTrue(err.contains("methylstream: building"), "built on first use: " + err);
        Path example = clone.resolve("examples/sites.tsv");
        assertEquals(score(example), Files.readAllLines(clone.resolve("significant.tsv")).stream().sorted().toList());
    }

    /** The commands of README's first code block, without their comments. */
    private static List<String> firstScreenCommands() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("```bash\n") + "```bash\n".length();
        String block = readme.substring(start, readme.indexOf("```", start));
        return block.lines().map(line -> line.replaceAll("\\s+#.*$", "").strip()).filter(line -> !line.isEmpty())
                .toList();
    }

    /** What {@code score} writes for the file, sorted: {@code run} writes the same lines in partition order. */
    private List<String> score(Path sites) throws IOException {
        Path out = dir.resolve("score.tsv");
        assertEquals(0, Methylstream.commandLine().execute("score", "--quiet", "--out", out.toString(),
                sites.toString()));
        return Files.readAllLines(out).stream().sorted().toList();
    }

    /** Runs a quick command (the test's time-out bounds it) and returns its output; fails unless it succeeds. */
    private static String exec(Path directory, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}
