package org.methylstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.methylstream.KafkaCluster.record;
import static org.methylstream.KafkaCluster.values;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixture every integration test relies on. */
class KafkaClusterTest {
    private final KafkaCluster kafka = KafkaCluster.shared();

    @Test
    void everyTestOfTheJvmSharesOneCluster() {
        assertSame(kafka, KafkaCluster.shared());
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
