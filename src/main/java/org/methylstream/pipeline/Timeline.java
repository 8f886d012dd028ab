package org.methylstream.pipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When each phase of a run ended, counted from the JVM's start, for {@code run --verbose}: the table that shows where
 * a run's time goes (README, Performance). Safe to mark from several threads, as the parts start concurrently.
 */
public final class Timeline {
    private final long jvmStartNanos;
    private final List<Mark> marks = new ArrayList<>();

    private record Mark(String phase, long nanos, String thread) {
    }

    private Timeline(long jvmStartNanos) {
        this.jvmStartNanos = jvmStartNanos;
    }

    /** Starts at the JVM's start (as the operating system saw it), and marks the time {@code main} got control. */
    public static Timeline sinceJvmStart() {
        long now = System.nanoTime();
        Timeline timeline = new Timeline(now - sinceProcessStart());
        timeline.mark("JVM start, command line parsed");
        return timeline;
    }

    /**
     * The process's age to a hundredth of a second, from Linux's uptime and the process's start in clock ticks since
     * boot. ({@link ProcessHandle.Info#startInstant} adds the boot time, which Linux gives in whole seconds: up to a
     * second off.) Elsewhere, that start instant.
     */
    private static long sinceProcessStart() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // the fields after the command name, which is in parentheses and may hold spaces; starttime is field 22
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double startedTicks = Long.parseLong(fields[22 - 3]);
            double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
            return Math.max(0, (long) ((uptime - startedTicks / USER_HZ) * 1e9));
        } catch (IOException | RuntimeException e) {
            Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.now());
            return Math.max(0, Duration.between(started, Instant.now()).toNanos());
        }
    }

    /** The unit of /proc's clock ticks on every Linux architecture ({@code USER_HZ}). */
    private static final double USER_HZ = 100;

    /** Records that {@code phase} ended now. */
    public synchronized void mark(String phase) {
        marks.add(new Mark(phase, System.nanoTime(), Thread.currentThread().getName()));
    }

    /** One line per phase, in the order they ended: seconds since JVM start, the phase's own share, and its name. */
    public synchronized void print(PrintStream out) {
        out.println("  since JVM start   since previous   phase (thread)");
        long previous = jvmStartNanos;
        for (Mark mark : marks) {
            out.printf("  %13.3f s  %13.3f s   %s (%s)%n", seconds(mark.nanos - jvmStartNanos),
                    seconds(mark.nanos - previous), mark.phase, mark.thread);
            previous = mark.nanos;
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
