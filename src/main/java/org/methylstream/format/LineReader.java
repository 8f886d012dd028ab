package org.methylstream.format;

import java.io.IOException;
import java.io.InputStream;

/**
 * Lines of a byte stream, without decoding to strings and with bounded memory: a line longer than
 * {@link #MAX_LINE} bytes is skipped to its end and flagged, never buffered whole. Accepts LF and CRLF.
 * Reads only what the stream has, so a pipe or a followed file yields each line as soon as it is complete.
 */
final class LineReader {
    static final int MAX_LINE = 1 << 20;
    /**
     * Every read of the stream asks for this many bytes, whoever reads it ({@link #readRaw} too): a corrupt gzip
     * stream loses what the failing read had decompressed, so equal requests fail after the same lines.
     */
    static final int READ = 1 << 16;

    private final InputStream in;
    private byte[] buf = new byte[2 * READ];
    private int pos;
    private int limit;
    private boolean eof;
    private long lineNumber;
    private int lineStart;
    private int lineEnd;
    private boolean overlong;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** Advances to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        overlong = false;
        int scan = pos;
        while (true) {
            for (int i = scan; i < limit; i++) {
                if (buf[i] == '\n') {
                    if (i - pos >= MAX_LINE) {
                        skipped(i + 1);
                    } else {
                        setLine(pos, i);
                        pos = i + 1;
                    }
                    return true;
                }
            }
            int pending = limit - pos;
            if (eof) {
                if (pending >= MAX_LINE) {
                    skipped(limit);
                    return true;
                }
                if (pending > 0) {
                    setLine(pos, limit);
                    pos = limit;
                    return true;
                }
                return false;
            }
            if (pending >= MAX_LINE) {
                skipRestOfLine();
                return true;
            }
            scan = pending;
            makeRoom();
            fill();
        }
    }

    /**
     * Reads the stream itself, {@link #READ} bytes a request, for a caller that cuts it into lines elsewhere; never
     * mixed with {@link #next}.
     *
     * @return the bytes read; -1 at the end
     */
    int readRaw(byte[] into, int offset) throws IOException {
        return in.read(into, offset, READ);
    }

    long lineNumber() {
        return lineNumber;
    }

    byte[] buffer() {
        return buf;
    }

    int lineStart() {
        return lineStart;
    }

    int lineEnd() {
        return lineEnd;
    }

    /** Where the text of the line {@code buf[start, end)} (its newline excluded) ends: before a CR of a CRLF ending. */
    static int contentEnd(byte[] buf, int start, int end) {
        return end > start && buf[end - 1] == '\r' ? end - 1 : end;
    }

    /** Whether the current line exceeded {@link #MAX_LINE} and was skipped; its content is then empty. */
    boolean overlong() {
        return overlong;
    }

    private void setLine(int start, int end) {
        lineNumber++;
        lineStart = start;
        lineEnd = contentEnd(buf, start, end);
    }

    /** The current line is too long: skipped, the next one starts at {@code next}. */
    private void skipped(int next) {
        overlong = true;
        lineNumber++;
        lineStart = lineEnd = 0;
        pos = next;
    }

    /** Moves the unfinished line to the front, growing the buffer so that a whole request fits after it. */
    private void makeRoom() {
        int pending = limit - pos;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, pending);
        }
        pos = 0;
        limit = pending;
        if (buf.length - limit < READ) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, limit + READ));
        }
    }

    private void fill() throws IOException {
        int n = in.read(buf, limit, READ);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    /** Skips an overlong line without a line break in the buffer, reading on to its end. */
    private void skipRestOfLine() throws IOException {
        pos = limit = 0;
        while (true) {
            fill();
            if (eof) {
                skipped(limit);
                return;
            }
            for (int i = 0; i < limit; i++) {
                if (buf[i] == '\n') {
                    skipped(i + 1);
                    return;
                }
            }
            limit = 0;
        }
    }
}
