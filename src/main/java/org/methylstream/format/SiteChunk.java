package org.methylstream.format;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Consecutive lines of one input, read by {@link SiteReader#nextChunk} and parsed on another thread: the raw bytes
 * with the parser state at the chunk's first line, so that it parses exactly as a reader from the file's start.
 */
final class SiteChunk {
    private final String input;
    private final long firstLine;
    private final InputFormat format;
    private final boolean sawData;
    private byte[] data;
    private int size;
    private int[] ends = new int[1024];
    private int lines;
    private final BitSet overlong = new BitSet();
    private IOException failure;

    SiteChunk(String input, long firstLine, InputFormat format, boolean sawData, int capacity) {
        this.input = input;
        this.firstLine = firstLine;
        this.format = format;
        this.sawData = sawData;
        this.data = new byte[capacity + 256];
    }

    void add(byte[] buf, int start, int end) {
        int length = end - start;
        if (size + length > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + length));
        }
        System.arraycopy(buf, start, data, size, length);
        size += length;
        endLine();
    }

    /** A line longer than {@link LineReader#MAX_LINE}: skipped by the reader, reported by the parse. */
    void addOverlong() {
        overlong.set(lines);
        endLine();
    }

    /** The input failed after these lines: they are parsed, then the failure is the caller's. */
    void failedWith(IOException e) {
        failure = e;
    }

    IOException failure() {
        return failure;
    }

    int size() {
        return size;
    }

    int lines() {
        return lines;
    }

    String input() {
        return input;
    }

    private void endLine() {
        if (lines == ends.length) {
            ends = Arrays.copyOf(ends, lines * 2);
        }
        ends[lines++] = size;
    }

    /** What a chunk's parse found besides its sites. */
    record Parsed(int sites, List<InvalidSiteException> invalid) {
    }

    /** Receives each valid site of a chunk in order; the {@link SiteLine} is reused. */
    interface SiteVisitor {
        void site(SiteLine site) throws IOException;
    }

    /**
     * Parses every line and hands each site to {@code visitor}, in order; with {@code stopAtInvalid}, stops at the
     * first bad line (as a reader that is not told to skip them).
     */
    Parsed parse(SiteVisitor visitor, boolean stopAtInvalid) throws IOException {
        SiteLineParser parser = new SiteLineParser(format, sawData);
        SiteLine site = new SiteLine();
        List<InvalidSiteException> invalid = new ArrayList<>(0);
        int sites = 0;
        int start = 0;
        for (int line = 0; line < lines; line++) {
            int end = ends[line];
            try {
                if (overlong.get(line)) {
                    throw new LineFormatException("line longer than " + LineReader.MAX_LINE + " bytes");
                }
                if (parser.parse(data, start, end, site)) {
                    sites++;
                    visitor.site(site);
                }
            } catch (LineFormatException e) {
                invalid.add(new InvalidSiteException(input, firstLine + line, e.getMessage()));
                if (stopAtInvalid) {
                    break;
                }
            }
            start = end;
        }
        return new Parsed(sites, invalid);
    }
}
