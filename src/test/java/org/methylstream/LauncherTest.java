package org.methylstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/methylstream}'s choice of JIT for {@code run}: C1 alone for an input of at most 32 MB (README,
 * Performance), whatever files the options name. Runs the launcher with a stand-in {@code java} that prints its
 * arguments, in a copy of the project that looks built.
 */
@DisplayName("bin/methylstream")
class LauncherTest {
    private static final String C1_ALONE = "-XX:TieredStopAtLevel=1";
    private static final long LARGE = 40L << 20;

    @TempDir
    Path dir;
    private Path home;
    private Path javaHome;

    @BeforeEach
    void project() throws IOException {
        home = dir.resolve("project");
        Files.createDirectories(home.resolve("bin"));
        Files.copy(Path.of("bin/methylstream"), home.resolve("bin/methylstream"));
        for (String source : List.of("src/main", "schemas")) {
            Files.createDirectories(home.resolve(source));
        }
        Files.writeString(home.resolve("pom.xml"), "");
        Path jar = Files.createDirectories(home.resolve("target")).resolve("methylstream.jar");
        Files.writeString(jar, "");
        Instant built = Instant.now().plusSeconds(60); // newer than every source: no build
        Files.setLastModifiedTime(jar, FileTime.from(built));
        javaHome = dir.resolve("jdk");
        Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    @DisplayName("run compiles with C1 alone on a small input, even beside a large --out left by an earlier run")
    void smallInputBesideALargeOutput() throws Exception {
        Path input = Files.writeString(dir.resolve("sites.tsv"), "chr1\t100\t3\t7\n");
        Path out = sized(dir.resolve("out.tsv"), LARGE);
        List<String> options = jvmOptions("run", "--out", out.toString(), input.toString());
        assertTrue(options.contains(C1_ALONE), options.toString());
        assertTrue(options.contains("-XX:CompileThresholdScaling=1"), "C1 at HotSpot's thresholds: " + options);
        assertTrue(jvmOptions("run", "--verbose", input.toString(), "--out", out.toString()).contains(C1_ALONE));
    }

    @Test
    @DisplayName("run keeps C2 on a large input, after a flag too, and on standard input")
    void largeInput() throws Exception {
        Path input = sized(dir.resolve("sites.tsv"), LARGE);
        Path out = dir.resolve("out.tsv");
        List<String> options = jvmOptions("run", "--out", out.toString(), input.toString());
        assertFalse(options.contains(C1_ALONE), options.toString());
        assertTrue(options.contains("-XX:CompileThresholdScaling=3"), "C2 compiles only the really hot: " + options);
        assertFalse(jvmOptions("run", "--merge-cpg", input.toString(), "--out", out.toString()).contains(C1_ALONE));
        assertFalse(jvmOptions("run", "--out", out.toString(), "-").contains(C1_ALONE));
    }

    @Test
    @DisplayName("METHYLSTREAM_JAVA_OPTS's own -XX:TieredStopAtLevel or -XX:CompileThresholdScaling replaces the choice")
    void optionsGivenWin() throws Exception {
        Path input = Files.writeString(dir.resolve("sites.tsv"), "chr1\t100\t3\t7\n");
        List<String> options = jvmOptionsWith("-XX:TieredStopAtLevel=4", "run", "--out", "out.tsv", input.toString());
        assertTrue(options.contains("-XX:TieredStopAtLevel=4"));
        assertFalse(options.contains(C1_ALONE));
        List<String> scaled = jvmOptionsWith("-XX:CompileThresholdScaling=0.5", "run", "--out", "out.tsv",
                input.toString());
        assertTrue(scaled.contains(C1_ALONE), scaled.toString());
        assertEquals(1, scaled.stream().filter(o -> o.startsWith("-XX:CompileThresholdScaling=")).count(), scaled.toString());
        assertTrue(scaled.contains("-XX:CompileThresholdScaling=0.5"), scaled.toString());
    }

    private static Path sized(Path file, long bytes) throws IOException {
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(bytes);
        }
        return file;
    }

    private List<String> jvmOptions(String... args) throws Exception {
        return jvmOptionsWith(null, args);
    }

    /** The options the launcher gives java before {@code -jar}, given {@code javaOpts} in METHYLSTREAM_JAVA_OPTS. */
    private List<String> jvmOptionsWith(String javaOpts, String... args) throws Exception {
        ProcessBuilder launcher = new ProcessBuilder();
        launcher.command().add(home.resolve("bin/methylstream").toString());
        launcher.command().addAll(List.of(args));
        launcher.environment().put("JAVA_HOME", javaHome.toString());
        launcher.environment().put("METHYLSTREAM_CDS", "off");
        if (javaOpts == null) {
            launcher.environment().remove("METHYLSTREAM_JAVA_OPTS");
        } else {
            launcher.environment().put("METHYLSTREAM_JAVA_OPTS", javaOpts);
        }
        Process process = launcher.directory(dir.toFile()).redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), printed);
        List<String> words = List.of(printed.split(" "));
        assertTrue(words.contains("-jar"), printed);
        return words.subList(0, words.indexOf("-jar"));
    }
}
