package org.methylstream.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.methylstream.embedded.KafkaConnection;
import org.methylstream.format.InvalidSiteException;
import org.methylstream.lifecycle.Inventory;
import org.methylstream.lifecycle.Removal;
import org.methylstream.pipeline.PipelineRun;
import org.methylstream.pipeline.Timeline;
import org.methylstream.producer.SitePublisher;
import org.methylstream.report.HtmlReport;
import org.methylstream.stats.TestKind;
import org.methylstream.topology.FdrSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code methylstream run}: the default pipeline in one command. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Run the whole pipeline on Kafka: publish, score, sink to a file.",
        description = "The whole pipeline in one command: publish the files to this run's own topics, score "
                + "them with the Kafka Streams application, and write the significant sites with the Kafka "
                + "Connect file sink. Returns when every site is accounted for and OUT is complete; OUT has "
                + "the lines score writes. Without --bootstrap-server the broker is the state directory's "
                + "(started in-process if none runs).")
final class RunCommand implements Callable<Integer> {
    @Mixin
    ScoringOptions scoring;

    @Mixin
    ControlOptions control;

    @Mixin
    InputOptions input;

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "The significant sites; appears only when complete.")
    Path out;

    @Option(names = "--sample", paramLabel = "ID", description = "Sample id (default: each file's name without extensions).")
    String sample;

    @Option(names = "--run-id", paramLabel = "ID",
            description = "Names this run's topics methylstream.run.ID.*, kept for replay (default: date and time).")
    String runId;

    // one task per thread: each further partition is another task's stores to open and restore at every start
    // (a third of the example's start-up with 6 partitions on 2 cores; README, Performance)
    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions of the run's topics, the most stream tasks a replay of them can have "
                    + "(default: one per stream thread).")
    Integer partitions;

    // one stream thread: a run publishes from one thread, which one stream thread outpaces, and every further thread
    // is one more consumer, producer and task competing for the cores with the broker, publisher and sink (README,
    // Performance: a fifth more CPU with two on 2 cores)
    @Option(names = "--threads", paramLabel = "N",
            description = "Stream threads (default: ${DEFAULT-VALUE}: a run publishes from one thread, which one stream "
                    + "thread keeps up with).")
    int threads = 1;

    // several sites per record: every part of the pipeline does its per-record work once per block, a third less
    // CPU on 10 M sites (README, Performance); the run's topics are its own, read again only by a replay, which
    // reads blocks and single sites alike
    @Option(names = "--sites-per-record", paramLabel = "N",
            description = "At most N consecutive sites of a sample in one record of the run's sites topic "
                    + "(default: ${DEFAULT-VALUE}; 1: one MethylationSite record per site, as publish writes by "
                    + "default).")
    int sitesPerRecord = SitePublisher.SITES_PER_BLOCK;

    // the significant sites of a record of the sites topic in one record: a record per significant site was most of a
    // 1 M-site run's per-record work left, in Streams, the broker and the sink (README, Performance); the file sink,
    // watch and sink read blocks and single sites alike
    @Option(names = "--significant-per-record", paramLabel = "N",
            description = "At most N significant sites of one record of the sites topic in one record of the run's "
                    + "significant topic (default: ${DEFAULT-VALUE}; 1: one SignificantSite record per site, as "
                    + "process writes).")
    int significantPerRecord = SitePublisher.SITES_PER_BLOCK;

    @Option(names = "--fdr", paramLabel = "Q",
            description = "Also Benjamini-Hochberg per sample at false discovery rate Q over all its tested sites.")
    double fdr;

    @Option(names = "--fdr-out", paramLabel = "FILE",
            description = "The --fdr discoveries, as score lines plus -log10 p and the q-value; appears only when "
                    + "complete.")
    Path fdrOut;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Also write a self-contained HTML report of the run (plots, parameters, per-sample summary,"
                    + " FDR results) that opens with no network; appears only when complete.")
    Path report;

    @Mixin
    DashboardOptions dashboard;

    @Option(names = "--keep-topics", arity = "0..1", paramLabel = "true|false", fallbackValue = "true",
            description = "Keep the run's topics for replay (the default); with false, the run's topics, consumer "
                    + "groups and local state are deleted when it is done, as 'methylstream delete' does.")
    boolean keepTopics = true;

    @Mixin
    FdrOptions fdrOptions;

    @Mixin
    ReplicationOption replication;

    @Mixin
    OutputFormatOption outputFormat;

    @Mixin
    KafkaOptions kafka;

    /** The summary's line on where the samples' error rates came from (the stage's lines give each control's). */
    private static String ratesOf(org.methylstream.control.ErrorRateSettings rates) {
        String given = "error rate " + rates.given().value() + " (" + rates.given().source() + ")";
        if (rates.control() == null && rates.fileRates().isEmpty()) {
            return given;
        }
        return "error rates per sample: " + (rates.fileRates().isEmpty() ? "" : "from " + rates.fileName()
                + " for " + rates.fileRates().size() + " samples, ") + (rates.control() == null ? given
                + " for the others" : "from control " + rates.control() + " for the others (control: lines above)");
    }

    @Override
    public Integer call() throws Exception {
        Timeline timeline = Timeline.sinceJvmStart();
        String id = runId != null ? runId : LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        if (fdrOut != null && fdr == 0) {
            throw new CommandFailure("--fdr-out needs --fdr");
        }
        if (sitesPerRecord < 1) {
            throw new CommandFailure("--sites-per-record must be at least 1, got " + sitesPerRecord);
        }
        if (significantPerRecord < 1) {
            throw new CommandFailure("--significant-per-record must be at least 1, got " + significantPerRecord);
        }
        if (fdr < 0 || fdr > 1) {
            throw new CommandFailure("--fdr must be in (0, 1], got " + fdr);
        }
        if (fdr > 0 && scoring.parameters().test() == TestKind.PMF) {
            throw new CommandFailure(FdrSettings.NEEDS_P_VALUES);
        }
        PipelineRun.Job job = new PipelineRun.Job(input.paths(), input.settings(), input.skipInvalid, sample,
                scoring.parameters(), id, partitions(), threads, out, kafka.stateDir(), fdr, fdrOut,
                outputFormat.format, replication.factor(), fdrOptions.by, fdrOptions.tests,
                control.settings(scoring), sitesPerRecord, significantPerRecord);
        try {
            PipelineRun.checkInputs(job); // in moments, before the broker and the rest take seconds to start
        } catch (InvalidSiteException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        timeline.mark("inputs checked");
        try (StopSignals stop = StopSignals.install(); KafkaConnection connection = kafka.connect();
             RunWatch watch = new RunWatch(dashboard, report != null, connection.clientProperties(),
                     runParameters(id))) {
            timeline.mark("broker started (" + connection.origin() + ")");
            PipelineRun.Summary summary;
            try {
                summary = PipelineRun.run(job, connection.clientProperties(), System.err, stop::requested, timeline,
                        watch);
            } finally {
                watch.close(); // the dashboard serves while the run runs, not while its topics are deleted
                if (!keepTopics) {
                    deleteRun(connection, id);
                    timeline.mark("run's topics, groups and local state deleted");
                }
            }
            double seconds = summary.elapsed().toMillis() / 1000.0;
            System.err.printf("run %s: %d sites published (%d invalid lines): %d significant, %d not significant or "
                            + "below minimum coverage, %d dead-lettered; %.1f s, %.0f sites/s%n"
                            + "run %s: %s%n"
                            + "run %s: significant sites in %s%s%n",
                    id, summary.published(), summary.invalidLines(), summary.significant(), summary.notSignificant(),
                    summary.deadLettered(), seconds, summary.published() / Math.max(seconds, 1e-9),
                    id, ratesOf(job.rates()),
                    id, out, keepTopics ? "; topics " + summary.sitesTopic() + " and " + summary.significantTopic()
                            + " are kept for replay ('methylstream delete " + id + "' removes them)" : "");
            if (input.mergeCpg) {
                System.err.printf("run %s: %d CpGs scored as one site from both strands' records%n", id,
                        summary.cpgMerged());
            }
            if (fdrOut != null) {
                System.err.printf("run %s: %d discoveries at FDR %s (Benjamini-Hochberg per sample) in %s%n", id,
                        summary.discoveries(), fdr, fdrOut);
            }
            if (report != null) {
                HtmlReport.write(report, watch.finished().withTotals(totals(summary)));
                System.err.printf("run %s: report in %s%n", id, report);
            }
            return 0;
        } catch (InvalidSiteException e) {
            System.err.println(e.getMessage());
            return 1;
        } catch (PipelineRun.Stopped e) {
            System.err.printf("run %s: stopped on request; %s not written%s%n", id, out,
                    keepTopics ? "; what was published stays in topic " + job.names().inputTopic() : "");
            return 0;
        } finally {
            if (kafka.verbose()) { // where the time went: README, Performance
                timeline.mark("broker stopped, if this run started it");
                System.err.println("run " + id + ": where the time went");
                timeline.print(System.err);
            }
        }
    }

    /** After the run, whatever its end: a failure to delete is reported, not thrown over the run's own outcome. */
    private void deleteRun(KafkaConnection connection, String id) {
        try (Admin admin = Admin.create(connection.clientProperties())) {
            Inventory inventory = Inventory.of(admin, connection.clientProperties());
            Removal.Result result = Removal.delete(admin, connection.clientProperties(), inventory,
                    inventory.find("run:" + id), kafka.stateDir(), false);
            System.err.printf("run %s: its %d topics (%s), consumer groups and local state are deleted"
                    + " (--keep-topics=false)%n", id, result.topics().size(), RunsCommand.size(result.footprint().bytes()));
        } catch (RuntimeException e) {
            System.err.println("run " + id + ": its topics are not deleted: " + e.getMessage());
        }
    }

    private int partitions() {
        return partitions != null ? partitions : threads;
    }

    private Map<String, String> runParameters(String id) {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("run id", id);
        shown.put("inputs", String.join(" ", input.paths()));
        shown.putAll(DashboardOptions.shown(scoring.parameters()));
        if (fdr > 0) {
            shown.put("Benjamini-Hochberg FDR", String.valueOf(fdr));
        }
        shown.put("partitions", String.valueOf(partitions()));
        shown.put("stream threads", String.valueOf(threads));
        return shown;
    }

    private static Map<String, String> totals(PipelineRun.Summary summary) {
        Map<String, String> totals = new LinkedHashMap<>();
        totals.put("sites published", String.valueOf(summary.published()));
        totals.put("invalid lines", String.valueOf(summary.invalidLines()));
        totals.put("significant", String.valueOf(summary.significant()));
        totals.put("dead-lettered", String.valueOf(summary.deadLettered()));
        totals.put("FDR discoveries", String.valueOf(summary.discoveries()));
        totals.put("seconds", String.format(java.util.Locale.ROOT, "%.1f", summary.elapsed().toMillis() / 1000.0));
        totals.put("sites topic", summary.sitesTopic());
        totals.put("significant topic", summary.significantTopic());
        return totals;
    }
}
