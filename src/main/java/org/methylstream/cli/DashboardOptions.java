package org.methylstream.cli;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.methylstream.dashboard.DashboardServer;
import org.methylstream.dashboard.LiveAnalysis;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.application.ScoringApplication;
import org.methylstream.topology.TopologySettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The live dashboard, JSON API and Prometheus metrics of {@code process} and {@code run}. */
final class DashboardOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private Integer httpPort;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Serve the live dashboard (/), its data as JSON (/api/...) and Prometheus metrics "
                    + "(/metrics) on this port; 0 picks a free one. Off by default.")
    void httpPort(int port) {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--http-port must be 0 to 65535, got " + port);
        }
        httpPort = port;
    }

    @Option(names = "--http-bind", paramLabel = "ADDRESS",
            description = "The address the dashboard listens on (default: ${DEFAULT-VALUE}, this machine only).")
    String httpBind = "127.0.0.1";

    /** The test and its thresholds, as the dashboard and reports show them (an ordered map, to add to). */
    static Map<String, String> shown(ScoringParameters scoring) {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("test", scoring.test().id());
        shown.put("error rate", String.valueOf(scoring.errorRate()));
        shown.put("alpha", String.valueOf(scoring.alpha()));
        shown.put("minimum coverage", String.valueOf(scoring.minCoverage()));
        return shown;
    }

    /** A dashboard server and the analysis it serves, closed together. */
    record Dashboard(DashboardServer server, LiveAnalysis analysis) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            analysis.close();
        }
    }

    /** The dashboard of {@code app}, or null without --http-port; the caller closes it. */
    Dashboard serve(ScoringApplication app, TopologySettings settings, Properties client, String command,
                          Map<String, String> parameters) throws IOException {
        if (httpPort == null) {
            return null;
        }
        LiveAnalysis analysis = new LiveAnalysis(app, settings, client, command, parameters);
        try {
            DashboardServer server = DashboardServer.start(analysis.start(), httpBind, httpPort);
            System.err.println(command + ": dashboard at " + server.url() + " (API at " + server.url()
                    + "api/snapshot, metrics at " + server.url() + "metrics)");
            return new Dashboard(server, analysis);
        } catch (IOException | RuntimeException e) {
            analysis.close();
            throw e;
        }
    }
}
