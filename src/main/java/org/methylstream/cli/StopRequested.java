package org.methylstream.cli;

/**
 * Unwinds a command's work loop when SIGTERM or Ctrl-C asks to stop ({@link StopSignal}); thrown between two
 * units of work (a site, a line), so what was done so far is whole and can be flushed or discarded cleanly.
 */
final class StopRequested extends RuntimeException {
    StopRequested() {
        super(null, null, false, false);
    }

    /** Throws when a stop was requested. */
    static void check() {
        if (StopSignal.requested()) {
            throw new StopRequested();
        }
    }
}
