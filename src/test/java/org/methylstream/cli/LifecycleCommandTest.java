package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.Await;
import org.methylstream.KafkaCluster;
import org.methylstream.embedded.EmbeddedKafka;
import org.methylstream.naming.AnalysisNames;

@DisplayName("methylstream runs and delete, and run --keep-topics=false, on a real broker")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LifecycleCommandTest {
    private static final Path EXAMPLE = Path.of("examples", "sites.tsv");
    private static final int EXAMPLE_SITES = 2000;

    @TempDir
    Path dir;

    private final String unique = UUID.randomUUID().toString().substring(0, 8);

    private CommandRun methylstream(KafkaCluster kafka, String command, String... rest) {
        return CommandRun.on(kafka, dir.resolve("state"), command, rest);
    }

    /** The line of {@code runs} for kind and id, as columns by header name. */
    private static Map<String, String> row(CommandRun runs, String kind, String id) {
        assertEquals(0, runs.exitCode(), runs.toString());
        List<String> header = Arrays.asList(runs.outLines().get(0).split("\t"));
        assertEquals(List.of("kind", "id", "created", "sites", "size", "bytes", "in_use", "topics"), header);
        List<Map<String, String>> rows = runs.outLines().stream().skip(1).map(line -> line.split("\t", -1))
                .filter(columns -> columns[0].equals(kind) && columns[1].equals(id))
                .map(columns -> {
                    Map<String, String> row = new java.util.HashMap<>();
                    for (int i = 0; i < header.size(); i++) {
                        row.put(header.get(i), columns[i]);
                    }
                    return row;
                }).toList();
        assertTrue(rows.size() <= 1, runs.out());
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static Set<String> groups(KafkaCluster kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            return admin.listGroups().all().get().stream().map(GroupListing::groupId).collect(Collectors.toSet());
        }
    }

    /** Every topic of the run on the cluster, Kafka Streams' internal ones included. */
    private static Set<String> topicsOfRun(KafkaCluster kafka, String runId) {
        return kafka.topicNames().stream()
                .filter(t -> AnalysisNames.runIdOf(t).equals(java.util.Optional.of(runId))
                        || t.startsWith(AnalysisNames.ofRun(runId).applicationId() + "-"))
                .collect(Collectors.toSet());
    }

    @Test
    @DisplayName("runs lists a run with its topics, size, sites and creation; delete refuses while it is read, then removes all of it")
    void listAndDeleteRun() throws Exception {
        KafkaCluster kafka = KafkaCluster.shared();
        String runId = "life-" + unique;
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // with FDR: its stores are in RocksDB, so the run has local state for delete to remove (a plain run has none)
        CommandRun run = methylstream(kafka, "run", "--run-id", runId, "--partitions", "3", "--fdr", "0.05", "--out",
                dir.resolve("significant.tsv").toString(), EXAMPLE.toString());
        assertEquals(0, run.exitCode(), run.toString());
        AnalysisNames names = AnalysisNames.ofRun(runId);
        assertTrue(Files.isDirectory(dir.resolve("state/streams").resolve(names.applicationId())));

        Map<String, String> listed = row(methylstream(kafka, "runs"), "run", runId);
        assertEquals(Set.copyOf(Arrays.asList(listed.get("topics").split(","))), topicsOfRun(kafka, runId));
        assertTrue(listed.get("topics").contains(names.inputTopic() + ",") && listed.get("topics")
                .contains(names.applicationId() + "-site-statistics-changelog"), listed.toString());
        assertEquals(String.valueOf((EXAMPLE_SITES + 63) / 64 + 3), listed.get("sites"),
                "the records of the sites topic: the sites 64 to a record, and 3 end markers");
        long bytes = Long.parseLong(listed.get("bytes"));
        assertTrue(bytes > 20L * EXAMPLE_SITES, "the sites and the significant ones take space: " + listed);
        assertEquals(RunsCommand.size(bytes), listed.get("size"));
        Instant created = Instant.parse(listed.get("created"));
        assertFalse(created.isBefore(before) || created.isAfter(Instant.now()), listed.toString());
        assertEquals("-", listed.get("in_use"));

        // an analysis replaying the run's sites reads them: deleting the run would pull them from under it
        String readerId = "reader-" + unique;
        CommandRun replay = methylstream(kafka, "replay", "--analysis", readerId, "--input-topic", names.inputTopic());
        assertEquals(0, replay.exitCode(), replay.toString());
        CommandRun refused = methylstream(kafka, "delete", runId);
        assertEquals(1, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("analysis " + readerId + " reads " + names.inputTopic()
                + ": delete it first, or give --force"), refused.err());
        CommandRun reader = methylstream(kafka, "delete", "analysis:" + readerId);
        assertEquals(0, reader.exitCode(), reader.toString());

        // a member in the run's group: something is processing the run
        Properties config = kafka.clientProperties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, names.applicationId());
        try (KafkaConsumer<byte[], byte[]> member =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            member.subscribe(List.of(names.inputTopic()));
            Await.until("the member has partitions", Duration.ofSeconds(30), () -> {
                member.poll(Duration.ofMillis(100));
                return !member.assignment().isEmpty();
            });
            assertEquals(names.applicationId(), row(methylstream(kafka, "runs"), "run", runId).get("in_use"));
            CommandRun inUse = methylstream(kafka, "delete", runId);
            assertEquals(1, inUse.exitCode(), inUse.toString());
            assertTrue(inUse.err().contains("methylstream delete: run " + runId + " is in use: consumer group "
                    + names.applicationId() + " has members; stop them first"), inUse.err());
            assertEquals(topicsOfRun(kafka, runId), Set.copyOf(Arrays.asList(listed.get("topics").split(","))),
                    "nothing deleted");
        }

        CommandRun deleted = methylstream(kafka, "delete", runId);
        assertEquals(0, deleted.exitCode(), deleted.toString());
        assertTrue(deleted.err().contains("delete: run " + runId + ": deleted " + listed.get("topics").split(",").length
                + " topics"), deleted.err());
        assertEquals(Set.of(), topicsOfRun(kafka, runId));
        Set<String> groups = groups(kafka);
        for (String group : List.of(names.applicationId(), "connect-" + names.sinkConnector(), names.fdrStageGroup())) {
            assertFalse(groups.contains(group), group);
        }
        assertFalse(Files.exists(dir.resolve("state/streams").resolve(names.applicationId())));
        assertEquals(null, row(methylstream(kafka, "runs"), "run", runId));
        CommandRun again = methylstream(kafka, "delete", runId);
        assertEquals(1, again.exitCode(), again.toString());
        assertTrue(again.err().contains("no run or analysis " + runId), again.err());
    }

    @Test
    @DisplayName("run --keep-topics=false writes what score writes and leaves no topic, group or state behind, failed or not")
    void runWithoutKeepingTopics() throws Exception {
        KafkaCluster kafka = KafkaCluster.shared();
        String runId = "gone-" + unique;
        Path out = dir.resolve("significant.tsv");
        CommandRun run = methylstream(kafka, "run", "--run-id", runId, "--keep-topics=false", "--out",
                out.toString(), EXAMPLE.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(CommandRun.run("score", "--quiet", EXAMPLE.toString()).outLines().stream().sorted().toList(),
                Files.readAllLines(out).stream().sorted().toList());
        assertTrue(run.err().contains("(--keep-topics=false)"), run.err());
        assertFalse(run.err().contains("kept for replay"), run.err());
        assertEquals(Set.of(), topicsOfRun(kafka, runId));
        assertFalse(groups(kafka).contains(AnalysisNames.ofRun(runId).applicationId()));
        assertFalse(Files.exists(dir.resolve("state/streams").resolve(AnalysisNames.ofRun(runId).applicationId())));

        // a failed run too: its bad line is reported, and nothing of it stays
        String failedId = "failed-" + unique;
        Path bad = Files.writeString(dir.resolve("bad.tsv"), "chr1\t10\t5\t5\nchr1\t20\tfive\t5\n");
        CommandRun failed = methylstream(kafka, "run", "--run-id", failedId, "--keep-topics=false", "--out",
                dir.resolve("never.tsv").toString(), bad.toString());
        assertEquals(1, failed.exitCode(), failed.toString());
        assertTrue(failed.err().contains(bad + ":2: column 3 (methylated) is not an integer"), failed.err());
        assertTrue(failed.err().contains("(--keep-topics=false)"), failed.err());
        assertEquals(Set.of(), topicsOfRun(kafka, failedId));
    }

    @Test
    @DisplayName("the default analysis and a replayed one: listed; the default is deleted only with --force")
    void analyses(@TempDir Path brokerDir) throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start(brokerDir, 0, Map.of())) {
            KafkaCluster kafka = KafkaCluster.at(broker.bootstrapServers()); // its own: the default topics are deleted
            assertEquals(0, methylstream(kafka, "publish", EXAMPLE.toString()).exitCode());
            CommandRun replay = methylstream(kafka, "replay", "--analysis", "strict", "--alpha", "1e-8");
            assertEquals(0, replay.exitCode(), replay.toString());

            CommandRun runs = methylstream(kafka, "runs");
            Map<String, String> byDefault = row(runs, "analysis", "default");
            assertEquals(AnalysisNames.SITES, byDefault.get("topics"));
            assertEquals(String.valueOf(EXAMPLE_SITES + AnalysisNames.DEFAULT_PARTITIONS), byDefault.get("sites"));
            Map<String, String> strict = row(runs, "analysis", "strict");
            AnalysisNames names = AnalysisNames.of("strict", AnalysisNames.SITES);
            assertTrue(Arrays.asList(strict.get("topics").split(",")).containsAll(List.of(names.outputTopic(),
                    names.samplesTopic(), names.deadLetterTopic())), strict.toString());
            assertEquals(byDefault.get("sites"), strict.get("sites"), "the records of its input");

            CommandRun refused = methylstream(kafka, "delete", "default");
            assertEquals(1, refused.exitCode(), refused.toString());
            assertTrue(refused.err().contains("give --force to delete it"), refused.err());
            assertTrue(kafka.topicNames().contains(AnalysisNames.SITES));

            CommandRun deleted = methylstream(kafka, "delete", "strict");
            assertEquals(0, deleted.exitCode(), deleted.toString());
            assertTrue(deleted.err().contains("; its registry entry"), deleted.err());
            assertTrue(kafka.topicNames().stream().noneMatch(t -> names.outputTopics().contains(t)
                    || t.startsWith(names.applicationId() + "-")), kafka.topicNames().toString());
            assertFalse(groups(kafka).contains(names.applicationId()));
            CommandRun analyses = methylstream(kafka, "analyses");
            assertEquals(1, analyses.outLines().size(), "the header alone: " + analyses);

            CommandRun forced = methylstream(kafka, "delete", "--force", "default");
            assertEquals(0, forced.exitCode(), forced.toString());
            assertFalse(kafka.topicNames().contains(AnalysisNames.SITES));
            assertEquals(1, methylstream(kafka, "runs").outLines().size(), "nothing left but the header");
        }
    }
}
