package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.Await;
import org.methylstream.KafkaCluster;
import org.methylstream.MethylstreamProcess;
import org.methylstream.admin.GroupProgress;
import org.methylstream.application.StatisticsEndpoint;
import org.methylstream.avro.FdrSite;
import org.methylstream.avro.SampleRateEstimated;
import org.methylstream.format.SequenceContext;
import org.methylstream.format.SiteLine;
import org.methylstream.format.SiteReader;
import org.methylstream.serde.AvroSerde;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.SiteScorer;
import org.methylstream.stats.TextbookBh;
import org.methylstream.synthetic.SyntheticMethylome;

@DisplayName("methylstream process --fdr and stats, on a real broker")
class StatsCommandTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();

    @TempDir
    Path dir;

    @RegisterExtension
    final MethylstreamProcess.Children children = new MethylstreamProcess.Children();

    @Test
    @DisplayName("process --fdr writes an ended sample's BH discoveries; stats reads the running process's stores,"
            + " and once the process has stopped reads the same table from the changelog, writing nothing")
    void processFdrAndStats() throws Exception {
        String input = KAFKA.createTopic("sites", 2);
        String[] analysis = analysis(input, "app-" + input, "--fdr", "0.05", "--online-fdr", "0.05");
        MethylstreamProcess process = answering(analysis, "app-" + input);
        Path address = StatisticsEndpoint.addressFile(dir.resolve("state"), "app-" + input);

        Path sites = dir.resolve("liver.tsv");
        try (Writer writer = Files.newBufferedWriter(sites, StandardCharsets.US_ASCII)) {
            new SyntheticMethylome(5_000, 6).writeTo(writer);
        }
        CommandRun publish = CommandRun.run("publish", "--bootstrap-server", KAFKA.bootstrapServers(), "--topic", input,
                "--sample", "liver", sites.toString());
        assertEquals(0, publish.exitCode(), publish.toString());

        // what the discoveries and the totals must be, from the scoring core and the textbook BH
        SiteScorer scorer = new SiteScorer(ScoringParameters.DEFAULTS);
        List<String> keys = new ArrayList<>();
        List<Double> logP = new ArrayList<>();
        long tested = 0;
        long significant = 0;
        try (InputStream in = Files.newInputStream(sites); SiteReader reader = new SiteReader("liver", in, null)) {
            SiteLine site = new SiteLine();
            while (reader.next(site)) {
                if (scorer.isTested(site.coverage())) {
                    tested++;
                    significant += scorer.isSignificant(site.methylated(), site.coverage()) ? 1 : 0;
                    keys.add("liver:" + site.chromosome() + ":" + site.position());
                    logP.add(scorer.logPValue(site.methylated(), site.coverage()));
                }
            }
        }
        double[] logQ = TextbookBh.logQValues(logP.stream().mapToDouble(Double::doubleValue).toArray(), 0.05);
        Map<String, Double> expected = new HashMap<>();
        for (int i = 0; i < logQ.length; i++) {
            if (!Double.isNaN(logQ[i])) {
                expected.put(keys.get(i), Math.exp(logQ[i]));
            }
        }

        AvroSerde<FdrSite> discoveries = AvroSerde.fdrSite();
        Map<String, Double> found = new HashMap<>();
        KAFKA.consume(input + ".significant.fdr", expected.size()).forEach(record -> found.put(
                new String(record.key(), StandardCharsets.UTF_8), discoveries.decode(record.value()).getQValue()));
        assertEquals(expected, found);
        assertEquals("lord++", discoveries.decode(KAFKA.consume(input + ".significant.online-fdr", 1).get(0).value())
                .getProcedure());

        CommandRun served = CommandRun.run(concat(new String[] {"stats", "--sample", "liver"}, analysis));
        assertEquals(0, served.exitCode(), served.toString());
        String total = served.outLines().get(served.outLines().size() - 1);
        assertTrue(total.startsWith("liver\t*\t5000\t" + tested + "\t" + significant + "\t"), served.out());
        assertTrue(total.endsWith("\t0.006\tdefault"), "the rate used and its source: " + total);
        assertTrue(served.outLines().get(0).startsWith("sample\tchromosome\tsites\ttested\tsignificant\tmean_coverage"));
        CommandRun servedBins = CommandRun.run(concat(new String[] {"stats", "--bins", "--sample", "liver"},
                analysis));
        assertEquals(0, servedBins.exitCode(), servedBins.toString());
        assertEquals("sample\tchromosome\tstart\tend\tsites\ttested\tsignificant\tmax_minus_log10_p",
                servedBins.outLines().get(0));
        assertEquals(5000, servedBins.outLines().stream().skip(1)
                .mapToLong(line -> Long.parseLong(line.split("\t")[4])).sum(), "every site in a bin");

        assertEquals(0, process.terminate(Duration.ofSeconds(60)), process.stderr());
        assertFalse(Files.exists(address), "a stopped process serves nothing");

        Map<String, Long> topicsBefore = recordsPerTopic();
        Map<String, Map<TopicPartition, OffsetAndMetadata>> groupsBefore = groupOffsets();
        CommandRun restarted = CommandRun.run(concat(new String[] {"stats", "--sample", "liver"}, analysis));
        assertEquals(0, restarted.exitCode(), restarted.toString());
        assertEquals(served.out(), restarted.out(), "the same statistics, from the statistics store's changelog");
        CommandRun restartedBins = CommandRun.run(concat(new String[] {"stats", "--bins", "--sample", "liver"},
                analysis));
        assertEquals(0, restartedBins.exitCode(), restartedBins.toString());
        assertEquals(servedBins.out(), restartedBins.out(), "the same bins, from the bins store's changelog");
        assertEquals(topicsBefore, recordsPerTopic(), "stats wrote no record to any topic, and created none");
        assertEquals(groupsBefore, groupOffsets(), "no consumer group appeared or moved");
    }

    @Test
    @DisplayName("stats shows the rates a controlled sample's control gave (per context, --control-by context) and"
            + " their source, from the running process and, once it stopped, from the changelog and samples topic")
    void controlledSampleRates() throws Exception {
        String input = KAFKA.createTopic("controlled", 2);
        String[] analysis = analysis(input, "rates-" + input, "--control", "chrL", "--control-by", "context",
                "--min-control-coverage", "1000");
        MethylstreamProcess process = answering(analysis, "rates-" + input);
        Path lambda = Files.writeString(dir.resolve("lambda.allc"), ScoreControlFixture.allc(61, 6_000, 6_000, 1));
        CommandRun publish = CommandRun.run("publish", "--bootstrap-server", KAFKA.bootstrapServers(), "--topic", input,
                lambda.toString());
        assertEquals(0, publish.exitCode(), publish.toString());
        AvroSerde<SampleRateEstimated> estimates = AvroSerde.sampleRateEstimated();
        Await.until("the per-sample stage's rates in the samples topic", Duration.ofSeconds(120),
                () -> KAFKA.consumeAll(input + ".significant.samples").stream()
                        .anyMatch(record -> estimates.recognises(record.value())));

        CommandRun served = CommandRun.run(concat(new String[] {"stats", "--sample", "lambda"}, analysis));
        assertEquals(0, served.exitCode(), served.toString());
        for (SequenceContext context : SequenceContext.values()) {
            String rate = "\t" + context + "\t" + ScoreControlFixture.controlRate(lambda, "L", context)
                    + "\tcontrol chrL " + context;
            assertTrue(served.outLines().stream().anyMatch(line -> line.startsWith("lambda\t*\t")
                    && line.endsWith(rate)), rate + " in\n" + served.out());
        }
        String total = served.outLines().get(served.outLines().size() - 1);
        assertTrue(total.endsWith("\t*\t" + ScoreControlFixture.controlRate(lambda, "L", null) + "\tcontrol chrL"),
                "the pooled control's, reported: " + total);

        assertEquals(0, process.terminate(Duration.ofSeconds(60)), process.stderr());
        CommandRun stopped = CommandRun.run(concat(new String[] {"stats", "--sample", "lambda"}, analysis));
        assertEquals(0, stopped.exitCode(), stopped.toString());
        assertEquals(served.out(), stopped.out(), "the same rates with no process running");
    }

    /** The options of the analysis of {@code input} run as {@code applicationId}, with {@code more}. */
    private String[] analysis(String input, String applicationId, String... more) {
        return concat(new String[] {"--bootstrap-server", KAFKA.bootstrapServers(), "--state-dir",
                dir.resolve("state").toString(), "--input-topic", input, "--output-topic", input + ".significant",
                "--application-id", applicationId}, more);
    }

    /** {@code process} of the analysis, once it answers {@code stats}. */
    private MethylstreamProcess answering(String[] analysis, String applicationId) {
        MethylstreamProcess process = children.start(dir, concat(new String[] {"process"}, analysis));
        Path address = StatisticsEndpoint.addressFile(dir.resolve("state"), applicationId);
        process.awaitThat("statistics endpoint", () -> Files.exists(address), Duration.ofSeconds(90));
        return process;
    }

    /** Every topic of the cluster but Kafka's internal ones, with the sum of its partitions' end offsets. */
    private static Map<String, Long> recordsPerTopic() throws Exception {
        Map<String, Long> records = new TreeMap<>();
        try (Admin admin = KAFKA.admin()) {
            for (String topic : admin.listTopics().names().get()) {
                records.put(topic, GroupProgress.endOffsets(admin, topic).values().stream().mapToLong(Long::longValue).sum());
            }
        }
        return records;
    }

    /** Every consumer group's committed offsets. */
    private static Map<String, Map<TopicPartition, OffsetAndMetadata>> groupOffsets() throws Exception {
        Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets = new TreeMap<>();
        try (Admin admin = KAFKA.admin()) {
            for (GroupListing group : admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get()) {
                offsets.put(group.groupId(), admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get());
            }
        }
        return offsets;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
