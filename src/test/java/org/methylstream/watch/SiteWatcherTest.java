package org.methylstream.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.Await;
import org.methylstream.KafkaCluster;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SignificantSite;
import org.methylstream.connect.FileSinkSettings;
import org.methylstream.connect.FileSinkWorker;
import org.methylstream.format.BedRegions;
import org.methylstream.format.OutputFormat;
import org.methylstream.format.ScoreLine;
import org.methylstream.serde.AvroSerde;
import org.methylstream.serde.SignificantSiteBlocks;
import org.methylstream.watch.SiteWatcher.Format;

@DisplayName("Watchers are consumers of the significant sites like any other")
class SiteWatcherTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();
    private static final AvroSerde<SignificantSite> SERDE = AvroSerde.significantSite();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<CompletableFuture<Long>> running = new ArrayList<>();

    /** A watcher running in the background, printing to its own buffer. */
    private final class Running {
        final SiteWatcher watcher;
        final StringBuffer out = new StringBuffer();

        Running(SiteWatcher.Settings settings) {
            watcher = new SiteWatcher(KAFKA.clientProperties(), settings);
            BooleanSupplier stopped = stop::get;
            running.add(CompletableFuture.supplyAsync(() -> {
                try (watcher) {
                    return watcher.run(out, new PrintStream(new ByteArrayOutputStream()), stopped);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }

        List<String> lines() {
            String text = out.toString();
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
    }

    @AfterEach
    void stopWatchers() throws Exception {
        stop.set(true);
        for (CompletableFuture<Long> watcher : running) {
            watcher.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static SignificantSite site(String chromosome, long position) {
        return SignificantSite.newBuilder()
                .setSite(MethylationSite.newBuilder().setSampleId("s").setChromosome(chromosome).setPosition(position)
                        .setMethylated(9).setUnmethylated(1).build())
                .setCoverage(10).setPValue(1e-9).setMinusLog10PValue(9).setTest("upper").setErrorRate(0.006)
                .setAlpha(1e-5).setAnalysisId("default").build();
    }

    private static String line(String chromosome, long position) {
        return ScoreLine.format(chromosome, position, 9, 1, 1e-9);
    }

    /** Publishes chr1 sites at positions {@code from} to {@code to}, keyed as the scoring topology keys them. */
    private static List<String> publish(String topic, int from, int to) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int position = from; position <= to; position++) {
            records.add(new ProducerRecord<>(topic, ("s:chr1:" + position).getBytes(StandardCharsets.UTF_8),
                    SERDE.encode(site("chr1", position))));
            lines.add(line("chr1", position));
        }
        KAFKA.produce(records);
        return lines;
    }

    private static void await(String what, Await.Condition condition) {
        Await.until(what, WAIT, condition);
    }

    private static Set<String> sorted(List<String> lines) {
        return lines.stream().collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    @Test
    @DisplayName("two groups each receive every site, two watchers of one group share them, the file sink gets them all too")
    void groupsAndTheFileSinkEachGetEverySite() throws Exception {
        String topic = KAFKA.createTopic("significant", 4);
        Running alerts1 = new Running(new SiteWatcher.Settings(topic, "alerts", true, null, Format.LINES, OutputFormat.TSV, 0));
        Running alerts2 = new Running(new SiteWatcher.Settings(topic, "alerts", true, null, Format.LINES, OutputFormat.TSV, 0));
        Running dashboard = new Running(new SiteWatcher.Settings(topic, "dashboard", true, null, Format.LINES, OutputFormat.TSV, 0));
        await("the alerts group has split the 4 partitions", () -> alerts1.watcher.assignedPartitions() == 2
                && alerts2.watcher.assignedPartitions() == 2 && dashboard.watcher.assignedPartitions() == 4);
        Path file = dir.resolve("significant.tsv");
        FileSinkSettings sink = FileSinkSettings.of(KAFKA.clientProperties(), topic, file, dir.resolve("sink.offsets"))
                .withConnectorName("watch-test-sink-" + topic);

        try (FileSinkWorker worker = FileSinkWorker.start(sink)) {
            List<String> sites = publish(topic, 1, 200);
            await("both groups have every site", () -> alerts1.lines().size() + alerts2.lines().size() == sites.size()
                    && dashboard.lines().size() == sites.size());
            assertTrue(worker.awaitCaughtUp(WAIT), "the file sink caught up");

            assertEquals(sorted(sites), sorted(dashboard.lines()), "the dashboard group got every site");
            Set<String> shared = new HashSet<>(alerts1.lines());
            shared.retainAll(alerts2.lines());
            assertEquals(Set.of(), shared, "no site went to both watchers of one group");
            List<String> alerts = new ArrayList<>(alerts1.lines());
            alerts.addAll(alerts2.lines());
            assertEquals(sorted(sites), sorted(alerts), "between them, the alerts group got every site");
            assertTrue(!alerts1.lines().isEmpty() && !alerts2.lines().isEmpty(), "both watchers of the group got a share");
            assertEquals(sorted(sites), sorted(Files.readAllLines(file)), "the file sink wrote every site");
        }
    }

    @Test
    @DisplayName("alone, a watcher starts at the end, or at the beginning if asked; --regions keeps only sites inside")
    void startsAtTheEndAndFiltersByRegion() throws Exception {
        String topic = KAFKA.createTopic("significant", 2);
        List<String> before = publish(topic, 1, 3);
        Path bed = Files.writeString(dir.resolve("genes.bed"), "chr1\t10\t12\nchr1\t1\t2\n");
        Running fromEnd = new Running(new SiteWatcher.Settings(topic, null, false, null, Format.LINES, OutputFormat.TSV, 0));
        Running fromStart = new Running(new SiteWatcher.Settings(topic, null, true, null, Format.LINES, OutputFormat.TSV, 0));
        Running genes = new Running(new SiteWatcher.Settings(topic, null, true, BedRegions.read(bed), Format.LINES, OutputFormat.TSV, 0));
        await("every watcher has its partitions", () -> fromEnd.watcher.assignedPartitions() == 2
                && fromStart.watcher.assignedPartitions() == 2 && genes.watcher.assignedPartitions() == 2);

        List<String> after = publish(topic, 10, 13);
        List<String> all = new ArrayList<>(before);
        all.addAll(after);
        await("the sites arrived", () -> fromEnd.lines().size() == after.size() && fromStart.lines().size() == all.size()
                && genes.lines().size() == 3);
        assertEquals(sorted(after), sorted(fromEnd.lines()));
        assertEquals(sorted(all), sorted(fromStart.lines()));
        assertEquals(sorted(List.of(line("chr1", 2), line("chr1", 11), line("chr1", 12))), sorted(genes.lines()),
                "BED [1, 2) is position 2; [10, 12) positions 11 and 12");
    }

    @Test
    @DisplayName("reads a block of sites (a run's) as its sites; --max-sites may cut one, which the group then reads whole")
    void blocksOfSites() throws Exception {
        String topic = KAFKA.createTopic("significant", 1);
        List<byte[]> block = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int position = 1; position <= 10; position++) {
            block.add(SERDE.encode(site("chr1", position)));
            lines.add(line("chr1", position));
        }
        KAFKA.produce(List.of(new ProducerRecord<>(topic, "s:chr1:1".getBytes(StandardCharsets.UTF_8),
                SignificantSiteBlocks.of(block))));
        lines.addAll(publish(topic, 11, 12));
        Path bed = Files.writeString(dir.resolve("some.bed"), "chr1\t2\t5\nchr1\t10\t11\n");

        Running all = new Running(new SiteWatcher.Settings(topic, null, true, null, Format.LINES, OutputFormat.TSV, 0));
        Running inside = new Running(new SiteWatcher.Settings(topic, null, true, BedRegions.read(bed), Format.LINES,
                OutputFormat.TSV, 0));
        Running first = new Running(new SiteWatcher.Settings(topic, "alerts", true, null, Format.LINES,
                OutputFormat.TSV, 4));
        assertEquals(4L, running.get(2).get(WAIT.toSeconds(), TimeUnit.SECONDS), "it stops after 4 sites");
        Running next = new Running(new SiteWatcher.Settings(topic, "alerts", true, null, Format.LINES,
                OutputFormat.TSV, 0));
        await("every site arrived", () -> all.lines().size() == 12 && inside.lines().size() == 4
                && next.lines().size() == 12);

        assertEquals(lines, all.lines(), "a block's sites in order, then the sites alone");
        assertEquals(List.of(line("chr1", 3), line("chr1", 4), line("chr1", 5), line("chr1", 11)), inside.lines(),
                "the regions per site of the block");
        assertEquals(lines.subList(0, 4), first.lines());
        assertEquals(lines, next.lines(), "the block cut short was not committed: the group's next watcher has it whole");
    }
}
