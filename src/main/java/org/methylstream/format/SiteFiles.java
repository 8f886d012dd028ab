package org.methylstream.format;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Streams the valid sites of several inputs to a consumer under one bad-line policy, shared by every command
 * that reads site files: stop at the first bad line, or report each as {@code FILE:LINE: reason} and go on.
 */
public final class SiteFiles {
    /** Receives each valid site with the input it came from; the {@link SiteLine} is reused, copy what you keep. */
    @FunctionalInterface
    public interface SiteConsumer {
        void accept(String input, SiteLine site) throws IOException;
    }

    /** Called after the last site of an input, before the next input is opened. */
    @FunctionalInterface
    public interface InputEnd {
        void ended(String input) throws IOException;
    }

    /** How an input is opened: as a file that ends, or followed as it grows. */
    @FunctionalInterface
    private interface Opener {
        SiteReader open(String path) throws IOException;
    }

    private final List<String> paths;
    private final Opener opener;
    private final boolean skipInvalid;
    private final PrintStream errors;
    private long sites;
    private long invalidLines;

    /**
     * @param paths       files, or {@link SiteReader#STDIN}
     * @param format      the layout, or null to detect it per file
     * @param skipInvalid report bad lines on {@code errors} and continue, instead of stopping at the first
     */
    public SiteFiles(List<String> paths, InputFormat format, boolean skipInvalid, PrintStream errors) {
        this(paths, path -> SiteReader.open(path, format), skipInvalid, errors);
    }

    /**
     * As {@link #SiteFiles(List, InputFormat, boolean, PrintStream)}, with standard input's bytes read from
     * {@code standardInput} (a copy of them, so they can be read again) when it is not null; messages still name
     * {@code <stdin>}.
     */
    public static SiteFiles reading(List<String> paths, InputFormat format, boolean skipInvalid, PrintStream errors,
                                    java.nio.file.Path standardInput) {
        if (standardInput == null) {
            return new SiteFiles(paths, format, skipInvalid, errors);
        }
        return new SiteFiles(paths, path -> SiteReader.STDIN.equals(path)
                ? new SiteReader("<stdin>", java.nio.file.Files.newInputStream(standardInput), format)
                : SiteReader.open(path, format), skipInvalid, errors);
    }

    private SiteFiles(List<String> paths, Opener opener, boolean skipInvalid, PrintStream errors) {
        this.paths = List.copyOf(paths);
        this.opener = opener;
        this.skipInvalid = skipInvalid;
        this.errors = errors;
    }

    /**
     * One growing file, followed like {@code tail -F} until {@code stopped} is true (see {@link FollowedFile}); its
     * {@link #forEach} returns only then.
     */
    public static SiteFiles followed(String path, InputFormat format, boolean skipInvalid, PrintStream errors,
                                     BooleanSupplier stopped) {
        return new SiteFiles(List.of(path), p -> SiteReader.follow(p, format, stopped), skipInvalid, errors);
    }

    /**
     * Feeds every valid site to the consumer, in file order.
     *
     * @throws InvalidSiteException the first bad line, unless bad lines are skipped
     * @throws IOException          an input that cannot be opened or read, or the consumer's failure
     */
    public void forEach(SiteConsumer consumer) throws IOException, InvalidSiteException {
        forEach(consumer, input -> { });
    }

    /** As {@link #forEach(SiteConsumer)}, telling {@code ends} when each input has been read to its end. */
    public void forEach(SiteConsumer consumer, InputEnd ends) throws IOException, InvalidSiteException {
        SiteLine site = new SiteLine();
        for (String path : paths) {
            try (SiteReader reader = opener.open(path)) {
                while (true) {
                    try {
                        if (!reader.next(site)) {
                            break;
                        }
                    } catch (InvalidSiteException e) {
                        if (!skipInvalid) {
                            throw e;
                        }
                        invalidLines++;
                        errors.println(e.getMessage());
                        continue;
                    }
                    sites++;
                    consumer.accept(path, site);
                }
            }
            ends.ended(path);
        }
    }

    /** Valid sites read so far. */
    public long sites() {
        return sites;
    }

    /** Bad lines reported and skipped so far. */
    public long invalidLines() {
        return invalidLines;
    }
}
