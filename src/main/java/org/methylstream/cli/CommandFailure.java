package org.methylstream.cli;

/** A command could not do its job for a reason the user can act on; printed without a stack trace. */
final class CommandFailure extends RuntimeException {
    CommandFailure(String message) {
        super(message, null, false, false);
    }

    /** With the exception behind it, so that a refusal by the cluster among its causes is what gets printed. */
    CommandFailure(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
