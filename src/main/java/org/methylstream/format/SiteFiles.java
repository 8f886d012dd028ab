package org.methylstream.format;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Streams the valid sites of several inputs to a consumer under one bad-line policy, shared by every command
 * that reads site files: stop at the first bad line, or report each as {@code FILE:LINE: reason} and go on. With
 * {@link InputSettings#mergeCpg} the strands of each CpG reach the consumer as one site ({@link CpgMerge}), unless
 * the consumer merges them itself ({@link #keepingStrandsApart}).
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

    /**
     * What one thread does with the sites it is given ({@link #forEachInParallel}): each thread has an instance of
     * its own, so it may keep state (counts, caches, buffers); none is shared. It writes each site's lines, if any,
     * into {@code out}: {@code out[i]} goes to the i-th output, in input order.
     */
    @FunctionalInterface
    public interface SiteWork {
        void accept(String input, SiteLine site, LineBuffer[] out) throws IOException;
    }

    /** Where {@link #forEachInParallel} writes lines: whole lines as UTF-8 bytes, in input order. */
    @FunctionalInterface
    public interface Output {
        void write(byte[] bytes, int offset, int length) throws IOException;
    }

    private final List<String> paths;
    /** How an input is opened: as a file that ends, or followed as it grows. */
    private final ChunkedRead.Opener opener;
    private final boolean follows;
    private final boolean skipInvalid;
    private final PrintStream errors;
    private boolean mergeCpg;
    private long sites;
    private long invalidLines;
    private long otherModCodes;
    private long otherContexts;
    private long mergedPairs;
    private long unpairedStrands;
    private final List<String> detections = new ArrayList<>();

    /**
     * @param paths       files, or {@link SiteReader#STDIN}
     * @param settings    the layout (or null to detect it per file) and what to keep
     * @param skipInvalid report bad lines on {@code errors} and continue, instead of stopping at the first
     */
    public SiteFiles(List<String> paths, InputSettings settings, boolean skipInvalid, PrintStream errors) {
        this(paths, path -> SiteReader.open(path, settings), false, settings.mergeCpg(), skipInvalid, errors);
    }

    /**
     * As {@link #SiteFiles(List, InputSettings, boolean, PrintStream)}, with standard input's bytes read from
     * {@code standardInput} (a copy of them, so they can be read again) when it is not null; messages still name
     * {@code <stdin>}.
     */
    public static SiteFiles reading(List<String> paths, InputSettings settings, boolean skipInvalid,
                                    PrintStream errors, java.nio.file.Path standardInput) {
        if (standardInput == null) {
            return new SiteFiles(paths, settings, skipInvalid, errors);
        }
        return new SiteFiles(paths, path -> SiteReader.STDIN.equals(path)
                ? SiteReader.of("<stdin>", java.nio.file.Files.newInputStream(standardInput), settings)
                : SiteReader.open(path, settings), false, settings.mergeCpg(), skipInvalid, errors);
    }

    private SiteFiles(List<String> paths, ChunkedRead.Opener opener, boolean follows, boolean mergeCpg,
                      boolean skipInvalid, PrintStream errors) {
        this.paths = List.copyOf(paths);
        this.opener = opener;
        this.follows = follows;
        this.mergeCpg = mergeCpg;
        this.skipInvalid = skipInvalid;
        this.errors = errors;
    }

    /**
     * One growing file, followed like {@code tail -F} until {@code stopped} is true (see {@link FollowedFile}); its
     * {@link #forEach} returns only then. Its CpG strands are never merged here: a followed file has no end at which
     * a strand would be known to have no partner, so only the streaming merge applies.
     */
    public static SiteFiles followed(String path, InputSettings settings, boolean skipInvalid, PrintStream errors,
                                     BooleanSupplier stopped) {
        return new SiteFiles(List.of(path), p -> SiteReader.follow(p, settings, stopped), true, false, skipInvalid,
                errors);
    }

    /**
     * Gives the consumer each CpG strand as read even with {@link InputSettings#mergeCpg}: for the publisher, whose
     * records the scoring topology merges.
     */
    public SiteFiles keepingStrandsApart() {
        mergeCpg = false;
        return this;
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
            CpgMerge.Downstream downstream = merged -> consumer.accept(path, merged);
            try (SiteReader reader = opener.open(path); CpgMerge merge = mergeCpg
                    ? new CpgMerge(CpgMerge.DEFAULT_CAPACITY) : null) {
                try {
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
                        if (merge == null) {
                            consumer.accept(path, site);
                        } else {
                            merge.accept(site, downstream);
                        }
                    }
                    if (merge != null) {
                        merge.finish(downstream);
                    }
                } finally {
                    count(reader, merge);
                }
            }
            ends.ended(path);
        }
    }

    /**
     * As {@link #forEach(SiteConsumer)}, with the parsing and the work on the sites shared by {@code threads}
     * threads, in chunks of consecutive lines (see {@link ChunkedRead}): what reaches the outputs, the bad-line
     * reports, the stop at the first bad line, the counts and the notes are exactly those of one thread working
     * through the inputs line after line. Memory is bounded: at most two chunks per thread are in flight. One
     * thread, the batch CpG merge (which pairs strands across lines) and a followed file (whose sites must go on as
     * soon as they come) are worked through on the calling thread, line after line, with one work.
     *
     * @param works   makes one {@link SiteWork} per thread
     * @param outputs where the works' lines go; a work's {@code out} has one buffer per output
     * @throws InvalidSiteException the first bad line, unless bad lines are skipped; the lines before it are written
     * @throws IOException          an input that cannot be opened or read, or the work's or an output's failure
     */
    public void forEachInParallel(int threads, Supplier<? extends SiteWork> works, List<Output> outputs)
            throws IOException, InvalidSiteException {
        if (threads <= 1 || mergeCpg || follows) {
            inOneThread(works.get(), outputs);
            return;
        }
        ChunkedRead read = new ChunkedRead(paths, opener, skipInvalid, errors, threads, works, outputs);
        try {
            read.run();
        } finally {
            sites += read.sites();
            invalidLines += read.invalidLines();
            otherModCodes += read.otherModCodes();
            otherContexts += read.otherContexts();
            read.detections().forEach(d -> detections.add(d));
        }
    }

    /** {@link #forEachInParallel} on the calling thread: the same lines, written in pieces of a chunk's size. */
    private void inOneThread(SiteWork work, List<Output> outputs) throws IOException, InvalidSiteException {
        LineBuffer[] out = new LineBuffer[outputs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new LineBuffer(2 * ChunkedRead.CHUNK_BYTES);
        }
        boolean done = false;
        try {
            forEach((input, site) -> {
                work.accept(input, site, out);
                for (int i = 0; i < out.length; i++) {
                    if (out[i].size() >= ChunkedRead.CHUNK_BYTES) {
                        write(out[i], outputs.get(i));
                    }
                }
            });
            done = true;
        } finally {
            if (!done) {
                try {
                    writeAll(out, outputs); // the lines before a bad line, a stop or a failure, as the threads do
                } catch (IOException e) {
                    // the failure that ended the read is the one to report
                }
            }
        }
        writeAll(out, outputs);
    }

    private static void writeAll(LineBuffer[] out, List<Output> outputs) throws IOException {
        for (int i = 0; i < out.length; i++) {
            write(out[i], outputs.get(i));
        }
    }

    private static void write(LineBuffer lines, Output output) throws IOException {
        if (lines.size() > 0) {
            output.write(lines.array(), 0, lines.size());
            lines.clear();
        }
    }

    /**
     * What failed on another thread (an input's reading, a work), to be thrown on the caller's as what it was: an
     * {@link InvalidSiteException}, a runtime exception or an error is thrown here, an {@link IOException} returned
     * (anything else wrapped in one), for {@code throw rethrown(cause)}.
     */
    public static IOException rethrown(Throwable failure) throws InvalidSiteException {
        if (failure instanceof IOException io) {
            return io;
        }
        if (failure instanceof InvalidSiteException invalid) {
            throw invalid;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IOException(failure);
    }

    private void count(SiteReader reader, CpgMerge merge) {
        otherModCodes += reader.otherModCodes();
        otherContexts += reader.otherContexts();
        if (reader.detection() != null) {
            detections.add(reader.name() + ": " + reader.format().id() + " (" + reader.detection() + ")");
        }
        if (merge != null) {
            mergedPairs += merge.merged();
            unpairedStrands += merge.alone();
        }
    }

    /**
     * Checks, before any work starts, that every input can be read: it exists, is readable, its format can be
     * detected, and (unless bad lines are skipped) its first site is valid. Standard input is not read ahead. Only
     * the start of each file is read, so this takes moments whatever the file's size.
     *
     * @throws IOException          {@code FILE: no such file}, {@code FILE: not readable}, or the reading failure
     * @throws InvalidSiteException the first line that is not a site, or whose layout matches no format
     */
    public void checkReadable() throws IOException, InvalidSiteException {
        for (String path : paths) {
            if (SiteReader.STDIN.equals(path)) {
                continue;
            }
            if (Files.isRegularFile(Path.of(path)) && !Files.isReadable(Path.of(path))) {
                throw new IOException(path + ": not readable");
            }
            try (SiteReader reader = opener.open(path)) {
                reader.next(new SiteLine());
            } catch (InvalidSiteException e) {
                if (!skipInvalid) {
                    throw e;
                }
            }
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

    /** Pairs of CpG strands merged into one site each, by the batch merge. */
    public long mergedPairs() {
        return mergedPairs;
    }

    /**
     * What the summary should say besides the counts of sites and bad lines, for the inputs read to their end: the
     * formats detected and why, rows and sites the settings left out, CpG strands merged or left without partner.
     * Empty when there is nothing to say.
     */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        detections.forEach(d -> notes.add("read " + d));
        if (otherModCodes > 0) {
            notes.add(otherModCodes + " bedMethyl rows of other modification codes skipped");
        }
        if (otherContexts > 0) {
            notes.add(otherContexts + " sites of other contexts skipped");
        }
        if (mergeCpg) {
            notes.add(mergedPairs + " CpGs merged from both strands, " + unpairedStrands
                    + " CpG strands without partner kept alone");
        }
        return notes;
    }
}
