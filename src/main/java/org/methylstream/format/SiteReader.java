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
 * {@link InvalidSiteException} and the reader carries on with the next line if asked.
 */
public final class SiteReader implements Closeable {
    /** The name that means standard input. */
    public static final String STDIN = "-";

    private final String name;
    private final InputStream in;
    private final LineReader lines;
    private final Fields fields = new Fields();
    private InputFormat format;
    private boolean sawData;

    /**
     * @param name   shown in messages as the FILE of {@code FILE:LINE: reason}
     * @param raw    the bytes, gzip or not
     * @param format the layout, or null to detect it from the first data line's column count
     */
    public SiteReader(String name, InputStream raw, InputFormat format) throws IOException {
        this(name, format, decompressed(name, raw));
    }

    private SiteReader(String name, InputFormat format, InputStream in) {
        this.name = name;
        this.format = format;
        this.in = in;
        this.lines = new LineReader(in);
    }

    /** Opens a file, or standard input for {@value #STDIN}. */
    public static SiteReader open(String path, InputFormat format) throws IOException {
        if (STDIN.equals(path)) {
            return new SiteReader("<stdin>", System.in, format);
        }
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            throw new IOException(path + ": no such file");
        }
        return new SiteReader(path, Files.newInputStream(file), format);
    }

    /**
     * Follows a growing plain-text file like {@code tail -F} (see {@link FollowedFile}): sites appended to it are read
     * as they are completed, until {@code stopped} is true.
     */
    public static SiteReader follow(String path, InputFormat format, BooleanSupplier stopped) {
        return new SiteReader(path, format, new FollowedFile(Path.of(path), stopped));
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
                throw new IOException(name + ":" + (lines.lineNumber() + 1) + ": cannot read input: "
                        + describe(e), e);
            }
            if (lines.overlong()) {
                throw invalid("line longer than " + LineReader.MAX_LINE + " bytes");
            }
            byte[] buf = lines.buffer();
            int start = lines.lineStart();
            int end = lines.lineEnd();
            if (isBlank(buf, start, end) || buf[start] == '#') {
                continue;
            }
            fields.split(buf, start, end);
            try {
                if (format == null) {
                    format = InputFormat.byColumns(fields.size());
                }
                boolean first = !sawData;
                sawData = true;
                if (first && format.isHeader(fields)) {
                    continue;
                }
                if (fields.size() != format.columns()) {
                    throw new LineFormatException("expected " + format.columns() + " tab-separated columns ("
                            + format.id() + " format), found " + (fields.size() > Fields.MAX_FIELDS
                            ? "more than " + Fields.MAX_FIELDS : String.valueOf(fields.size())));
                }
                out.span = 1; // one line, one cytosine: only merging both strands of a CpG makes a wider site
                format.parse(fields, out);
                return true;
            } catch (LineFormatException e) {
                throw invalid(e.getMessage());
            }
        }
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
        return format;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private InvalidSiteException invalid(String reason) {
        return new InvalidSiteException(name, lines.lineNumber(), reason);
    }

    private static boolean isBlank(byte[] buf, int start, int end) {
        for (int i = start; i < end; i++) {
            if (buf[i] != ' ' && buf[i] != '\t') {
                return false;
            }
        }
        return true;
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
