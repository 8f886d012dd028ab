package org.methylstream;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The one way tests wait for something to become true: poll a condition until it holds, fail with what was awaited
 * when the time is up. A condition that throws fails the wait at once with that error, so a broken poller shows its
 * cause instead of running into the timeout; a condition that must tolerate a passing state (a topic not created
 * yet, a file being written) says so by catching exactly that exception itself.
 */
public final class Await {
    private static final Duration POLL = Duration.ofMillis(50);

    /** A condition to poll; may throw. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    /** Waits until {@code condition} holds; fails when {@code timeout} passes first. */
    public static void until(String what, Duration timeout, Condition condition) {
        until(what, timeout, condition, () -> null);
    }

    /**
     * Waits until {@code condition} holds; fails when {@code timeout} passes first, or as soon as {@code giveUp}
     * returns a reason (a child process exited, a stream thread died), with that reason.
     *
     * @param giveUp returns null while waiting still makes sense, else why it does not; also appended to a timeout
     *               failure when it says something then
     */
    public static void until(String what, Duration timeout, Condition condition, Supplier<String> giveUp) {
        until(what, timeout, POLL, condition, giveUp);
    }

    /**
     * Reads until {@code step} says it is done: for loops whose every step waits by itself (a consumer's poll), so
     * nothing is added between steps; fails when {@code timeout} passes first.
     */
    public static void reading(String what, Duration timeout, Condition step) {
        until(what, timeout, Duration.ZERO, step, () -> null);
    }

    private static void until(String what, Duration timeout, Duration pause, Condition condition,
                              Supplier<String> giveUp) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what, e);
            } catch (Exception e) {
                throw new AssertionError("failed while waiting until " + what + ": " + e, e);
            }
            String reason = giveUp.get();
            if (reason != null) {
                throw new AssertionError("gave up waiting until " + what + ": " + reason);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting until " + what);
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what, e);
            }
        }
    }
}
