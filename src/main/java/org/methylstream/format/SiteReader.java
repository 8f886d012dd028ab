package org.methylstream.format;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;

/**
 * Sites from one input, streamed: plain or gzip (recognised by its magic bytes, not its name), in a named or
 * detected {@link InputFormat}. {@code #} comment lines and blank lines are skipped. A bad line throws
 * {@link InvalidSiteException} and the reader carries on with the next line if asked. Valid lines that the
 * {@link InputSettings} leave out (another modification code, another context) are skipped and counted.
 */
public final class SiteReader implements Closeable {
    /** The name that means standard input. */
    public static final String STDIN = "-";

    private final String name;
    private final InputStream in;
    private final LineReader lines;
    private final SiteParser parser;

    /**
     * @param name   shown in messages as the FILE of {@code FILE:LINE: reason}
     * @param raw    the bytes, gzip or not
     * @param format the layout, or null to detect it from the first data line's column count
     */
    public SiteReader(String name, InputStream raw, InputFormat format) throws IOException {
        this(name, InputSettings.of(format), decompressed(name, raw));
    }

    /** As {@link #SiteReader(String, InputStream, InputFormat)}, the format and what to keep in {@code settings}. */
    public static SiteReader of(String name, InputStream raw, InputSettings settings) throws IOException {
        return new SiteReader(name, settings, decompressed(name, raw));
    }

    private SiteReader(String name, InputSettings settings, InputStream in) {
        this.name = name;
        this.parser = new SiteParser(settings);
        this.in = in;
        this.lines = new LineReader(in);
    }

    /** Opens a file, or standard input for {@value #STDIN}. */
    public static SiteReader open(String path, InputSettings settings) throws IOException {
        if (STDIN.equals(path)) {
            return of("<stdin>", System.in, settings);
        }
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            throw new IOException(path + ": no such file");
        }
        return of(path, Files.newInputStream(file), settings);
    }

    /**
     * Follows a growing plain-text file like {@code tail -F} (see {@link FollowedFile}): sites appended to it are read
     * as they are completed, until {@code stopped} is true.
     */
    public static SiteReader follow(String path, InputSettings settings, BooleanSupplier stopped) {
        return new SiteReader(path, settings, new FollowedFile(Path.of(path), stopped));
    }

    /**
     * Reads the next site into {@code out}.
     *
     * @return false at the end of the input
     * @throws InvalidSiteException for a line that is not a site; call again to continue after it
     * @throws IOException          when the input itself cannot be read (the message names file and line)
     */
    public boolean next(SiteLine out) throws IOException, InvalidSiteException {
        while (true) {
            try {
                if (!lines.next()) {
                    return false;
                }
            } catch (IOException e) {
                throw readFailure(name, lines.lineNumber(), e);
            }
            if (lines.overlong()) {
                throw invalid(SiteParser.OVERLONG);
            }
            try {
                if (parser.parse(lines.buffer(), lines.lineStart(), lines.lineEnd(), out)) {
                    return true;
                }
            } catch (LineFormatException e) {
                throw invalid(e.getMessage());
            } catch (SiteParser.UnfitSettingsException e) {
                throw unfit(name, lines.lineNumber(), e);
            }
        }
    }

    /**
     * The input's bytes, for reading it in chunks ({@link ChunkedRead}) instead of by {@link #next} (never both):
     * {@link LineReader#READ} bytes a request, as {@link #next} reads, so that a corrupt gzip stream fails after the
     * same lines either way.
     *
     * @return the bytes read, at most {@link LineReader#READ}; -1 at the end
     * @throws IOException the input cannot be read further; {@link #readFailure} names file and line
     */
    int read(byte[] buf, int offset) throws IOException {
        return lines.readRaw(buf, offset);
    }

    /** The state the input's lines are parsed from: for chunks parsed elsewhere. */
    SiteParser parser() {
        return parser;
    }

    /** The failure of reading the input after {@code linesRead} whole lines, as {@link #next} throws it. */
    static IOException readFailure(String name, long linesRead, IOException e) {
        return new IOException(name + ":" + (linesRead + 1) + ": cannot read input: " + describe(e), e);
    }

    /** Settings the input's format cannot satisfy, found at line {@code lineNumber}. */
    static IOException unfit(String name, long lineNumber, SiteParser.UnfitSettingsException e) {
        return new IOException(name + ":" + lineNumber + ": " + e.getMessage());
    }

    /** The input's name as used in messages. */
    public String name() {
        return name;
    }

    /** Number of the line last read (1-based). */
    public long lineNumber() {
        return lines.lineNumber();
    }

    /** The format in use; null until detected from the first data line. */
    public InputFormat format() {
        return parser.format();
    }

    /**
     * What told the format from the first data line; null when it was named, is not known yet, or is the 4-column
     * form.
     */
    public String detection() {
        return parser.detection();
    }

    /** Valid bedMethyl rows of other modification codes than the one read, skipped. */
    public long otherModCodes() {
        return parser.otherModCodes();
    }

    /** Valid sites of other contexts than the one selected, skipped. */
    public long otherContexts() {
        return parser.otherContexts();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private InvalidSiteException invalid(String reason) {
        return new InvalidSiteException(name, lines.lineNumber(), reason);
    }

    private static InputStream decompressed(String name, InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            try {
                return new GZIPInputStream(in, 1 << 16);
            } catch (IOException e) {
                throw new IOException(name + ":1: not a valid gzip file: " + describe(e), e);
            }
        }
        return in;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (e instanceof java.io.EOFException || (message != null && message.contains("Unexpected end"))) {
            return "gzip data is truncated";
        }
        if (e instanceof java.util.zip.ZipException) {
            return "gzip data is corrupt (" + message + ")";
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
