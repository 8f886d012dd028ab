package org.methylstream.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code methylstream ARGS} in a JVM of its own, as a user starts it: for what an in-process run cannot show, such
 * as a stop by SIGTERM (the stop request is one per JVM) and the exit status it leads to.
 */
final class MethylstreamProcess {
    private MethylstreamProcess() {
    }

    /** The command line that runs methylstream with the test class path; light on memory and start-up time. */
    static List<String> command(String... args) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classPath, Methylstream.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** Started with stdout and stderr going to the given files. */
    static Process start(Path stdout, Path stderr, String... args) throws IOException {
        return new ProcessBuilder(command(args))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
    }
}
