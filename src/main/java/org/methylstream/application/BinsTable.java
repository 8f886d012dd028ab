package org.methylstream.application;

import java.io.PrintStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.methylstream.dashboard.KaryotypeOrder;
import org.methylstream.format.ScoreLine;
import org.methylstream.topology.BinCounts;
import org.methylstream.topology.GenomeBins;
import org.methylstream.application.ScoringApplication.BinRow;

/**
 * The genome bins as {@code stats --bins} prints them (a tab-separated table, chromosomes in karyotype order, the
 * bins past a sample's limit last as chromosome {@code *} without positions), and as {@code process} hands them
 * over to it (one raw row per line).
 */
public final class BinsTable {
    private static final String HEADER = "sample\tchromosome\tstart\tend\tsites\ttested\tsignificant"
            + "\tmax_minus_log10_p";

    private BinsTable() {
    }

    public static void print(List<BinRow> rows, PrintStream out) {
        out.println(HEADER);
        rows.stream().sorted(Comparator.comparing(BinRow::sample)
                        .thenComparing(row -> row.index() == GenomeBins.OTHER)
                        .thenComparing(BinRow::chromosome, KaryotypeOrder.INSTANCE).thenComparingInt(BinRow::index))
                .forEach(row -> {
                    BinCounts c = row.counts();
                    boolean other = row.index() == GenomeBins.OTHER;
                    long start = (long) row.index() * GenomeBins.SIZE + 1;
                    out.println(row.sample() + "\t" + row.chromosome() + "\t" + (other ? "-" : start) + "\t"
                            + (other ? "-" : start + GenomeBins.SIZE - 1) + "\t" + c.sites() + "\t" + c.tested()
                            + "\t" + c.significant() + "\t" + ScoreLine.pythonRepr(c.maxMinusLog10P()));
                });
    }

    /** One row as a line, names URL-encoded so that any character survives. */
    public static String raw(BinRow row) {
        BinCounts c = row.counts();
        return URLEncoder.encode(row.sample(), StandardCharsets.UTF_8) + "\t"
                + URLEncoder.encode(row.chromosome(), StandardCharsets.UTF_8) + "\t" + row.index() + "\t" + c.sites()
                + "\t" + c.tested() + "\t" + c.significant() + "\t" + Double.toString(c.maxMinusLog10P());
    }

    public static List<BinRow> parseRaw(String text) {
        List<BinRow> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t");
            rows.add(new BinRow(URLDecoder.decode(f[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(f[1], StandardCharsets.UTF_8), Integer.parseInt(f[2]),
                    new BinCounts(Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]),
                            Double.parseDouble(f[6]))));
        }
        return rows;
    }
}
