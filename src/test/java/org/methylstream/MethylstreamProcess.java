package org.methylstream;


import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code methylstream ARGS} in a child JVM, for what only a separate process can show: SIGKILL in the middle of
 * work, SIGTERM, exit codes. It runs with this JVM's own java and class path, so it works from a clean checkout
 * where Maven runs the tests before any jar is built. Standard output and error go to files in {@code dir}.
 */
public final class MethylstreamProcess implements AutoCloseable {
    private static final AtomicInteger STARTED = new AtomicInteger();

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final String name;

    private MethylstreamProcess(Process process, Path stdout, Path stderr, String name) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.name = name;
    }

    /** Starts the child; {@code dir} receives {@code <n>-<command>.out} and {@code .err}. */
    public static MethylstreamProcess start(Path dir, String... args) {
        return start(dir, List.of(), args);
    }

    /** As {@link #start(Path, String...)}, with these JVM options added, e.g. {@code -Djava.io.tmpdir=DIR}. */
    public static MethylstreamProcess start(Path dir, List<String> jvmOptions, String... args) {
        String name = STARTED.incrementAndGet() + "-" + args[0];
        List<String> command = command(args);
        command.addAll(1, jvmOptions);
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            return new MethylstreamProcess(process, out, err, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** The command line that runs {@code methylstream ARGS} with this JVM's java and test class path. */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", // small and quick to start: the machine is shared
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "org.methylstream.cli.Methylstream"));
        command.addAll(List.of(args));
        return command;
    }

    /** The child's standard input, for commands reading {@code -}. */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /** Waits until {@code condition} holds; fails when the child exits or {@code timeout} passes first. */
    public void awaitThat(String what, Await.Condition condition, Duration timeout) {
        try {
            Await.until(what, timeout, condition, () -> process.isAlive() ? null
                    : name + " exited (" + process.exitValue() + ")\n" + stderr());
        } catch (AssertionError e) {
            throw new AssertionError(name + ": " + e.getMessage() + (process.isAlive() ? "\n" + stderr() : ""),
                    e.getCause());
        }
    }

    /** Waits until standard error holds {@code text}. */
    public void awaitStderr(String text, Duration timeout) throws InterruptedException {
        awaitThat("'" + text + "' on stderr", () -> stderr().contains(text), timeout);
    }

    /** SIGKILL: no shutdown hook, no flush, no commit. Returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " survived SIGKILL");
        }
    }

    /** SIGTERM, then waits for the exit; returns the exit code. Standard input stays open, as a pipe's would. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.toHandle().destroy(); // Process.destroy() would also close the child's standard input: an EOF race
        return awaitExit(timeout);
    }

    /** Waits for the exit; returns the exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not exit within " + timeout.toSeconds() + " s\n" + stderr());
        }
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public String stdout() {
        return read(stdout);
    }

    /** How much standard output there is so far, without reading it. */
    public long stdoutBytes() {
        return stdout.toFile().length();
    }

    public String stderr() {
        return read(stderr);
    }

    /** Kills the child if a failed test left it running. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name;
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The children one test starts, killed after it if a failed assertion left any running:
     * {@code @RegisterExtension final MethylstreamProcess.Children children = new MethylstreamProcess.Children();}
     */
    public static final class Children implements AfterEachCallback {
        private final List<MethylstreamProcess> started = new ArrayList<>();

        /** As {@link MethylstreamProcess#start}, remembered for clean-up. */
        public MethylstreamProcess start(Path dir, String... args) {
            return start(dir, List.of(), args);
        }

        /** As {@link MethylstreamProcess#start(Path, List, String...)}, remembered for clean-up. */
        public MethylstreamProcess start(Path dir, List<String> jvmOptions, String... args) {
            MethylstreamProcess child = MethylstreamProcess.start(dir, jvmOptions, args);
            started.add(child);
            return child;
        }

        @Override
        public void afterEach(ExtensionContext context) {
            started.forEach(MethylstreamProcess::close);
            started.clear();
        }
    }
}
