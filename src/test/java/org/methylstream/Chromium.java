package org.methylstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Headless Chromium driven through chromedriver's W3C WebDriver protocol (plain JSON over HTTP, so no client
 * library is needed): Debian's {@code chromium} and {@code chromium-driver}, which {@code .ci/run} installs. Runs
 * with {@code --no-sandbox} (the tests run as root). {@link #offline()} cuts the browser off every network, loopback
 * included, through DevTools' network emulation and a proxy that does not exist.
 */
public final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process driver;
    private final String base;
    private final String session;
    private final HttpClient http = HttpClient.newHttpClient();

    private Chromium(Process driver, String base, String session) {
        this.driver = driver;
        this.base = base;
        this.session = session;
    }

    /** A browser with a window of the given size; {@code log} receives chromedriver's output. */
    public static Chromium start(Path log, int width, int height) {
        return start(log, width, height, List.of());
    }

    /** A browser with no network at all: every request, to loopback too, fails. */
    public static Chromium offline(Path log, int width, int height) {
        Chromium browser = start(log, width, height, List.of("--proxy-server=http://127.0.0.1:9",
                "--proxy-bypass-list=<-loopback>"));
        browser.command("POST", "/goog/cdp/execute", Map.of("cmd", "Network.enable", "params", Map.of()));
        browser.command("POST", "/goog/cdp/execute", Map.of("cmd", "Network.emulateNetworkConditions", "params",
                Map.of("offline", true, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1)));
        return browser;
    }

    private static Chromium start(Path log, int width, int height, List<String> extraArguments) {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process driver;
        try {
            driver = new ProcessBuilder("chromedriver", "--port=" + port)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start chromedriver (Debian package chromium-driver)", e);
        }
        String base = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newHttpClient();
        try {
            Await.until("chromedriver answers on " + base, Duration.ofSeconds(30), () -> {
                try {
                    return http.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                } catch (java.net.ConnectException e) {
                    return false; // not listening yet
                }
            }, () -> driver.isAlive() ? null : "chromedriver exited");
            List<String> arguments = new ArrayList<>(List.of("--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=" + width + "," + height));
            arguments.addAll(extraArguments);
            Map<String, Object> capabilities = Map.of("capabilities", Map.of("alwaysMatch", Map.of(
                    "browserName", "chrome",
                    "goog:chromeOptions", Map.of("binary", "/usr/bin/chromium", "args", arguments))));
            JsonNode answer = send(http, "POST", base + "/session", capabilities);
            return new Chromium(driver, base, answer.get("value").get("sessionId").asText());
        } catch (RuntimeException e) {
            driver.destroyForcibly();
            throw e;
        }
    }

    /** Opens {@code url} and returns once the page has loaded. */
    public void open(String url) {
        command("POST", "/url", Map.of("url", url));
    }

    /** Runs {@code script} (a function body; {@code return} gives the value) in the page; returns its value. */
    public JsonNode evaluate(String script) {
        return command("POST", "/execute/sync", Map.of("script", script, "args", List.of()));
    }

    /** Waits until {@code script} returns true in the page. */
    public void awaitTrue(String what, Duration timeout, String script) {
        Await.until(what, timeout, () -> evaluate(script).asBoolean());
    }

    /** A screenshot of the window, saved as PNG to {@code file}; fails unless it shows a drawn page. */
    public BufferedImage screenshot(Path file) throws IOException {
        byte[] png = Base64.getDecoder().decode(command("GET", "/screenshot", null).asText());
        Files.createDirectories(file.getParent());
        Files.write(file, png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        if (image == null) {
            throw new AssertionError("the screenshot is not a PNG image");
        }
        return image;
    }

    /** The share of pixels that are not the page's white or near-white, and the number of distinct colours. */
    public static double[] inked(BufferedImage image) {
        long inked = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                int r = rgb >> 16, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                if (r < 235 || g < 235 || b < 235) {
                    inked++;
                }
            }
        }
        return new double[] {inked / ((image.getWidth() / 2.0) * (image.getHeight() / 2.0)), colours.size()};
    }

    private JsonNode command(String method, String path, Object body) {
        return send(http, method, base + "/session/" + session + path, body).get("value");
    }

    private static JsonNode send(HttpClient http, String method, String url, Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .header("Content-Type", "application/json").method(method, publisher).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new AssertionError("WebDriver " + method + " " + url + ": " + response.statusCode() + " "
                        + answer.path("value").path("message").asText(response.body()));
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException("WebDriver " + method + " " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            send(http, "DELETE", base + "/session/" + session, null);
        } catch (RuntimeException | AssertionError e) {
            // the browser is gone already; chromedriver goes next
        }
        driver.destroy();
        try {
            if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                driver.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
