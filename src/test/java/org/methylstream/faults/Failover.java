package org.methylstream.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The client settings an operator sets for quick recovery after a crash: a killed member leaves its consumer group
 * after 6 s (the broker's minimum) instead of 45 s, so a restarted process gets its partitions back sooner.
 */
final class Failover {
    private Failover() {
    }

    /** Writes the settings to {@code dir/failover.properties}, for {@code --kafka-config}. */
    static Path clientConfig(Path dir) throws IOException {
        Path file = dir.resolve("failover.properties");
        Files.writeString(file, "session.timeout.ms=6000\nheartbeat.interval.ms=1000\n", StandardCharsets.UTF_8);
        return file;
    }
}
