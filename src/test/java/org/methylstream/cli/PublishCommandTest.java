package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;
import org.methylstream.MethylstreamProcess;
import org.methylstream.TopicReader;
import org.methylstream.producer.SampleEndAssertions;

@DisplayName("methylstream publish ingests continuously")
class PublishCommandTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();

    @TempDir
    Path dir;

    @RegisterExtension
    final MethylstreamProcess.Children children = new MethylstreamProcess.Children();

    private String[] publish(String topic, String... rest) {
        List<String> args = new java.util.ArrayList<>(List.of("publish", "--bootstrap-server", KAFKA.bootstrapServers(),
                "--state-dir", dir.resolve("state").toString(), "--topic", topic));
        args.addAll(List.of(rest));
        return args.toArray(String[]::new);
    }

    @Test
    @DisplayName("publish - sends each line of a slowly written pipe before the pipe is closed, then ends the sample")
    void streamsStandardInput() throws Exception {
        String topic = KAFKA.createTopic("piped", 2);
        PipedOutputStream pipe = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(pipe);
        CompletableFuture<CommandRun> run = CompletableFuture.supplyAsync(() ->
                CommandRun.runWithStdin(stdin, publish(topic, "--sample", "sequencer", "-")));
        try (TopicReader reader = new TopicReader(KAFKA, topic)) {
            for (int position = 1; position <= 3; position++) {
                pipe.write(("chr1\t" + position + "\t3\t1\n").getBytes(StandardCharsets.US_ASCII));
                pipe.flush();
                assertEquals(List.of("sequencer:chr1:" + position), reader.keys(1, Duration.ofSeconds(5)),
                        "visible while standard input is still open");
            }
        }
        pipe.close();
        CommandRun result = run.get(30, TimeUnit.SECONDS);
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.err().contains("3 sites published") && result.err().contains("samples complete: sequencer"),
                result.err());
        SampleEndAssertions.assertEndsFollowSites(KAFKA, topic, Map.of("sequencer", 3L));
    }

    @Test
    @DisplayName("publish --follow keeps publishing a growing file until SIGTERM, then flushes, ends the sample, exits 0")
    void followsUntilSigterm() throws Exception {
        String topic = KAFKA.createTopic("followed", 3);
        Path file = dir.resolve("run42.tsv");
        Files.writeString(file, "chr2\t100\t7\t3\n", StandardCharsets.US_ASCII);
        MethylstreamProcess process = children.start(dir, publish(topic, "--follow", file.toString()));
        try (TopicReader reader = new TopicReader(KAFKA, topic)) {
            assertEquals(List.of("run42:chr2:100"), reader.keys(1, Duration.ofSeconds(30)));
            Files.writeString(file, "chr2\t200\t7\t3\nchr2\t3", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
            assertEquals(List.of("run42:chr2:200"), reader.keys(1, Duration.ofSeconds(5)));
        }

        int exit = process.terminate(Duration.ofSeconds(30));
        String stderr = process.stderr();
        assertEquals(0, exit, stderr);
        assertTrue(stderr.contains("2 sites published") && stderr.contains("samples complete: run42"), stderr);
        SampleEndAssertions.assertEndsFollowSites(KAFKA, topic, Map.of("run42", 2L));
    }

    @Test
    @DisplayName("--follow needs files, and --sample names one sample or one per file")
    void refusesMeaninglessCombinations() {
        CommandRun stdin = CommandRun.run("publish", "--follow", "-");
        assertEquals(2, stdin.exitCode());
        assertTrue(stdin.err().contains("--follow needs files"), stdin.err());
        CommandRun samples = CommandRun.run("publish", "--sample", "a", "--sample", "b", "x.tsv", "y.tsv", "z.tsv");
        assertEquals(2, samples.exitCode());
        assertTrue(samples.err().contains("2 sample names for 3 inputs"), samples.err());
    }
}
