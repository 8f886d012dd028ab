package org.methylstream.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a {@link Source}, such as a {@link LiveAnalysis}, over HTTP, at the address and port it is told only:
 * {@code /} the dashboard page,
 * {@code /assets/*} what it loads, {@code /api/...} the snapshot as JSON, {@code /metrics} the Prometheus text.
 * Anything else, a request that is not GET or HEAD, an unknown sample or chromosome, an unknown or oversized query
 * parameter gets a 4xx status with the reason as plain text; an unexpected failure a 500 with its message, never
 * a stack trace.
 */
public final class DashboardServer implements AutoCloseable {
    /** What the server shows. */
    public interface Source {
        /** The latest snapshot, cheap to get: the server asks for it on every request. */
        Snapshot latest();

        /** The metrics in Prometheus text format. */
        String scrape();
    }

    /** Longer request targets than this are refused (414): no sample id or chromosome name needs more. */
    static final int MAX_TARGET = 2048;
    private static final String JSON = "application/json; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "dashboard-http");
        thread.setDaemon(true);
        return thread;
    });
    private final Source analysis;

    private DashboardServer(HttpServer server, Source analysis) {
        this.server = server;
        this.analysis = analysis;
    }

    /**
     * Starts serving {@code analysis} on {@code bindAddress}:{@code port} (0: any free port).
     *
     * @throws IOException when the address cannot be bound (in use, not an address of this machine)
     */
    public static DashboardServer start(Source analysis, String bindAddress, int port) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 0);
        } catch (IOException e) {
            throw new IOException("cannot serve the dashboard on " + bindAddress + ":" + port + ": " + e.getMessage(),
                    e);
        }
        DashboardServer dashboard = new DashboardServer(server, analysis);
        server.createContext("/", dashboard::handle);
        server.setExecutor(dashboard.threads);
        server.start();
        return dashboard;
    }

    /** Where it serves, as {@code http://HOST:PORT/}. */
    public String url() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/";
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private record Answer(int status, String contentType, String body) {
        static Answer refused(int status, String reason) {
            return new Answer(status, TEXT, reason + "\n");
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        Answer answer;
        try {
            answer = answer(exchange);
        } catch (RuntimeException e) {
            System.err.println("dashboard: " + exchange.getRequestURI().getRawPath() + " failed: " + e);
            answer = Answer.refused(500, "internal error: " + e.getMessage());
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (answer.status() == 405) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(answer.status(), head ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(body);
            }
        }
    }

    private Answer answer(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return Answer.refused(405, "method " + method + " not allowed: only GET and HEAD");
        }
        String target = exchange.getRequestURI().toString();
        if (target.length() > MAX_TARGET) {
            return Answer.refused(414, "request target of " + target.length() + " characters: at most " + MAX_TARGET);
        }
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> query;
        try {
            query = query(rawQuery);
        } catch (IllegalArgumentException e) {
            return Answer.refused(400, e.getMessage());
        }
        List<String> path;
        try {
            path = Arrays.stream(rawPath.split("/", -1)).skip(1)
                    .map(part -> URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8)).toList();
        } catch (IllegalArgumentException e) {
            return Answer.refused(400, "bad path " + rawPath + ": " + e.getMessage());
        }
        if (path.size() == 1 && path.get(0).isEmpty()) {
            return noQuery(query).orElseGet(() -> new Answer(200, "text/html; charset=utf-8", Page.live()));
        }
        switch (path.get(0)) {
            case "assets":
                if (path.size() == 2 && Page.ASSETS.containsKey(path.get(1))) {
                    return noQuery(query).orElseGet(() -> new Answer(200, Page.ASSETS.get(path.get(1))[1],
                            Page.asset(path.get(1))));
                }
                break;
            case "metrics":
                if (path.size() == 1) {
                    return noQuery(query).orElseGet(() -> new Answer(200, "text/plain; version=0.0.4; charset=utf-8",
                            analysis.scrape()));
                }
                break;
            case "api":
                return api(path.subList(1, path.size()), query, rawPath);
            default:
                break;
        }
        return Answer.refused(404, "no such page: " + rawPath + " (there are /, /api/snapshot, /api/samples and"
                + " /metrics)");
    }

    private Answer api(List<String> path, Map<String, String> query, String rawPath) {
        Snapshot snapshot = analysis.latest();
        if (path.equals(List.of("snapshot"))) {
            return noQuery(query).orElseGet(() -> json(snapshot));
        }
        if (path.equals(List.of("samples"))) {
            return noQuery(query).orElseGet(() -> json(snapshot.summary()));
        }
        if (path.size() >= 2 && path.size() <= 3 && path.get(0).equals("samples")
                && (path.size() == 2 || path.get(2).equals("bins"))) {
            Optional<Snapshot.SampleView> sample = snapshot.sample(path.get(1));
            if (sample.isEmpty()) {
                return Answer.refused(404, "no sample " + quoted(path.get(1)) + " (samples: "
                        + String.join(", ", snapshot.samples().stream().map(Snapshot.SampleView::sample).toList())
                        + ")");
            }
            if (path.size() == 2) {
                return noQuery(query).orElseGet(() -> json(sample.get()));
            }
            return bins(sample.get(), query);
        }
        return Answer.refused(404, "no such API: " + rawPath + " (there are /api/snapshot, /api/samples,"
                + " /api/samples/SAMPLE and /api/samples/SAMPLE/bins?chromosome=C)");
    }

    private static Answer bins(Snapshot.SampleView sample, Map<String, String> query) {
        for (String name : query.keySet()) {
            if (!name.equals("chromosome")) {
                return Answer.refused(400, "unknown query parameter " + quoted(name) + ": only chromosome");
            }
        }
        String chromosome = query.get("chromosome");
        if (chromosome == null) {
            return json(sample.bins());
        }
        List<Snapshot.BinView> bins = sample.bins().stream().filter(b -> b.chromosome().equals(chromosome)).toList();
        if (bins.isEmpty()) {
            return Answer.refused(404, "sample " + quoted(sample.sample()) + " has no bins on chromosome "
                    + quoted(chromosome));
        }
        return json(bins);
    }

    private static Optional<Answer> noQuery(Map<String, String> query) {
        return query.isEmpty() ? Optional.empty() : Optional.of(Answer.refused(400, "unknown query parameter "
                + quoted(query.keySet().iterator().next()) + ": this page takes none"));
    }

    private static Map<String, String> query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (parameters.put(name, value) != null) {
                throw new IllegalArgumentException("query parameter " + quoted(name) + " given twice");
            }
        }
        return parameters;
    }

    private static Answer json(Object value) {
        return new Answer(200, JSON, Snapshot.json(value));
    }

    /** A name from the request, quoted and cut short for the reason text. */
    private static String quoted(String name) {
        return "'" + (name.length() > 80 ? name.substring(0, 80) + "..." : name) + "'";
    }

    /** Stops serving at once. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
