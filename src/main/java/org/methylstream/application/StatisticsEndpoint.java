package org.methylstream.application;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.HostInfo;
import org.methylstream.application.ScoringApplication.BinRow;
import org.methylstream.application.ScoringApplication.ChromosomeRow;
import org.methylstream.application.ScoringApplication.StatisticsHolders;
import org.methylstream.topology.ChromosomeStatistics;
import org.methylstream.topology.SampleKeys;

/**
 * How {@code stats} reads the statistics of running {@code process} instances: each instance answers over HTTP at
 * the address it advertises to its fellows as {@code application.server} (and writes to
 * {@code STATE-DIR/streams/APPLICATION-ID.stats} while it runs). Whichever instance is asked gathers every
 * partition's share from the instance that holds it, as Kafka Streams' metadata says: the owner first, a standby
 * replica when the owner does not answer (killed, restarting, in a rebalance). Statistics stay in the stores; nothing
 * but the answer leaves the processes.
 *
 * <p>{@code GET /statistics[?sample=S]}: the gathered table, one raw row per line ({@link StatisticsTable#raw}),
 * with the partitions a standby answered for in the header {@value #STANDBY_HEADER}.
 * {@code GET /statistics/share?partitions=0,2[&standby=true][&sample=S]}: this instance's shares of those
 * partitions only, what the gathering instance asks the others for. {@code GET /rates}: the error rates the samples
 * topic records ({@link RatesUsed#raw}), read by the instance asked, so that {@code stats} needs no Kafka client.
 */
public final class StatisticsEndpoint implements AutoCloseable {
    public static final String STANDBY_HEADER = "Methylstream-Standby-Partitions";
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SHARE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RETRY = Duration.ofMillis(200);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final HttpServer server;
    private final ExecutorService handlers;
    private final HostInfo advertised;
    private Path addressFile;

    private StatisticsEndpoint(HttpServer server, ExecutorService handlers, HostInfo advertised) {
        this.server = server;
        this.handlers = handlers;
        this.advertised = advertised;
    }

    public static Path addressFile(Path stateDir, String applicationId) {
        return stateDir.resolve("streams").resolve(applicationId + ".stats");
    }

