package org.methylstream.application;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.methylstream.application.ScoringApplication.ChromosomeRow;
import org.methylstream.application.ScoringApplication;

/**
 * How {@code stats} reads the statistics of a running {@code process}: the process answers interactive queries of
 * its stores over HTTP on 127.0.0.1, at the address it writes to {@code STATE-DIR/streams/APPLICATION-ID.stats}
 * while it runs. Statistics stay in the stores; nothing but the answer leaves the process.
 */
public final class StatisticsEndpoint implements AutoCloseable {
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);

    private final HttpServer server;
    private final Path addressFile;

    private StatisticsEndpoint(HttpServer server, Path addressFile) {
        this.server = server;
        this.addressFile = addressFile;
    }

    public static Path addressFile(Path stateDir, String applicationId) {
        return stateDir.resolve("streams").resolve(applicationId + ".stats");
    }

    /** Serves {@code app}'s statistics on a free port of 127.0.0.1 and writes the address to {@code addressFile}. */
    public static StatisticsEndpoint serve(ScoringApplication app, Path addressFile) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/statistics", exchange -> answer(app, exchange));
        server.start();
        Files.createDirectories(addressFile.getParent());
        Files.writeString(addressFile, "127.0.0.1:" + server.getAddress().getPort());
        return new StatisticsEndpoint(server, addressFile);
    }

    private static void answer(ScoringApplication app, HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String sample = query != null && query.startsWith("sample=")
                ? URLDecoder.decode(query.substring("sample=".length()), StandardCharsets.UTF_8) : null;
        int status;
        String body;
        try {
            body = app.statistics(sample, QUERY_TIMEOUT).stream().map(StatisticsTable::raw)
                    .collect(Collectors.joining("\n", "", "\n"));
            status = 200;
        } catch (IllegalStateException e) {
            body = e.getMessage();
            status = 503;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            body = "interrupted";
            status = 503;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * The statistics from the process serving at the address in {@code addressFile}; empty when no file is there or
     * nothing answers at its address (the process is gone).
     */
    public static Optional<List<ChromosomeRow>> query(Path addressFile, String sample) throws IOException,
            InterruptedException {
        if (!Files.exists(addressFile)) {
            return Optional.empty();
        }
        String address = Files.readString(addressFile).trim();
        URI uri = URI.create("http://" + address + "/statistics"
                + (sample == null ? "" : "?sample=" + URLEncoder.encode(sample, StandardCharsets.UTF_8)));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(uri).timeout(QUERY_TIMEOUT.plusSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the process at " + address + " could not answer: " + response.body());
        }
        return Optional.of(StatisticsTable.parseRaw(response.body()));
    }

    /** Stops serving and removes the address file. */
    @Override
    public void close() throws IOException {
        server.stop(0);
        Files.deleteIfExists(addressFile);
    }
}
