package org.methylstream.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * SIGTERM and Ctrl-C as a request to stop, not an abrupt exit: commands poll or await it, then flush, commit
 * and return normally, so the process exits 0 with no half-written output. A JVM shutdown hook could not do
 * this, since once the JVM begins shutting down on a signal its exit status is fixed at 128 + signal.
 */
final class StopSignal {
    private static final CountDownLatch REQUESTED = new CountDownLatch(1);

    static {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> REQUESTED.countDown());
        }
    }

    private StopSignal() {
    }

    /** Installs the handlers; call before starting work. */
    static void install() {
        // the static initialiser does the work; this makes the dependency explicit at the call site
    }

    static boolean requested() {
        return REQUESTED.getCount() == 0;
    }

    /** Blocks until a stop is requested. */
    static void await() throws InterruptedException {
        REQUESTED.await();
    }

    /** Waits up to {@code timeout}; true when a stop was requested. */
    static boolean await(Duration timeout) throws InterruptedException {
        return REQUESTED.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
