package org.methylstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.methylstream.KafkaCluster.record;
import static org.methylstream.KafkaCluster.values;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

/** The fixture every integration test relies on. */
class KafkaClusterTest {
    private final KafkaCluster kafka = KafkaCluster.shared();

    @Test
    void testcontainersRunsTheKafkaVersionTheBuildUses() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher version = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(pom);
        assertTrue(version.find(), "pom.xml names kafka.version");
        assertEquals("apache/kafka:" + version.group(1), KafkaCluster.IMAGE);
    }

    @Test
    void theSharedClusterIsARealBroker() throws Exception {
        try (Admin admin = kafka.admin()) {
            assertFalse(admin.describeCluster().nodes().get().isEmpty(), kafka + " has brokers");
        }
    }

    @Test
    void topicsGetUniqueNamesSoTestsNeverSeeEachOthersRecords() {
        String mine = kafka.createTopic("sites", 3);
        String theirs = kafka.createTopic("sites", 3);
        assertNotEquals(mine, theirs);
        assertEquals(3, kafka.partitionCount(mine));

        kafka.produce(List.of(record(mine, "chr1:10", "mine")));
        kafka.produce(List.of(record(theirs, "chr1:10", "theirs")));

        assertEquals(List.of("mine"), values(kafka.consume(mine, 1)));
        assertEquals(List.of("theirs"), values(kafka.consume(theirs, 1)));
    }

    @Test
    void theThreeBrokerClusterReplicatesEveryTopicThreeTimesWithMinInSyncTwo() throws Exception {
        KafkaCluster cluster = KafkaCluster.threeBrokers();
        assertTrue(cluster.brokerCount() >= 3, cluster + " has three brokers");
        String topic = "replicated-" + java.util.UUID.randomUUID();
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) -1))).all().get(); // the cluster's default
            // the broker asked may learn of the new topic a moment after the controller made it
            Map<String, TopicDescription> described = new HashMap<>();
            Await.until(topic + " is known to the broker asked", Duration.ofSeconds(30), () -> {
                try {
                    described.putAll(admin.describeTopics(List.of(topic)).allTopicNames().get());
                    return true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        return false;
                    }
                    throw e;
                }
            });
            TopicDescription description = described.get(topic);
            description.partitions().forEach(p -> assertEquals(3, p.replicas().size(), p.toString()));
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER,
                    Integer.toString(description.partitions().get(0).leader().id()));
            assertEquals("2", admin.describeConfigs(List.of(broker)).all().get().get(broker)
                    .get("min.insync.replicas").value());
        }
    }
}
