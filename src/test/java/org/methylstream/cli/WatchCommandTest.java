package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;
import org.methylstream.MethylstreamProcess;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SignificantSite;
import org.methylstream.format.OutputFiles;
import org.methylstream.serde.AvroSerde;

@DisplayName("methylstream watch")
class WatchCommandTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();

    @TempDir
    Path dir;

    @RegisterExtension
    final MethylstreamProcess.Children children = new MethylstreamProcess.Children();

    private static String publishSites(int count) {
        String topic = KAFKA.createTopic("significant", 2);
        AvroSerde<SignificantSite> serde = AvroSerde.significantSite();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int position = 1; position <= count; position++) {
            SignificantSite site = SignificantSite.newBuilder()
                    .setSite(MethylationSite.newBuilder().setSampleId("s").setChromosome("chr2").setPosition(position)
                            .setMethylated(8).setUnmethylated(2).build())
                    .setCoverage(10).setPValue(2.5e-7).setMinusLog10PValue(6.6).setTest("upper")
                    .setErrorRate(0.006).setAlpha(1e-5).setAnalysisId("default").build();
            records.add(new ProducerRecord<>(topic, 0, null, serde.encode(site))); // one partition: a known order
        }
        KAFKA.produce(records);
        return topic;
    }

    private String[] watch(String topic, String... rest) {
        List<String> args = new ArrayList<>(List.of("watch", "--bootstrap-server", KAFKA.bootstrapServers(),
                "--state-dir", dir.resolve("state").toString(), "--topic", topic));
        args.addAll(List.of(rest));
        return args.toArray(String[]::new);
    }

    @Test
    @DisplayName("--format json prints a JSON object per site; tsv the score layout; --max-sites ends it")
    void printsJsonAndTsv() {
        String topic = publishSites(5);
        CommandRun json = CommandRun.run(watch(topic, "--from-beginning", "--max-sites", "2", "--format", "json"));
        assertEquals(0, json.exitCode(), json.toString());
        assertEquals(2, json.outLines().size(), json.out());
        assertEquals("{\"site\":{\"sampleId\":\"s\",\"chromosome\":\"chr2\",\"position\":1,\"strand\":null,"
                + "\"context\":null,\"methylated\":8,\"unmethylated\":2,\"span\":null},\"coverage\":10,\"pValue\":2.5e-07,"
                + "\"minusLog10PValue\":6.6,\"test\":\"upper\",\"errorRate\":0.006,\"alpha\":1e-05,"
                + "\"analysisId\":\"default\",\"errorRateSource\":\"given\"}", json.outLines().get(0));

        CommandRun tsv = CommandRun.run(watch(topic, "--from-beginning", "--max-sites", "1"));
        assertEquals(List.of("chr2\t1\t8\t2\t2.5e-07"), tsv.outLines());
        assertTrue(tsv.err().contains("watch: 1 sites printed"), tsv.err());
    }

    @Test
    @DisplayName("--output-format bedgraph prints the track line once, then the sites; bed and allc their lines")
    void printsOutputFormats() {
        String topic = publishSites(3);
        CommandRun bedGraph = CommandRun.run(watch(topic, "--from-beginning", "--max-sites", "3", "--output-format",
                "bedgraph"));
        assertEquals(0, bedGraph.exitCode(), bedGraph.toString());
        List<OutputFiles.BedGraph> graph = OutputFiles.readBedGraph(bedGraph.outLines());
        assertEquals(List.of(new OutputFiles.BedGraph("chr2", 0, 1, 6.6), new OutputFiles.BedGraph("chr2", 1, 2, 6.6),
                new OutputFiles.BedGraph("chr2", 2, 3, 6.6)), graph);

        CommandRun bed = CommandRun.run(watch(topic, "--from-beginning", "--max-sites", "1", "--output-format", "bed"));
        assertEquals(List.of(new OutputFiles.Bed("chr2", 0, 1, "s:chr2:1", 66, ".", 8, 2, 2.5e-7, 6.6)),
                OutputFiles.readBed(bed.outLines()));
        CommandRun allc = CommandRun.run(watch(topic, "--from-beginning", "--max-sites", "1", "--output-format", "allc"));
        assertEquals(List.of(new OutputFiles.Allc("chr2", 1, ".", "CNN", 8, 10, 1)), OutputFiles.readAllc(allc.outLines()));

        CommandRun both = CommandRun.run(watch(topic, "--format", "json", "--output-format", "bed"));
        assertEquals(1, both.exitCode(), both.toString());
        assertTrue(both.err().contains("--format json prints records, not lines"), both.err());
    }

    @Test
    @DisplayName("in a group, stops on SIGTERM with exit 0 and its offsets committed, for the group to resume after them")
    void commitsAndExitsCleanlyOnSigterm() throws Exception {
        String topic = publishSites(3);
        MethylstreamProcess process = children.start(dir, watch(topic, "--group", "pager-" + topic, "--from-beginning"));
        process.awaitThat("3 sites on stdout", () -> process.stdout().lines().count() >= 3, Duration.ofSeconds(30));

        assertEquals(0, process.terminate(Duration.ofSeconds(30)), process.stderr());
        assertEquals(3, process.stdout().lines().count());
        try (Admin admin = KAFKA.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets("pager-" + topic).partitionsToOffsetAndMetadata().get();
            assertEquals(3, committed.get(new TopicPartition(topic, 0)).offset());
        }
    }

    @Test
    @DisplayName("watches methylation.significant, or with --analysis ID that analysis's output")
    void topicOfAnAnalysis() {
        WatchCommand byDefault = Methylstream.commandLine().parseArgs("watch").subcommand().commandSpec()
                .commandLine().getCommand();
        assertEquals("methylation.significant", byDefault.source.topic());
        WatchCommand strict = Methylstream.commandLine().parseArgs("watch", "--analysis", "strict").subcommand()
                .commandSpec().commandLine().getCommand();
        assertEquals("methylation.significant.strict", strict.source.topic());
        assertEquals(2, CommandRun.run("watch", "--topic", "a", "--analysis", "b").exitCode(), "one or the other");
    }
}
