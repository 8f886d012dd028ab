package org.methylstream.format;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
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
import java.util.function.Supplier;

/**
 * {@link SiteFiles#forEachInParallel}'s read: one reader thread cuts each input (plain or gzip, as
 * {@link SiteReader} opens it) into chunks of about {@link #CHUNK_BYTES} of whole lines, each with the parser state
 * at its first line; worker threads parse the chunks' lines with {@link SiteParser}, as {@link SiteReader} does,
 * and hand each site to their own {@link SiteFiles.SiteWork}, which writes lines into the chunk's buffers; the
 * calling thread takes the chunks in input order and writes their lines, reports their bad lines, numbers them and
 * adds up their counts, so that everything comes out as from one thread reading the inputs line after line.
 *
 * <p>The parser state changes only up to an input's first data line ({@link SiteParser#settled}), so the reader
 * parses only those lines too, to know the state at the next chunk's start. Line numbers are counted by the
 * workers, chunk by chunk, and added up in order. The reader reads as {@link LineReader} does (the same requests),
 * so an input that fails does so after the same lines. At most two chunks per worker thread are in flight: they
 * are recycled, so memory does not grow with the input.
 */
final class ChunkedRead {
    /** About this much input per chunk: large enough that handing chunks between threads costs nothing. */
    static final int CHUNK_BYTES = 1 << 18;

    /** How the inputs are opened (as {@link SiteFiles} opens them). */
    @FunctionalInterface
    interface Opener {
        SiteReader open(String path) throws IOException;
    }

    private final List<String> paths;
    private final Opener opener;
    private final boolean skipInvalid;
    private final PrintStream errors;
    private final List<SiteFiles.Output> outputs;
    private final int threads;
    private final Supplier<? extends SiteFiles.SiteWork> works;
    private final BlockingQueue<Chunk> free;
    /** The chunks as the reader made them, in input order; {@link #END} after the last. */
    private final BlockingQueue<Future<Chunk>> ordered;
    private static final Chunk END = new Chunk(0);

    private long sites;
    private long invalidLines;
    private long otherModCodes;
    private long otherContexts;
    private final List<String> detections = new ArrayList<>();

    ChunkedRead(List<String> paths, Opener opener, boolean skipInvalid, PrintStream errors, int threads,
                Supplier<? extends SiteFiles.SiteWork> works, List<SiteFiles.Output> outputs) {
        this.paths = paths;
        this.opener = opener;
        this.skipInvalid = skipInvalid;
        this.errors = errors;
        this.threads = threads;
        this.works = works;
        this.outputs = outputs;
        this.free = new ArrayBlockingQueue<>(2 * threads);
        for (int i = 0; i < 2 * threads; i++) {
            free.add(new Chunk(outputs.size()));
        }
        this.ordered = new ArrayBlockingQueue<>(2 * threads + 2);
    }

    /** Consecutive whole lines of one input, and what a worker made of them. */
    private static final class Chunk {
        byte[] data = new byte[0];
        int size;
        String path;
        String name;
        /** The state at the chunk's first line, the chunk's own; after the parse, the state after its last. */
        SiteParser parser;
        /** The first chunk of its input: line numbers start again. */
        boolean first;
        /** The last chunk of its input. */
        boolean last;
        /** The chunk is one line longer than {@link LineReader#MAX_LINE}, skipped while reading. */
        boolean overlong;
        /** Reading the input failed after the chunk's lines (the message gets the line number in order). */
        IOException readFailure;
        /** Opening or closing the input failed; the message is complete. */
        IOException failure;
        /** The reader's own failure (a bug): thrown as it is. */
        Throwable readerFailure;

        final LineBuffer[] out;
        int lines;
        long sites;
        final List<Long> invalidAt = new ArrayList<>(0);
        final List<String> invalidReasons = new ArrayList<>(0);
        long unfitAt;
        SiteParser.UnfitSettingsException unfit;
        Throwable workFailure;

        Chunk(int outputs) {
            out = new LineBuffer[outputs];
            for (int i = 0; i < outputs; i++) {
                out[i] = new LineBuffer(2 * CHUNK_BYTES);
            }
        }

