package org.methylstream.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.methylstream.KafkaCluster;

/**
 * One in-process run of {@code methylstream ARGS}: the exit code and what went to stdout and stderr.
 * ScoreCommand writes through System.out and System.err, so those (and System.in) are swapped for the run;
 * JUnit runs these tests one at a time.
 */
record CommandRun(int exitCode, String out, String err) {
    static CommandRun run(String... args) {
        return runWithStdin(new byte[0], args);
    }

    /** {@code methylstream COMMAND REST} against {@code kafka}, with its state in {@code stateDir}. */
    static CommandRun on(KafkaCluster kafka, Path stateDir, String command, String... rest) {
        List<String> args = new ArrayList<>(List.of(command, "--bootstrap-server", kafka.bootstrapServers(),
                "--state-dir", stateDir.toString()));
        args.addAll(List.of(rest));
        return run(args.toArray(String[]::new));
    }

    static CommandRun runWithStdin(byte[] stdin, String... args) {
        return runWithStdin(new ByteArrayInputStream(stdin), args);
    }

    /** With standard input read from {@code stdin}, e.g. a pipe the test writes to while the command runs. */
    static CommandRun runWithStdin(InputStream stdin, String... args) {
        InputStream oldIn = System.in;
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setIn(stdin);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            // a fresh CommandLine takes its out/err writers from the swapped streams
            code = Methylstream.commandLine().execute(args);
            System.out.flush();
            System.err.flush();
        } finally {
            System.setIn(oldIn);
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new CommandRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    List<String> outLines() {
        return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n", -1)).subList(0, out.split("\n", -1).length - 1);
    }

    List<String> errLines() {
        return err.isEmpty() ? List.of() : Arrays.asList(err.split("\n", -1)).subList(0, err.split("\n", -1).length - 1);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
