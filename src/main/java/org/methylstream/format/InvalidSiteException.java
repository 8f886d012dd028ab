package org.methylstream.format;

/** A line that is not a valid site; the message is {@code FILE:LINE: reason}, ready for the user. */
public final class InvalidSiteException extends Exception {
    private final String source;
    private final long lineNumber;
    private final String reason;

    public InvalidSiteException(String source, long lineNumber, String reason) {
        super(source + ":" + lineNumber + ": " + reason, null, false, false);
        this.source = source;
        this.lineNumber = lineNumber;
        this.reason = reason;
    }

    public String source() {
        return source;
    }

    public long lineNumber() {
        return lineNumber;
    }

    public String reason() {
        return reason;
    }
}
