package org.methylstream.format;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

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

    /**
     * What one worker thread makes of the sites of its chunks, appended as whole lines to {@code out}. Each worker
     * thread has its own instance, so it may keep state (counts, buffers); none is shared.
     */
    @FunctionalInterface
    public interface SiteWork {
        void site(String input, SiteLine site, StringBuilder out) throws IOException;
    }

    /** Receives the workers' lines, chunk after chunk, in input order. */
    @FunctionalInterface
    public interface LinesOutput {
        void write(CharSequence lines) throws IOException;
    }

    /** About this much input per chunk: large enough that handing chunks between threads costs nothing. */
    private static final int CHUNK_BYTES = 1 << 18;

    /** How an input is opened: as a file that ends, or followed as it grows. */
    @FunctionalInterface
    private interface Opener {
        SiteReader open(String path) throws IOException;
    }

    private final List<String> paths;
    private final Opener opener;
    private final boolean skipInvalid;
    private final boolean follows;
    private final PrintStream errors;
    private long sites;
    private long invalidLines;

    /**
     * @param paths       files, or {@link SiteReader#STDIN}
     * @param format      the layout, or null to detect it per file
     * @param skipInvalid report bad lines on {@code errors} and continue, instead of stopping at the first
     */
    public SiteFiles(List<String> paths, InputFormat format, boolean skipInvalid, PrintStream errors) {
        this(paths, path -> SiteReader.open(path, format), skipInvalid, errors, false);
    }

    private SiteFiles(List<String> paths, Opener opener, boolean skipInvalid, PrintStream errors, boolean follows) {
        this.paths = List.copyOf(paths);
        this.opener = opener;
        this.skipInvalid = skipInvalid;
        this.follows = follows;
        this.errors = errors;
    }

    /**
     * One growing file, followed like {@code tail -F} until {@code stopped} is true (see {@link FollowedFile}); its
     * {@link #forEach} returns only then.
     */
    public static SiteFiles followed(String path, InputFormat format, boolean skipInvalid, PrintStream errors,
                                     BooleanSupplier stopped) {
        return new SiteFiles(List.of(path), p -> SiteReader.follow(p, format, stopped), skipInvalid, errors, true);
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

    /**
     * As {@link #forEach(SiteConsumer)}, with the parsing and the work on the sites done by {@code threads} threads
     * in chunks of consecutive lines, whatever the format (each line is parsed on its own, as {@link SiteReader}
     * does). The output, the bad-line reports and the stop at the first bad line are exactly those of one thread
     * working through the files: chunks are written in input order. Memory is bounded: at most two chunks per
     * thread are in flight. One thread, or a followed file (whose sites must go on as soon as they come), is worked
     * through on the calling thread.
     *
     * @param works makes one {@link SiteWork} per thread
     * @throws InvalidSiteException the first bad line, unless bad lines are skipped; the lines before it are written
     * @throws IOException          an input that cannot be opened or read, or the work's or the output's failure
     */
    public void forEachInParallel(int threads, Supplier<SiteWork> works, LinesOutput output)
            throws IOException, InvalidSiteException {
        if (threads <= 1 || follows) {
            inOneThread(works.get(), output);
            return;
        }
        ExecutorService workers = Executors.newFixedThreadPool(threads, daemon("methylstream-parse"));
        ThreadLocal<SiteWork> work = ThreadLocal.withInitial(works);
        BlockingQueue<Future<ChunkResult>> inFlight = new ArrayBlockingQueue<>(2 * threads);
        ExecutorService reader = Executors.newSingleThreadExecutor(daemon("methylstream-read"));
        Future<Void> reading = reader.submit(() -> {
            for (String path : paths) {
                try (SiteReader input = opener.open(path)) {
                    for (SiteChunk chunk; (chunk = input.nextChunk(CHUNK_BYTES)) != null; ) {
                        SiteChunk lines = chunk;
                        inFlight.put(workers.submit(() -> ChunkResult.of(lines, work.get(), !skipInvalid)));
                        if (chunk.failure() != null) {
                            break;
                        }
                    }
                }
            }
            inFlight.put(CompletableFuture.completedFuture(null)); // the end
            return null;
        });
        try {
            while (true) {
                Future<ChunkResult> next = inFlight.poll(100, TimeUnit.MILLISECONDS);
                if (next == null) {
                    if (reading.isDone()) {
                        result(reading); // it failed before it could mark the end
                    }
                    continue;
                }
                ChunkResult chunk = result(next);
                if (chunk == null) {
                    result(reading);
                    return;
                }
                output.write(chunk.lines);
                sites += chunk.parsed.sites();
                for (InvalidSiteException invalid : chunk.parsed.invalid()) {
                    if (!skipInvalid) {
                        throw invalid;
                    }
                    invalidLines++;
                    errors.println(invalid.getMessage());
                }
                if (chunk.failure != null) {
                    throw chunk.failure;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading sites", e);
        } finally {
            reading.cancel(true);
            reader.shutdownNow();
            workers.shutdownNow();
        }
    }

    /** The lines and findings of one chunk, made on a worker thread. */
    private record ChunkResult(StringBuilder lines, SiteChunk.Parsed parsed, IOException failure) {
        static ChunkResult of(SiteChunk chunk, SiteWork work, boolean stopAtInvalid) throws IOException {
            StringBuilder lines = new StringBuilder(chunk.size());
            SiteChunk.Parsed parsed = chunk.parse(site -> work.site(chunk.input(), site, lines), stopAtInvalid);
            return new ChunkResult(lines, parsed, chunk.failure());
        }
    }

    /** The sequential form of {@link #forEachInParallel}: the same output, buffered in as large pieces. */
    private void inOneThread(SiteWork work, LinesOutput output) throws IOException, InvalidSiteException {
        StringBuilder lines = new StringBuilder(CHUNK_BYTES);
        try {
            forEach((input, site) -> {
                work.site(input, site, lines);
                if (lines.length() >= CHUNK_BYTES) {
                    output.write(lines);
                    lines.setLength(0);
                }
            });
        } finally {
            output.write(lines); // the whole lines before a bad line, a stop or a failure, as the threads write them
        }
    }

    /** The value of a finished step, or its failure as what it was. */
    private static <T> T result(Future<T> step) throws IOException, InvalidSiteException, InterruptedException {
        try {
            return step.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InvalidSiteException invalid) {
                throw invalid;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
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
