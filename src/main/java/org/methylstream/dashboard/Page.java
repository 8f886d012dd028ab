package org.methylstream.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The dashboard page and what it loads, all from the jar: the page, its script and style, and uPlot, the chart
 * library, from its WebJar ({@code org.webjars.npm:uplot}). The live page loads them from the server; a report
 * has them inlined, with its snapshot, so it opens from disk with no network.
 */
public final class Page {
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final String OWN = "/org/methylstream/dashboard/";
    /** What the server serves under {@code /assets/}: name, then resource and content type. */
    static final Map<String, String[]> ASSETS = Map.of(
            "uPlot.iife.min.js", new String[] {UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"},
            "uPlot.min.css", new String[] {UPLOT + "uPlot.min.css", "text/css; charset=utf-8"},
            "dashboard.js", new String[] {OWN + "dashboard.js", "text/javascript; charset=utf-8"},
            "dashboard.css", new String[] {OWN + "dashboard.css", "text/css; charset=utf-8"});

    private Page() {
    }

    /** The live page: assets by reference, the snapshot fetched by the script. */
    static String live() {
        return template()
                .replace("<!--HEAD-->", "<link rel=\"stylesheet\" href=\"assets/uPlot.min.css\">\n"
                        + "<link rel=\"stylesheet\" href=\"assets/dashboard.css\">\n"
                        + "<script src=\"assets/uPlot.iife.min.js\"></script>")
                .replace("<!--DATA-->", "")
                .replace("<!--SCRIPT-->", "<script src=\"assets/dashboard.js\"></script>");
    }

    /** The page with everything inlined and {@code snapshot} embedded: a file that needs nothing else. */
    public static String selfContained(Snapshot snapshot) {
        return template()
                .replace("<!--HEAD-->", "<style>\n" + asset("uPlot.min.css") + "\n" + asset("dashboard.css")
                        + "\n</style>\n<script>\n" + script(asset("uPlot.iife.min.js")) + "\n</script>")
                .replace("<!--DATA-->", "<script id=\"snapshot\" type=\"application/json\">" + Snapshot.json(snapshot)
                        + "</script>")
                .replace("<!--SCRIPT-->", "<script>\n" + script(asset("dashboard.js")) + "\n</script>");
    }

    /** A script as the text of a script element: nothing in it may close the element. */
    private static String script(String code) {
        return code.replace("</script", "<\\/script");
    }

    private static String template() {
        return resource(OWN + "page.html");
    }

    static String asset(String name) {
        return resource(ASSETS.get(name)[0]);
    }

    private static String resource(String path) {
        try (InputStream in = Page.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
