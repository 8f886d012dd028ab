package org.methylstream.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import org.methylstream.access.AccessFailure;
import org.methylstream.embedded.KafkaConnection;
import org.methylstream.format.BedRegions;
import org.methylstream.format.OutputFormat;
import org.methylstream.naming.AnalysisNames;
import org.methylstream.watch.SiteWatcher;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code methylstream watch}: print significant sites as they arrive, for people and scripts. */
@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Print significant sites as they arrive.",
        description = "Print significant sites as they arrive, until Ctrl-C, SIGTERM or --max-sites. Alone, a "
                + "watcher sees every site. Watchers with the same --group share the partitions (each site "
                + "goes to one of them) and resume where the group stopped; every group gets every site. "
                + "The file sink is one more such consumer.")
final class WatchCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true)
    Source source = new Source();

    static final class Source {
        @Option(names = "--topic", paramLabel = "TOPIC", description = "Topic of significant sites (one or "
                + "a block to a record; default: " + AnalysisNames.SIGNIFICANT + ").")
        String topic;

        @Option(names = "--analysis", paramLabel = "ID", description = "The output of analysis ID (as 'replay' or"
                + " 'process --analysis ID' make it).")
        String analysis;

        String topic() {
            return topic != null ? topic
                    : AnalysisNames.of(analysis != null ? analysis : AnalysisNames.DEFAULT_ANALYSIS, AnalysisNames.SITES)
                    .outputTopic();
        }
    }

    @Option(names = "--group", paramLabel = "G",
            description = "Consumer group to share the partitions with and commit to (default: none, see every site).")
    String group;

    @Option(names = "--from-beginning",
            description = "Start at the beginning of the topic, not its end (a group resumes from its commits).")
    boolean fromBeginning;

    @Option(names = "--regions", paramLabel = "BED",
            description = "Print only sites inside the regions of this BED file (0-based, half-open).")
    Path regions;

    @Option(names = "--format", paramLabel = "tsv|json",
            description = "tsv: the lines of --output-format, as score writes them; json: one object per line with "
                    + "every field (default: ${DEFAULT-VALUE}).")
    String format = "tsv";

    @Mixin
    OutputFormatOption outputFormat;

    @Option(names = "--max-sites", paramLabel = "N", description = "Stop after printing N sites.")
    long maxSites;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws IOException {
        SiteWatcher.Format lineFormat = switch (format.toLowerCase(Locale.ROOT)) {
            case "tsv" -> SiteWatcher.Format.LINES;
            case "json" -> SiteWatcher.Format.JSON;
            default -> throw new CommandFailure("--format must be tsv or json, got '" + format + "'");
        };
        if (lineFormat == SiteWatcher.Format.JSON && outputFormat.format != OutputFormat.TSV) {
            throw new CommandFailure("--format json prints records, not lines: it takes no --output-format "
                    + outputFormat.format);
        }
        BedRegions inside = regions == null ? null : BedRegions.read(regions);
        SiteWatcher.Settings settings = new SiteWatcher.Settings(source.topic(), group, fromBeginning, inside,
                lineFormat, outputFormat.format, maxSites);
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        long printed;
        try (StopSignals stop = StopSignals.install(); KafkaConnection connection = kafka.connect();
             SiteWatcher watcher = new SiteWatcher(connection.clientProperties(), settings)) {
            System.err.printf("watch: %s%s%s; Ctrl-C stops%n", settings.topic(),
                    group == null ? "" : " in group " + group,
                    inside == null ? "" : ", sites in the " + inside.regions() + " regions of " + regions);
            try {
                printed = watcher.run(out, System.err, stop::requested);
            } catch (KafkaException e) {
                throw AccessFailure.denied(e, "Read", "topic", settings.topic()).<RuntimeException>map(r -> r)
                        .orElse(e);
            }
        }
        out.flush();
        System.err.printf("watch: %d sites printed%n", printed);
        return 0;
    }
}
