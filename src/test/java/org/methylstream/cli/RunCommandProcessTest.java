package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;
import org.methylstream.MethylstreamProcess;
import org.methylstream.logging.KafkaLog;

/** {@code run} as a user starts it, in its own JVM: what reaches the terminal, and what it leaves behind. */
@DisplayName("methylstream run in its own process")
class RunCommandProcessTest {
    private static final Path EXAMPLE = Path.of("examples", "sites.tsv");
    private static final Duration RUN_LIMIT = Duration.ofSeconds(150);

    @TempDir
    Path dir;

    @RegisterExtension
    final MethylstreamProcess.Children children = new MethylstreamProcess.Children();

    @Test
    @Timeout(180)
    @DisplayName("with its own broker: only methylstream's lines on the terminal, Kafka's in STATE-DIR/logs, no RocksDB"
            + " unless a store needs it, then its library under the state directory and none in the temp folder")
    void quietTerminal() throws Exception {
        Path state = dir.resolve("state");
        Path temp = Files.createDirectories(dir.resolve("tmp"));
        MethylstreamProcess run = children.start(dir, List.of("-Djava.io.tmpdir=" + temp), "run",
                "--state-dir", state.toString(), "--run-id", "quiet", "--out", dir.resolve("out.tsv").toString(),
                EXAMPLE.toString());

        assertEquals(0, run.awaitExit(RUN_LIMIT), run.stderr());
        List<String> terminal = run.stderr().lines().toList();
        assertTrue(terminal.size() >= 2 && terminal.stream().allMatch(line -> line.startsWith("run quiet: ")),
                "only methylstream's own summary lines:\n" + run.stderr());
        String log = Files.readString(KafkaLog.fileOf(state));
        assertTrue(log.contains(" INFO  [") && log.contains("org.apache.kafka.streams.KafkaStreams"),
                "Kafka's INFO lines, Streams' among them, are in the log file");
        assertTrue(log.contains("kafka.server.") || log.contains("org.apache.kafka.server"), "and the broker's");
        assertEquals(List.of(), rocksDbCopies(dir), "a run without --merge-cpg or --fdr has no RocksDB store");

        MethylstreamProcess fdr = children.start(dir, List.of("-Djava.io.tmpdir=" + temp), "run", "--fdr", "0.05",
                "--state-dir", state.toString(), "--run-id", "quiet-fdr", "--out", dir.resolve("fdr.tsv").toString(),
                EXAMPLE.toString());
        assertEquals(0, fdr.awaitExit(RUN_LIMIT), fdr.stderr());
        assertTrue(fdr.stderr().lines().noneMatch(line -> line.contains(" INFO  [") || line.contains(" WARN  [")),
                "no Kafka lines on the terminal with FDR either:\n" + fdr.stderr());
        assertEquals(List.of(), rocksDbCopies(temp), "nothing of RocksDB in the temp folder");
        assertEquals(1, rocksDbCopies(state).size(), "one copy under the state directory, for the FDR stages' stores");
    }

    @Test
    @Timeout(180)
    @DisplayName("--verbose: Kafka's log lines on the terminal too, and where the run's time went")
    void verbose() throws Exception {
        Path state = dir.resolve("state");
        MethylstreamProcess run = children.start(dir, "run", "--verbose", "--bootstrap-server",
                KafkaCluster.shared().bootstrapServers(), "--state-dir", state.toString(), "--run-id", "verbose",
                "--out", dir.resolve("out.tsv").toString(), EXAMPLE.toString());

        assertEquals(0, run.awaitExit(RUN_LIMIT), run.stderr());
        String terminal = run.stderr();
        assertTrue(terminal.contains(" INFO  [") && terminal.contains("org.apache.kafka.streams.KafkaStreams"), terminal);
        assertTrue(terminal.contains("run verbose: where the time went"), terminal);
        for (String phase : List.of("inputs checked", "topics created", "Streams running: first assignment",
                "Connect sink task running", "published", "drain: Streams committed past the last site",
                "drain: sink flushed and committed the last line", "Streams closed")) {
            assertTrue(terminal.contains(phase), phase + " in\n" + terminal);
        }
        assertTrue(Files.readString(KafkaLog.fileOf(state)).contains("org.apache.kafka.streams.KafkaStreams"),
                "the log file has them as well");
    }

    /** RocksDB's native library wherever it was put below {@code root}. */
    static List<Path> rocksDbCopies(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.getFileName().toString().startsWith("librocksdbjni")).toList();
        }
    }
}
