package org.methylstream.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.Await;
import org.methylstream.KafkaCluster;
import org.methylstream.MethylstreamProcess;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SignificantSite;
import org.methylstream.format.OutputFiles;
import org.methylstream.format.ScoreLine;
import org.methylstream.serde.AvroSerde;
import picocli.CommandLine;

@DisplayName("methylstream sink")
@Timeout(120)
class SinkCommandTest {
    private static final long WAIT_MS = 60_000;

    private final KafkaCluster cluster = KafkaCluster.shared();

    @TempDir
    Path dir;

    private Process sink;

    @AfterEach
    void stopSink() throws InterruptedException {
        if (sink != null && sink.isAlive()) {
            sink.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static SignificantSite site(long position) {
        MethylationSite site = MethylationSite.newBuilder().setSampleId("s1").setChromosome("chr2")
                .setPosition(position).setMethylated(12).setUnmethylated(3).build();
        return SignificantSite.newBuilder().setSite(site).setCoverage(15).setPValue(2.5e-7).setMinusLog10PValue(6.6)
                .setTest("upper").setErrorRate(0.01).setAlpha(0.05).setAnalysisId("analysis-1").build();
    }

    /** Starts {@code sink} on the topic in a child process and waits until it runs; returns its log. */
    private Path startSink(String topic, Path out, String... more) throws Exception {
        Path log = dir.resolve("sink.log");
        List<String> args = new ArrayList<>(List.of("sink", "--bootstrap-server", cluster.bootstrapServers(),
                "--topic", topic, "--file", out.toString(), "--flush-ms", "200",
                "--state-dir", dir.resolve("state").toString()));
        args.addAll(List.of(more));
        sink = new ProcessBuilder(MethylstreamProcess.command(args.toArray(String[]::new)))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await(() -> read(log).contains("sink: appending"), "the sink to start", log);
        return log;
    }

    /** Sites at chr2:1 to chr2:count. */
    private void produceSites(String topic, int count) {
        AvroSerde<SignificantSite> serde = AvroSerde.significantSite();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (long position = 1; position <= count; position++) {
            records.add(new ProducerRecord<>(topic, ("chr2:" + position).getBytes(UTF_8), serde.encode(site(position))));
        }
        cluster.produce(records);
    }

    @Test
    @DisplayName("in a process of its own, appends score lines until SIGTERM, then stops cleanly and exits 0")
    void runsUntilSigterm() throws Exception {
        String topic = cluster.createTopic("sink-command", 3);
        Path out = dir.resolve("significant.tsv");
        Path log = startSink(topic, out);

        List<String> expected = new ArrayList<>();
        for (long position = 1; position <= 30; position++) {
            expected.add(ScoreLine.format("chr2", position, 12, 3, 2.5e-7));
        }
        produceSites(topic, expected.size());
        await(() -> read(out).lines().count() == expected.size(), "every line in the file", log);
        String rss = Files.readAllLines(Path.of("/proc", Long.toString(sink.pid()), "status")).stream()
                .filter(line -> line.startsWith("VmRSS")).findFirst().orElse("VmRSS unknown");
        System.err.println(read(log).lines().filter(line -> line.startsWith("sink: appending")).findFirst()
                .orElseThrow() + "; " + rss.replaceAll("\\s+", " "));

        sink.destroy(); // SIGTERM
        assertTrue(sink.waitFor(30, TimeUnit.SECONDS), "the sink did not stop on SIGTERM");

        assertEquals(0, sink.exitValue(), read(log));
        assertTrue(read(log).contains("sink: stopped"), read(log));
        String text = read(out);
        assertTrue(text.endsWith("\n"), "the file ends inside a line");
        assertEquals(expected.stream().sorted().toList(), text.lines().sorted().toList());
    }

    @Test
    @DisplayName("--output-format bed writes BED lines valid against the .as file; a restart in another layout fails")
    void outputFormat() throws Exception {
        String topic = cluster.createTopic("sink-command-bed", 2);
        Path out = dir.resolve("significant.bed");
        Path log = startSink(topic, out, "--output-format", "bed");
        assertTrue(read(log).contains("as bed lines"), read(log));
        produceSites(topic, 10);
        await(() -> read(out).lines().count() == 10, "every line in the file", log);
        sink.destroy();
        assertTrue(sink.waitFor(30, TimeUnit.SECONDS), "the sink did not stop on SIGTERM");

        List<OutputFiles.Bed> bed = OutputFiles.readBed(read(out).lines().toList()).stream()
                .sorted(Comparator.comparing(OutputFiles.Bed::start)).toList();
        for (int i = 0; i < bed.size(); i++) {
            assertEquals(new OutputFiles.Bed("chr2", i, i + 1, "s1:chr2:" + (i + 1), 66, ".", 12, 3, 2.5e-7, 6.6),
                    bed.get(i));
        }

        StringWriter err = new StringWriter();
        int exit = Methylstream.commandLine().setErr(new PrintWriter(err)).execute("sink", "--bootstrap-server",
                cluster.bootstrapServers(), "--topic", topic, "--file", out.toString(), "--output-format", "allc",
                "--state-dir", dir.resolve("state").toString());
        assertEquals(1, exit);
        assertTrue(err.toString().contains("holds bed lines"), err.toString());
    }

    @Test
    @DisplayName("fails with exit 1 and Connect's reason when the worker cannot start")
    void reportsAFailedStart() throws IOException {
        String topic = cluster.createTopic("sink-command-fails", 1);
        Path offsetsDirectory = Files.createDirectories(dir.resolve("offsets"));
        StringWriter err = new StringWriter();

        int exit = Methylstream.commandLine().setErr(new PrintWriter(err)).execute("sink",
                "--bootstrap-server", cluster.bootstrapServers(), "--topic", topic,
                "--file", dir.resolve("out.tsv").toString(), "--offsets-file", offsetsDirectory.toString());

        assertEquals(1, exit);
        assertTrue(err.toString().startsWith("methylstream sink: Kafka Connect did not start"), err.toString());
    }

    @Test
    @DisplayName("needs --file")
    void needsAFile() {
        CommandLine cli = Methylstream.commandLine().setErr(new PrintWriter(new StringWriter()));

        assertEquals(2, cli.execute("sink", "--bootstrap-server", "127.0.0.1:1"));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, UTF_8) : "";
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    private void await(Await.Condition condition, String what, Path log) {
        try {
            Await.until(what, Duration.ofMillis(WAIT_MS), condition, () -> sink.isAlive() ? null : "the sink exited");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the sink said:\n" + read(log), e.getCause());
        }
    }
}
