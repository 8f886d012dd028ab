package org.methylstream.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.methylstream.application.ScoringApplication.ChromosomeRow;
import org.methylstream.topology.ChromosomeStatistics;

@DisplayName("The statistics table")
class StatisticsTableTest {
    private static ChromosomeStatistics sites(long sites, long tested) {
        return new ChromosomeStatistics(sites, tested, 0, 10 * sites, new long[ChromosomeStatistics.DECADES]);
    }

    private static List<String> printed(List<ChromosomeRow> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StatisticsTable.print(rows, new RatesUsed(), org.methylstream.control.ErrorRateSettings.of(
                new org.methylstream.control.ErrorRate(0.006, "default", null)),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8).lines().map(l -> {
            String[] f = l.split("\t");
            return f[0] + " " + f[1] + " " + f[2] + " " + f[3] + " " + f[f.length - 3] + " " + f[f.length - 2] + " "
                    + f[f.length - 1];
        }).toList();
    }

    @Test
    @DisplayName("per (sample, context): a total per context, and per sample when it has several contexts")
    void perSampleAndContext() {
        List<ChromosomeRow> rows = List.of(
                new ChromosomeRow("liver", "CG", "chr1", sites(5, 4)), new ChromosomeRow("liver", "CG", "chr2", sites(3, 3)),
                new ChromosomeRow("liver", "CHH", "chr1", sites(7, 1)),
                new ChromosomeRow("seed", ".", "chr1", sites(2, 2)));
        String rate = " 0.006 default";
        assertEquals(List.of("sample chromosome sites tested context error_rate error_rate_source",
                "liver chr1 5 4 CG" + rate, "liver chr2 3 3 CG" + rate, "liver * 8 7 CG" + rate,
                "liver chr1 7 1 CHH" + rate, "liver * 7 1 CHH" + rate,
                "liver * 15 8 *" + rate,
                "seed chr1 2 2 ." + rate, "seed * 2 2 ." + rate), printed(rows));
    }

    @Test
    @DisplayName("raw rows, as process hands them to stats, keep the context")
    void rawRoundTrip() {
        ChromosomeRow row = new ChromosomeRow("a b", "CHG", "chr\t?", sites(3, 2));
        assertEquals(List.of(row), StatisticsTable.parseRaw(StatisticsTable.raw(row) + "\n"));
    }
}
