package org.methylstream.cli;

import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.methylstream.embedded.KafkaConnection;
import org.methylstream.format.InvalidSiteException;
import org.methylstream.format.SiteFiles;
import org.methylstream.producer.SampleNames;
import org.methylstream.producer.SitePublisher;
import org.methylstream.producer.SiteTopics;
import org.methylstream.topology.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code methylstream publish}: site files → MethylationSite records on the sites topic. */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Validate site files line by line (as score does) and publish each site as an Avro",
                "MethylationSite record. Creates the topic, with unlimited retention, when missing."})
final class PublishCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Sites topic (default: ${DEFAULT-VALUE}).")
    String topic = Topics.SITES;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions when creating the topic: one stream task each (default: ${DEFAULT-VALUE}).")
    int partitions = Topics.DEFAULT_PARTITIONS;

    @Option(names = "--sample", paramLabel = "ID",
            description = "Sample id for every site (default: each file's name without extensions; 'stdin').")
    String sample;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        try (StopSignals stop = StopSignals.install(); KafkaConnection connection = kafka.connect()) {
            Properties client = connection.clientProperties();
            int partitionCount;
            try (Admin admin = Admin.create(client)) {
                partitionCount = SiteTopics.ensureSitesTopic(admin, topic, partitions);
            }
            SiteFiles files = new SiteFiles(input.paths(), input.format, input.skipInvalid, System.err);
            long started = System.nanoTime();
            try (SitePublisher publisher = new SitePublisher(client, topic);
                 ProgressLine progress = ProgressLine.show("publish: sites", publisher::acknowledged)) {
                try {
                    files.forEach((path, site) -> {
                        if (stop.requested()) {
                            throw new StopRequested();
                        }
                        publisher.publish(sample != null ? sample : SampleNames.fromInput(path), site);
                    });
                } catch (InvalidSiteException e) {
                    publisher.flush();
                    System.err.println(e.getMessage());
                    System.err.printf("publish: stopped at the first bad line; %d sites before it were published%n",
                            publisher.acknowledged());
                    return 1;
                } catch (StopRequested e) {
                    System.err.println("publish: stop requested, flushing");
                }
                publisher.flush();
                double seconds = (System.nanoTime() - started) / 1e9;
                System.err.printf("publish: %d sites published to %s (%d partitions), %d invalid lines, %.1f s, %.0f sites/s%n",
                        publisher.acknowledged(), topic, partitionCount, files.invalidLines(), seconds,
                        publisher.acknowledged() / Math.max(seconds, 1e-9));
            }
        }
        return 0;
    }

    /** Unwinds the read loop when SIGTERM or Ctrl-C asks to stop; what was sent is still flushed. */
    private static final class StopRequested extends RuntimeException {
        StopRequested() {
            super(null, null, false, false);
        }
    }
}
