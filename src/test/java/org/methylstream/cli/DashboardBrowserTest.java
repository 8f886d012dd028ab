package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.Chromium;
import org.methylstream.KafkaCluster;
import org.methylstream.MethylstreamProcess;
import org.methylstream.application.StatisticsEndpoint;
import org.methylstream.avro.MethylationSite;
import org.methylstream.dashboard.PrometheusMetrics;
import org.methylstream.serde.AvroSerde;
import org.methylstream.synthetic.SyntheticMethylome;

/**
 * The live dashboard of {@code process --http-port} in headless Chromium, on a real broker: about 40 s, most of it
 * the child process's start and the browser's.
 */
@DisplayName("process --http-port: the live dashboard in Chromium, /metrics, and stats --bins")
@Timeout(300)
class DashboardBrowserTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Each sample row's cells, and its plots' data, as the page shows them. */
    static final String PAGE_NUMBERS = """
            var out = {};
            document.querySelectorAll('#samples tbody tr').forEach(function (r) {
              var cells = {};
              r.querySelectorAll('td').forEach(function (td) { cells[td.dataset.field] = td.textContent; });
              out[r.dataset.sample] = cells;
            });
            var plots = (window.methylstream || {}).plots || {};
            Object.keys(plots).forEach(function (s) {
              if (!out[s]) return;
              out[s].pValues = plots[s].pValues.data[1];
              out[s].coverage = plots[s].coverage.data[1];
              out[s].bins = plots[s].genome.plot.data[0].length;
              out[s].binSignificant = plots[s].genome.plot.data[1];
            });
            return {samples: out, updates: (window.methylstream || {}).updates || 0,
                    resources: performance.getEntriesByType('resource').map(function (e) { return e.name; })};
            """;

    @TempDir
    Path dir;

    @RegisterExtension
    final MethylstreamProcess.Children children = new MethylstreamProcess.Children();

    @Test
    @DisplayName("shows both samples as they are published, with the numbers and bins of stats, updating in place")
    void liveDashboard() throws Exception {
        String input = KAFKA.createTopic("dashboard-sites", 2);
        Path state = dir.resolve("state");
        String[] analysis = {"--bootstrap-server", KAFKA.bootstrapServers(), "--state-dir", state.toString(),
                "--input-topic", input, "--output-topic", input + ".significant", "--application-id", "app-" + input};
        MethylstreamProcess process = children.start(dir, concat(new String[] {"process", "--http-port", "0"},
                analysis));
        process.awaitStderr("process: dashboard at http://127.0.0.1:", WAIT);
        Matcher address = Pattern.compile("dashboard at (http://127\\.0\\.0\\.1:\\d+/)").matcher(process.stderr());
        assertTrue(address.find(), process.stderr());
        String url = address.group(1);
        Path endpoint = StatisticsEndpoint.addressFile(state, "app-" + input);
        process.awaitThat("statistics endpoint", () -> Files.exists(endpoint), WAIT);

        Path liver = sites(dir, "liver.tsv", 4_000, 6);
        Path brain = sites(dir, "brain.tsv", 3_000, 7);
        Path moreLiver = sites(dir, "liver-2.tsv", 2_500, 8);
        CommandRun publish = CommandRun.run("publish", "--bootstrap-server", KAFKA.bootstrapServers(), "--topic",
                input, "--sample", "liver", "--sample", "brain", liver.toString(), brain.toString());
        assertEquals(0, publish.exitCode(), publish.toString());
        // one invalid site of brain (a negative count): dead-lettered, counted for brain on /metrics
        MethylationSite invalid = MethylationSite.newBuilder().setSampleId("brain").setChromosome("chr1")
                .setPosition(5).setMethylated(-1).setUnmethylated(3).build();
        KAFKA.produce(List.of(new ProducerRecord<>(input, "brain:chr1:5".getBytes(StandardCharsets.UTF_8),
                AvroSerde.methylationSite().encode(invalid))));

        try (Chromium browser = Chromium.start(dir.resolve("chromedriver.log"), 1400, 2400)) {
            browser.open(url);
            awaitRead(browser, Map.of("liver", 4_000L, "brain", 3_000L));
            JsonNode first = checkAgainstStats(browser, analysis, Map.of("liver", bins(liver), "brain", bins(brain)));
            assertEquals("4,000", first.get("samples").get("liver").get("sitesTotal").asText(), "read of total");
            assertTrue(first.get("samples").get("liver").get("progress").asText().contains("ended"));

            Path screenshot = Path.of("target", "dashboard-test", "dashboard.png");
            BufferedImage image = browser.screenshot(screenshot);
            double[] inked = Chromium.inked(image);
            assertTrue(inked[0] > 0.05 && inked[1] > 20, "a drawn page, not a blank one: " + Arrays.toString(inked));

            // more of liver: the page follows without a reload (which would lose this mark)
            browser.evaluate("window.notReloaded = true; return true;");
            CommandRun more = CommandRun.run("publish", "--bootstrap-server", KAFKA.bootstrapServers(), "--topic",
                    input, "--sample", "liver", moreLiver.toString());
            assertEquals(0, more.exitCode(), more.toString());
            awaitRead(browser, Map.of("liver", 6_500L, "brain", 3_000L));
            JsonNode second = checkAgainstStats(browser, analysis, Map.of("liver", bins(liver, moreLiver),
                    "brain", bins(brain)));
            assertTrue(second.get("updates").asLong() > first.get("updates").asLong(), "redrawn");
            assertTrue(browser.evaluate("return window.notReloaded === true;").asBoolean(), "in place");
            assertEquals("6,500", second.get("samples").get("liver").get("sitesTotal").asText(),
                    "the totals of both publications");
            assertTrue(sum(second.get("samples").get("liver").get("binSignificant"))
                    > sum(first.get("samples").get("liver").get("binSignificant")), "the genome plot grew");
            assertEquals(List.of(), list(second.get("resources")).stream()
                    .filter(resource -> !resource.startsWith(url)).toList(), "nothing fetched from elsewhere");

            // zoomed to one chromosome: the x axis spans exactly that chromosome's bins
            browser.evaluate("var select = window.methylstream.plots.liver.select; select.value = 'chr2';"
                    + " select.dispatchEvent(new Event('change')); return true;");
            String chr2 = "var plots = window.methylstream.plots.liver;"
                    + " var span = plots.genome.current.spans.find(function (s) { return s.chromosome === 'chr2'; });"
                    + " var x = plots.genome.plot.scales.x;";
            browser.awaitTrue("the genome plot zoomed to chr2", WAIT, chr2
                    + " return x.min === span.from - 0.5 && x.max === span.to + 0.5;");
            // and it stays there as the page refreshes
            long updates = browser.evaluate("return window.methylstream.updates;").asLong();
            browser.awaitTrue("a refresh", WAIT, "return window.methylstream.updates > " + updates + ";");
            assertTrue(browser.evaluate(chr2 + " return x.min === span.from - 0.5 && x.max === span.to + 0.5;")
                    .asBoolean(), "still zoomed");
            assertTrue(Long.parseLong(plain(second.get("samples").get("liver"), "sitesPerSecond")) > 0,
                    "sites read in the last minute give a rate");
            browser.screenshot(Path.of("target", "dashboard-test", "dashboard-chr2.png"));

            checkMetrics(url, analysis);
        }
        assertEquals(0, process.terminate(Duration.ofSeconds(60)), process.stderr());
    }

    /** {@code count} synthetic sites in {@code dir/name}. */
    static Path sites(Path dir, String name, int count, long seed) throws Exception {
        Path file = dir.resolve(name);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            new SyntheticMethylome(count, seed).writeTo(writer);
        }
        return file;
    }

    /** The distinct 1 Mb bins that the files' sites are in, counted from their text. */
    static int bins(Path... files) throws java.io.IOException {
        java.util.Set<String> bins = new java.util.HashSet<>();
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split("\t");
                if (!line.startsWith("#") && f.length > 1) {
                    bins.add(f[0] + ":" + (Long.parseLong(f[1]) - 1) / 1_000_000);
                }
            }
        }
        return bins.size();
    }

    private static void awaitRead(Chromium browser, Map<String, Long> sites) {
        StringBuilder condition = new StringBuilder("var rows = {};"
                + "document.querySelectorAll('#samples tbody tr').forEach(function (r) {"
                + "  rows[r.dataset.sample] = r.querySelector('[data-field=sitesRead]').textContent + ' of '"
                + "    + r.querySelector('[data-field=sitesTotal]').textContent; });"
                + "return true");
        sites.forEach((sample, read) -> condition.append(" && rows['").append(sample).append("'] === '")
                .append(thousands(read)).append(" of ").append(thousands(read)).append("'"));
        browser.awaitTrue("the page shows " + sites + " sites read of as many published", WAIT, condition + ";");
    }

    /** The page's numbers, histograms and bins per sample equal what stats and stats --bins print now. */
    private static JsonNode checkAgainstStats(Chromium browser, String[] analysis, Map<String, Integer> expectedBins)
            throws Exception {
        CommandRun stats = CommandRun.run(concat(new String[] {"stats"}, analysis));
        assertEquals(0, stats.exitCode(), stats.toString());
        CommandRun bins = CommandRun.run(concat(new String[] {"stats", "--bins"}, analysis));
        assertEquals(0, bins.exitCode(), bins.toString());
        Map<String, List<Long>> binSignificant = new HashMap<>();
        for (String line : bins.outLines().subList(1, bins.outLines().size())) {
            String[] f = line.split("\t");
            binSignificant.computeIfAbsent(f[0], s -> new ArrayList<>()).add(Long.parseLong(f[6]));
        }
        // the page refreshes within two seconds of a commit: wait until it shows what stats saw
        List<String> totals = stats.outLines().stream().filter(line -> line.split("\t")[1].equals("*")).toList();
        assertEquals(2, totals.size(), stats.out());
        for (String total : totals) {
            String[] f = total.split("\t");
            browser.awaitTrue(f[0] + " as stats counts it", WAIT, "var r = document.querySelector("
                    + "'#samples tr[data-sample=\"" + f[0] + "\"]'); return r !== null && "
                    + "r.querySelector('[data-field=significant]').textContent === '"
                    + thousands(Long.parseLong(f[4])) + "';");
        }
        JsonNode page = browser.evaluate(PAGE_NUMBERS);
        for (String total : totals) {
            String[] f = total.split("\t");
            JsonNode sample = page.get("samples").get(f[0]);
            assertEquals(List.of(f[2], f[3], f[4]), List.of(plain(sample, "sitesRead"), plain(sample, "tested"),
                    plain(sample, "significant")), f[0] + ": sites, tested, significant");
            assertEquals(Arrays.stream(f, 6, 17).map(Long::parseLong).toList(), longs(sample.get("pValues")),
                    f[0] + ": the p-value histogram is the decades of stats");
            assertEquals(71, sample.get("coverage").size(), "coverage bins");
            assertEquals(Long.parseLong(f[2]), sum(sample.get("coverage")), "every site in the coverage histogram");
            assertEquals(binSignificant.get(f[0]).size(), sample.get("bins").asInt(), f[0] + ": the bins of stats");
            assertEquals(binSignificant.get(f[0]), longs(sample.get("binSignificant")), f[0] + ": per bin");
            assertEquals(expectedBins.get(f[0]), sample.get("bins").asInt(), f[0] + ": 1 Mb bins holding sites");
        }
        return page;
    }

    /** /metrics parses as Prometheus text; its counters are stats's numbers; Kafka Streams' own metrics are there. */
    private static void checkMetrics(String url, String[] analysis) throws Exception {
        CommandRun stats = CommandRun.run(concat(new String[] {"stats"}, analysis));
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url + "metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        List<PrometheusMetrics.Sample> samples = PrometheusMetrics.parse(metrics.body());
        for (String total : stats.outLines().stream().filter(line -> line.split("\t")[1].equals("*")).toList()) {
            String[] f = total.split("\t");
            Map<String, String> sample = Map.of("sample", f[0]);
            assertEquals(Double.parseDouble(f[2]), PrometheusMetrics.value(samples, "methylstream_sites_read_total",
                    sample), f[0]);
            assertEquals(Double.parseDouble(f[3]), PrometheusMetrics.value(samples, "methylstream_sites_tested_total",
                    sample), f[0]);
            assertEquals(Double.parseDouble(f[4]), PrometheusMetrics.value(samples,
                    "methylstream_sites_significant_total", sample), f[0]);
        }
        assertEquals(1.0, PrometheusMetrics.value(samples, "methylstream_sites_dead_lettered_total",
                Map.of("sample", "brain")));
        assertEquals(0.0, PrometheusMetrics.value(samples, "methylstream_sites_dead_lettered_total",
                Map.of("sample", "liver")));
        assertEquals(0.0, PrometheusMetrics.value(samples, "methylstream_consumer_lag", Map.of()),
                "the group has committed everything");
        assertTrue(samples.stream().anyMatch(s -> s.name().equals("kafka_consumer_fetch_manager_records_lag")),
                "the stream threads' consumer lag, from Kafka's own metrics");
        assertTrue(samples.stream().anyMatch(s -> s.name().startsWith("kafka_stream_")), "Kafka Streams' metrics");
    }

    private static String thousands(long count) {
        return String.format(java.util.Locale.US, "%,d", count);
    }

    private static String plain(JsonNode sample, String field) {
        return sample.get(field).asText().replace(",", "");
    }

    /** A count the page shows, thousands separated. */
    static long count(JsonNode sample, String field) {
        return Long.parseLong(plain(sample, field));
    }

    static List<Long> longs(JsonNode array) {
        List<Long> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asLong()));
        return values;
    }

    static List<String> list(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static long sum(JsonNode array) {
        return longs(array).stream().mapToLong(Long::longValue).sum();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
