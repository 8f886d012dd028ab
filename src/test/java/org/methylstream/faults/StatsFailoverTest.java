package org.methylstream.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.Await;
import org.methylstream.KafkaCluster;
import org.methylstream.MethylstreamProcess;
import org.methylstream.admin.GroupProgress;
import org.methylstream.application.ScoringApplication.ChromosomeRow;
import org.methylstream.application.StatisticsEndpoint;
import org.methylstream.application.StatisticsEndpoint.Answer;
import org.methylstream.format.SiteLine;
import org.methylstream.format.SiteReader;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.SiteScorer;
import org.methylstream.synthetic.SyntheticMethylome;

/**
 * {@code stats} across two {@code process} instances on a three-broker cluster: either instance answers for all
 * partitions, gathering the other's shares; when one is SIGKILLed, the other answers at once from its standby
 * copies (until the group notices the death, 6 s here) and then from the tasks it took over, every site counted
 * once throughout. About 40-60 s on 2 shared cores (in-JVM cluster, two process JVMs).
 */
@DisplayName("stats with two process instances on a three-broker cluster, one SIGKILLed")
class StatsFailoverTest {
    private static final KafkaCluster KAFKA = KafkaCluster.threeBrokers();
    private static final int SITES = 8_000;
    private static final Duration FAILOVER_WINDOW = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @RegisterExtension
    final MethylstreamProcess.Children children = new MethylstreamProcess.Children();

    @Test
    @Timeout(300)
    @DisplayName("keeps answering, from the standby and then the new owner, with every site counted once")
    void statsKeepsAnsweringThroughAKill() throws Exception {
        String input = "stats-failover.sites";
        String applicationId = "stats-failover";
        Path sites = dir.resolve("liver.tsv");
        try (Writer writer = Files.newBufferedWriter(sites, StandardCharsets.US_ASCII)) {
            new SyntheticMethylome(SITES, 31).writeTo(writer);
        }
        long[] expected = expectedTotals(sites);
        String failover = Failover.clientConfig(dir).toString();
        MethylstreamProcess[] instances = new MethylstreamProcess[2];
        Path[] addresses = new Path[2];
        for (int i = 0; i < 2; i++) {
            Path state = dir.resolve("state-" + i);
            instances[i] = children.start(dir, "process", "--bootstrap-server", KAFKA.bootstrapServers(),
                    "--kafka-config", failover, "--state-dir", state.toString(), "--input-topic", input,
                    "--output-topic", input + ".significant", "--application-id", applicationId,
                    "--standby-replicas", "1");
            addresses[i] = StatisticsEndpoint.addressFile(state, applicationId);
            instances[i].awaitStderr("process: " + applicationId + " running", Duration.ofSeconds(120));
        }
        assertEquals(0, org.methylstream.cli.Methylstream.commandLine().execute("publish", "--bootstrap-server",
                KAFKA.bootstrapServers(), "--topic", input, "--sample", "liver", sites.toString()));
        try (Admin admin = KAFKA.admin()) {
            Await.until("every site processed", Duration.ofSeconds(120),
                    () -> GroupProgress.lag(admin, applicationId, input) == 0);
        }
        String first = Files.readString(addresses[0]).trim();
        String second = Files.readString(addresses[1]).trim();
        for (String address : List.of(first, second)) {
            Await.until("the totals from " + address, Duration.ofSeconds(60),
                    () -> totals(StatisticsEndpoint.query(address, "liver")).equals(asList(expected)));
        }
        Thread.sleep(2000); // the standby copies read the changelogs' last commits

        instances[0].kill();
        List<Answer> answers = new ArrayList<>();
        long end = System.nanoTime() + FAILOVER_WINDOW.toNanos();
        while (System.nanoTime() < end) {
            Answer answer = StatisticsEndpoint.query(second, "liver"); // fails the test if it cannot answer
            assertEquals(asList(expected), totals(answer), "every site counted once, answer " + answers.size());
            answers.add(answer);
            Thread.sleep(500);
        }
        assertTrue(answers.stream().anyMatch(a -> !a.fromStandbys().isEmpty()),
                "while the killed owner was still in the group, its partitions came from the standby copies");
        Await.until("the surviving instance owns every partition", Duration.ofSeconds(60),
                () -> StatisticsEndpoint.query(second, "liver").fromStandbys().isEmpty());

        MethylstreamProcess stats = children.start(dir, "stats", "--instance", second, "--sample", "liver",
                "--application-id", applicationId, "--input-topic", input);
        assertEquals(0, stats.awaitExit(Duration.ofSeconds(60)), stats::stderr);
        assertTrue(stats.stdout().contains("liver\t*\t" + expected[0] + "\t" + expected[1] + "\t" + expected[2] + "\t"),
                stats::stdout);
    }

    /** {sites, tested, significant} of the whole sample. */
    private static List<Long> totals(Answer answer) {
        long[] sum = new long[3];
        for (ChromosomeRow row : answer.rows()) {
            sum[0] += row.statistics().sites();
            sum[1] += row.statistics().tested();
            sum[2] += row.statistics().significant();
        }
        return asList(sum);
    }

    private static List<Long> asList(long[] values) {
        return List.of(values[0], values[1], values[2]);
    }

    private static long[] expectedTotals(Path sites) throws Exception {
        SiteScorer scorer = new SiteScorer(ScoringParameters.DEFAULTS);
        long[] totals = new long[3];
        try (InputStream in = Files.newInputStream(sites); SiteReader reader = new SiteReader("liver", in, null)) {
            SiteLine site = new SiteLine();
            while (reader.next(site)) {
                totals[0]++;
                if (scorer.isTested(site.coverage())) {
                    totals[1]++;
                    totals[2] += scorer.isSignificant(site.methylated(), site.coverage()) ? 1 : 0;
                }
            }
        }
        return totals;
    }
}
