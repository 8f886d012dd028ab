package org.methylstream.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of site file lines for the property tests: valid lines of every format, the ways real files go
 * wrong (a mutated valid line: a byte lost, added or changed, a field emptied, dropped or doubled, a count
 * negative or past 32 bits, a CR, non-ASCII), binary junk, comments, blank and very long lines. Lines are
 * ISO-8859-1 strings, one char per byte, without their line end.
 */
public final class SiteInputs {
    private static final String[] HUGE_NUMBERS = {"2147483647", "2147483648", "4294967296", "9223372036854775807",
        "9223372036854775808", "922337203685477580", "922337203685477581", "99999999999999999999999999999",
        "-2147483648", "-0", "+0", "00000000000000000000000000001", "1e9", "0x10", "1.5", "NaN", "Infinity", ""};

    private SiteInputs() {
    }

    /** A file's worth of lines, valid and not, mixed. */
    public static Arbitrary<List<String>> lines() {
        return Arbitraries.frequencyOf(
                        Tuple.of(12, validLine()),
                        Tuple.of(10, mutatedLine()),
                        Tuple.of(2, junkLine()),
                        Tuple.of(1, Arbitraries.of("#chrom\tpos", "", "   ", "\t\t", "chr\tpos\tstrand\tcontext\tmc_count\ttotal\tmethylated",
                                "chrBase\tchr\tbase\tstrand\tcoverage\tfreqC\tfreqT", "track type=bedGraph", BEDMETHYL_HEADER)),
                        Tuple.of(1, longLine()))
                .list().ofMinSize(1).ofMaxSize(12);
    }

    /** A column-name header as modkit's {@code --header} writes one. */
    static final String BEDMETHYL_HEADER = String.join("\t", "chrom", "start", "end", "mod_code", "score", "strand",
            "start_compat", "end_compat", "color", "N_valid_cov", "percent_modified", "N_mod", "N_canonical",
            "N_other_mod", "N_delete", "N_fail", "N_diff", "N_nocall");

    /** A valid line of any format. */
    public static Arbitrary<String> validLine() {
        return Arbitraries.oneOf(seedLine(), bismarkLine(), allcLine(), bedMethylLine(), cytosineReportLine(),
                bedGraphLine(), methylKitLine());
    }

    /** modkit pileup: tab-separated, or (before 0.3) space-separated after the 10th column. */
    static Arbitrary<String> bedMethylLine() {
        return Combinators.combine(chromosome(), Arbitraries.longs().between(0, 250_000_000),
                        Arbitraries.of("m", "h", "m,CG,0", "h,CHH,0", "a"), Arbitraries.of("+", "-", "."),
                        Arbitraries.integers().between(0, 500).list().ofSize(7), Arbitraries.of(true, false))
                .as((c, start, code, strand, n, old) -> {
                    int valid = n.get(0) + n.get(1) + n.get(2);
                    String percent = String.format(java.util.Locale.ROOT, "%.2f", valid == 0 ? 0 : 100.0 * n.get(0) / valid);
                    String head = String.join("\t", c, Long.toString(start), Long.toString(start + 1), code,
                            Integer.toString(valid), strand, Long.toString(start), Long.toString(start + 1), "255,0,0");
                    List<String> rest = List.of(Integer.toString(valid), percent, n.get(0).toString(), n.get(1).toString(),
                            n.get(2).toString(), n.get(3).toString(), n.get(4).toString(), n.get(5).toString(),
                            n.get(6).toString());
                    return head + "\t" + String.join(old ? " " : "\t", rest);
                });
    }

    static Arbitrary<String> cytosineReportLine() {
        return Combinators.combine(chromosome(), position(), Arbitraries.of("+", "-"), count(), count(),
                        Arbitraries.of("CG", "CHG", "CHH"), Arbitraries.of("CGA", "CAG", "CTT"))
                .as((c, p, s, m, u, ctx, tri) -> String.join("\t", c, p, s, m, u, ctx, tri));
    }

    static Arbitrary<String> bedGraphLine() {
        return Combinators.combine(chromosome(), Arbitraries.longs().between(0, 250_000_000), Arbitraries.of(1, 2),
                        Arbitraries.integers().between(0, 100), count(), count())
                .as((c, start, span, pct, m, u) -> String.join("\t", c, Long.toString(start),
                        Long.toString(start + span), Integer.toString(pct), m, u));
    }

