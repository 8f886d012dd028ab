package org.methylstream.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.methylstream.naming.AnalysisNames;

/**
 * What one run or analysis holds on the cluster.
 *
 * @param topics      the topics it owns that exist, Kafka Streams' internal ones included: what deleting it removes.
 *                    A run owns its sites topic; the default analysis owns {@value AnalysisNames#SITES}, the archive
 *                    {@code publish} writes; an analysis made by {@code replay} owns only what it writes.
 * @param bytes       the size of those topics on the brokers: every replica of every partition
 * @param sites       records in the input topic (sites and each sample's end markers); -1 when it does not exist
 * @param created     a run's or the default analysis's first published record, a replayed analysis's registration;
 *                    empty when nothing was published yet
 * @param groups      its own consumer groups that exist: the application's, the FDR stage's, its file sinks'
 * @param activeGroups groups with members that are its own or consume one of its topics: it is in use while any is
 * @param registered  it has an entry in {@value AnalysisNames#ANALYSES_REGISTRY}
 */
public record Footprint(Kind kind, AnalysisNames names, List<String> topics, long bytes, long sites,
                        Optional<Instant> created, Set<String> groups, Set<String> activeGroups, boolean registered) {
    /** Runs are made by {@code run}, analyses by {@code process} (the default one) and {@code replay}. */
    public enum Kind {
        RUN, ANALYSIS;

        /** As {@code runs} prints it and {@code delete} takes it before an id ({@code run:ID}). */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public String id() {
        return names.analysisId();
    }

    /** {@code run ID} or {@code analysis ID}, for messages. */
    public String describe() {
        return kind.id() + " " + id();
    }

    public boolean isDefaultAnalysis() {
        return kind == Kind.ANALYSIS && id().equals(AnalysisNames.DEFAULT_ANALYSIS);
    }
}
