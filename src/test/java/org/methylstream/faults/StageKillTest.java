package org.methylstream.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;
import org.methylstream.MethylstreamProcess;
import org.methylstream.avro.SignificantSite;
import org.methylstream.format.ScoreLine;
import org.methylstream.serde.AvroSerde;

@DisplayName("process --exactly-once killed while the per-sample stage scores a controlled sample")
class StageKillTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    @DisplayName("with SIGKILL mid-sample and restarted: every site of both samples (one at a rate from --error-rates,"
            + " streamed at once; one at its control's) is in the output once, as score writes it")
    void nothingLostNothingRepeated() throws Exception {
        String input = KAFKA.createTopic("stage-sites", 3);
        String output = input + ".significant";
        Path controlled = Files.writeString(dir.resolve("controlled.allc"),
                org.methylstream.cli.ScoreControlFixture.allc(31, 250_000, 20_000, 2));
        Path known = Files.writeString(dir.resolve("known.allc"),
                org.methylstream.cli.ScoreControlFixture.allc(32, 5_000, 1_000, 1));
        Path rates = Files.writeString(dir.resolve("rates.tsv"), "known\t0.004\n");
        String[] process = {"process", "--exactly-once", "--bootstrap-server", KAFKA.bootstrapServers(),
                "--kafka-config", Failover.clientConfig(dir).toString(), "--state-dir", dir.resolve("state").toString(),
                "--input-topic", input, "--output-topic", output, "--application-id", "stage-kill-" + input,
                "--control", "chrL", "--min-control-coverage", "1000", "--error-rates", rates.toString()};
        try (MethylstreamProcess processor = MethylstreamProcess.start(dir, process)) {
            processor.awaitStderr("process: stage-kill-" + input + " running", Duration.ofSeconds(90));
            int knownSites = org.methylstream.cli.ScoreControlFixture.score(known, rates).size();
            for (Path file : List.of(known, controlled)) {
                MethylstreamProcess publish = MethylstreamProcess.start(dir, "publish", "--bootstrap-server",
                        KAFKA.bootstrapServers(), "--topic", input, file.toString());
                assertEquals(0, publish.awaitExit(Duration.ofSeconds(120)), publish::stderr);
                if (file == known) { // streamed at once, at its given rate, and committed before the other comes
                    processor.awaitThat("the known sample's sites committed", () -> Failover.end(KAFKA, output,
                            IsolationLevel.READ_COMMITTED) > knownSites, Duration.ofSeconds(120));
                    Failover.awaitNoOpenTransactions(KAFKA, output, Duration.ofSeconds(60));
                }
            }
            // from here only the stage writes to the output: the controlled sample's sites, in one open transaction
            processor.awaitThat("the stage's transaction open with its first thousand sites",
                    () -> Failover.end(KAFKA, output, IsolationLevel.READ_UNCOMMITTED)
                            > Failover.end(KAFKA, output, IsolationLevel.READ_COMMITTED)
                            + 1000, Duration.ofSeconds(120));
            processor.kill();
        }
        try (MethylstreamProcess processor = MethylstreamProcess.start(dir, process)) {
            processor.awaitStderr("control: sample controlled", Duration.ofSeconds(120));
            processor.awaitStderr("significant; ", Duration.ofSeconds(60));
            assertEquals(0, processor.terminate(Duration.ofSeconds(60)), processor::stderr);
            assertTrue(processor.stderr().contains("control: sample controlled (analysis default): error rate "),
                    "the restarted stage did the sample again: the killed one had not committed it");
        }
        Failover.awaitNoOpenTransactions(KAFKA, output, Duration.ofSeconds(60));

        AvroSerde<SignificantSite> results = AvroSerde.significantSite();
        Map<String, String> committed = new HashMap<>();
        List<String> lines = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : KAFKA.consumeAll(output)) {
            SignificantSite site = results.decode(record.value());
            String key = site.getSite().getSampleId() + ":" + site.getSite().getChromosome() + ":"
                    + site.getSite().getPosition();
            String line = ScoreLine.format(site.getSite().getChromosome(), site.getSite().getPosition(),
                    site.getSite().getMethylated(), site.getSite().getUnmethylated(), site.getPValue());
            assertEquals(null, committed.put(key, line), "output twice: " + key);
            lines.add(site.getSite().getSampleId() + "\t" + line + "\t" + site.getErrorRateSource());
        }
        List<String> expected = new ArrayList<>();
        for (Path file : List.of(known, controlled)) {
            org.methylstream.cli.ScoreControlFixture.score(file, rates).forEach(line -> expected.add(line));
        }
        assertEquals(expected.stream().sorted().toList(), lines.stream().sorted().toList());
    }
}
