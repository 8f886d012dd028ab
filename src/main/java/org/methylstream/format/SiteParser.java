package org.methylstream.format;

/**
 * The per-line step of reading sites, the one function of (line, state) that {@link SiteReader} (line after line)
 * and {@link ChunkedRead} (chunks of lines on several threads) both call: skips blank and {@code #} lines, detects
 * the format from the first data line when none is named, checks the {@link InputSettings} against it, skips the
 * format's header, parses the line with the format's parser and leaves out (and counts) the sites the settings do
 * not keep.
 *
 * <p>The state carried from line to line is the format, what told it, and whether a data line was seen; it changes
 * only up to an input's first data line ({@link #settled}). So a {@link #copy} of a parser parses the lines that
 * follow exactly as the parser itself would have: that is how a chunk parses its lines on another thread. The
 * counts of left-out sites are those of the lines each parser parsed, to be added up.
 */
final class SiteParser {
    /** The reason given for a line longer than {@link LineReader#MAX_LINE}, which is skipped, not parsed. */
    static final String OVERLONG = "line longer than " + LineReader.MAX_LINE + " bytes";

    /** The settings do not fit the input's format: the whole input fails, at its first data line. */
    static final class UnfitSettingsException extends Exception {
        UnfitSettingsException(String reason) {
            super(reason, null, false, false);
        }
    }

    private final InputSettings settings;
    private final Fields fields = new Fields();
    private InputFormat format;
    private String detection;
    private boolean sawData;
    private long otherModCodes;
    private long otherContexts;

    SiteParser(InputSettings settings) {
        this.settings = settings;
        this.format = settings.format();
    }

    /** A parser in this one's state, with counts of its own: for the lines after those this one has parsed. */
    SiteParser copy() {
        SiteParser copy = new SiteParser(settings);
        copy.format = format;
        copy.detection = detection;
        copy.sawData = sawData;
        return copy;
    }

    /**
     * Parses the line {@code buf[start, end)} (without its line break).
     *
     * @return true when {@code out} now holds the line's site; false for a blank line, a comment, the header, or a
     * site the settings leave out (counted)
     * @throws LineFormatException    the line is not a site; the state has advanced as for a valid line
     * @throws UnfitSettingsException the settings need a column the input's format does not have
     */
    boolean parse(byte[] buf, int start, int end, SiteLine out) throws LineFormatException, UnfitSettingsException {
        if (isBlank(buf, start, end) || buf[start] == '#') {
            return false;
        }
        fields.split(buf, start, end);
        if (format == null) {
            InputFormat.Detection detected = InputFormat.detect(fields);
            format = detected.format();
            detection = detected.reason();
        }
        boolean first = !sawData;
        sawData = true;
        if (first) {
            checkSettingsFit();
        }
        format.prepare(fields);
        if (first && format.isHeader(fields)) {
            return false;
        }
        if (fields.size() != format.columns()) {
            throw new LineFormatException("expected " + format.columns() + " tab-separated columns ("
                    + format.id() + " format), found " + (fields.size() > Fields.MAX_FIELDS
                    ? "more than " + Fields.MAX_FIELDS : String.valueOf(fields.size())));
        }
        out.span = 1; // one line, one cytosine: only merging both strands of a CpG makes a wider site
        if (!format.parse(fields, out, settings)) {
            otherModCodes++;
            return false;
        }
        if (settings.context() != null && !inSelectedContext(out)) {
            otherContexts++;
            return false;
        }
        return true;
    }

    private boolean inSelectedContext(SiteLine site) throws LineFormatException {
        if (site.context == null) {
            throw new LineFormatException("--context " + settings.context() + ": the site names no context (a "
                    + format.id() + " row without a motif in its modification code, such as m,CG,0)");
        }
        return settings.context().equals(CytosineContext.of(site.context));
    }

    /** Options that need a column the format does not have fail the whole input, at its first data line. */
    private void checkSettingsFit() throws UnfitSettingsException {
        if (settings.context() != null && !format.hasContext()) {
            throw new UnfitSettingsException("--context " + settings.context() + " needs the sites' context, which "
                    + "the " + format.id() + " format does not have");
        }
        if (settings.mergeCpg() && !format.hasStrand()) {
            throw new UnfitSettingsException("--merge-cpg needs the sites' strands, which the " + format.id()
                    + " format does not have");
        }
    }

    /** Whether the format is known and the first data line behind: the state no longer changes. */
    boolean settled() {
        return format != null && sawData;
    }

    /** The format in use; null until detected from the first data line. */
    InputFormat format() {
        return format;
    }

    /** What told the format; null when it was named, is not known yet, or is the 4-column form. */
    String detection() {
        return detection;
    }

    long otherModCodes() {
        return otherModCodes;
    }

    long otherContexts() {
        return otherContexts;
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
