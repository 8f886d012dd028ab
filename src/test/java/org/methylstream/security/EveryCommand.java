package org.methylstream.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.methylstream.MethylstreamProcess;
import org.methylstream.synthetic.SyntheticMethylome;

/**
 * Runs every Kafka command once against a secured cluster, each with the {@code --kafka-config} file the test
 * gives for it, and checks each did its job: publish, process and process --exactly-once (side by side, into two
 * topics), sink and watch (reading what they wrote), replay and stats. The significant sites must be score's.
 * Everything the commands printed is kept, for the test that no secret was printed.
 */
final class EveryCommand {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    private static final String EXACTLY_ONCE_OUTPUT = "methylation.significant.eos";

    private final Path dir;
    private final String bootstrapServers;
    private final Function<String, Path> configOf;
    private final List<String> secrets;
    private final List<MethylstreamProcess> runs = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param configOf maps each command name of {@link CommandAcls#BY_COMMAND} to its client config file
     * @param secrets  what the config files hold and no command may print
     */
    EveryCommand(Path dir, String bootstrapServers, Function<String, Path> configOf, List<String> secrets) {
        this.dir = dir;
        this.bootstrapServers = bootstrapServers;
        this.configOf = configOf;
        this.secrets = List.copyOf(secrets);
    }

    /** Fails when any of {@code runs} printed any of {@code secrets}, on standard output or error. */
    static void assertNoSecretPrinted(List<MethylstreamProcess> runs, List<String> secrets) {
        for (MethylstreamProcess run : runs) {
            for (String secret : secrets) {
                assertFalse(run.stdout().contains(secret) || run.stderr().contains(secret), run + " printed a secret");
            }
        }
    }

    /** Writes a client config file only its owner may read, as a user should. */
    static Path writeConfig(Path file, Map<String, String> settings) throws IOException {
        Files.writeString(file, settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n")), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /**
     * Writes a client config file with the settings of one of README's examples ({@code examples/NAME}), which must
     * name exactly these keys: the tests run on what users copy.
     */
    static Path writeConfigAs(String example, Path file, Map<String, String> settings) throws IOException {
        Properties shipped = new Properties();
        try (java.io.Reader reader = Files.newBufferedReader(Path.of("examples", example), StandardCharsets.UTF_8)) {
            shipped.load(reader);
        }
        assertEquals(new java.util.TreeSet<>(shipped.stringPropertyNames()), new java.util.TreeSet<>(settings.keySet()),
                "examples/" + example + " has the settings the test uses");
        return writeConfig(file, settings);
    }

    List<MethylstreamProcess> runs() {
        return runs;
    }

    /** Runs every command once, checking each; then, even when one failed, that none printed a secret. */
    void runAll() throws Exception {
        try {
            runEach();
        } finally {
            assertNoSecretPrinted(runs, secrets);
        }
    }

    private void runEach() throws Exception {
        Path sites = dir.resolve("sites.tsv");
        StringWriter text = new StringWriter();
        new SyntheticMethylome(2000, 11).writeTo(text);
        Files.writeString(sites, text.toString(), StandardCharsets.US_ASCII);
        MethylstreamProcess score = MethylstreamProcess.start(dir, "score", sites.toString());
        assertEquals(0, score.awaitExit(COMMAND_TIMEOUT), score::stderr);
        List<String> expected = sorted(score.stdout());
        assertFalse(expected.isEmpty());

        MethylstreamProcess publish = finished(start("publish", "publish", "--partitions", "2", sites.toString()));
        assertTrue(publish.stderr().contains("publish: 2000 sites published"), publish::stderr);

        Path sinkFile = dir.resolve("sink.tsv");
        try (MethylstreamProcess process = start("process", "process", "--state-dir", dir.resolve("p").toString());
             MethylstreamProcess exactlyOnce = start("process --exactly-once", "process", "--exactly-once",
                     "--application-id", "methylstream-eos", "--output-topic", EXACTLY_ONCE_OUTPUT,
                     "--state-dir", dir.resolve("eos").toString())) {
            process.awaitStderr(" tasks (", COMMAND_TIMEOUT); // the readers below start once their topics exist
            exactlyOnce.awaitStderr(" tasks (", COMMAND_TIMEOUT);
            try (MethylstreamProcess sink = start("sink", "sink", "--topic", EXACTLY_ONCE_OUTPUT, "--file",
                    sinkFile.toString(), "--flush-ms", "200", "--state-dir", dir.resolve("sink").toString());
                 MethylstreamProcess watch = start("watch", "watch", "--from-beginning", "--max-sites",
                         Integer.toString(expected.size()))) {
                assertEquals(0, watch.awaitExit(COMMAND_TIMEOUT), watch::stderr);
                assertEquals(expected, sorted(watch.stdout()), "watch printed the default analysis's sites");
                sink.awaitThat("every exactly-once site in the sink file", () -> lines(sinkFile) >= expected.size(),
                        COMMAND_TIMEOUT);
                assertEquals(0, sink.terminate(COMMAND_TIMEOUT), sink::stderr);
            }
            assertEquals(0, process.terminate(COMMAND_TIMEOUT), process::stderr);
            assertEquals(0, exactlyOnce.terminate(COMMAND_TIMEOUT), exactlyOnce::stderr);
        }
        assertEquals(expected, sorted(Files.readString(sinkFile, StandardCharsets.UTF_8)));

        MethylstreamProcess replay = finished(start("replay", "replay", "--analysis", "secured"));
        assertTrue(replay.stderr().contains(expected.size() + " significant sites in methylation.significant.secured"),
                replay::stderr);

        MethylstreamProcess stats = finished(start("stats", "stats", "--state-dir", dir.resolve("stats").toString()));
        String total = stats.stdout().lines().filter(line -> line.startsWith("sites\t*\t")).findFirst()
                .orElseThrow(() -> new AssertionError("no total row:\n" + stats.stdout()));
        assertEquals("2000", total.split("\t")[2], total);
        assertEquals(Integer.toString(expected.size()), total.split("\t")[4], total);
    }

    /** {@code methylstream ARGS} as the principal of {@code command}'s config, on this cluster. */
    MethylstreamProcess start(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-server", bootstrapServers, "--kafka-config", configOf.apply(command).toString()));
        if (!all.contains("--state-dir")) {
            all.addAll(List.of("--state-dir", dir.resolve("state").toString()));
        }
        MethylstreamProcess run = MethylstreamProcess.start(dir, all.toArray(String[]::new));
        runs.add(run);
        return run;
    }

    private static MethylstreamProcess finished(MethylstreamProcess run) throws InterruptedException {
        assertEquals(0, run.awaitExit(COMMAND_TIMEOUT), run::stderr);
        return run;
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).size() : 0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> sorted(String text) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        Collections.sort(lines);
        return lines;
    }
}
