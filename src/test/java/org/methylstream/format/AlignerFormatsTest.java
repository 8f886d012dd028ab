package org.methylstream.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.methylstream.format.SiteReaderTest.Site;

/** The layouts of modkit, Bismark's and MethylDackel's reports and methylKit, on small files shaped as they write them. */
@DisplayName("Aligner and caller formats")
@Timeout(30)
class AlignerFormatsTest {
    /** What reading a text gave: the sites, their spans, and the reader, for its counts and detection. */
    record Reading(List<Site> sites, List<Integer> spans, SiteReader reader) {
    }

    static Reading read(String text, InputSettings settings) throws IOException, InvalidSiteException {
        List<Site> sites = new ArrayList<>();
        List<Integer> spans = new ArrayList<>();
        SiteReader reader = SiteReader.of("in.txt", new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)),
                settings);
        SiteLine line = new SiteLine();
        while (reader.next(line)) {
            sites.add(Site.of(line));
            spans.add(line.span());
        }
        reader.close();
        return new Reading(sites, spans, reader);
    }

    static Reading read(String text) throws IOException, InvalidSiteException {
        return read(text, InputSettings.of(null));
    }

    static String firstError(String text, InputSettings settings) {
        return assertThrows(InvalidSiteException.class, () -> read(text, settings)).getMessage();
    }

    static InputSettings bedMethyl(String code, boolean otherModAsUnmethylated) {
        return new InputSettings(InputFormat.BEDMETHYL, code, otherModAsUnmethylated, null, false);
    }

    @Nested
    @DisplayName("modkit bedMethyl")
    class BedMethyl {
        // one C, + strand, with 5 m calls, 2 h calls, 3 canonical: an m row and an h row; then the - strand C, 0/0
        static final String PILEUP = """
                chrom\tstart\tend\tmod_code\tscore\tstrand\tstart_compat\tend_compat\tcolor\tN_valid_cov\tpercent_modified\tN_mod\tN_canonical\tN_other_mod\tN_delete\tN_fail\tN_diff\tN_nocall
                chr1\t10468\t10469\tm\t10\t+\t10468\t10469\t255,0,0\t10\t50.00\t5\t3\t2\t0\t1\t0\t2
                chr1\t10468\t10469\th\t10\t+\t10468\t10469\t255,0,0\t10\t20.00\t2\t3\t5\t0\t1\t0\t2
                chr1\t10469\t10470\tm\t0\t-\t10469\t10470\t255,0,0\t0\t0.00\t0\t0\t0\t1\t0\t0\t0
                chr1\t10469\t10470\th\t0\t-\t10469\t10470\t255,0,0\t0\t0.00\t0\t0\t0\t1\t0\t0\t0
                """;

        @Test
        @DisplayName("m rows by default: 1-based positions, both strands, the header and h rows skipped and counted")
        void modCodeM() throws Exception {
            Reading reading = read(PILEUP);
            assertEquals(List.of(new Site("chr1", 10469, "+", null, 5, 3), new Site("chr1", 10470, "-", null, 0, 0)),
                    reading.sites());
            assertEquals(2, reading.reader().otherModCodes());
            assertEquals(InputFormat.BEDMETHYL, reading.reader().format());
            assertEquals("18 columns: modkit bedMethyl", reading.reader().detection());
        }

        @Test
        @DisplayName("--other-mod-as-unmethylated adds N_other_mod to the unmethylated reads")
        void otherModAsUnmethylated() throws Exception {
            assertEquals(new Site("chr1", 10469, "+", null, 5, 5),
                    read(PILEUP, bedMethyl("m", true)).sites().get(0));
        }

        @Test
        @DisplayName("--mod-code h reads the 5hmC rows")
        void modCodeH() throws Exception {
            Reading reading = read(PILEUP, bedMethyl("h", false));
            assertEquals(List.of(new Site("chr1", 10469, "+", null, 2, 3), new Site("chr1", 10470, "-", null, 0, 0)),
                    reading.sites());
            assertEquals(2, reading.reader().otherModCodes());
        }

        @Test
        @DisplayName("a motif in the code (m,CG,0) is the site's context; --context selects by it")
        void motif() throws Exception {
            String text = """
                    chr1\t99\t100\tm,CG,0\t4\t.\t99\t100\t255,0,0\t4\t75.00\t3\t1\t0\t0\t0\t0\t0
                    chr1\t104\t105\tm,CHH,0\t4\t+\t104\t105\t255,0,0\t4\t25.00\t1\t3\t0\t0\t0\t0\t0
                    """;
            assertEquals(List.of(new Site("chr1", 100, null, "CG", 3, 1), new Site("chr1", 105, "+", "CHH", 1, 3)),
                    read(text).sites());
            Reading cg = read(text, new InputSettings(null, "m", false, CytosineContext.CG, false));
            assertEquals(List.of(new Site("chr1", 100, null, "CG", 3, 1)), cg.sites());
            assertEquals(1, cg.reader().otherContexts());
        }

        @Test
        @DisplayName("modkit before 0.3 (spaces after the 10th column) reads as the tab-separated layout")
        void oldSpacing() throws Exception {
            String old = """
                    chr1\t10468\t10469\tm\t10\t+\t10468\t10469\t255,0,0\t10 50.00 5 3 2 0 1 0 2
                    chr1\t10468\t10469\th\t10\t+\t10468\t10469\t255,0,0\t10 20.00 2 3 5 0 1 0 2
                    """;
            Reading reading = read(old);
            assertEquals(List.of(new Site("chr1", 10469, "+", null, 5, 3)), reading.sites());
            assertEquals("modkit bedMethyl before 0.3 (space-separated after column 10)", reading.reader().detection());
            assertEquals(List.of(new Site("chr1", 10469, "+", null, 5, 3)),
                    read(old, bedMethyl("m", false)).sites(), "named as well as detected");
        }

        @Test
        @DisplayName("bad rows: FILE:LINE: reason")
        void errors() {
            assertEquals("in.txt:1: column 10 (N_valid_cov) 9 is not N_mod + N_canonical + N_other_mod (columns 12-14: "
                    + "5 + 3 + 2)", firstError("chr1\t1\t2\tm\t9\t+\t1\t2\t255,0,0\t9\t50.00\t5\t3\t2\t0\t0\t0\t0\n",
                    InputSettings.of(null)));
            assertEquals("in.txt:1: column 3 (end) 3 must be column 2 (start) + 1: a bedMethyl row is one base, got "
                    + "start 1", firstError("chr1\t1\t3\tm\t1\t+\t1\t3\t255,0,0\t1\t0.00\t0\t1\t0\t0\t0\t0\t0\n",
                    InputSettings.of(null)));
            assertEquals("in.txt:1: column 6 (strand) must be +, - or ., got '*'",
                    firstError("chr1\t1\t2\tm\t1\t*\t1\t2\t255,0,0\t1\t0.00\t0\t1\t0\t0\t0\t0\t0\n",
                            InputSettings.of(null)));
            assertEquals("in.txt:1: --context CG: the site names no context (a bedmethyl row without a motif in its "
                    + "modification code, such as m,CG,0)",
                    firstError("chr1\t1\t2\tm\t1\t+\t1\t2\t255,0,0\t1\t0.00\t0\t1\t0\t0\t0\t0\t0\n",
                            new InputSettings(null, "m", false, CytosineContext.CG, false)));
        }
    }

    @Nested
    @DisplayName("cytosine report")
    class CytosineReport {
        @Test
        @DisplayName("Bismark CX report: both strands, every context, 0/0 sites kept (valid, never tested)")
        void cxReport() throws Exception {
            String report = """
                    chr1\t10468\t+\t0\t0\tCG\tCGG
                    chr1\t10469\t-\t3\t1\tCG\tCGC
                    chr1\t10471\t+\t1\t5\tCHH\tCTA
                    chr1\t10475\t-\t2\t2\tCHG\tCAG
                    """;
            Reading reading = read(report);
            assertEquals(List.of(new Site("chr1", 10468, "+", "CG", 0, 0), new Site("chr1", 10469, "-", "CG", 3, 1),
                    new Site("chr1", 10471, "+", "CHH", 1, 5), new Site("chr1", 10475, "-", "CHG", 2, 2)),
                    reading.sites());
            assertEquals("7 columns, column 4 a count: cytosine report", reading.reader().detection());
            Reading chh = read(report, new InputSettings(null, "m", false, CytosineContext.CHH, false));
            assertEquals(List.of(new Site("chr1", 10471, "+", "CHH", 1, 5)), chh.sites());
            assertEquals(3, chh.reader().otherContexts());
        }

        @Test
        @DisplayName("bad rows: FILE:LINE: reason")
        void errors() {
            assertEquals("in.txt:1: column 3 (strand) must be + or -, got '.'",
                    firstError("chr1\t5\t.\t1\t1\tCG\tCGA\n", InputSettings.of(InputFormat.CYTOSINE_REPORT)));
            assertEquals("in.txt:1: column 7 (trinucleotide) is empty",
                    firstError("chr1\t5\t+\t1\t1\tCG\t\n", InputSettings.of(InputFormat.CYTOSINE_REPORT)));
        }
    }

    @Nested
    @DisplayName("MethylDackel bedGraph, told apart from Bismark coverage")
    class BedGraph {
        @Test
        @DisplayName("track line, 0-based starts, a --mergeContext CpG spanning 2 bases")
        void trackLine() throws Exception {
            Reading reading = read("""
                    track type="bedGraph" description="sample CpG methylation levels"
                    chr1\t10468\t10469\t75\t3\t1
                    chr1\t10470\t10472\t50\t2\t2
                    """);
            assertEquals(List.of(new Site("chr1", 10469, null, null, 3, 1), new Site("chr1", 10471, null, null, 2, 2)),
                    reading.sites());
            assertEquals(List.of(1, 2), reading.spans(), "the merged CpG covers its C and the next base");
            assertEquals("a track line: MethylDackel bedGraph, 0-based", reading.reader().detection());
        }

        @Test
        @DisplayName("without a track line: end = start + 1 is bedGraph, start = end is Bismark; the reason is kept")
        void byCoordinates() throws Exception {
            Reading bedGraph = read("chr1\t10468\t10469\t75\t3\t1\n");
            assertEquals(List.of(new Site("chr1", 10469, null, null, 3, 1)), bedGraph.sites());
            assertEquals(InputFormat.BEDGRAPH, bedGraph.reader().format());
            assertEquals("6 columns, end = start + 1: MethylDackel bedGraph, 0-based", bedGraph.reader().detection());
            Reading bismark = read("chr1\t10469\t10469\t75\t3\t1\n");
            assertEquals(List.of(new Site("chr1", 10469, null, null, 3, 1)), bismark.sites());
            assertEquals("6 columns, start = end: Bismark coverage, 1-based", bismark.reader().detection());
        }

        @Test
        @DisplayName("a 6-column line that fits neither is refused with the reason, and the next line decides")
        void neither() throws Exception {
            assertEquals("in.txt:1: 6 columns, but columns 2 and 3 (start, end) fit neither Bismark coverage (start = "
                    + "end, 1-based) nor MethylDackel bedGraph (end = start + 1, or + 2 with --mergeContext, 0-based): "
                    + "got '100' and '105'; name the layout with --format", firstError("chr1\t100\t105\t50\t1\t1\n",
                    InputSettings.of(null)));
            assertEquals("in.txt:1: column 3 (end) 105 must be column 2 (start) + 1, or + 2 for a CpG merged by "
                    + "--mergeContext, got start 100", firstError("chr1\t100\t105\t50\t1\t1\n",
                    InputSettings.of(InputFormat.BEDGRAPH)));
        }
    }

    @Nested
    @DisplayName("methylKit")
    class MethylKit {
        @Test
        @DisplayName("header, F/R strands, space-padded percentages: methylated = round(coverage * freqC / 100)")
        void text() throws Exception {
            Reading reading = read("""
                    chrBase\tchr\tbase\tstrand\tcoverage\tfreqC\tfreqT
                    chr1.10469\tchr1\t10469\tF\t4\t 75.00\t 25.00
                    chr1.10470\tchr1\t10470\tR\t3\t 33.33\t 66.67
                    chr1.10475\tchr1\t10475\tR\t12\t100.00\t  0.00
                    """);
            assertEquals(List.of(new Site("chr1", 10469, "+", null, 3, 1), new Site("chr1", 10470, "-", null, 1, 2),
                    new Site("chr1", 10475, "-", null, 12, 0)), reading.sites());
            assertEquals("7 columns, strand F/R: methylKit", reading.reader().detection());
        }

        @Test
        @DisplayName("bad rows: FILE:LINE: reason")
        void errors() {
            assertEquals("in.txt:1: column 4 (strand) must be F or R, got '+'", firstError(
                    "chr1.5\tchr1\t5\t+\t4\t50.00\t50.00\n", InputSettings.of(InputFormat.METHYLKIT)));
            assertEquals("in.txt:1: columns 6 and 7 (freqC 50.0, freqT 40.0) must add up to 100",
                    firstError("chr1.5\tchr1\t5\tF\t4\t50.00\t40.00\n", InputSettings.of(null)));
        }
    }

    @Test
    @DisplayName("--context and --merge-cpg refuse a format without the column they need, naming it")
    void settingsNeedColumns() {
        IOException context = assertThrows(IOException.class, () -> read("chr1\t5\t1\t2\n",
                new InputSettings(null, "m", false, CytosineContext.CG, false)));
        assertEquals("in.txt:1: --context CG needs the sites' context, which the seed format does not have",
                context.getMessage());
        IOException merge = assertThrows(IOException.class, () -> read("chr1\t5\t5\t50\t1\t1\n",
                new InputSettings(null, "m", false, null, true)));
        assertEquals("in.txt:1: --merge-cpg needs the sites' strands, which the bismark format does not have",
                merge.getMessage());
    }

    @Test
    @DisplayName("--mod-code must be a code, without commas or spaces")
    void modCodeChecked() {
        for (String bad : List.of("", "m,CG", "m h")) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> bedMethyl(bad, false)).getMessage()
                    .startsWith("--mod-code must be a modification code such as m, h or a"), bad);
        }
    }

    @Test
    @DisplayName("contexts as formats write them map to CG, CHG, CHH")
    void contexts() {
        for (String cg : List.of("CG", "CpG", "CGA", "CGN", "cgt")) {
            assertEquals(CytosineContext.CG, CytosineContext.of(cg), cg);
        }
        for (String chg : List.of("CHG", "CXG", "CAG", "CTG", "CCG")) {
            assertEquals(CytosineContext.CHG, CytosineContext.of(chg), chg);
        }
        for (String chh : List.of("CHH", "CAA", "CTC", "CCT")) {
            assertEquals(CytosineContext.CHH, CytosineContext.of(chh), chh);
        }
        for (String none : List.of("GATC", "CN", "C", "CNG")) {
            assertEquals(null, CytosineContext.of(none), none);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CytosineContext.selection("CHX")).getMessage()
                .contains("expected CG, CHG, CHH or all"));
    }
}