        Chunk of(String path, String name, SiteParser parser, boolean first) {
            this.path = path;
            this.name = name;
            this.parser = parser;
            this.first = first;
            size = 0;
            last = false;
            overlong = false;
            readFailure = null;
            failure = null;
            readerFailure = null;
            for (LineBuffer buffer : out) {
                buffer.clear();
            }
            lines = 0;
            sites = 0;
            invalidAt.clear();
            invalidReasons.clear();
            unfit = null;
            workFailure = null;
            return this;
        }

        /** Room for {@code bytes} bytes of data, keeping what is there. */
        void ensure(int bytes) {
            if (data.length < bytes) {
                data = java.util.Arrays.copyOf(data, Math.max(bytes, Math.min(2 * data.length, 1 << 30)));
            }
        }
    }

    /** One worker thread's parser scratch and work. */
    private final class Worker {
        final SiteFiles.SiteWork work = works.get();
        final SiteLine site = new SiteLine();

        /** Parses the chunk's lines, handing each site to the work; stops at what stops a reading thread. */
        Chunk parse(Chunk chunk) {
            if (chunk.overlong) {
                chunk.lines = 1;
                chunk.invalidAt.add(1L);
                chunk.invalidReasons.add(SiteParser.OVERLONG);
                return chunk;
            }
            SiteParser parser = chunk.parser;
            byte[] data = chunk.data;
            int end = chunk.size;
            LineBuffer[] out = chunk.out;
            String path = chunk.path;
            int line = 0;
            int pos = 0;
            long sites = 0;
            try {
                while (pos < end) {
                    int lineEnd = lineBreak(data, pos, end);
                    int next = lineEnd + 1;
                    line++;
                    if (lineEnd - pos >= LineReader.MAX_LINE) {
                        chunk.invalidAt.add((long) line);
                        chunk.invalidReasons.add(SiteParser.OVERLONG);
                        if (!skipInvalid) {
                            break;
                        }
                        pos = next;
                        continue;
                    }
                    try {
                        if (parser.parse(data, pos, LineReader.contentEnd(data, pos, lineEnd), site)) {
                            sites++;
                            work.accept(path, site, out);
                        }
                    } catch (LineFormatException e) {
                        chunk.invalidAt.add((long) line);
                        chunk.invalidReasons.add(e.getMessage());
                        if (!skipInvalid) {
                            break;
                        }
                    }
                    pos = next;
                }
            } catch (SiteParser.UnfitSettingsException e) {
                chunk.unfitAt = line;
                chunk.unfit = e;
            } catch (IOException | RuntimeException | Error e) {
                chunk.workFailure = e;
            }
            chunk.lines = line;
            chunk.sites = sites;
            return chunk;
        }
    }

    /** Where the line starting at {@code pos} ends: its newline, or {@code end} for a last line without one. */
    private static int lineBreak(byte[] data, int pos, int end) {
        for (int i = pos; i < end; i++) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return end;
    }

