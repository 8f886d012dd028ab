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

    private final InputStream in;
    private byte[] buf = new byte[1 << 16];
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
                    setLine(pos, i);
                    pos = i + 1;
                    return true;
                }
            }
            if (eof) {
                if (pos < limit) {
                    setLine(pos, limit);
                    pos = limit;
                    return true;
                }
                return false;
            }
            scan = limit - pos;
            makeRoom();
            if (overlong) {
                skipRestOfLine();
                lineNumber++;
                lineStart = lineEnd = 0;
                return true;
            }
            fill();
        }
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

    /** Whether the current line exceeded {@link #MAX_LINE} and was skipped; its content is then empty. */
    boolean overlong() {
        return overlong;
    }

    private void setLine(int start, int end) {
        lineNumber++;
        lineStart = start;
        lineEnd = end > start && buf[end - 1] == '\r' ? end - 1 : end;
    }

    /** Moves the unfinished line to the front, growing the buffer up to the line limit. */
    private void makeRoom() {
        int pending = limit - pos;
        if (pending >= MAX_LINE) {
            overlong = true;
            pos = limit = 0;
            return;
        }
        if (pending == buf.length) {
            byte[] bigger = new byte[Math.min(buf.length * 2, MAX_LINE)];
            System.arraycopy(buf, pos, bigger, 0, pending);
            buf = bigger;
        } else if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, pending);
        }
        pos = 0;
        limit = pending;
    }

    private void fill() throws IOException {
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    private void skipRestOfLine() throws IOException {
        while (true) {
            fill();
            if (eof) {
                pos = limit;
                return;
            }
            for (int i = 0; i < limit; i++) {
                if (buf[i] == '\n') {
                    pos = i + 1;
                    return;
                }
            }
            limit = 0;
        }
    }
}
