package org.methylstream.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@DisplayName("Kafka's log file")
class KafkaLogTest {
    @TempDir
    Path dir;

    @AfterEach
    void restoreTheTestsLogging() {
        Configurator.reconfigure(); // back to the class path's log4j2.properties
    }

    @Test
    @Timeout(60)
    @DisplayName("is rotated at 10 MB and keeps 5 earlier files: bounded whatever is logged")
    void rotatedAndBounded() throws Exception {
        KafkaLog.toStateDirectory(dir, false);
        Logger kafka = LoggerFactory.getLogger("org.apache.kafka.test");
        String line = "x".repeat(200);
        for (int i = 0; i < 400_000; i++) { // ~90 MB, more than the 6 files together hold
            kafka.info("{} {}", i, line);
        }
        Configurator.reconfigure(); // closes the file

        List<Path> files;
        try (Stream<Path> listed = Files.list(dir.resolve("logs"))) {
            files = listed.sorted().toList();
        }
        assertEquals(List.of("methylstream.log", "methylstream.log.1", "methylstream.log.2", "methylstream.log.3",
                "methylstream.log.4", "methylstream.log.5"), files.stream().map(f -> f.getFileName().toString()).toList());
        for (Path file : files) {
            assertTrue(Files.size(file) <= 10 * 1024 * 1024 + 1024, file + ": " + Files.size(file));
        }
        String newest = Files.readString(dir.resolve("logs").resolve("methylstream.log"));
        assertTrue(newest.contains(" INFO  [") && newest.contains("org.apache.kafka.test - 399999 "), "the last line");
    }
}
