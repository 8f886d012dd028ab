package org.methylstream.connect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SignificantSite;
import org.methylstream.format.OutputFiles;
import org.methylstream.format.OutputFormat;
import org.methylstream.serde.SignificantSiteBlocks;

@DisplayName("The file sink worker, on a real broker")
@Timeout(120)
class FileSinkWorkerTest {
    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private final KafkaCluster cluster = KafkaCluster.shared();

    @TempDir
    Path dir;

    private FileSinkSettings settings(String topic) {
        return settings(topic, dir.resolve("significant.tsv"));
    }

    private FileSinkSettings settings(String topic, Path file) {
        return FileSinkSettings.of(cluster.clientProperties(), topic, file, dir.resolve("sink.offsets"))
                .withConnectorName("sink-" + topic)
                .withFlushInterval(Duration.ofMillis(200));
    }

    private static FileSinkWorker start(FileSinkSettings settings) throws InterruptedException {
        FileSinkWorker worker = FileSinkWorker.start(settings);
        System.err.println("file sink worker started in " + worker.startupTime().toMillis() + " ms");
        return worker;
    }

    private static void awaitCaughtUp(FileSinkWorker worker) throws InterruptedException {
        assertTrue(worker.awaitCaughtUp(CATCH_UP), "the sink did not catch up within " + CATCH_UP);
    }

    private static List<String> sortedLines(Path file) throws IOException {
        String text = Files.readString(file, UTF_8);
        assertTrue(text.isEmpty() || text.endsWith("\n"), "the file ends inside a line");
        return text.lines().sorted().toList();
    }

    private static List<String> sortedLinesOf(List<SignificantSite> sites) {
        return sites.stream().map(SignificantSites::line).sorted().toList();
    }

    @Test
    @DisplayName("writes exactly one score line per significant site of a partitioned, transactional topic")
    void writesOneLinePerSite() throws Exception {
        String topic = cluster.createTopic("sink-lines", 3);
        List<SignificantSite> sites = SignificantSites.sites(0, 90);
        Transactions.commit(cluster, SignificantSites.records(topic, sites.subList(0, 45)));
        Transactions.commit(cluster, SignificantSites.records(topic, sites.subList(45, 90)));
        cluster.produce(List.of(new ProducerRecord<>(topic, "chr1:1".getBytes(UTF_8), null))); // a tombstone

        try (FileSinkWorker worker = start(settings(topic))) {
            awaitCaughtUp(worker);
        }

        // partitions interleave in the file: compare as sorted lines
        assertEquals(sortedLinesOf(sites), sortedLines(dir.resolve("significant.tsv")));
    }

    @Test
    @DisplayName("with Kafka's FileStreamSinkConnector also writes one score line per significant site")
    void kafkasFileStreamSinkConnector() throws Exception {
        String topic = cluster.createTopic("sink-file-stream", 3);
        List<SignificantSite> sites = SignificantSites.sites(0, 60);
        Transactions.commit(cluster, SignificantSites.records(topic, sites));

        try (FileSinkWorker worker = start(settings(topic).withConnector(FileSinkConnectorKind.FILE_STREAM))) {
            awaitCaughtUp(worker);
        }

        assertEquals(sortedLinesOf(sites), sortedLines(dir.resolve("significant.tsv")));
    }