    static Arbitrary<String> methylKitLine() {
        return Combinators.combine(chromosome(), Arbitraries.longs().between(1, 250_000_000), Arbitraries.of("F", "R"),
                        Arbitraries.integers().between(1, 5000), Arbitraries.integers().between(0, 5000))
                .as((c, base, strand, coverage, m) -> {
                    double freqC = 100.0 * Math.min(m, coverage) / coverage;
                    return String.join("\t", c + "." + base, c, Long.toString(base), strand, Integer.toString(coverage),
                            String.format(java.util.Locale.ROOT, "%6.2f", freqC),
                            String.format(java.util.Locale.ROOT, "%6.2f", 100 - freqC));
                });
    }

    static Arbitrary<String> seedLine() {
        return Combinators.combine(chromosome(), position(), count(), count())
                .as((c, p, m, u) -> String.join("\t", c, p, m, u));
    }

    static Arbitrary<String> bismarkLine() {
        return Combinators.combine(chromosome(), Arbitraries.longs().between(1, 250_000_000), count(), count(),
                        Arbitraries.doubles().between(0, 100))
                .as((c, p, m, u, pct) -> String.join("\t", c, Long.toString(p), Long.toString(p), Double.toString(pct), m, u));
    }

    static Arbitrary<String> allcLine() {
        return Combinators.combine(chromosome(), position(), Arbitraries.of("+", "-"), Arbitraries.of("CGA", "CGG", "CHH", "CHG"),
                        Arbitraries.integers().between(0, 5000), Arbitraries.integers().between(0, 5000),
                        Arbitraries.of("0", "1"))
                .as((c, p, s, ctx, a, b, call) -> String.join("\t", c, p, s, ctx, Integer.toString(Math.min(a, b)),
                        Integer.toString(Math.max(a, b)), call));
    }

    private static Arbitrary<String> chromosome() {
        return Arbitraries.oneOf(Arbitraries.of("chr1", "chrX", "chrM", "chrUn_KI270302v1", "scaffold_12"),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(12));
    }

    private static Arbitrary<String> position() {
        return Arbitraries.oneOf(Arbitraries.longs().between(1, 250_000_000).map(String::valueOf),
                Arbitraries.longs().between(1, Long.MAX_VALUE / 10).map(String::valueOf));
    }

    private static Arbitrary<String> count() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 60).map(String::valueOf),
                Arbitraries.integers().between(0, Integer.MAX_VALUE).map(String::valueOf));
    }

    /** A valid line with one thing wrong with it, or (rarely) still right. */
    public static Arbitrary<String> mutatedLine() {
        return Combinators.combine(validLine(), Arbitraries.integers().between(0, 10),
                        Arbitraries.integers().between(0, Integer.MAX_VALUE), junkByte(), Arbitraries.of(HUGE_NUMBERS))
                .as(SiteInputs::mutate);
    }

    private static String mutate(String line, int kind, int where, char junk, String number) {
        String[] fields = line.split("\t", -1);
        int at = where % line.length();
        int field = where % fields.length;
        switch (kind) {
            case 0: return line.substring(0, at) + line.substring(at + 1);           // a byte lost
            case 1: return line.substring(0, at) + junk + line.substring(at);        // a byte added
            case 2: return line.substring(0, at) + junk + line.substring(at + 1);    // a byte changed
            case 3: fields[field] = number; return String.join("\t", fields);         // a huge or odd number
            case 4: fields[field] = "-" + fields[field]; return String.join("\t", fields);
            case 5: fields[field] = ""; return String.join("\t", fields);
            case 6: return line.substring(0, line.lastIndexOf('\t'));                 // a column dropped
            case 7: return line + "\t" + fields[field];                               // a column added
            case 8: return line + "\r";                                               // a stray CR
            case 9: fields[field] = fields[field] + "\u00e9"; return String.join("\t", fields); // non-ASCII
            default: return line.replace('\t', ' ');                                  // spaces for tabs
        }
    }

    /** Random bytes, the line end excluded. */
    public static Arbitrary<String> junkLine() {
        return junkByte().list().ofMaxSize(80).map(chars -> {
            StringBuilder s = new StringBuilder();
            chars.forEach(s::append);
            return s.toString();
        });
    }

    private static Arbitrary<Character> junkByte() {
        return Arbitraries.chars().range('\0', '\u00ff').filter(c -> c != '\n');
    }

    /** Far past the line limit, or long but well within it. */
    static Arbitrary<String> longLine() {
        return Combinators.combine(validLine(), Arbitraries.of(100_000, SiteOracle.MAX_LINE + 1000),
                        Arbitraries.of('7', 'x', '\t'))
                .as((line, length, filler) -> line + String.valueOf(filler).repeat(length));
    }

    /** Lines joined by LF or CRLF, with or without a final line end, as bytes. */
    public static byte[] join(List<String> lines, String lineEnd, boolean finalLineEnd) {
        String text = String.join(lineEnd, lines) + (finalLineEnd ? lineEnd : "");
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
