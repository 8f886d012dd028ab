package org.methylstream.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;
import org.methylstream.MethylstreamProcess;
import org.methylstream.admin.GroupProgress;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SignificantSite;
import org.methylstream.connect.ScoreFileSinkTask;
import org.methylstream.serde.AvroSerde;

/**
 * SIGTERM (and Ctrl-C, the same request) in the middle of work: every command finishes what it started, flushes,
 * commits and exits 0, and no file holds half a line. The broker's own stop is in BrokerCommandTest.
 */
@DisplayName("SIGTERM mid-stream")
@Timeout(120)
class StopOnSigtermTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();
    private static final Duration EXIT = Duration.ofSeconds(60);
    private static final Pattern SCORE_LINE = Pattern.compile("chr1\t\\d+\t\\d+\t\\d+\t[0-9.e+-]+");

    @TempDir
    Path dir;

    @Test
    @DisplayName("score: standard output ends with a whole line; an --out file is not written at all")
    void score() throws Exception {
        try (MethylstreamProcess score = MethylstreamProcess.start(dir, "score", "-")) {
            feed(score.stdin());
            score.awaitThat("output", () -> score.stdoutBytes() > 10_000, Duration.ofSeconds(30));
            assertEquals(0, score.terminate(EXIT), score::stderr);
            assertWholeLines(score.stdout(), SCORE_LINE);
            assertTrue(score.stderr().contains("score: stopped on request"), score::stderr);
        }
        Path out = dir.resolve("significant.tsv");
        try (MethylstreamProcess score = MethylstreamProcess.start(dir, "score", "--out", out.toString(), "-")) {
            feed(score.stdin());
            score.awaitThat("a partial file", () -> Files.exists(partial(out)), Duration.ofSeconds(30));
            assertEquals(0, score.terminate(EXIT), score::stderr);
            assertFalse(Files.exists(out) || Files.exists(partial(out)), "neither the file nor its partial remain");
        }
    }

    @Test
    @DisplayName("generate: standard output ends with a whole line; an --out file is not written at all")
    void generate() throws Exception {
        try (MethylstreamProcess generate = MethylstreamProcess.start(dir, "generate", "--sites", "1000000000")) {
            generate.awaitThat("output", () -> generate.stdoutBytes() > 100_000, Duration.ofSeconds(30));
            assertEquals(0, generate.terminate(EXIT), generate::stderr);
            assertWholeLines(generate.stdout(), Pattern.compile("chr\\w+\t\\d+\t\\d+\t\\d+"));
        }
        Path out = dir.resolve("sites.tsv");
        try (MethylstreamProcess generate = MethylstreamProcess.start(dir, "generate", "--sites", "1000000000",
                "--out", out.toString())) {
            generate.awaitThat("a partial file", () -> Files.exists(partial(out)), Duration.ofSeconds(30));
            assertEquals(0, generate.terminate(EXIT), generate::stderr);
            assertFalse(Files.exists(out) || Files.exists(partial(out)), "neither the file nor its partial remain");
        }
    }

    @Test
    @DisplayName("publish: every site it reports published is on the topic")
    void publish() throws Exception {
        String topic = "sigterm-" + System.nanoTime();
        try (MethylstreamProcess publish = MethylstreamProcess.start(dir, "publish", "--bootstrap-server",
                KAFKA.bootstrapServers(), "--state-dir", dir.resolve("state").toString(), "--topic", topic, "-");
             Admin admin = KAFKA.admin()) {
            feed(publish.stdin());
            publish.awaitThat("sites on the topic", () -> records(admin, topic) > 10_000, Duration.ofSeconds(60));
            assertEquals(0, publish.terminate(EXIT), publish::stderr);
            Matcher summary = Pattern.compile("publish: (\\d+) sites published").matcher(publish.stderr());
            assertTrue(summary.find(), publish::stderr);
            assertEquals(Long.parseLong(summary.group(1)), records(admin, topic), "reported = on the topic");
        }
    }

    @Test
    @DisplayName("process: commits what it scored and leaves its group")
    void process() throws Exception {
        String input = KAFKA.createTopic("sites", 2);
        try (MethylstreamProcess process = MethylstreamProcess.start(dir, "process", "--exactly-once",
                "--bootstrap-server", KAFKA.bootstrapServers(), "--state-dir", dir.resolve("state").toString(),
                "--input-topic", input, "--output-topic", input + ".significant", "--application-id", "stop-" + input)) {
            process.awaitStderr("running", Duration.ofSeconds(60));
            assertEquals(0, process.terminate(EXIT), process::stderr);
            assertTrue(process.stderr().contains("process: stop requested, committing and leaving the group"),
                    process::stderr);
        }
    }

    @Test
    @DisplayName("sink: the file ends with a whole line and everything in it is committed")
    void sink() throws Exception {
        String topic = KAFKA.createTopic("significant", 2);
        Path out = dir.resolve("significant.tsv");
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = new Thread(() -> {
            for (long position = 1; producing.get(); position += 200) {
                KAFKA.produce(significantSites(topic, position, 200));
            }
        });
        producer.start();
        try (MethylstreamProcess sink = MethylstreamProcess.start(dir, "sink", "--bootstrap-server",
                KAFKA.bootstrapServers(), "--state-dir", dir.resolve("state").toString(), "--topic", topic,
                "--file", out.toString())) {
            sink.awaitThat("lines", () -> size(out) > 100_000, Duration.ofSeconds(60));
            assertEquals(0, sink.terminate(EXIT), sink::stderr);
        } finally {
            producing.set(false);
            producer.join();
        }
        assertWholeLines(Files.readString(out, StandardCharsets.UTF_8), SCORE_LINE);
        Properties position = new Properties();
        try (var in = Files.newInputStream(ScoreFileSinkTask.positionFileOf(out))) {
            position.load(in);
        }
        assertEquals(Files.size(out), Long.parseLong(position.getProperty("file.length")), "all of it committed");
    }

    @Test
    @DisplayName("run: closes its clients cleanly and writes no output file, complete or not")
    void run() throws Exception {
        Path out = dir.resolve("significant.tsv");
        String runId = "sigterm" + System.nanoTime();
        try (MethylstreamProcess run = MethylstreamProcess.start(dir, "run", "--bootstrap-server",
                KAFKA.bootstrapServers(), "--state-dir", dir.resolve("state").toString(), "--run-id", runId,
                "--partitions", "2", "--out", out.toString(), "-");
             Admin admin = KAFKA.admin()) {
            feed(run.stdin());
            String sites = "methylstream.run." + runId + ".sites";
            run.awaitThat("sites published", () -> records(admin, sites) > 10_000, Duration.ofSeconds(90));
            assertEquals(0, run.terminate(EXIT), run::stderr);
            assertTrue(run.stderr().contains("stopped on request"), run::stderr);
        }
        assertFalse(Files.exists(out) || Files.exists(partial(out)), "neither the file nor its partial remain");
    }

    /** Writes site lines to a command's standard input, from a daemon thread, until the command stops reading. */
    private static void feed(OutputStream stdin) {
        Thread feeder = new Thread(() -> {
            try (stdin) {
                for (long position = 1; ; ) {
                    StringBuilder lines = new StringBuilder();
                    for (int i = 0; i < 1000; i++, position++) {
                        lines.append("chr1\t").append(position).append("\t").append(position % 20).append("\t10\n");
                    }
                    stdin.write(lines.toString().getBytes(StandardCharsets.US_ASCII));
                    stdin.flush();
                }
            } catch (IOException e) {
                // the command has exited: nothing reads any more
            }
        }, "feeder");
        feeder.setDaemon(true);
        feeder.start();
    }

    private static void assertWholeLines(String text, Pattern line) {
        assertTrue(text.isEmpty() || text.endsWith("\n"), "ends with a line end");
        for (String each : text.split("\n")) {
            assertTrue(line.matcher(each).matches(), () -> "not a whole line: '" + each + "'");
        }
    }

    private static List<ProducerRecord<byte[], byte[]>> significantSites(String topic, long first, int count) {
        AvroSerde<SignificantSite> serde = AvroSerde.significantSite();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (long position = first; position < first + count; position++) {
            MethylationSite site = MethylationSite.newBuilder().setSampleId("s").setChromosome("chr1")
                    .setPosition(position).setMethylated(9).setUnmethylated(1).build();
            records.add(new ProducerRecord<>(topic, serde.encode(SignificantSite.newBuilder().setSite(site)
                    .setCoverage(10).setPValue(1e-9).setMinusLog10PValue(9).setTest("upper").setErrorRate(0.006)
                    .setAlpha(1e-5).setAnalysisId("stop").build())));
        }
        return records;
    }

    private static long records(Admin admin, String topic) {
        try {
            return GroupProgress.recordCount(admin, topic);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof ExecutionException cause
                    && cause.getCause() instanceof UnknownTopicOrPartitionException) {
                return 0; // not created yet
            }
            throw e;
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (NoSuchFileException e) {
            return 0; // renamed between the two calls
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path partial(Path file) {
        return file.resolveSibling(file.getFileName() + ".partial");
    }
}
