package org.methylstream.format;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The batch {@code --merge-cpg} stage, after parsing, for one input at a time, in bounded memory whatever the order
 * of the input (see {@link CpgStrands} for the rule). Sites that are no CpG strand pass straight through. A CpG
 * strand waits in a map keyed by its CpG until its partner comes, and the two go on as one site. In sorted input the
 * partner is the next line, so the map holds only the strands without partner; when it reaches its capacity, its
 * strands are sorted by CpG and written to a temporary file (a sorted run) and the map starts empty. At the end of
 * the input, the runs and the map are merged in CpG order (a k-way merge, one buffered reader per run), which pairs
 * the strands whose partner was spilled; whatever is still alone then goes on alone, counted. Temporary files are
 * deleted at the end of the input, or on {@link #close}. A pair whose coverage would overflow 32 bits is not
 * merged: the later strand goes on alone, the earlier one waits on. The per-sample Benjamini-Hochberg stage merges
 * the strands it re-reads from the sites topic with it too.
 */
public final class CpgMerge implements AutoCloseable {
    /** Strands held in memory before they are spilled: some 50 MB of heap. */
    public static final int DEFAULT_CAPACITY = 1 << 18;

    /** Where the merged and the passed-through sites go; the {@link SiteLine} is reused. */
    @FunctionalInterface
    public interface Downstream {
        void accept(SiteLine site) throws IOException;
    }

    private record Key(String chromosome, long cpg) {
    }

    /** One strand waiting; {@code order} is its chromosome's rank of first appearance, for sorting runs. */
    private record Strand(int order, String chromosome, long position, String strand, String context, int methylated,
                          int unmethylated) {
        long cpg() {
            return CpgStrands.cpgPosition(strand, position);
        }

        boolean plus() {
            return "+".equals(strand);
        }
    }

    private static final Comparator<Strand> CPG_ORDER = Comparator.comparingInt(Strand::order)
            .thenComparingLong(Strand::cpg).thenComparing(Strand::strand);

    private final int capacity;
    private final Map<Key, Strand> pending = new LinkedHashMap<>();
    private final Map<String, Integer> chromosomeOrder = new HashMap<>();
    private final List<Path> runs = new ArrayList<>();
    private final SiteLine out = new SiteLine();
    private long merged;
    private long alone;

    public CpgMerge(int capacity) {
        this.capacity = capacity;
    }

    /** Takes the next site: passes it on, or holds it until its partner comes, then passes the merged site on. */
    public void accept(SiteLine site, Downstream downstream) throws IOException {
        if (!CpgStrands.isStrandOfCpg(site.strand(), site.context())) {
            downstream.accept(site);
            return;
        }
        int order = chromosomeOrder.computeIfAbsent(site.chromosome(), c -> chromosomeOrder.size());
        Strand strand = new Strand(order, site.chromosome(), site.position(), site.strand(), site.context(),
                site.methylated(), site.unmethylated());
        Key key = new Key(site.chromosome(), strand.cpg());
        Strand waiting = pending.remove(key);
        if (waiting == null) {
            hold(key, strand);
        } else if (waiting.plus() == strand.plus()) {
            emitAlone(waiting, downstream); // the same strand twice: the earlier one has no partner left
            hold(key, strand);
        } else if (overflows(waiting, strand)) {
            pending.put(key, waiting);
            emitAlone(strand, downstream);
        } else {
            emitMerged(waiting, strand, downstream);
        }
    }

    /** At the end of an input: pairs what waited, spilled or not, and sends the rest on alone. */
    public void finish(Downstream downstream) throws IOException {
        if (runs.isEmpty()) {
            for (Strand strand : pending.values()) {
                emitAlone(strand, downstream);
            }
            pending.clear();
            return;
        }
        List<Strand> last = new ArrayList<>(pending.values());
        pending.clear();
        last.sort(CPG_ORDER);
        List<RunReader> readers = new ArrayList<>();
        try {
            PriorityQueue<Cursor> heads = new PriorityQueue<>((a, b) -> CPG_ORDER.compare(a.head, b.head));
            Iterator<Strand> memory = last.iterator();
            addCursor(heads, () -> memory.hasNext() ? memory.next() : null);
            for (Path run : runs) {
                RunReader reader = new RunReader(run);
                readers.add(reader);
                addCursor(heads, reader);
            }
            Strand previous = null;
            while (!heads.isEmpty()) {
                Cursor cursor = heads.poll();
                Strand strand = cursor.head;
                if (cursor.advance()) {
                    heads.add(cursor);
                }
                if (previous != null && previous.order() == strand.order() && previous.cpg() == strand.cpg()
                        && previous.plus() != strand.plus() && !overflows(previous, strand)) {
                    emitMerged(previous, strand, downstream);
                    previous = null;
                } else {
                    if (previous != null) {
                        emitAlone(previous, downstream);
                    }
                    previous = strand;
                }
            }
            if (previous != null) {
                emitAlone(previous, downstream);
            }
        } finally {
            for (RunReader reader : readers) {
                reader.close();
            }
            close();
        }
    }

    /** Pairs of strands merged into one site so far. */
    public long merged() {
        return merged;
    }

    /** Strands that went on alone, their partner never having come. */
    public long alone() {
        return alone;
    }

    /** Deletes the spilled runs, if any are left. */
    @Override
    public void close() throws IOException {
        for (Path run : runs) {
            Files.deleteIfExists(run);
        }
        runs.clear();
    }

    private void hold(Key key, Strand strand) throws IOException {
        pending.put(key, strand);
        if (pending.size() >= capacity) {
            spill();
        }
    }

    private void spill() throws IOException {
        List<Strand> sorted = new ArrayList<>(pending.values());
        pending.clear();
        sorted.sort(CPG_ORDER);
        Path run = Files.createTempFile("methylstream-cpg-", ".run");
        runs.add(run);
        try (DataOutputStream data = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run),
                1 << 16))) {
            for (Strand s : sorted) {
                data.writeInt(s.order());
                data.writeUTF(s.chromosome());
                data.writeLong(s.position());
                data.writeUTF(s.strand());
                data.writeUTF(s.context() == null ? "" : s.context());
                data.writeInt(s.methylated());
                data.writeInt(s.unmethylated());
            }
        }
    }

    private static boolean overflows(Strand a, Strand b) {
        return (long) a.methylated() + a.unmethylated() + b.methylated() + b.unmethylated() > Integer.MAX_VALUE;
    }

    private void emitMerged(Strand a, Strand b, Downstream downstream) throws IOException {
        out.chromosome = a.chromosome();
        out.position = a.cpg();
        out.strand = null;
        out.context = CpgStrands.MERGED_CONTEXT;
        out.span = 2;
        out.methylated = a.methylated() + b.methylated();
        out.unmethylated = a.unmethylated() + b.unmethylated();
        merged++;
        downstream.accept(out);
    }

    private void emitAlone(Strand s, Downstream downstream) throws IOException {
        out.chromosome = s.chromosome();
        out.position = s.position();
        out.strand = s.strand();
        out.context = s.context();
        out.span = 1;
        out.methylated = s.methylated();
        out.unmethylated = s.unmethylated();
        alone++;
        downstream.accept(out);
    }

    /** A sorted run: its next strand, or null at its end. */
    @FunctionalInterface
    private interface Run {
        Strand next() throws IOException;
    }

    /** A run and its smallest strand not yet taken. */
    private static final class Cursor {
        private final Run run;
        Strand head;

        Cursor(Run run) {
            this.run = run;
        }

        boolean advance() throws IOException {
            head = run.next();
            return head != null;
        }
    }

    private static void addCursor(PriorityQueue<Cursor> heads, Run run) throws IOException {
        Cursor cursor = new Cursor(run);
        if (cursor.advance()) {
            heads.add(cursor);
        }
    }

    /** Reads a spilled run back, one strand at a time. */
    private static final class RunReader implements Run, AutoCloseable {
        private final DataInputStream data;

        RunReader(Path run) throws IOException {
            data = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), 1 << 16));
        }

        @Override
        public Strand next() throws IOException {
            int order;
            try {
                order = data.readInt();
            } catch (EOFException e) {
                return null;
            }
            String chromosome = data.readUTF();
            long position = data.readLong();
            String strand = data.readUTF();
            String context = data.readUTF();
            return new Strand(order, chromosome, position, strand, context.isEmpty() ? null : context,
                    data.readInt(), data.readInt());
        }

        @Override
        public void close() throws IOException {
            data.close();
        }
    }
}
