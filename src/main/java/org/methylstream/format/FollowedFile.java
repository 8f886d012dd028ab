package org.methylstream.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A growing file read like {@code tail -F}: at its end it waits for more instead of ending, follows the name when
 * the file is rotated (renamed or deleted and created anew) and starts over when it is truncated. It ends only when
 * {@code stopped} says so, and then at a line boundary.
 *
 * <p>Only complete lines are ever delivered: bytes after the last newline belong to a line the writer has not
 * finished, and are held back until its newline arrives. So a half-written last line is never parsed as a site, even
 * when the stop comes while the writer is in the middle of it (such a tail is dropped, as is one left in a file that
 * was rotated away or truncated). Plain text only: a followed file is never decompressed.
 */
public final class FollowedFile extends InputStream {
    /** How often the end of the file is looked at again. */
    public static final Duration POLL = Duration.ofMillis(100);

    private final Path path;
    private final BooleanSupplier stopped;
    private final Duration poll;
    // bytes read from the file: [start, complete) is whole lines ready to deliver, [complete, end) a line in progress
    private byte[] buf = new byte[1 << 16];
    private int start;
    private int complete;
    private int end;
    private FileChannel channel;
    private Object fileKey;
    private boolean finished;

    /**
     * @param stopped polled at the end of the data and while waiting for the file to appear; once true the stream
     *                ends after the line it is delivering
     */
    public FollowedFile(Path path, BooleanSupplier stopped) {
        this(path, stopped, POLL);
    }

    FollowedFile(Path path, BooleanSupplier stopped, Duration poll) {
        this.path = Objects.requireNonNull(path, "path");
        this.stopped = Objects.requireNonNull(stopped, "stopped");
        this.poll = poll;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (start == complete) {
            if (finished || stopped.getAsBoolean()) {
                finished = true;
                return -1;
            }
            if (!fill()) {
                pause();
            }
        }
        int n = Math.min(len, complete - start);
        System.arraycopy(buf, start, b, off, n);
        start += n;
        return n;
    }

    /** Complete lines that can be read without waiting. */
    @Override
    public int available() {
        return complete - start;
    }

    @Override
    public void close() throws IOException {
        finished = true;
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    /** Reads what the file has; true when that completed at least one more line. */
    private boolean fill() throws IOException {
        if (channel == null && !open()) {
            return false;
        }
        if (channel.size() < channel.position()) {
            // truncated in place (copytruncate rotation): the new content starts at 0
            channel.position(0);
            dropPartialLine();
        }
        compact();
        int n = readMore();
        if (n <= 0 && renamedOrReplaced()) {
            n = readMore(); // what was written to the old file before it was renamed, but after the read above
            if (n <= 0) {
                channel.close();
                channel = null;
                dropPartialLine();
                return false;
            }
        }
        if (n <= 0) {
            return false;
        }
        end += n;
        for (int i = end - 1; i >= end - n; i--) {
            if (buf[i] == '\n') {
                complete = i + 1;
                return true;
            }
        }
        if (end == buf.length && buf.length == LineReader.MAX_LINE) {
            // a line longer than the line reader accepts: hand it on in pieces, the reader flags it as overlong
            complete = end;
            return true;
        }
        return false;
    }

    private int readMore() throws IOException {
        return channel.read(ByteBuffer.wrap(buf, end, buf.length - end));
    }

    private boolean open() throws IOException {
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;
        }
        fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        return true;
    }

    /** Whether the name now leads to another file than the one open, or to none. */
    private boolean renamedOrReplaced() throws IOException {
        try {
            Object now = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            return now != null && !now.equals(fileKey);
        } catch (NoSuchFileException e) {
            return true;
        }
    }

    private void dropPartialLine() {
        end = complete;
    }

    private void compact() {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            complete -= start;
            end -= start;
            start = 0;
        }
        if (end == buf.length && buf.length < LineReader.MAX_LINE) {
            buf = java.util.Arrays.copyOf(buf, Math.min(buf.length * 2, LineReader.MAX_LINE));
        }
    }

    private void pause() throws IOException {
        try {
            Thread.sleep(poll.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while following " + path);
        }
    }
}
