package org.methylstream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.methylstream.admin.TopicAdmin;
import org.methylstream.embedded.KafkaConnection;
import org.methylstream.format.InvalidSiteException;
import org.methylstream.format.SiteReader;
import org.methylstream.naming.AnalysisNames;
import org.methylstream.producer.Ingestion;
import org.methylstream.producer.SampleNames;
import org.methylstream.producer.SitePublisher;
import picocli.CommandLine.Command;
import org.methylstream.control.ErrorRate;
import org.methylstream.control.ErrorRateSettings;
import org.methylstream.stats.ScoringParameters;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code methylstream publish}: site files → MethylationSite records on the sites topic. */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Publish site files (or standard input) to the sites topic.",
        description = "Validate site files line by line (as score does) and publish each site as an Avro "
                + "MethylationSite record. Standard input ('-') is published as it arrives, so a pipeline "
                + "can pipe into it; --follow keeps publishing the lines appended to growing files, like "
                + "tail -F. When a sample's last input ends (end of file, end of input, or Ctrl-C/SIGTERM "
                + "when following), a SampleEnd marker goes to every partition, so that downstream knows "
                + "the sample is complete. Creates the topic when missing, with unlimited retention: replay "
                + "re-scores it.")
final class PublishCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    InputOptions input;

    @Mixin
    ControlOptions control;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Sites topic (default: ${DEFAULT-VALUE}).")
    String topic = AnalysisNames.SITES;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions when creating the topic: one stream task each (default: ${DEFAULT-VALUE}).")
    int partitions = AnalysisNames.DEFAULT_PARTITIONS;

    @Option(names = "--sample", paramLabel = "ID",
            description = "Sample id: once for all inputs, or once per input in the same order (default: each "
                    + "file's name without extensions; 'stdin').")
    List<String> samples = new ArrayList<>();

    @Option(names = "--sites-per-record", paramLabel = "N",
            description = "At most N consecutive sites of a sample in one SiteBlock record, sent at the latest 5 ms "
                    + "after its first site (default: ${DEFAULT-VALUE}: one MethylationSite record per site, which "
                    + "other consumers of the topic may expect; run uses " + SitePublisher.SITES_PER_BLOCK
                    + ", which takes the pipeline a third less CPU on large inputs).")
    int sitesPerRecord = 1;

    @Option(names = {"--follow", "-F"},
            description = "Follow the files as they grow, like tail -F (rotation and truncation included), all at "
                    + "once, until Ctrl-C or SIGTERM; only complete lines are published.")
    boolean follow;

    @Mixin
    ReplicationOption replication;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        if (sitesPerRecord < 1) {
            throw new CommandFailure("--sites-per-record must be at least 1, got " + sitesPerRecord);
        }
        List<SampleNames.Input> inputs = inputs();
        try (StopSignals stop = StopSignals.install(); KafkaConnection connection = kafka.connect()) {
            Properties client = connection.clientProperties();
            int partitionCount;
            try (Admin admin = TopicAdmin.open(client)) {
                partitionCount = TopicAdmin.ensureSitesTopic(admin, topic, partitions, replication.factor());
            }
            long started = System.nanoTime();
            Ingestion.Result result;
            try (SitePublisher publisher = new SitePublisher(client, topic, sitesPerRecord);
                 ProgressLine progress = ProgressLine.show("publish: sites", publisher::acknowledged)) {
                startControlled(publisher, inputs);
                Ingestion ingestion = new Ingestion(publisher, input.settings(), input.skipInvalid, System.err,
                        stop::requested);
                try {
                    if (follow) {
                        inputs.stream().filter(i -> !Files.exists(Path.of(i.path()))).forEach(i ->
                                System.err.println("publish: waiting for " + i.path() + " to appear"));
                        result = ingestion.follow(inputs);
                    } else {
                        result = ingestion.publish(inputs);
                    }
                } catch (InvalidSiteException e) {
                    publisher.flush();
                    System.err.println(e.getMessage());
                    System.err.printf("publish: stopped at the first bad line; %d sites before it were published,"
                            + " its sample was not marked complete%n", publisher.acknowledged());
                    return 1;
                }
            }
            if (result.stopped()) {
                System.err.println("publish: stopped on request; what was read is published, the sample being "
                        + "read was not marked complete");
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.err.printf("publish: %d sites published to %s (%d partitions), %d invalid lines, %.1f s, %.0f sites/s;"
                            + " samples complete: %s%n",
                    result.sites(), topic, partitionCount, result.invalidLines(), seconds,
                    result.sites() / Math.max(seconds, 1e-9),
                    result.endedSamples().isEmpty() ? "none" : String.join(", ", result.endedSamples()));
            result.notes().forEach(note -> System.err.println("publish: " + note));
        }
        return 0;
    }

    /**
     * With --control, each sample's start marker names it, before any site: the processor (which needs a per-sample
     * stage: process --control or --fdr) scores the sample at its end, at its control's rate.
     */
    private void startControlled(SitePublisher publisher, List<SampleNames.Input> inputs) throws Exception {
        if (control.control.isEmpty()) {
            return;
        }
        if (control.errorRates != null) {
            throw new CommandFailure("--error-rates is for the commands that score (process, run, score, replay)");
        }
        ErrorRateSettings settings = control.settings(new ErrorRate(ScoringParameters.DEFAULT_ERROR_RATE,
                ErrorRate.DEFAULT, null));
        for (String sample : inputs.stream().map(SampleNames.Input::sampleId).distinct().toList()) {
            publisher.startSample(sample, settings.control(), settings.byContext(), settings.minControlCoverage());
        }
    }

    private List<SampleNames.Input> inputs() {
        List<String> paths = input.paths();
        if (follow && paths.contains(SiteReader.STDIN)) {
            throw new ParameterException(spec.commandLine(),
                    "--follow needs files; standard input is published as it arrives without it");
        }
        try {
            return SampleNames.assign(paths, samples);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--sample: " + e.getMessage());
        }
    }
}
