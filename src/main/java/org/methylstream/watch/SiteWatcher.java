package org.methylstream.watch;

import java.io.Flushable;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SignificantSite;
import org.methylstream.format.BedRegions;
import org.methylstream.format.JsonLine;
import org.methylstream.format.OutputFormat;
import org.methylstream.format.ScoreLine;
import org.methylstream.format.SiteRecord;
import org.methylstream.serde.SignificantSiteBlocks;

/**
 * Prints significant sites as they arrive on a topic, optionally only those inside given regions.
 *
 * <p>Without a group the watcher reads every partition itself and commits nothing, so every watcher sees every
 * site. In a group, watchers share the partitions as any consumer group does (each site goes to one of them), and a
 * different group gets every site again; offsets are committed after each batch is written, so a group resumes
 * where it stopped (at least once: a batch written but not committed when a watcher dies comes again).
 */
public final class SiteWatcher implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);

    /** How each site is printed. */
    public enum Format {
        /** A line in the {@link Settings#lines()} layout, as {@code score} and the file sink write it. */
        LINES,
        /** One JSON object per line with every field of the SignificantSite record. */
        JSON
    }

    /**
     * @param group         consumer group, or null to read every partition alone
     * @param fromBeginning start at the beginning of the topic rather than its end (a group with committed offsets
     *                      resumes from them either way)
     * @param regions       print only sites inside these, or null for all
     * @param lines         the layout of {@link Format#LINES}; its first line (bedGraph's track line) is printed
     *                      once, before the sites
     * @param maxSites      stop after printing this many, or 0 for no limit
     */
    public record Settings(String topic, String group, boolean fromBeginning, BedRegions regions, Format format,
                           OutputFormat lines, long maxSites) {
        public Settings {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(lines, "lines");
        }
    }

    private final Settings settings;
    private final KafkaConsumer<String, byte[]> consumer;
    private final SignificantSiteBlocks blocks = new SignificantSiteBlocks();
    private final ScoreLine scoreLine;
    private final SiteRecord view = new SiteRecord();
    private final AtomicInteger assigned = new AtomicInteger();
    private long printed;
    private long skipped;

    public SiteWatcher(Properties clientProperties, Settings settings) {
        this.settings = settings;
        this.scoreLine = new ScoreLine(settings.lines());
        Properties config = new Properties();
        config.putAll(clientProperties);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // the topic may be written exactly once
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.fromBeginning() ? "earliest" : "latest");
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "methylstream-watch");
        if (settings.group() != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
        }
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Writes each matching site as a line to {@code out}, flushed after every batch, until {@code stop} is true or
     * {@code maxSites} are printed; in a group, commits what was written after each batch. Records that are not
     * SignificantSite records (or blocks of them, a run's) are skipped with a warning on {@code errors}.
     *
     * @return sites printed
     */
    public long run(Appendable out, PrintStream errors, BooleanSupplier stop) throws IOException {
        if (!join(stop)) {
            return 0;
        }
        if (settings.format() == Format.LINES && settings.lines().header() != null) {
            out.append(settings.lines().header()).append('\n');
        }
        StringBuilder line = new StringBuilder(256);
        Map<TopicPartition, OffsetAndMetadata> written = new HashMap<>();
        while (!stop.getAsBoolean() && !done()) {
            written.clear();
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (done()) {
                    break; // the rest of the batch stays uncommitted, for the group's next reader
                }
                boolean whole = true;
                for (SignificantSite site : sitesOf(record, errors)) {
                    if (done()) {
                        whole = false; // a block cut short stays uncommitted: the next reader prints it whole
                        break;
                    }
                    line.setLength(0);
                    if (format(site, line)) {
                        out.append(line).append('\n');
                        printed++;
                    }
                }
                written.put(new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(whole ? record.offset() + 1 : record.offset()));
            }
            if (!written.isEmpty()) {
                if (out instanceof Flushable flushable) {
                    flushable.flush();
                }
                if (settings.group() != null) {
                    consumer.commitSync(written);
                }
            }
        }
        return printed;
    }

    /** Partitions this watcher reads now; in a group, its share. */
    public int assignedPartitions() {
        return assigned.get();
    }

    /** Records that were neither SignificantSite records nor blocks of them and were skipped, with a warning. */
    public long skipped() {
        return skipped;
    }

    /** Leaves the group (committing nothing more: {@link #run} has committed what it wrote). */
    @Override
    public void close() {
        consumer.close();
    }

    private boolean done() {
        return settings.maxSites() > 0 && printed >= settings.maxSites();
    }

    /** Subscribes (in a group) or assigns every partition; false when stopped while waiting for the topic. */
    private boolean join(BooleanSupplier stop) {
        if (settings.group() != null) {
            consumer.subscribe(List.of(settings.topic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    assigned.addAndGet(-partitions.size());
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    assigned.addAndGet(partitions.size());
                }
            });
            return true;
        }
        // the topic may not exist yet when a watcher starts before the processor creates it
        List<TopicPartition> partitions = List.of();
        while (partitions.isEmpty()) {
            if (stop.getAsBoolean()) {
                return false;
            }
            partitions = consumer.partitionsFor(settings.topic(), METADATA_TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                sleep();
            }
        }
        consumer.assign(partitions);
        if (settings.fromBeginning()) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        partitions.forEach(consumer::position); // fix the start now, not at the first poll
        assigned.set(partitions.size());
        return true;
    }

    /** The sites of a record, a block's in order; none, with a warning, for a tombstone or what is not a site. */
    private List<SignificantSite> sitesOf(ConsumerRecord<String, byte[]> record, PrintStream errors) {
        if (record.value() == null) {
            return List.of();
        }
        try {
            return blocks.sitesOf(record.value());
        } catch (SerializationException e) {
            skipped++;
            errors.println("watch: skipped " + record.topic() + "/" + record.partition() + "@" + record.offset()
                    + ": " + e.getMessage());
            return List.of();
        }
    }

    /** Appends the site's line; false when it is outside the regions. */
    private boolean format(SignificantSite significant, StringBuilder line) {
        MethylationSite site = significant.getSite();
        if (settings.regions() != null && !settings.regions().contains(site.getChromosome(), site.getPosition())) {
            return false;
        }
        if (settings.format() == Format.JSON) {
            line.append(JsonLine.of(significant));
        } else {
            scoreLine.appendTo(line, view.of(significant));
        }
        return true;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
