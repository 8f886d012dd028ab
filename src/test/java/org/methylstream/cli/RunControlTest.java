package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;

@DisplayName("run with a control and BH options, on a real broker: what score writes")
@Timeout(180)
class RunControlTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();

    @TempDir
    Path dir;

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }

    @Test
    @DisplayName("run --control chrL (two samples, two rates) writes the sites and BH discoveries score writes")
    void equalsScore() throws Exception {
        Path liver = Files.writeString(dir.resolve("liver.allc"), ScoreControlFixture.allc(11, 12_000, 6_000, 1));
        Path brain = Files.writeString(dir.resolve("brain.allc"), ScoreControlFixture.allc(12, 8_000, 6_000, 3));
        String[] options = {"--control", "chrL", "--min-control-coverage", "1000", "--fdr", "0.01", "--fdr-by",
                "context", "--fdr-tests", "methylated"};
        Path out = dir.resolve("significant.tsv");
        Path fdrOut = dir.resolve("fdr.tsv");
        CommandRun run = CommandRun.run(concat(new String[] {"run", "--bootstrap-server", KAFKA.bootstrapServers(),
                "--state-dir", dir.resolve("state").toString(), "--run-id", "two-controls", "--partitions", "3",
                "--out", out.toString(), "--fdr-out", fdrOut.toString()}, options, liver.toString(),
                brain.toString()));
        Path scoreFdr = dir.resolve("score-fdr.tsv");
        CommandRun score = CommandRun.run(concat(new String[] {"score", "--fdr-out", scoreFdr.toString()}, options,
                liver.toString(), brain.toString()));

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(0, score.exitCode(), score::toString);
        assertEquals(sorted(score.outLines()), sorted(Files.readAllLines(out)));
        assertEquals(sorted(Files.readAllLines(scoreFdr)), sorted(Files.readAllLines(fdrOut)));
        assertTrue(Files.readAllLines(fdrOut).size() > 1000);
        assertTrue(run.err().contains("control: sample liver (analysis two-controls): error rate "), run.err());
        assertTrue(run.err().contains("fdr: sample brain CHG (analysis two-controls): "), run.err());
    }

    @Test
    @DisplayName("run --fdr writes the discoveries score --fdr writes")
    void fdrEqualsScore() throws Exception {
        Path sites = Files.writeString(dir.resolve("s.allc"), ScoreControlFixture.allc(13, 15_000, 0));
        Path fdrOut = dir.resolve("fdr.tsv");
        CommandRun run = CommandRun.run("run", "--bootstrap-server", KAFKA.bootstrapServers(), "--state-dir",
                dir.resolve("state").toString(), "--run-id", "bh-equals-score", "--out", dir.resolve("o.tsv").toString(),
                "--fdr", "0.05", "--fdr-out", fdrOut.toString(), sites.toString());
        CommandRun score = CommandRun.run("score", "--fdr", "0.05", sites.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(sorted(score.outLines()), sorted(Files.readAllLines(fdrOut)));
    }

    private static String[] concat(String[] head, String[] middle, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + middle.length + tail.length);
        System.arraycopy(middle, 0, all, head.length, middle.length);
        System.arraycopy(tail, 0, all, head.length + middle.length, tail.length);
        return all;
    }
}
