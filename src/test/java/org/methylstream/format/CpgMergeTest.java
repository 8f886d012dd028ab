package org.methylstream.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.methylstream.format.SiteReaderTest.Site;

/**
 * {@code --merge-cpg} in batch: whatever the order of the input and however small the memory, the result is what
 * pairing the strands of each CpG in a map of everything gives (the definition, restated naively here).
 */
@Label("CpG strand merging in batch")
class CpgMergeTest {
    private static Site strand(String chromosome, long position, String strand, String context, int m, int u) {
        return new Site(chromosome, position, strand, context, m, u);
    }

    /** Runs the sites through the merge, holding at most {@code capacity} strands in memory. */
    static List<Site> merged(List<Site> input, int capacity) throws IOException {
        List<Site> out = new ArrayList<>();
        List<Integer> spans = new ArrayList<>();
        SiteLine line = new SiteLine();
        try (CpgMerge merge = new CpgMerge(capacity)) {
            for (Site site : input) {
                line.chromosome = site.chromosome();
                line.position = site.position();
                line.strand = site.strand();
                line.context = site.context();
                line.methylated = site.methylated();
                line.unmethylated = site.unmethylated();
                merge.accept(line, s -> {
                    out.add(Site.of(s));
                    spans.add(s.span());
                });
            }
            merge.finish(s -> {
                out.add(Site.of(s));
                spans.add(s.span());
            });
        }
        for (int i = 0; i < out.size(); i++) {
            assertEquals(out.get(i).strand() == null ? 2 : 1, spans.get(i), "a merged CpG spans 2 bases: " + out.get(i));
        }
        return out;
    }

    /** The definition: a + strand C at p and a - strand C at p + 1, both CG (or of no context), are one site at p. */
    static List<Site> naive(List<Site> input) {
        Map<String, List<Site>> byCpg = new HashMap<>();
        List<Site> out = new ArrayList<>();
        for (Site s : input) {
            if (CpgStrands.isStrandOfCpg(s.strand(), s.context())) {
                byCpg.computeIfAbsent(s.chromosome() + ":" + CpgStrands.cpgPosition(s.strand(), s.position()),
                        k -> new ArrayList<>()).add(s);
            } else {
                out.add(s);
            }
        }
        for (List<Site> strands : byCpg.values()) {
            List<Site> plus = strands.stream().filter(s -> s.strand().equals("+")).toList();
            List<Site> minus = strands.stream().filter(s -> s.strand().equals("-")).toList();
            if (plus.size() == 1 && minus.size() == 1) {
                Site p = plus.get(0);
                Site m = minus.get(0);
                out.add(new Site(p.chromosome(), p.position(), null, "CG", p.methylated() + m.methylated(),
                        p.unmethylated() + m.unmethylated()));
            } else {
                out.addAll(strands);
            }
        }
        return out;
    }

    private static List<Site> sorted(List<Site> sites) {
        return sites.stream().sorted(java.util.Comparator.comparing(Site::toString)).toList();
    }

    @net.jqwik.api.Example
    @Label("sorted allc: strands merged at their CpG, CHH passes, partner-less strands alone at the end")
    void sortedInput() throws IOException {
        List<Site> input = List.of(
                strand("chr1", 100, "+", "CGA", 3, 1), strand("chr1", 101, "-", "CGT", 2, 2),
                strand("chr1", 105, "+", "CHH", 1, 9),
                strand("chr1", 200, "+", "CGG", 4, 0),                      // its - strand was not covered
                strand("chr1", 301, "-", "CGC", 1, 1),                      // its + strand was not covered
                strand("chr2", 10, "+", "CGA", 0, 0), strand("chr2", 11, "-", "CGA", 0, 0));
        assertEquals(List.of(
                        strand("chr1", 100, null, "CG", 5, 3), strand("chr1", 105, "+", "CHH", 1, 9),
                        strand("chr2", 10, null, "CG", 0, 0),
                        strand("chr1", 200, "+", "CGG", 4, 0), strand("chr1", 301, "-", "CGC", 1, 1)),
                merged(input, CpgMerge.DEFAULT_CAPACITY));
    }

    @net.jqwik.api.Example
    @Label("unsorted, with memory for two strands: the strands spill to sorted runs and still meet; runs are deleted")
    void unsortedSpills() throws IOException {
        List<Site> input = List.of(
                strand("chr1", 101, "-", "CG", 2, 2), strand("chr2", 51, "-", "CG", 1, 0),
                strand("chr1", 301, "-", "CG", 1, 1), strand("chr2", 50, "+", "CG", 1, 1),
                strand("chr1", 200, "+", "CG", 4, 0), strand("chr1", 100, "+", "CG", 3, 1));
        long runsBefore = runFiles();
        List<Site> out = merged(input, 2);
        assertEquals(sorted(List.of(strand("chr1", 100, null, "CG", 5, 3), strand("chr2", 50, null, "CG", 2, 1),
                strand("chr1", 301, "-", "CG", 1, 1), strand("chr1", 200, "+", "CG", 4, 0))), sorted(out));
        assertEquals(runsBefore, runFiles(), "spilled runs are removed");
    }

    @net.jqwik.api.Example
    @Label("the same strand twice: the first goes on alone, the second pairs")
    void duplicateStrand() throws IOException {
        List<Site> input = List.of(strand("c", 10, "+", "CG", 1, 1), strand("c", 10, "+", "CG", 2, 2),
                strand("c", 11, "-", "CG", 3, 3));
        assertEquals(List.of(strand("c", 10, "+", "CG", 1, 1), strand("c", 10, null, "CG", 5, 5)),
                merged(input, CpgMerge.DEFAULT_CAPACITY));
    }

    @Property(tries = 200)
    @Label("any order, any memory: the result is the naive pairing's")
    void anyOrderAnyMemory(@ForAll @IntRange(min = 1, max = 60) int cpgs, @ForAll long seed,
                           @ForAll @IntRange(min = 1, max = 40) int capacity) throws IOException {
        Random random = new Random(seed);
        List<Site> input = new ArrayList<>();
        for (int i = 0; i < cpgs; i++) {
            String chromosome = "chr" + random.nextInt(3);
            long p = 1 + 2L * random.nextInt(40);
            int kind = random.nextInt(5);
            if (kind != 1) {
                input.add(strand(chromosome, p, "+", random.nextBoolean() ? "CG" : null, random.nextInt(9),
                        random.nextInt(9)));
            }
            if (kind != 2) {
                input.add(strand(chromosome, p + 1, "-", "CGA", random.nextInt(9), random.nextInt(9)));
            }
            if (kind == 3) {
                input.add(strand(chromosome, p, "+", "CHG", 1, 1));
            }
        }
        List<Site> deduplicated = new ArrayList<>(new java.util.LinkedHashSet<>(input.stream()
                .map(s -> s.chromosome() + ":" + s.position() + ":" + s.strand()).toList()).stream()
                .map(key -> input.stream().filter(s -> key.equals(s.chromosome() + ":" + s.position() + ":"
                        + s.strand())).findFirst().orElseThrow()).toList());
        Collections.shuffle(deduplicated, random);
        assertEquals(sorted(naive(deduplicated)), sorted(merged(deduplicated, capacity)));
    }

    private static long runFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("methylstream-cpg-")).count();
        }
    }
}
