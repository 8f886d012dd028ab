package org.methylstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The count store")
class CountStoreTest {
    @TempDir
    Path stateDir;

    private static final String STORE = "counts";

    /**
     * Runs each input value's operations in one go: "add KEY N", "remove KEY" (outputs what it returns), "write",
     * and "peek KEY", which outputs what a query would read now.
     */
    private static final class Operations implements Processor<String, String, String, String> {
        private ProcessorContext<String, String> context;
        private CountStore<String, Long> counts;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            counts = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, String> record) {
            for (String operation : record.value().split(";")) {
                String[] words = operation.trim().split(" ");
                switch (words[0]) {
                    case "add" -> counts.update(words[1], n -> n + Long.parseLong(words[2]));
                    case "remove" -> context.forward(record.withKey(words[1])
                            .withValue(String.valueOf(counts.remove(words[1]))));
                    case "write" -> counts.writeOut();
                    case "peek" -> {
                        byte[] stored = counts.get(Bytes.wrap(words[1].getBytes(StandardCharsets.UTF_8)));
                        Long value = stored == null ? null : Serdes.Long().deserializer().deserialize(null, stored);
                        context.forward(record.withKey(words[1]).withValue(String.valueOf(value)));
                    }
                    default -> throw new IllegalArgumentException(operation);
                }
            }
        }
    }

    private TopologyTestDriver driver() {
        Topology topology = new Topology()
                .addSource("in", new StringDeserializer(), new StringDeserializer(), "operations")
                .addProcessor("operations", Operations::new, "in")
                .addStateStore(CountStore.builder(Stores.inMemoryKeyValueStore(STORE), new StringSerializer(),
                        Serdes.Long(), () -> 0L), "operations")
                .addSink("out", "answers", new StringSerializer(), new StringSerializer(), "operations");
        return new TopologyTestDriver(topology, ProductionConfig.of("count-store-test", false, stateDir));
    }

    /** What the store beneath holds: the counts as of the last commit or write-out. */
    @SuppressWarnings("unchecked")
    private static Map<String, Long> stored(TopologyTestDriver driver) {
        Map<String, Long> stored = new TreeMap<>();
        ((ReadOnlyKeyValueStore<Bytes, byte[]>) driver.getAllStateStores().get(STORE)).all().forEachRemaining(row ->
                stored.put(new String(row.key.get(), StandardCharsets.UTF_8),
                        Serdes.Long().deserializer().deserialize(null, row.value)));
        return stored;
    }

    @Test
    @DisplayName("adds up updates in memory and holds, at each commit, the result of all of them")
    void commitsTheLatestCounts() {
        try (TopologyTestDriver driver = driver()) {
            TestInputTopic<String, String> in = driver.createInputTopic("operations", new StringSerializer(),
                    new StringSerializer());
            in.pipeInput("", "add a 1; add a 2; add b 5"); // the test driver commits after each record
            assertEquals(Map.of("a", 3L, "b", 5L), stored(driver));
            in.pipeInput("", "add a 4");
            assertEquals(Map.of("a", 7L, "b", 5L), stored(driver), "counts continue from the store beneath");
        }
    }

    @Test
    @DisplayName("removes counts, returning them, and counts a removed key anew, all between two commits")
    void removesAndCountsAnew() {
        try (TopologyTestDriver driver = driver()) {
            TestInputTopic<String, String> in = driver.createInputTopic("operations", new StringSerializer(),
                    new StringSerializer());
            TestOutputTopic<String, String> answers = driver.createOutputTopic("answers", new StringDeserializer(),
                    new StringDeserializer());
            in.pipeInput("", "add a 3; add b 1");
            in.pipeInput("", "add a 1; remove a; remove a; add a 2; remove b; remove c");
            assertEquals(List.of("4", "0", "1", "0"), answers.readValuesToList(),
                    "the counts removed: stored plus pending, then none (0), as for a key never counted");
            assertEquals(Map.of("a", 2L), stored(driver), "a counted anew, b deleted from the store beneath");
        }
    }

    @Test
    @DisplayName("shows queries the counts of the last commit, or of a write-out on demand")
    void writesOutOnDemand() {
        try (TopologyTestDriver driver = driver()) {
            TestInputTopic<String, String> in = driver.createInputTopic("operations", new StringSerializer(),
                    new StringSerializer());
            TestOutputTopic<String, String> answers = driver.createOutputTopic("answers", new StringDeserializer(),
                    new StringDeserializer());
            in.pipeInput("", "add a 1; peek a; write; peek a; add a 1; peek a; remove a; peek a; write; peek a");
            assertEquals(List.of("null", "1", "1", "2", "1", "null"), answers.readValuesToList(),
                    "pending, written; pending 2, removed (returns 2), deletion pending, written");
            in.pipeInput("", "add a 5; peek a");
            assertEquals(List.of("null"), answers.readValuesToList(),
                    "removed at the last write-out, counted anew only in memory");
            assertEquals(Map.of("a", 5L), stored(driver), "until the commit");
        }
    }
}