    @Test
    @DisplayName("writes a block of significant sites (a run's) as its sites' lines, beside single sites, with either connector")
    void blocksOfSites() throws Exception {
        for (FileSinkConnectorKind kind : FileSinkConnectorKind.values()) {
            String topic = cluster.createTopic("sink-blocks-" + kind.id(), 2);
            List<SignificantSite> sites = SignificantSites.sites(0, 150);
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int first = 0; first < 140; first += 35) { // a block of 1, 8, 15 or 22 sites, then single sites
                List<SignificantSite> block = sites.subList(first, first + 1 + first / 5);
                records.add(new ProducerRecord<>(topic, SignificantSites.record(topic, block.get(0)).key(),
                        SignificantSiteBlocks.of(block.stream().map(SignificantSites::encoded).toList())));
                records.addAll(SignificantSites.records(topic, sites.subList(first + 1 + first / 5, first + 35)));
            }
            records.addAll(SignificantSites.records(topic, sites.subList(140, 150)));
            Transactions.commit(cluster, records);
            Path file = dir.resolve("blocks-" + kind.id() + ".tsv");

            try (FileSinkWorker worker = start(settings(topic, file).withConnector(kind))) {
                awaitCaughtUp(worker);
            }

            assertEquals(sortedLinesOf(sites), sortedLines(file), kind.id());
        }
    }

    /** Sites on both strands, some merged CpGs (span 2), in two samples. */
    private static List<SignificantSite> strandedSites(int first, int count) {
        List<SignificantSite> sites = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            MethylationSite site = MethylationSite.newBuilder().setSampleId("s" + (i % 2)).setChromosome("chr" + (1 + i % 3))
                    .setPosition(100L + 10 * i).setStrand(i % 5 == 0 ? null : i % 2 == 0 ? "+" : "-")
                    .setContext(i % 5 == 0 ? null : "CGA").setSpan(i % 5 == 0 ? 2 : null)
                    .setMethylated(10 + i % 7).setUnmethylated(i % 4).build();
            double p = Math.pow(10, -(6 + i % 9));
            sites.add(SignificantSite.newBuilder().setSite(site).setCoverage(site.getMethylated() + site.getUnmethylated())
                    .setPValue(p).setMinusLog10PValue(-Math.log10(p)).setTest("upper").setErrorRate(0.006)
                    .setAlpha(1e-5).setAnalysisId("a").build());
        }
        return sites;
    }

    private static long start(SignificantSite site) {
        return site.getSite().getPosition() - 1;
    }

    private static long end(SignificantSite site) {
        return start(site) + (site.getSite().getSpan() == null ? 1 : site.getSite().getSpan());
    }

    private static List<String> lines(Path file) throws IOException {
        String text = Files.readString(file, UTF_8);
        assertTrue(text.endsWith("\n"), "the file ends inside a line");
        return text.lines().toList();
    }

    @Test
    @DisplayName("--output-format bed, bedgraph, allc: each file read back by an independent reader, against the records")
    void everyOutputFormat() throws Exception {
        String topic = cluster.createTopic("sink-formats", 3);
        List<SignificantSite> sites = strandedSites(0, 40);
        Transactions.commit(cluster, SignificantSites.records(topic, sites));
        Comparator<SignificantSite> byPosition = Comparator.comparing((SignificantSite s) -> s.getSite().getChromosome())
                .thenComparing(s -> s.getSite().getPosition());
        List<SignificantSite> sorted = sites.stream().sorted(byPosition).toList();

        for (OutputFormat format : List.of(OutputFormat.BED, OutputFormat.BEDGRAPH, OutputFormat.ALLC)) {
            FileSinkSettings settings = settings(topic, dir.resolve("out." + format))
                    .withConnectorName("sink-" + topic + "-" + format).withOutputFormat(format);
            try (FileSinkWorker worker = start(settings)) {
                awaitCaughtUp(worker);
            }
            List<String> lines = lines(settings.file());
            switch (format) {
                case BED -> {
                    List<OutputFiles.Bed> bed = OutputFiles.readBed(lines).stream()
                            .sorted(Comparator.comparing(OutputFiles.Bed::chrom).thenComparing(OutputFiles.Bed::start))
                            .toList();
                    for (int i = 0; i < sorted.size(); i++) {
                        SignificantSite s = sorted.get(i);
                        MethylationSite site = s.getSite();
                        assertEquals(new OutputFiles.Bed(site.getChromosome(), start(s), end(s), site.getSampleId() + ":"
                                        + site.getChromosome() + ":" + site.getPosition(),
                                (int) Math.min(1000, Math.round(10 * s.getMinusLog10PValue())),
                                site.getSpan() != null || site.getStrand() == null ? "." : site.getStrand(),
                                site.getMethylated(), site.getUnmethylated(), s.getPValue(), s.getMinusLog10PValue()),
                                bed.get(i));
                    }
                }
                case BEDGRAPH -> assertEquals(sorted.stream().map(s -> new OutputFiles.BedGraph(
                                s.getSite().getChromosome(), start(s), end(s), s.getMinusLog10PValue())).toList(),
                        OutputFiles.readBedGraph(lines).stream().sorted(Comparator.comparing(OutputFiles.BedGraph::chrom)
                                .thenComparing(OutputFiles.BedGraph::start)).toList());
                default -> assertEquals(sorted.stream().map(s -> new OutputFiles.Allc(s.getSite().getChromosome(),
                                s.getSite().getPosition(), s.getSite().getSpan() != null ? "+"
                                : s.getSite().getStrand() == null ? "." : s.getSite().getStrand(),
                                s.getSite().getContext() == null ? "CNN" : s.getSite().getContext(),
                                s.getSite().getMethylated(), s.getCoverage(), 1)).toList(),
                        OutputFiles.readAllc(lines).stream().sorted(Comparator.comparing(OutputFiles.Allc::chrom)
                                .thenComparing(OutputFiles.Allc::pos)).toList());
            }
        }
    }

    @Test
    @DisplayName("bedgraph: the track line once at the top, through restarts, with either connector")
    void trackLineOnce() throws Exception {
        String topic = cluster.createTopic("sink-track-line", 3);
        List<SignificantSite> sites = strandedSites(0, 30);
        Transactions.commit(cluster, SignificantSites.records(topic, sites.subList(0, 15)));
        for (FileSinkConnectorKind kind : FileSinkConnectorKind.values()) {
            FileSinkSettings settings = settings(topic, dir.resolve(kind + ".bedgraph"))
                    .withConnectorName("sink-" + topic + "-" + kind).withConnector(kind)
                    .withOutputFormat(OutputFormat.BEDGRAPH);
            try (FileSinkWorker worker = start(settings)) {
                awaitCaughtUp(worker);
            }
            if (kind == FileSinkConnectorKind.EXACTLY_ONCE) {
                Transactions.commit(cluster, SignificantSites.records(topic, sites.subList(15, 30)));
            }
            try (FileSinkWorker worker = start(settings)) {
                awaitCaughtUp(worker);
            }
            List<String> lines = lines(settings.file());
            assertEquals(1, lines.stream().filter(line -> line.startsWith("track")).count(), kind + ": " + lines);
            assertEquals(sites.size(), OutputFiles.readBedGraph(lines).size(), kind.toString());
        }
    }

    @Test
    @DisplayName("sends a record it cannot read to the dead-letter topic with the reason, and goes on")
    void deadLettersUnreadableRecords() throws Exception {
        String topic = cluster.createTopic("sink-dead-letters", 1);
        List<SignificantSite> sites = SignificantSites.sites(0, 2);
        cluster.produce(List.of(SignificantSites.record(topic, sites.get(0)),
                KafkaCluster.record(topic, "chr9:9", "chr9\t9\t1\t1\t0.5"),
                SignificantSites.record(topic, sites.get(1))));

        try (FileSinkWorker worker = start(settings(topic))) {
            awaitCaughtUp(worker);
        }

        assertEquals(sortedLinesOf(sites), sortedLines(dir.resolve("significant.tsv")));
        ConsumerRecord<byte[], byte[]> letter = cluster.consume(topic + ".dead-letters", 1).get(0);
        assertEquals("chr9\t9\t1\t1\t0.5", new String(letter.value(), UTF_8));
        Header reason = letter.headers().lastHeader("__connect.errors.exception.message");
        assertTrue(new String(reason.value(), UTF_8).contains("not an Avro single-object encoded SignificantSite"),
                new String(reason.value(), UTF_8));
    }

    @Test
    @DisplayName("resumes after a stop where it left off, losing and repeating no line")
    void resumesAfterRestart() throws Exception {
        String topic = cluster.createTopic("sink-restart", 3);
        List<SignificantSite> sites = SignificantSites.sites(0, 80);
        FileSinkSettings settings = settings(topic);
        Transactions.commit(cluster, SignificantSites.records(topic, sites.subList(0, 40)));
        try (FileSinkWorker worker = start(settings)) {
            awaitCaughtUp(worker);
        }
        assertEquals(sortedLinesOf(sites.subList(0, 40)), sortedLines(settings.file()));

        Transactions.commit(cluster, SignificantSites.records(topic, sites.subList(40, 80)));
        try (FileSinkWorker worker = start(settings)) {
            awaitCaughtUp(worker);
        }

        // a clean stop commits what was written, so nothing repeats. After a crash the lines written since the
        // last commit (at most one flush interval's) would be written again: the file sink keeps no offsets itself.
        assertEquals(sortedLinesOf(sites), sortedLines(settings.file()));
    }

    @Test
    @DisplayName("throws, rather than ending the JVM, when Connect cannot start")
    void failsWithoutEndingTheJvm() throws Exception {
        String topic = cluster.createTopic("sink-no-start", 1);
        Path directoryAsOffsetsFile = Files.createDirectories(dir.resolve("offsets-is-a-directory"));
        FileSinkSettings unstartable = new FileSinkSettings(cluster.clientProperties(), topic,
                dir.resolve("out.tsv"), directoryAsOffsetsFile, "sink-" + topic, Duration.ofMillis(200),
                FileSinkConnectorKind.EXACTLY_ONCE, OutputFormat.TSV);

        ConnectException e = assertThrows(ConnectException.class, () -> FileSinkWorker.start(unstartable));

        assertTrue(e.getMessage().contains("did not start"), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(directoryAsOffsetsFile), files.toList(), "no file was written");
        }
    }
}
