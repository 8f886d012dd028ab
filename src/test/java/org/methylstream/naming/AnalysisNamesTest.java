package org.methylstream.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("AnalysisNames: the runs' topic names parse back to their run ids")
class AnalysisNamesTest {
    @Test
    @DisplayName("every topic of a run, with or without dots and dashes in its id, names that run")
    void runIdOfEveryRunTopic() {
        for (String id : List.of("20261201-101500", "a", "a.b", "a.sites", "x.significant.fdr", "run-1_2.3")) {
            for (String topic : AnalysisNames.ofRun(id).topics()) {
                assertEquals(Optional.of(id), AnalysisNames.runIdOf(topic), topic);
            }
        }
    }

    @Test
    @DisplayName("topics of analyses, of Kafka and of nobody are no run's")
    void otherTopics() {
        List<String> others = new java.util.ArrayList<>(AnalysisNames.ofDefault().topics());
        others.addAll(AnalysisNames.of("a", AnalysisNames.SITES).outputTopics());
        others.addAll(List.of("methylstream.analyses", "__consumer_offsets", "methylstream.run.", "methylstream.run.a",
                "methylstream.run.a.unknown", "methylstream.run..sites", "methylstream.run.a b.sites",
                "methylstream-run-a-site-statistics-changelog", "methylstream.run.a.sites.x"));
        for (String topic : others) {
            assertEquals(Optional.empty(), AnalysisNames.runIdOf(topic), topic);
        }
    }

    @Test
    @DisplayName("a run's topics are its sites topic, the outputs and the dead letters of its file sinks")
    void runTopics() {
        assertEquals(List.of("methylstream.run.r.sites", "methylstream.run.r.significant",
                "methylstream.run.r.sites.dead-letters", "methylstream.run.r.significant.samples",
                "methylstream.run.r.significant.fdr-histograms", "methylstream.run.r.significant.fdr-requests",
                "methylstream.run.r.significant.fdr", "methylstream.run.r.significant.online-fdr",
                "methylstream.run.r.significant.dead-letters", "methylstream.run.r.significant.fdr.dead-letters",
                "methylstream.run.r.significant.online-fdr.dead-letters"), AnalysisNames.ofRun("r").topics());
        assertEquals("methylstream-run-r", AnalysisNames.ofRun("r").applicationId());
    }
}
