package org.methylstream.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("run --verbose's timeline")
class TimelineTest {
    @Test
    @DisplayName("counts from the process's start to a few hundredths of a second, and lists phases in the order they ended")
    void countsFromTheProcessStart() {
        long uptimeBefore = ManagementFactory.getRuntimeMXBean().getUptime();
        Timeline timeline = Timeline.sinceJvmStart();
        long uptimeAfter = ManagementFactory.getRuntimeMXBean().getUptime();
        timeline.mark("second phase");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        timeline.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();

        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(1).endsWith("JVM start, command line parsed (main)"), lines.get(1));
        assertTrue(lines.get(2).endsWith("second phase (main)"), lines.get(2));
        double first = Double.parseDouble(lines.get(1).strip().split(" ")[0]);
        // the JVM's own clock starts a little after the process: the boot's whole second, used before, was up to 1 s off
        assertTrue(first >= uptimeBefore / 1000.0 - 0.05 && first <= uptimeAfter / 1000.0 + 0.2,
                first + " s against the JVM's uptime " + uptimeBefore + "-" + uptimeAfter + " ms");
    }
}
