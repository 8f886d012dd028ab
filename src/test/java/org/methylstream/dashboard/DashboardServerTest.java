package org.methylstream.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.methylstream.application.ScoringApplication.BinRow;
import org.methylstream.application.ScoringApplication.ChromosomeRow;
import org.methylstream.topology.BinCounts;
import org.methylstream.topology.ChromosomeStatistics;

@DisplayName("The dashboard's HTTP server")
@Timeout(60)
class DashboardServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Two samples; liver on chr10, chr2 and chrX (two bins on chr2), brain on chr1. */
    private static Snapshot snapshot() {
        List<ChromosomeRow> statistics = new ArrayList<>();
        List<BinRow> bins = new ArrayList<>();
        for (String chromosome : List.of("chr10", "chr2", "chrX")) {
            statistics.add(new ChromosomeRow("liver", "CG", chromosome, ChromosomeStatistics.none()
                    .count(20, true, true, -30).count(3, true, false, -0.1)));
            bins.add(new BinRow("liver", chromosome, 0, new BinCounts(2, 2, 1, 13.0)));
        }
        bins.add(new BinRow("liver", "chr2", 4, new BinCounts(1, 1, 1, 40.5)));
        statistics.add(new ChromosomeRow("brain", "CG", "chr1", ChromosomeStatistics.none().count(7, false, false, 0)));
        bins.add(new BinRow("brain", "chr1", 0, new BinCounts(1, 0, 0, 0)));
        return Snapshot.of("process", true, 0L, Map.of("test", "upper"), Map.of(), 0.006, statistics, bins, Map.of());
    }

    private static DashboardServer serve(String bind) throws Exception {
        Snapshot snapshot = snapshot();
        return DashboardServer.start(new DashboardServer.Source() {
            @Override
            public Snapshot latest() {
                return snapshot;
            }

            @Override
            public String scrape() {
                return "# TYPE up gauge\nup 1\n";
            }
        }, bind, 0);
    }

    private static HttpResponse<String> get(DashboardServer server, String target) throws Exception {
        return send(server, "GET", target);
    }

    private static HttpResponse<String> send(DashboardServer server, String method, String target) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + target.substring(1)))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("serve the page, its assets from the jar, the snapshot, each sample and its bins as JSON")
    void answers() throws Exception {
        try (DashboardServer server = serve("127.0.0.1")) {
            HttpResponse<String> page = get(server, "/");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<script src=\"assets/uPlot.iife.min.js\"></script>"), page.body());
            HttpResponse<String> uPlot = get(server, "/assets/uPlot.iife.min.js");
            assertEquals(200, uPlot.statusCode());
            assertTrue(uPlot.body().contains("uPlot"), "the chart library");

            JsonNode samples = JSON.readTree(get(server, "/api/samples").body());
            assertEquals(List.of("brain", "liver"), names(samples.get("samples")));
            assertTrue(samples.get("samples").get(1).get("bins").isNull(), "the list leaves the bins out");
            JsonNode liver = JSON.readTree(get(server, "/api/samples/liver").body());
            assertEquals(6, liver.get("sitesRead").asLong());
            assertEquals(3, liver.get("significant").asLong());
            assertEquals(List.of("chr2", "chr10", "chrX"), chromosomes(liver.get("chromosomes")),
                    "karyotype order");
            assertEquals(4, liver.get("bins").size());
            JsonNode chr2 = JSON.readTree(get(server, "/api/samples/liver/bins?chromosome=chr2").body());
            assertEquals(2, chr2.size());
            assertEquals(4_000_001, chr2.get(1).get("start").asLong());
            assertEquals(40.5, chr2.get(1).get("maxMinusLog10P").asDouble());
            JsonNode snapshot = JSON.readTree(get(server, "/api/snapshot").body());
            assertEquals(2, snapshot.get("samples").size());
            assertTrue(snapshot.get("problem").isNull(), "fresh numbers");
            assertEquals("up 1", get(server, "/metrics").body().split("\n")[1]);
            assertEquals(200, send(server, "HEAD", "/api/samples").statusCode());
        }
    }

    @Test
    @DisplayName("refuse unknown paths, samples, chromosomes and parameters, huge targets and other methods with a"
            + " 4xx and the reason, never a stack trace")
    void refusals() throws Exception {
        String huge = "x".repeat(100_000);
        Object[][] cases = {
                {"GET", "/nope", 404, "no such page: /nope"},
                {"GET", "/api/nope", 404, "no such API: /api/nope"},
                {"GET", "/api/samples/nobody", 404, "no sample 'nobody' (samples: brain, liver)"},
                {"GET", "/api/samples/liver/bins?chromosome=chrQ", 404, "no bins on chromosome 'chrQ'"},
                {"GET", "/api/samples/liver/bins?window=3", 400, "unknown query parameter 'window'"},
                {"GET", "/api/samples/liver/bins?chromosome=chr1&chromosome=chr2", 400, "given twice"},
                {"GET", "/api/samples?sample=liver", 400, "unknown query parameter 'sample'"},
                {"GET", "/api/samples/liver/nope", 404, "no such API"},
                {"GET", "/assets/secret.txt", 404, "no such page"},
                {"GET", "/api/samples?q=" + huge, 414, "request target of 100015 characters: at most 2048"},
                {"GET", "/api/samples/" + huge, 414, "at most 2048"},
                {"POST", "/api/samples", 405, "method POST not allowed"},
                {"DELETE", "/", 405, "method DELETE not allowed"},
        };
        try (DashboardServer server = serve("127.0.0.1")) {
            for (Object[] c : cases) {
                HttpResponse<String> response = send(server, (String) c[0], (String) c[1]);
                String what = c[0] + " " + ((String) c[1]).substring(0, Math.min(60, ((String) c[1]).length()));
                assertEquals(c[2], response.statusCode(), what + ": " + response.body());
                assertTrue(response.body().contains((String) c[3]), what + ": " + response.body());
                assertTrue(response.body().length() < 400, what + ": a short reason, not an echo");
                assertFalse(response.body().contains("Exception") || response.body().contains("\tat "), what);
                assertEquals("text/plain; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
            }
        }
    }

    @Test
    @DisplayName("listen on the address it is told only")
    void bindsOnlyWhereTold() throws Exception {
        try (DashboardServer server = serve("127.0.0.2")) {
            int port = server.address().getPort();
            assertEquals("http://127.0.0.2:" + port + "/", server.url());
            assertEquals(200, get(server, "/api/samples").statusCode());
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(),
                    "nothing listens on 127.0.0.1");
        }
        Exception refused = assertThrows(java.io.IOException.class, () -> serve("192.0.2.1"),
                "an address not of this machine");
        assertTrue(refused.getMessage().startsWith("cannot serve the dashboard on 192.0.2.1:0: "),
                refused.getMessage());
    }

    private static List<String> names(JsonNode samples) {
        List<String> names = new ArrayList<>();
        samples.forEach(s -> names.add(s.get("sample").asText()));
        return names;
    }

    private static List<String> chromosomes(JsonNode rows) {
        List<String> names = new ArrayList<>();
        rows.forEach(r -> names.add(r.get("chromosome").asText()));
        return names;
    }
}
