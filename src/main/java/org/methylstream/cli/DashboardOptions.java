package org.methylstream.cli;

import java.io.IOException;
import java.util.Map;
import java.util.Properties;
import org.methylstream.dashboard.DashboardServer;
import org.methylstream.dashboard.LiveAnalysis;
import org.methylstream.topology.ScoringApplication;
import org.methylstream.topology.TopologySettings;
import picocli.CommandLine.Option;

/** The live dashboard, JSON API and Prometheus metrics of {@code process} and {@code run}. */
final class DashboardOptions {
    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Serve the live dashboard (/), its data as JSON (/api/...) and Prometheus metrics "
                    + "(/metrics) on this port; 0 picks a free one. Off by default.")
    Integer httpPort;

    @Option(names = "--http-bind", paramLabel = "ADDRESS",
            description = "The address the dashboard listens on (default: ${DEFAULT-VALUE}, this machine only).")
    String httpBind = "127.0.0.1";

    /** The dashboard of {@code app}, or null without --http-port; the caller closes it. */
    DashboardServer serve(ScoringApplication app, TopologySettings settings, Properties client, String command,
                          Map<String, String> parameters) throws IOException {
        if (httpPort == null) {
            return null;
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new CommandFailure("--http-port must be 0 to 65535, got " + httpPort);
        }
        LiveAnalysis analysis = new LiveAnalysis(app, settings, client, command, parameters);
        try {
            DashboardServer server = DashboardServer.start(analysis.start(), httpBind, httpPort);
            System.err.println(command + ": dashboard at " + server.url() + " (API at " + server.url()
                    + "api/snapshot, metrics at " + server.url() + "metrics)");
            return server;
        } catch (IOException | RuntimeException e) {
            analysis.close();
            throw e;
        }
    }
}
