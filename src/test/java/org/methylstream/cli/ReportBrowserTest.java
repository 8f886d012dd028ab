package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.methylstream.cli.DashboardBrowserTest.count;
import static org.methylstream.cli.DashboardBrowserTest.list;
import static org.methylstream.cli.DashboardBrowserTest.longs;
import static org.methylstream.cli.DashboardBrowserTest.sites;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.Chromium;
import org.methylstream.KafkaCluster;
import org.methylstream.format.SiteLine;
import org.methylstream.format.SiteReader;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.SiteScorer;
import org.methylstream.stats.TextbookBh;

/**
 * {@code score --report} and {@code run --report} files opened from disk in headless Chromium with every network
 * cut off: about 30 s, most of it the run.
 */
@DisplayName("score --report and run --report: self-contained HTML, opened from disk with the network off")
@Timeout(300)
class ReportBrowserTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final double FDR = 0.01;

    @TempDir
    Path dir;

    /** What a report must say of a sample, counted here from its file with the scoring core. */
    private record Expected(long sites, long tested, long significant, List<Long> decades, int bins,
                            long discoveries) {
    }

    @Test
    @DisplayName("show both samples with their counts, histograms, bins and FDR discoveries, and need nothing else")
    void reports() throws Exception {
        Path liver = sites(dir, "liver.tsv", 4_000, 11);
        Path brain = sites(dir, "brain.tsv", 2_500, 12);
        Map<String, Expected> expected = Map.of("liver", expected(liver), "brain", expected(brain));

        Path scoreReport = dir.resolve("score.html");
        CommandRun score = CommandRun.run("score", "--quiet", "--out", dir.resolve("score.tsv").toString(),
                "--report", scoreReport.toString(), liver.toString(), brain.toString());
        assertEquals(0, score.exitCode(), score.toString());

        Path runReport = dir.resolve("run.html");
        CommandRun run = CommandRun.run("run", "--bootstrap-server", KAFKA.bootstrapServers(), "--state-dir",
                dir.resolve("state").toString(), "--run-id", "report-" + System.nanoTime(), "--partitions", "2",
                "--out", dir.resolve("run.tsv").toString(), "--fdr", String.valueOf(FDR), "--fdr-out",
                dir.resolve("fdr.tsv").toString(), "--report", runReport.toString(), "--http-port", "0",
                liver.toString(), brain.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.err().contains("run: dashboard at http://127.0.0.1:"), run.err());
        assertTrue(run.err().contains("report in " + runReport), run.err());
        // the FDR file's lines are the discoveries of both samples
        assertEquals(expected.get("liver").discoveries() + expected.get("brain").discoveries(),
                Files.readAllLines(dir.resolve("fdr.tsv")).size());

        try (Chromium browser = Chromium.offline(dir.resolve("chromedriver.log"), 1400, 2000)) {
            // the browser really is offline: not even loopback loads
            AssertionError offline = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                    () -> browser.open("http://127.0.0.1:9/"));
            assertTrue(offline.getMessage().contains("ERR_INTERNET_DISCONNECTED"), offline.getMessage());

            JsonNode fromScore = open(browser, scoreReport, "score report", expected, false);
            browser.screenshot(Path.of("target", "report-test", "score-report.png"));
            JsonNode fromRun = open(browser, runReport, "run report", expected, true);
            double[] inked = Chromium.inked(browser.screenshot(Path.of("target", "report-test", "run-report.png")));
            assertTrue(inked[0] > 0.05 && inked[1] > 20, "a drawn page, not a blank one: " + Arrays.toString(inked));
            for (String sample : expected.keySet()) {
                for (String field : List.of("sitesRead", "tested", "significant", "pValues", "coverage", "bins",
                        "binSignificant")) {
                    assertEquals(fromScore.get("samples").get(sample).get(field),
                            fromRun.get("samples").get(sample).get(field), sample + " " + field + ": score = run");
                }
            }
        }
    }

    /** Opens a report from disk; checks it against the expected counts; returns the page's numbers. */
    private static JsonNode open(Chromium browser, Path report, String title, Map<String, Expected> expected,
                                 boolean withFdr) {
        browser.open(report.toUri().toString());
        browser.awaitTrue(title + " drawn", WAIT, "return (window.methylstream || {}).updates === 1;");
        JsonNode page = browser.evaluate(DashboardBrowserTest.PAGE_NUMBERS);
        assertEquals(title, browser.evaluate("return document.getElementById('source').textContent"
                + ".replace(/^(\\w+) report$/, '$1 report');").asText());
        assertEquals(List.of(), list(page.get("resources")), title + ": nothing loaded, everything is inlined");
        assertEquals(2, page.get("samples").size(), title);
        expected.forEach((sample, e) -> {
            JsonNode row = page.get("samples").get(sample);
            assertEquals(List.of(e.sites(), e.tested(), e.significant()), List.of(count(row, "sitesRead"),
                    count(row, "tested"), count(row, "significant")), title + " " + sample);
            assertEquals(e.decades(), longs(row.get("pValues")), title + " " + sample + ": p-value decades");
            assertEquals(e.sites(), longs(row.get("coverage")).stream().mapToLong(Long::longValue).sum());
            assertEquals(e.bins(), row.get("bins").asInt(), title + " " + sample + ": 1 Mb bins");
            assertEquals(e.significant(), longs(row.get("binSignificant")).stream().mapToLong(Long::longValue)
                    .sum(), title + " " + sample + ": significant sites over the bins");
            assertEquals(withFdr ? String.format(java.util.Locale.US, "%,d", e.discoveries()) : "–",
                    row.get("fdrDiscoveries").asText(), title + " " + sample + ": Benjamini-Hochberg discoveries");
        });
        assertEquals("upper", browser.evaluate("return document.querySelector('[data-parameter=test]')"
                + ".textContent;").asText(), title + ": parameters");
        assertEquals(!withFdr, browser.evaluate("return document.getElementById('fdr-results').hidden;")
                .asBoolean(), title + ": FDR section");
        return page;
    }

    private static Expected expected(Path file) throws Exception {
        SiteScorer scorer = new SiteScorer(ScoringParameters.DEFAULTS);
        long sites = 0;
        long tested = 0;
        long significant = 0;
        long[] decades = new long[11];
        List<Double> logP = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); SiteReader reader = new SiteReader(file.toString(), in,
                null)) {
            SiteLine site = new SiteLine();
            while (reader.next(site)) {
                sites++;
                if (scorer.isTested(site.coverage())) {
                    tested++;
                    significant += scorer.isSignificant(site.methylated(), site.coverage()) ? 1 : 0;
                    double p = scorer.pValue(site.methylated(), site.coverage());
                    int decade = 0;
                    while (decade < 10 && p <= Math.pow(10, -(decade + 1))) {
                        decade++;
                    }
                    decades[decade]++;
                    logP.add(scorer.logPValue(site.methylated(), site.coverage()));
                }
            }
        }
        long discoveries = Arrays.stream(TextbookBh.logQValues(logP.stream().mapToDouble(Double::doubleValue)
                .toArray(), FDR)).filter(q -> !Double.isNaN(q)).count();
        return new Expected(sites, tested, significant, Arrays.stream(decades).boxed().toList(),
                DashboardBrowserTest.bins(file), discoveries);
    }
}
