package org.methylstream.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Site files of every input format as real ones go wrong, megabytes long so that they make many chunks of
 * {@link ChunkedRead}: comments and blank lines, a header where the format has one, CRLF lines, bad lines of several
 * kinds, rows of other modification codes and contexts, a line longer than a chunk but within the limit, one past
 * the limit, and no final line end. Sites are realistic (mostly methylated CpGs, some unmethylated, coverage up to
 * 60), so that scoring them gives significant and insignificant sites, and the same pairs again and again.
 */
public final class MessyInputs {
    /** The formats with a context column, as {@code --context} needs. */
    public static final InputFormat[] WITH_CONTEXT = {InputFormat.ALLC, InputFormat.CYTOSINE_REPORT,
        InputFormat.BEDMETHYL};

    private static final String[] ALLC_CONTEXTS = {"CGA", "CGT", "CGG", "CAG", "CTG", "CAT", "CTT", "CCA"};

    private MessyInputs() {
    }

    /** What to put in besides the sites. */
    public record Mess(boolean badLines, boolean overlongLine, boolean longLine, boolean finalLineEnd, boolean gzip) {
        public static final Mess ALL = new Mess(true, true, true, false, false);
        public static final Mess NONE = new Mess(false, false, false, true, false);

        public Mess gzipped() {
            return new Mess(badLines, overlongLine, longLine, finalLineEnd, true);
        }
    }

    /** About {@code sites} sites of {@code format}, as {@code file}. */
    public static Path write(Path file, InputFormat format, int sites, long seed, Mess mess) throws IOException {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(sites * 40);
        text.append("# written by MessyInputs, seed ").append(seed).append("\n\n");
        String header = header(format);
        if (header != null) {
            text.append(header).append('\n');
        }
        int longAt = mess.longLine() ? sites / 3 : -1;
        int overlongAt = mess.overlongLine() ? 2 * sites / 3 : -1;
        long position = 1000;
        String chromosome = "chr1";
        for (int i = 0; i < sites; i++) {
            if (i == sites / 2) {
                chromosome = "chr2";
                position = 1000;
            }
            position += 1 + random.nextInt(40);
            String strand = random.nextBoolean() ? "+" : "-";
            int coverage = random.nextInt(20) == 0 ? 0 : 1 + random.nextInt(60);
            double level = random.nextInt(4) == 0 ? 0.004 : 0.8;
            int methylated = 0;
            for (int r = 0; r < coverage; r++) {
                methylated += random.nextDouble() < level ? 1 : 0;
            }
            String context = ALLC_CONTEXTS[random.nextInt(random.nextInt(3) == 0 ? ALLC_CONTEXTS.length : 3)];
            String line = line(format, chromosome, position, strand, context, methylated, coverage - methylated,
                    random.nextInt(15) == 0 ? "h" : "m");
            if (i == longAt) {
                // longer than a chunk, well within the line limit: a valid site with a very long chromosome name
                line = line(format, "c".repeat(ChunkedRead.CHUNK_BYTES + 1000), position, strand, context, 1, 1, "m");
            }
            if (i == overlongAt) {
                text.append("x".repeat(LineReader.MAX_LINE + 10)).append('\n');
            }
            int dice = random.nextInt(1000);
            if (mess.badLines() && dice < 3) {
                text.append(bad(line, dice)).append('\n');
            } else if (mess.badLines() && dice < 5) {
                text.append(dice == 3 ? "# a comment\n" : "  \t \n");
            }
            text.append(line).append(mess.badLines() && dice == 6 ? "\r\n" : "\n");
        }
        if (!mess.finalLineEnd()) {
            text.setLength(text.length() - 1);
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = mess.gzip() ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(bytes);
        }
        return file;
    }

    private static String bad(String line, int kind) {
        return switch (kind) {
            case 0 -> line.replaceFirst("\t[0-9]+", "\tnot-a-number");
            case 1 -> line.substring(0, line.lastIndexOf('\t'));
            default -> line + "\t-5";
        };
    }

    private static String header(InputFormat format) {
        return switch (format) {
            case ALLC -> "chr\tpos\tstrand\tcontext\tmc_count\ttotal\tmethylated";
            case METHYLKIT -> "chrBase\tchr\tbase\tstrand\tcoverage\tfreqC\tfreqT";
            case BEDGRAPH -> "track type=bedGraph";
            case BEDMETHYL -> SiteInputs.BEDMETHYL_HEADER;
            default -> null;
        };
    }

    private static String line(InputFormat format, String chromosome, long position, String strand, String context,
                               int methylated, int unmethylated, String modCode) {
        int coverage = methylated + unmethylated;
        String percent = String.format(Locale.ROOT, "%.2f", coverage == 0 ? 0.0 : 100.0 * methylated / coverage);
        String p = Long.toString(position);
        String m = Integer.toString(methylated);
        String u = Integer.toString(unmethylated);
        String cov = Integer.toString(coverage);
        String reportContext = context.charAt(1) == 'G' ? "CG" : context.charAt(2) == 'G' ? "CHG" : "CHH";
        return switch (format) {
            case SEED -> String.join("\t", chromosome, p, m, u);
            case BISMARK -> String.join("\t", chromosome, p, p, percent, m, u);
            case BEDGRAPH -> String.join("\t", chromosome, Long.toString(position - 1), p, percent, m, u);
            case ALLC -> String.join("\t", chromosome, p, strand, context, m, cov, methylated > 2 ? "1" : "0");
            case CYTOSINE_REPORT -> String.join("\t", chromosome, p, strand, m, u, reportContext, context);
            case METHYLKIT -> String.join("\t", chromosome + "." + p, chromosome, p, strand.equals("+") ? "F" : "R",
                    cov, String.format(Locale.ROOT, "%6.2f", Double.parseDouble(percent)),
                    String.format(Locale.ROOT, "%6.2f", 100 - Double.parseDouble(percent)));
            case BEDMETHYL -> String.join("\t", chromosome, Long.toString(position - 1), p,
                    modCode + "," + reportContext + ",0", cov, strand, Long.toString(position - 1), p, "255,0,0",
                    cov, percent, m, u, "0", "0", "0", "0", "0");
        };
    }
}