    /**
     * Reads every input and hands every site to a work, on {@link #threads} threads.
     *
     * @throws InvalidSiteException the first bad line, unless bad lines are skipped; the lines before it are written
     * @throws IOException          an input that cannot be opened or read, or the work's or the output's failure
     */
    void run() throws IOException, InvalidSiteException {
        ExecutorService workers = Executors.newFixedThreadPool(threads, named("methylstream-parse"));
        ThreadLocal<Worker> worker = ThreadLocal.withInitial(Worker::new);
        Thread reader = named("methylstream-read").newThread(() -> read(workers, worker));
        reader.start();
        try {
            consume();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading sites", e);
        } finally {
            reader.interrupt();
            workers.shutdownNow();
            try {
                reader.join(TimeUnit.SECONDS.toMillis(1));
                workers.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The calling thread's part: the chunks in input order, as one thread reading line after line. */
    private void consume() throws IOException, InvalidSiteException, InterruptedException {
        long linesBefore = 0;
        while (true) {
            Chunk chunk;
            try {
                chunk = ordered.take().get();
            } catch (ExecutionException e) {
                throw SiteFiles.rethrown(e.getCause());
            }
            if (chunk == END) {
                return;
            }
            if (chunk.readerFailure != null) {
                throw SiteFiles.rethrown(chunk.readerFailure);
            }
            if (chunk.failure != null) {
                throw chunk.failure;
            }
            if (chunk.first) {
                linesBefore = 0;
            }
            sites += chunk.sites;
            if (chunk.parser != null) {
                otherModCodes += chunk.parser.otherModCodes();
                otherContexts += chunk.parser.otherContexts();
            }
            boolean ends = chunk.last || chunk.unfit != null || chunk.workFailure != null || chunk.readFailure != null
                    || (!skipInvalid && !chunk.invalidAt.isEmpty());
            if (ends && chunk.parser != null && chunk.parser.detection() != null) {
                detections.add(chunk.name + ": " + chunk.parser.format().id() + " (" + chunk.parser.detection() + ")");
            }
            for (int i = 0; i < chunk.invalidAt.size(); i++) {
                InvalidSiteException invalid = new InvalidSiteException(chunk.name,
                        linesBefore + chunk.invalidAt.get(i), chunk.invalidReasons.get(i));
                if (!skipInvalid) {
                    write(chunk);
                    throw invalid;
                }
                invalidLines++;
                errors.println(invalid.getMessage());
            }
            write(chunk);
            if (chunk.unfit != null) {
                throw SiteReader.unfit(chunk.name, linesBefore + chunk.unfitAt, chunk.unfit);
            }
            if (chunk.workFailure != null) {
                throw SiteFiles.rethrown(chunk.workFailure);
            }
            linesBefore += chunk.lines;
            if (chunk.readFailure != null) {
                throw SiteReader.readFailure(chunk.name, linesBefore, chunk.readFailure);
            }
            free.put(chunk);
        }
    }

    private void write(Chunk chunk) throws IOException {
        for (int i = 0; i < outputs.size(); i++) {
            LineBuffer lines = chunk.out[i];
            if (lines.size() > 0) {
                outputs.get(i).write(lines.array(), 0, lines.size());
            }
        }
    }

    /** The reader thread: every input cut into chunks, each sent to a worker; {@link #END} after the last. */
    private void read(ExecutorService workers, ThreadLocal<Worker> worker) {
        try {
            for (String path : paths) {
                SiteReader input;
                try {
                    input = opener.open(path);
                } catch (IOException e) {
                    fail(e);
                    return;
                }
                boolean goesOn;
                try (input) {
                    goesOn = readInput(path, input, workers, worker);
                } catch (IOException closing) {
                    fail(closing);
                    return;
                }
                if (!goesOn) {
                    return;
                }
            }
            ordered.put(CompletableFuture.completedFuture(END));
        } catch (InterruptedException e) {
            // the caller stopped early
        } catch (RuntimeException | Error e) {
            Chunk failed = new Chunk(0);
            failed.readerFailure = e;
            ordered.offer(CompletableFuture.completedFuture(failed));
        }
    }

    /** An input that cannot be opened (or closed): the read ends there. */
    private void fail(IOException e) throws InterruptedException {
        Chunk failed = new Chunk(0);
        failed.failure = e;
        ordered.put(CompletableFuture.completedFuture(failed));
    }

    /**
     * Cuts one input into chunks of whole lines and sends each to a worker; false when the input failed (or its
     * settings do not fit it), so that nothing after it is read.
     */
    private boolean readInput(String path, SiteReader input, ExecutorService workers, ThreadLocal<Worker> worker)
            throws InterruptedException {
        SiteParser state = input.parser(); // advanced here only up to the first data line
        SiteLine scratch = new SiteLine();
        byte[] carry = new byte[LineReader.READ]; // the start of a line the last chunk did not hold whole
        int carried = 0;
        boolean eof = false;
        boolean first = true;
        while (true) {
            Chunk chunk = free.take().of(path, input.name(), state.copy(), first);
            first = false;
            chunk.ensure(Math.max(CHUNK_BYTES, carried) + LineReader.READ);
            System.arraycopy(carry, 0, chunk.data, 0, carried);
            int size = carried;
            int from = carried; // the carried bytes hold no newline
            int target = CHUNK_BYTES;
            int cut;
            while (true) {
                while (!eof && chunk.readFailure == null && size < target) {
                    chunk.ensure(size + LineReader.READ);
                    try {
                        int n = input.read(chunk.data, size);
                        if (n < 0) {
                            eof = true;
                        } else {
                            size += n;
                        }
                    } catch (IOException e) {
                        chunk.readFailure = e;
                    }
                }
                cut = eof && chunk.readFailure == null ? size : lastNewline(chunk.data, from, size);
                if (cut >= 0 || chunk.readFailure != null || size >= LineReader.MAX_LINE) {
                    break;
                }
                from = size; // one line longer than what was read: read on
                target = size + 1;
            }
            if (cut < 0 && chunk.readFailure == null) {
                // a line this long is skipped to its end, never held whole (as LineReader does)
                carried = skipOverlong(chunk, input, carry);
                eof = chunk.last;
            } else {
                cut = Math.max(cut, 0); // on a failure, the whole lines before it are still read
                carried = size - cut;
                if (carried > carry.length) {
                    carry = new byte[Math.max(carried, 2 * carry.length)];
                }
                System.arraycopy(chunk.data, cut, carry, 0, carried);
                chunk.size = cut;
                chunk.last = eof || chunk.readFailure != null;
            }
            boolean fits = state.settled() || settle(state, chunk.data, chunk.size, scratch);
            send(chunk, workers, worker);
            if (chunk.readFailure != null || !fits) {
                return false;
            }
            if (chunk.last) {
                return true;
            }
        }
    }

    /**
     * Reads past a line of at least {@link LineReader#MAX_LINE} bytes, of which the chunk holds the start: the chunk
     * becomes that one line, skipped. Sets the chunk's end of input or read failure (then the line is not counted,
     * as a reading thread would not have reached its end).
     *
     * @return how many bytes after the line's end {@code carry} now holds
     */
    private static int skipOverlong(Chunk chunk, SiteReader input, byte[] carry) {
        chunk.size = 0;
        chunk.overlong = true;
        while (true) {
            int n;
            try {
                n = input.read(chunk.data, 0);
            } catch (IOException e) {
                chunk.overlong = false;
                chunk.readFailure = e;
                chunk.last = true;
                return 0;
            }
            if (n < 0) {
                chunk.last = true;
                return 0;
            }
            for (int i = 0; i < n; i++) {
                if (chunk.data[i] == '\n') {
                    System.arraycopy(chunk.data, i + 1, carry, 0, n - i - 1);
                    return n - i - 1;
                }
            }
        }
    }

    /** The last newline in {@code data[from, size)}, as the index just after it; -1 when there is none. */
    private static int lastNewline(byte[] data, int from, int size) {
        for (int i = size - 1; i >= from; i--) {
            if (data[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * Advances the input's state over a chunk's lines until it is settled, exactly as the chunk's own parse will.
     *
     * @return false when the input's settings do not fit its format: the chunk's parse fails there
     */
    private static boolean settle(SiteParser state, byte[] data, int end, SiteLine scratch) {
        int pos = 0;
        while (pos < end && !state.settled()) {
            int lineEnd = lineBreak(data, pos, end);
            int next = lineEnd + 1;
            if (lineEnd - pos < LineReader.MAX_LINE) {
                try {
                    state.parse(data, pos, LineReader.contentEnd(data, pos, lineEnd), scratch);
                } catch (LineFormatException e) {
                    // the chunk's parse reports it
                } catch (SiteParser.UnfitSettingsException e) {
                    return false;
                }
            }
            pos = next;
        }
        return true;
    }

    private void send(Chunk chunk, ExecutorService workers, ThreadLocal<Worker> worker) throws InterruptedException {
        ordered.put(chunk.size == 0 && !chunk.overlong ? CompletableFuture.completedFuture(chunk)
                : workers.submit(() -> worker.get().parse(chunk)));
    }

    private static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    long sites() {
        return sites;
    }

    long invalidLines() {
        return invalidLines;
    }

    long otherModCodes() {
        return otherModCodes;
    }

    long otherContexts() {
        return otherContexts;
    }

    List<String> detections() {
        return detections;
    }
}
