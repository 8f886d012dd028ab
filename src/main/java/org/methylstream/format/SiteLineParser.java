package org.methylstream.format;

/**
 * The per-line step of reading sites, shared by {@link SiteReader} (line after line) and {@link SiteChunk} (lines in
 * parallel chunks): skips blank and {@code #} lines, detects the format from the first data line when none is
 * given, skips the format's header, and parses a site. Its state, the format and whether a data line was seen, is
 * what a chunk needs to parse its lines exactly as a reader from the file's start would.
 */
final class SiteLineParser {
    private final Fields fields = new Fields();
    private InputFormat format;
    private boolean sawData;

    SiteLineParser(InputFormat format, boolean sawData) {
        this.format = format;
        this.sawData = sawData;
    }

    /**
     * @return true when {@code out} now holds the line's site; false for a blank line, a comment or the header
     * @throws LineFormatException the line is not a site (the state may have advanced, as for a valid line)
     */
    boolean parse(byte[] buf, int start, int end, SiteLine out) throws LineFormatException {
        if (isBlank(buf, start, end) || buf[start] == '#') {
            return false;
        }
        fields.split(buf, start, end);
        if (format == null) {
            format = InputFormat.byColumns(fields.size());
        }
        boolean first = !sawData;
        sawData = true;
        if (first && format.isHeader(fields)) {
            return false;
        }
        if (fields.size() != format.columns()) {
            throw new LineFormatException("expected " + format.columns() + " tab-separated columns ("
                    + format.id() + " format), found " + (fields.size() > Fields.MAX_FIELDS
                    ? "more than " + Fields.MAX_FIELDS : String.valueOf(fields.size())));
        }
        out.span = 1; // one line, one cytosine: only merging both strands of a CpG makes a wider site
        format.parse(fields, out);
        return true;
    }

    /** Whether the format is known and the header, if any, is behind: later lines need no detection. */
    boolean settled() {
        return format != null && sawData;
    }

    InputFormat format() {
        return format;
    }

    boolean sawData() {
        return sawData;
    }

    private static boolean isBlank(byte[] buf, int start, int end) {
        for (int i = start; i < end; i++) {
            if (buf[i] != ' ' && buf[i] != '\t') {
                return false;
            }
        }
        return true;
    }
}