    /**
     * Binds {@code listen} ({@code HOST:PORT}, port 0 for a free one) without answering yet: its address must be in
     * the application's configuration before the application exists.
     *
     * @param advertise the {@code HOST:PORT} the other instances and {@code stats} reach this one at; null for the
     *                  bound address, or this host's address when bound to every interface
     */
    public static StatisticsEndpoint bind(String listen, String advertise) throws IOException {
        HostInfo bind = HostInfo.buildFromEndpoint(listen);
        HttpServer server = HttpServer.create(new InetSocketAddress(bind.host(), bind.port()), 0);
        // several handlers at once: two instances may each be gathering from the other
        ExecutorService handlers = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "statistics-endpoint");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(handlers);
        InetAddress bound = server.getAddress().getAddress();
        String host = bound.isAnyLocalAddress() ? InetAddress.getLocalHost().getHostAddress() : bind.host();
        HostInfo advertised = advertise != null ? HostInfo.buildFromEndpoint(advertise)
                : new HostInfo(host, server.getAddress().getPort());
        return new StatisticsEndpoint(server, handlers, advertised);
    }

    /** {@code HOST:PORT}, as {@code application.server} takes it. */
    public String address() {
        return advertised.host() + ":" + advertised.port();
    }

    /** Starts answering for {@code app} and writes the address to {@code addressFile}. */
    public void serve(ScoringApplication app, Path addressFile) throws IOException {
        server.createContext("/statistics", exchange -> answer(app, exchange));
        server.createContext("/bins", exchange -> answerBins(app, exchange));
        server.createContext("/rates", exchange -> respond(exchange, () -> app.ratesUsed(QUERY_TIMEOUT).raw()));
        server.start();
        Files.createDirectories(addressFile.getParent());
        Files.writeString(addressFile, address());
        this.addressFile = addressFile;
    }

    private void answer(ScoringApplication app, HttpExchange exchange) throws IOException {
        Map<String, String> query = parameters(exchange.getRequestURI().getRawQuery());
        String sample = query.get("sample");
        respond(exchange, () -> {
            List<ChromosomeRow> rows;
            if (exchange.getRequestURI().getPath().equals("/statistics/share")) {
                List<Integer> partitions = Arrays.stream(query.getOrDefault("partitions", "").split(","))
                        .filter(p -> !p.isEmpty()).map(Integer::valueOf).toList();
                rows = app.statistics(sample, partitions, Boolean.parseBoolean(query.get("standby")), SHARE_TIMEOUT);
            } else {
                Gathered gathered = gather(app, sample);
                rows = gathered.rows();
                if (!gathered.fromStandbys().isEmpty()) {
                    exchange.getResponseHeaders().add(STANDBY_HEADER, gathered.fromStandbys().stream()
                            .map(String::valueOf).collect(Collectors.joining(",")));
                }
            }
            return rows.stream().map(StatisticsTable::raw).collect(Collectors.joining("\n", "", "\n"));
        });
    }

    /** The genome bins of this instance's stores: every partition's, or 503 when some partition is not here. */
    private static void answerBins(ScoringApplication app, HttpExchange exchange) throws IOException {
        String sample = parameters(exchange.getRequestURI().getRawQuery()).get("sample");
        respond(exchange, () -> app.bins(sample, QUERY_TIMEOUT).stream().map(BinsTable::raw)
                .collect(Collectors.joining("\n", "", "\n")));
    }

    /** What a request answers with; a state that does not allow an answer now is thrown. */
    @FunctionalInterface
    private interface Reply {
        String text() throws InterruptedException;
    }

    /** 200 with the answer, or 503 with the reason it cannot be given (a partition not here, not ready). */
    private static void respond(HttpExchange exchange, Reply reply) throws IOException {
        int status = 200;
        String body;
        try {
            body = reply.text();
        } catch (IllegalStateException | IllegalArgumentException e) {
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

    /** Every partition's share, each from one instance, summed; and the partitions a standby answered for. */
    private record Gathered(List<ChromosomeRow> rows, Set<Integer> fromStandbys) {
    }

    private Gathered gather(ScoringApplication app, String sample) throws InterruptedException {
        long deadline = System.nanoTime() + QUERY_TIMEOUT.toNanos();
        Set<Integer> missing = new TreeSet<>(IntStream.range(0, app.partitions()).boxed().toList());
        Set<Integer> fromStandbys = new TreeSet<>();
        Set<HostInfo> silent = new HashSet<>(); // instances that did not answer this query
        Map<Bytes, ChromosomeStatistics> sums = new HashMap<>();
        String lastProblem = "no instance holds them yet";
        for (int round = 1; !missing.isEmpty(); round++) {
            // per instance, the partitions to ask it for: from the owner when it answers, else from a standby
            Map<HostInfo, List<Integer>> asked = new LinkedHashMap<>();
            Map<HostInfo, List<Integer>> askedStandby = new LinkedHashMap<>();
            Map<Integer, StatisticsHolders> holders = app.statisticsHolders();
            for (int partition : missing) {
                StatisticsHolders holder = holders.get(partition);
                if (holder == null) {
                    continue;
                }
                if (holder.owner() != null && !silent.contains(holder.owner())) {
                    asked.computeIfAbsent(holder.owner(), h -> new ArrayList<>()).add(partition);
                } else {
                    holder.standbys().stream().filter(h -> !silent.contains(h)).findFirst().ifPresent(h ->
                            askedStandby.computeIfAbsent(h, x -> new ArrayList<>()).add(partition));
                }
            }
            for (boolean standby : List.of(false, true)) {
                for (Map.Entry<HostInfo, List<Integer>> ask : (standby ? askedStandby : asked).entrySet()) {
                    try {
                        List<ChromosomeRow> share = ask.getKey().equals(advertised)
                                ? app.statistics(sample, ask.getValue(), standby, SHARE_TIMEOUT)
                                : share(ask.getKey(), ask.getValue(), standby, sample);
                        share.forEach(row -> sums.merge(SampleKeys.ofStatistics(row.sample(), row.context(), row.chromosome()),
                                row.statistics(), ChromosomeStatistics::plus));
                        ask.getValue().forEach(missing::remove);
                        if (standby) {
                            fromStandbys.addAll(ask.getValue());
                        }
                    } catch (IllegalStateException | IOException e) {
                        silent.add(ask.getKey());
                        lastProblem = ask.getKey() + ": " + e.getMessage();
                    }
                }
            }
            if (missing.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the statistics of partitions " + missing + " are not available from"
                        + " any instance within " + QUERY_TIMEOUT.toSeconds() + " s (" + lastProblem + ")");
            }
            if (round % 10 == 0) {
                silent.clear(); // an instance that was in a rebalance may answer now
            }
            Thread.sleep(RETRY.toMillis());
        }
        return new Gathered(ScoringApplication.rows(sums), fromStandbys);
    }

    /** Asks the instance at {@code host} for its shares of {@code partitions}. */
    private static List<ChromosomeRow> share(HostInfo host, List<Integer> partitions, boolean standby, String sample)
            throws IOException, InterruptedException {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + "/statistics/share?partitions="
                + partitions.stream().map(String::valueOf).collect(Collectors.joining(",")) + "&standby=" + standby
                + (sample == null ? "" : "&sample=" + URLEncoder.encode(sample, StandardCharsets.UTF_8)));
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri).timeout(SHARE_TIMEOUT.plusSeconds(5))
                .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.body());
        }
        return StatisticsTable.parseRaw(response.body());
    }

    /** What a {@code process} answered: every partition's share summed, and which partitions standbys answered for. */
    public record Answer(String address, List<ChromosomeRow> rows, List<Integer> fromStandbys) {
    }

    /**
     * The statistics from the process serving at the address in {@code addressFile}; empty when no file is there or
     * nothing answers at its address (the process is gone).
     */
    public static Optional<Answer> query(Path addressFile, String sample) throws IOException, InterruptedException {
        if (!Files.exists(addressFile)) {
            return Optional.empty();
        }
        try {
            return Optional.of(query(Files.readString(addressFile).trim(), sample));
        } catch (ConnectException e) {
            return Optional.empty();
        }
    }

    /** The statistics from the process at {@code address} ({@code HOST:PORT}), gathered from all its fellows. */
    public static Answer query(String address, String sample) throws IOException, InterruptedException {
        HttpResponse<String> response = get(address, "/statistics", sample);
        List<Integer> standbys = response.headers().firstValue(STANDBY_HEADER).stream()
                .flatMap(v -> Arrays.stream(v.split(","))).map(Integer::valueOf).toList();
        return new Answer(address, StatisticsTable.parseRaw(response.body()), standbys);
    }

    /** The genome bins from the process serving at the address in {@code addressFile}, as {@link #query}. */
    public static Optional<List<BinRow>> queryBins(Path addressFile, String sample) throws IOException,
            InterruptedException {
        if (!Files.exists(addressFile)) {
            return Optional.empty();
        }
        try {
            return Optional.of(BinsTable.parseRaw(get(Files.readString(addressFile).trim(), "/bins", sample).body()));
        } catch (ConnectException e) {
            return Optional.empty();
        }
    }

    /** The error rates the samples topic records, as the process at {@code address} reads it. */
    public static RatesUsed queryRates(String address) throws IOException, InterruptedException {
        return RatesUsed.parseRaw(get(address, "/rates", null).body());
    }

    /** {@code path} of the process at {@code address}, of one sample or all (null); a refusal is thrown. */
    private static HttpResponse<String> get(String address, String path, String sample)
            throws IOException, InterruptedException {
        URI uri = URI.create("http://" + address + path
                + (sample == null ? "" : "?sample=" + URLEncoder.encode(sample, StandardCharsets.UTF_8)));
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri).timeout(QUERY_TIMEOUT.plusSeconds(5))
                .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the process at " + address + " could not answer: " + response.body());
        }
        return response;
    }

    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    parameters.put(pair.substring(0, equals),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return parameters;
    }

    /** Stops serving and removes the address file. */
    @Override
    public void close() throws IOException {
        if (addressFile != null) {
            server.stop(0);
        }
        handlers.shutdownNow();
        if (addressFile != null) {
            Files.deleteIfExists(addressFile);
        } else {
            server.stop(0); // bound, never started: releases the port
        }
    }
}
