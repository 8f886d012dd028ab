package org.methylstream.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;
import org.methylstream.MethylstreamProcess;

@DisplayName("RocksDB's native library")
class RocksDbLibraryTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();

    @TempDir
    Path dir;

    @Test
    @Timeout(240)
    @DisplayName("a processor SIGKILLed twice leaves nothing in the temp folder; the one copy under the state directory"
            + " is reused")
    void killedProcessorsLeaveNoCopies() throws Exception {
        String input = KAFKA.createTopic("sites", 2);
        Path state = dir.resolve("state");
        Path temp = Files.createDirectories(dir.resolve("tmp"));
        FileTime firstCopy = null;
        for (int start = 1; start <= 2; start++) {
            // an application of its own each time: no waiting for the killed member's session to time out
            String application = "app-" + input + "-" + start;
            try (MethylstreamProcess process = MethylstreamProcess.start(dir, List.of("-Djava.io.tmpdir=" + temp),
                    "process", "--bootstrap-server", KAFKA.bootstrapServers(), "--state-dir", state.toString(),
                    "--input-topic", input, "--output-topic", input + ".significant", "--application-id",
                    application)) {
                process.awaitStderr("process: " + application + " running", Duration.ofSeconds(120));
                List<Path> copies = copies(state);
                assertEquals(1, copies.size(), copies.toString());
                assertEquals(copies.get(0).toRealPath().toString(), mapped(process.pid()), "the copy in use");
                if (firstCopy == null) {
                    firstCopy = Files.getLastModifiedTime(copies.get(0));
                } else {
                    assertEquals(firstCopy, Files.getLastModifiedTime(copies.get(0)), "not extracted again");
                }
                process.kill();
            }
            assertEquals(List.of(), copies(temp), "after SIGKILL " + start);
        }
    }

    private static List<Path> copies(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.getFileName().toString().startsWith("librocksdbjni")).toList();
        }
    }

    /** The RocksDB library the process has mapped, from its memory map. */
    private static String mapped(long pid) throws Exception {
        try (Stream<String> maps = Files.lines(Path.of("/proc", Long.toString(pid), "maps"))) {
            return maps.filter(line -> line.contains("librocksdbjni")).map(line -> line.substring(line.indexOf('/')))
                    .findFirst().orElse("none");
        }
    }
}
