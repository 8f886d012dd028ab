package org.methylstream.cli;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A one-line progress display on a terminal ({@code \r}-rewritten twice a second), silent when stderr is a
 * file or pipe so logs stay clean.
 */
final class ProgressLine implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private final PrintStream out;

    private ProgressLine(ScheduledExecutorService timer, PrintStream out) {
        this.timer = timer;
        this.out = out;
    }

    /** Shows {@code what} counted by {@code count}, with its rate, while on a terminal. */
    static ProgressLine show(String what, LongSupplier count) {
        if (System.console() == null) {
            return new ProgressLine(null, null);
        }
        PrintStream out = System.err;
        long started = System.nanoTime();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "progress");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> {
            long n = count.getAsLong();
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf("\r%s: %,d (%,.0f/s)   ", what, n, n / Math.max(seconds, 1e-9));
        }, 500, 500, TimeUnit.MILLISECONDS);
        return new ProgressLine(timer, out);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            out.print("\r\033[K");
            out.flush();
        }
    }
}
