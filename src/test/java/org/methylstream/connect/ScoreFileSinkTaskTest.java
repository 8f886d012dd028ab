package org.methylstream.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The exactly-once file sink task")
class ScoreFileSinkTaskTest {
    private static final TopicPartition P0 = new TopicPartition("significant", 0);
    private static final TopicPartition P1 = new TopicPartition("significant", 1);
    private static final String TRACK = "track type=bedGraph";

    @TempDir
    Path dir;

    /** The offsets the task asked Connect to rewind to. */
    private final Map<TopicPartition, Long> rewound = new HashMap<>();

    @Test
    @DisplayName("a new file starts every partition at the topic's beginning")
    void newFileStartsAtTheBeginning() {
        ScoreFileSinkTask task = started(dir.resolve("out.tsv"));
        task.open(List.of(P0, P1));
        assertEquals(Map.of(P0, 0L, P1, 0L), rewound);
        task.stop();
    }

    @Test
    @DisplayName("after a crash, the lines written since the last commit are cut off and read again from its offsets")
    void restartCutsBackToTheLastCommit() throws IOException {
        Path file = dir.resolve("out.tsv");
        ScoreFileSinkTask crashed = started(file);
        crashed.open(List.of(P0, P1));
        crashed.put(List.of(record(P0, 0, "chr1\t1"), record(P1, 0, "chr1\t2")));
        crashed.preCommit(new HashMap<>(Map.of(P0, new OffsetAndMetadata(1), P1, new OffsetAndMetadata(1))));
        crashed.put(List.of(record(P0, 1, "chr1\t3"), record(P1, 1, "chr1\t4")));
        crashed.preCommit(new HashMap<>(Map.of(P0, new OffsetAndMetadata(2), P1, new OffsetAndMetadata(2))));
        crashed.put(List.of(record(P0, 2, "chr1\t5")));
        crashed.stop(); // writes out the uncommitted line too, as a worker killed after a flush of its buffer would
        assertEquals("chr1\t1\nchr1\t2\nchr1\t3\nchr1\t4\nchr1\t5\n", Files.readString(file, StandardCharsets.UTF_8));

        rewound.clear();
        ScoreFileSinkTask restarted = started(file);
        restarted.open(List.of(P0, P1));

        assertEquals("chr1\t1\nchr1\t2\nchr1\t3\nchr1\t4\n", Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(Map.of(P0, 2L, P1, 2L), rewound);
        restarted.stop();
    }

    @Test
    @DisplayName("writes lines in UTF-8, non-ASCII names too, and cuts back to a commit by their bytes")
    void linesInUtf8() throws IOException {
        Path file = dir.resolve("out.tsv");
        ScoreFileSinkTask crashed = started(file);
        crashed.open(List.of(P0));
        crashed.put(List.of(record(P0, 0, "chrÜ_ß\t1"), record(P0, 1, "染色体1\t2")));
        crashed.preCommit(new HashMap<>(Map.of(P0, new OffsetAndMetadata(2))));
        crashed.put(List.of(record(P0, 2, "chrÉ\t3")));
        crashed.stop();
        assertEquals("chrÜ_ß\t1\n染色体1\t2\nchrÉ\t3\n", Files.readString(file, StandardCharsets.UTF_8));

        ScoreFileSinkTask restarted = started(file);
        restarted.open(List.of(P0));
        assertEquals("chrÜ_ß\t1\n染色体1\t2\n", Files.readString(file, StandardCharsets.UTF_8));
        restarted.stop();
    }

    @Test
    @DisplayName("refuses to append to a file it did not write, or one cut shorter than it wrote")
    void refusesFilesItDidNotWrite() throws IOException {
        Path foreign = dir.resolve("foreign.tsv");
        Files.writeString(foreign, "chr1\t1\t9\t1\t1e-9\n", StandardCharsets.UTF_8);
        ConnectException notOurs = assertThrows(ConnectException.class, () -> started(foreign));
        assertTrue(notOurs.getMessage().contains("has no foreign.tsv.position"), notOurs.getMessage());

        Path cut = dir.resolve("cut.tsv");
        ScoreFileSinkTask task = started(cut);
        task.open(List.of(P0));
        task.put(List.of(record(P0, 0, "chr1\t1")));
        task.preCommit(new HashMap<>(Map.of(P0, new OffsetAndMetadata(1))));
        task.stop();
        Files.writeString(cut, "", StandardCharsets.UTF_8);
        ConnectException shorter = assertThrows(ConnectException.class, () -> started(cut));
        assertTrue(shorter.getMessage().contains("was changed by something else"), shorter.getMessage());
    }

    @Test
    @DisplayName("a layout's first line goes once at the top of a new file, never again after restarts or a crash")
    void firstLineOnce() throws IOException {
        Path file = dir.resolve("out.bedgraph");
        ScoreFileSinkTask first = started(file, "bedgraph", TRACK);
        first.open(List.of(P0));
        first.stop(); // stopped before any record: the track line is committed all the same
        assertEquals(TRACK + "\n", Files.readString(file, StandardCharsets.UTF_8));

        ScoreFileSinkTask second = started(file, "bedgraph", TRACK);
        second.open(List.of(P0));
        second.put(List.of(record(P0, 0, "chr1\t0\t1\t9.0")));
        second.preCommit(new HashMap<>(Map.of(P0, new OffsetAndMetadata(1))));
        second.put(List.of(record(P0, 1, "chr1\t1\t2\t8.0")));
        second.stop(); // killed after writing an uncommitted line

        ScoreFileSinkTask third = started(file, "bedgraph", TRACK);
        third.open(List.of(P0));
        third.put(List.of(record(P0, 1, "chr1\t1\t2\t8.0")));
        third.preCommit(new HashMap<>(Map.of(P0, new OffsetAndMetadata(2))));
        third.stop();
        assertEquals(TRACK + "\nchr1\t0\t1\t9.0\nchr1\t1\t2\t8.0\n", Files.readString(file, StandardCharsets.UTF_8));

        // killed between writing the track line and committing it: the file has it, its position says length 0
        Path crashed = dir.resolve("crashed.bedgraph");
        started(crashed, "bedgraph", TRACK).stop();
        Path position = ScoreFileSinkTask.positionFileOf(crashed);
        Files.writeString(position, Files.readString(position).replaceAll("file.length=\\d+", "file.length=0"));
        ScoreFileSinkTask restarted = started(crashed, "bedgraph", TRACK);
        restarted.stop();
        assertEquals(TRACK + "\n", Files.readString(crashed, StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("refuses to continue a file in another layout than the one it holds")
    void refusesAnotherLayout() throws IOException {
        Path file = dir.resolve("out.bed");
        started(file, "bed", "").stop();
        ConnectException mixed = assertThrows(ConnectException.class, () -> started(file, "allc", ""));
        assertTrue(mixed.getMessage().contains("holds bed lines"), mixed.getMessage());
        Path older = dir.resolve("older.tsv");
        started(older).stop();
        // a position written before layouts were named in it: the file holds tsv lines
        Path position = ScoreFileSinkTask.positionFileOf(older);
        Files.writeString(position, Files.readString(position).replaceAll("file.layout=\\w+\n", ""));
        started(older, "tsv", "").stop();
        assertThrows(ConnectException.class, () -> started(older, "bed", ""));
    }

    private ScoreFileSinkTask started(Path file) {
        return started(file, Map.of(ScoreFileSinkConnector.FILE_CONFIG, file.toString()));
    }

    private ScoreFileSinkTask started(Path file, String layout, String header) {
        return started(file, Map.of(ScoreFileSinkConnector.FILE_CONFIG, file.toString(),
                ScoreFileSinkConnector.LAYOUT_CONFIG, layout, ScoreFileSinkConnector.HEADER_CONFIG, header));
    }

    private ScoreFileSinkTask started(Path file, Map<String, String> config) {
        ScoreFileSinkTask task = new ScoreFileSinkTask();
        task.initialize(context());
        task.start(config);
        return task;
    }

    /** The one thing the task asks of Connect is to rewind; every other call is not expected here. */
    @SuppressWarnings("unchecked")
    private SinkTaskContext context() {
        return (SinkTaskContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SinkTaskContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("offset") && args.length == 1) {
                        rewound.putAll((Map<TopicPartition, Long>) args[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static SinkRecord record(TopicPartition partition, long offset, String line) {
        return new SinkRecord(partition.topic(), partition.partition(), Schema.STRING_SCHEMA, null,
                Schema.STRING_SCHEMA, line, offset);
    }
}
