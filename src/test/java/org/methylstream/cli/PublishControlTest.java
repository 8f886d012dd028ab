package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;
import org.methylstream.MethylstreamProcess;

@DisplayName("publish --control, two samples with different controls, scored by process on a real broker")
@Timeout(240)
class PublishControlTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();

    @TempDir
    Path dir;

    @Test
    @DisplayName("each sample is scored at its own control's rate, as score --control scores it")
    void ownControls() throws Exception {
        String input = KAFKA.createTopic("own-controls", 3);
        String output = input + ".significant";
        Path lambda = Files.writeString(dir.resolve("lambda.allc"), ScoreControlFixture.allc(41, 10_000, 5_000, 1));
        Path puc = Files.writeString(dir.resolve("puc.allc"), ScoreControlFixture.allc(42, 10_000, 5_000, 4)
                .replace("\nL\t", "\npUC19\t"));
        try (MethylstreamProcess processor = MethylstreamProcess.start(dir, "process", "--bootstrap-server",
                KAFKA.bootstrapServers(), "--state-dir", dir.resolve("state").toString(), "--input-topic", input,
                "--output-topic", output, "--application-id", "own-" + input, "--fdr", "0.05")) {
            processor.awaitStderr("running", Duration.ofSeconds(90));
            for (String[] sample : new String[][] {{lambda.toString(), "chrL"}, {puc.toString(), "pUC19"}}) {
                CommandRun publish = CommandRun.run("publish", "--bootstrap-server", KAFKA.bootstrapServers(),
                        "--topic", input, "--control", sample[1], "--min-control-coverage", "1000", sample[0]);
                assertEquals(0, publish.exitCode(), publish::toString);
            }
            processor.awaitStderr("control: sample puc", Duration.ofSeconds(120));
            processor.awaitStderr("control: sample lambda", Duration.ofSeconds(60));
            processor.awaitStderr("fdr: sample puc", Duration.ofSeconds(60));
            assertEquals(0, processor.terminate(Duration.ofSeconds(60)), processor::stderr);
        }
        List<String> expected = new ArrayList<>(ScoreControlFixture.score(lambda, "chrL"));
        expected.addAll(ScoreControlFixture.score(puc, "pUC19"));
        assertEquals(expected.stream().sorted().toList(), ScoreControlFixture.lines(KAFKA.consumeAll(output)));
        assertTrue(expected.stream().anyMatch(l -> l.endsWith("\tcontrol pUC19")), expected.get(0));
    }
}
