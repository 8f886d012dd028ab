package org.methylstream.cli;

/**
 * Unwinds a command's work loop when Ctrl-C or SIGTERM asks to stop ({@link StopSignals}); thrown between two
 * units of work (a site, a line), so what was done so far is whole and can be flushed or discarded cleanly.
 */
final class StopRequested extends RuntimeException {
    StopRequested() {
        super(null, null, false, false);
    }
}
