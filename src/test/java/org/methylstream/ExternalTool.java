package org.methylstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A program from a Debian package that a test checks methylstream's output with ({@code bedtools},
 * {@code python3-pybigwig}). {@code .ci/run} installs them, so in CI a missing one fails the test; on a developer's
 * machine without them the test is aborted (reported as skipped) with the package to install.
 */
public final class ExternalTool {
    private ExternalTool() {
    }

    /** The program's path, or the test ends as described above. */
    public static Path require(String program, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return missing(program + " is not installed (apt-get install " + debianPackage + ")");
    }

    /** Debian's own python3 (packages such as python3-pybigwig install there), with a module it must import. */
    public static Path requirePython(String module, String debianPackage) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python) || new ProcessBuilder(python.toString(), "-c", "import " + module)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() != 0) {
            return missing("/usr/bin/python3 cannot import " + module + " (apt-get install " + debianPackage + ")");
        }
        return python;
    }

    private static Path missing(String reason) {
        if (System.getenv("CI") != null) {
            return fail(reason + "; .ci/run installs it");
        }
        Assumptions.abort(reason);
        throw new AssertionError("unreachable");
    }

    /** Runs the command in {@code dir} and returns its standard output; fails with its stderr unless it exits 0. */
    public static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "tool", ".out");
        Path err = Files.createTempFile(dir, "tool", ".err");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command + " did not finish within 60 s");
        }
        assertEquals(0, process.exitValue(), command + " failed:\n" + Files.readString(err, StandardCharsets.UTF_8));
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
