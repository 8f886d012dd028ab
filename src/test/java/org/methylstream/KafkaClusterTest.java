package org.methylstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.methylstream.KafkaCluster.record;
import static org.methylstream.KafkaCluster.values;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
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
}
