package org.methylstream.format;

/** Why one line's fields are not a site; {@link SiteReader} adds the file and line number. */
final class LineFormatException extends Exception {
    LineFormatException(String reason) {
        super(reason, null, false, false);
    }
}
