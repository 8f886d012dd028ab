package org.methylstream.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.methylstream.dashboard.Snapshot;
import org.methylstream.pipeline.PipelineRun;
import org.methylstream.report.FinishedAnalysis;
import org.methylstream.application.ScoringApplication;
import org.methylstream.topology.TopologySettings;

/** What {@code run} shows of its scoring application: the dashboard while it runs, the snapshot for a report. */
final class RunWatch implements PipelineRun.Observer, AutoCloseable {
    private final DashboardOptions dashboard;
    private final boolean reporting;
    private final Properties client;
    private final Map<String, String> parameters;
    private final long started = System.nanoTime();
    private DashboardOptions.Dashboard server;
    private Snapshot finished;

    RunWatch(DashboardOptions dashboard, boolean reporting, Properties client, Map<String, String> parameters) {
        this.dashboard = dashboard;
        this.reporting = reporting;
        this.client = client;
        this.parameters = parameters;
    }

    @Override
    public void started(ScoringApplication scoring, TopologySettings topology) throws IOException {
        server = dashboard.serve(scoring, topology, client, "run", parameters);
    }

    @Override
    public void scored(ScoringApplication scoring, TopologySettings topology) throws InterruptedException {
        if (reporting) {
            finished = FinishedAnalysis.ofRun(scoring, topology, client, parameters,
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** The run's snapshot once everything was scored. */
    Snapshot finished() {
        return finished;
    }

    /** Stops the dashboard, if any; again is a no-op. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
