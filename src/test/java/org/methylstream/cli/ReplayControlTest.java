package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;

@DisplayName("replay with --control and --error-rates, on a real broker: what score writes")
@Timeout(300)
class ReplayControlTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();

    @TempDir
    Path dir;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private CommandRun methylstream(String command, String... rest) {
        return CommandRun.on(KAFKA, dir.resolve("state"), command, rest);
    }

    private void publish(String topic, String... rest) {
        List<String> args = new ArrayList<>(List.of("--topic", topic));
        args.addAll(List.of(rest));
        CommandRun published = methylstream("publish", args.toArray(String[]::new));
        assertEquals(0, published.exitCode(), published::toString);
    }

    @Test
    @DisplayName("replay --control chrL (one sample at the replay's control, one at its own from publish --control)"
            + " writes the sites score --control writes; stats and analyses show the rates and the control;"
            + " the same id again keeps them, another control is refused")
    void controlEqualsScore() throws Exception {
        String sites = KAFKA.createTopic("replay-controls", 3);
        Path lambda = Files.writeString(dir.resolve("lambda.allc"), ScoreControlFixture.allc(51, 10_000, 5_000, 1));
        Path puc = Files.writeString(dir.resolve("puc.allc"), ScoreControlFixture.allc(52, 10_000, 5_000, 4)
                .replace("\nL\t", "\npUC19\t"));
        publish(sites, lambda.toString());
        publish(sites, "--control", "pUC19", "--min-control-coverage", "1000", puc.toString());
        String id = "control-" + run;
        String[] replay = {"--input-topic", sites, "--analysis", id, "--control", "chrL", "--min-control-coverage",
                "1000"};

        CommandRun first = methylstream("replay", replay);
        assertEquals(0, first.exitCode(), first::toString);
        assertTrue(first.err().contains("(--test upper --error-rate 0.006 --alpha 1.0E-5 --min-coverage 1 --control chrL"
                + " --min-control-coverage 1000 on " + sites + ")"), first.err());
        List<String> expected = new ArrayList<>(ScoreControlFixture.score(lambda, "chrL"));
        expected.addAll(ScoreControlFixture.score(puc, "pUC19"));
        String output = "methylation.significant." + id;
        assertEquals(expected.stream().sorted().toList(), ScoreControlFixture.lines(KAFKA.consumeAll(output)),
                "replay returned once the samples scored at their end were written");

        CommandRun stats = methylstream("stats", "--input-topic", sites, "--analysis", id);
        assertEquals(0, stats.exitCode(), stats::toString);
        assertTrue(total(stats, "lambda").endsWith("\t" + ScoreControlFixture.controlRate(lambda, "L", null)
                + "\tcontrol chrL"), stats.out());
        assertTrue(total(stats, "puc").endsWith("\t" + ScoreControlFixture.controlRate(puc, "pUC19", null)
                + "\tcontrol pUC19"), stats.out());

        assertTrue(listed(id).endsWith("\tchrL\tsample\t1000\t-"), listed(id));

        CommandRun again = methylstream("replay", replay);
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.err().contains("run again from scratch"), again.err());
        assertEquals(expected.stream().sorted().toList(), ScoreControlFixture.lines(KAFKA.consumeAll(output)),
                "each result once");

        CommandRun otherControl = methylstream("replay", "--input-topic", sites, "--analysis", id, "--control",
                "chrM", "--min-control-coverage", "1000");
        assertEquals(1, otherControl.exitCode(), otherControl::toString);
        assertTrue(otherControl.err().contains("analysis " + id + " exists with other parameters (--test upper"
                + " --error-rate 0.006 --alpha 1.0E-5 --min-coverage 1 --control chrL --min-control-coverage 1000 on "
                + sites + ")"), otherControl.err());
    }

    @Test
    @DisplayName("replay --error-rates FILE writes the sites score --error-rates FILE writes; stats shows the file's"
            + " rates without being given it; the same file again is accepted, changed rates are refused")
    void errorRatesEqualScore() throws Exception {
        String sites = KAFKA.createTopic("replay-rates", 3);
        Path liver = Files.writeString(dir.resolve("liver.allc"), ScoreControlFixture.allc(53, 8_000, 0));
        Path brain = Files.writeString(dir.resolve("brain.allc"), ScoreControlFixture.allc(54, 8_000, 0));
        Path rates = Files.writeString(dir.resolve("rates.tsv"), "liver\t0.004\nbrain\t0.02\n");
        publish(sites, liver.toString(), brain.toString());
        String id = "rates-" + run;
        String[] replay = {"--input-topic", sites, "--analysis", id, "--error-rates", rates.toString()};

        CommandRun first = methylstream("replay", replay);
        assertEquals(0, first.exitCode(), first::toString);
        List<String> expected = new ArrayList<>(ScoreControlFixture.scoreWith(liver, "--error-rates", rates.toString()));
        expected.addAll(ScoreControlFixture.scoreWith(brain, "--error-rates", rates.toString()));
        assertEquals(expected.stream().sorted().toList(),
                ScoreControlFixture.lines(KAFKA.consumeAll("methylation.significant." + id)));

        CommandRun stats = methylstream("stats", "--input-topic", sites, "--analysis", id);
        assertEquals(0, stats.exitCode(), stats::toString);
        assertTrue(total(stats, "liver").endsWith("\t0.004\terror-rates " + rates), stats.out());
        assertTrue(total(stats, "brain").endsWith("\t0.02\terror-rates " + rates), stats.out());
        assertTrue(listed(id).endsWith("\t-\t-\t-\t" + rates), listed(id));

        CommandRun again = methylstream("replay", replay);
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.err().contains("run again from scratch"), again.err());

        Files.writeString(rates, "liver\t0.004\nbrain\t0.03\n");
        CommandRun changed = methylstream("replay", replay);
        assertEquals(1, changed.exitCode(), changed::toString);
        assertTrue(changed.err().contains("analysis " + id + " exists with other parameters (--test upper --error-rate"
                + " 0.006 --alpha 1.0E-5 --min-coverage 1 --error-rates " + rates + " (2 samples' rates) on " + sites
                + ")"), changed.err());
    }

    /** The sample's total row (chromosome *) of a stats table. */
    private static String total(CommandRun stats, String sample) {
        return stats.outLines().stream().filter(line -> line.startsWith(sample + "\t*\t")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no total row of " + sample + ": " + stats.out()));
    }

    /** The analysis's line of {@code analyses}. */
    private String listed(String id) {
        CommandRun analyses = methylstream("analyses");
        assertEquals(0, analyses.exitCode(), analyses::toString);
        assertEquals("analysis\ttest\terror_rate\talpha\tmin_coverage\tinput\toutput\tcreated\tto_score\tcontrol"
                + "\tcontrol_by\tmin_control_coverage\terror_rates", analyses.outLines().get(0));
        return analyses.outLines().stream().filter(line -> line.startsWith(id + "\t")).findFirst()
                .orElseThrow(() -> new AssertionError("not listed: " + analyses.out()));
    }
}
