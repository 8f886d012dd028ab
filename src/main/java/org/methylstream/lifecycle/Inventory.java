package org.methylstream.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.methylstream.admin.ApplicationReset;
import org.methylstream.admin.GroupProgress;
import org.methylstream.admin.TopicAdmin;
import org.methylstream.analysis.Analyses;
import org.methylstream.analysis.AnalysisRegistry;
import org.methylstream.application.ScoringApplication;
import org.methylstream.avro.Analysis;
import org.methylstream.connect.FileSinkSettings;
import org.methylstream.naming.AnalysisNames;

/**
 * The runs and analyses a cluster holds, found from what is there: runs from their topics' names
 * ({@link AnalysisNames#runIdOf}), analyses from the registry ({@link AnalysisRegistry}), and the default analysis
 * when any of its topics exists. Nothing is written: a cluster without a registry stays without one.
 */
public final class Inventory {
    private final List<Footprint> footprints;
    private final Map<String, Analysis> registered;

    private Inventory(List<Footprint> footprints, Map<String, Analysis> registered) {
        this.footprints = footprints;
        this.registered = registered;
    }

    /** Takes stock of the cluster: runs in id order, then the default analysis, then the registered ones. */
    public static Inventory of(Admin admin, Properties client) {
        Set<String> topics = listTopics(admin);
        Map<String, Analysis> registered = topics.contains(AnalysisNames.ANALYSES_REGISTRY)
                ? AnalysisRegistry.read(client) : Map.of();
        Map<String, Long> bytes = bytesPerTopic(admin);
        Map<String, Set<String>> active = ApplicationReset.activeGroups(admin);
        List<Footprint> footprints = new ArrayList<>();
        Set<String> runIds = new TreeSet<>();
        topics.forEach(topic -> AnalysisNames.runIdOf(topic).ifPresent(runIds::add));
        for (String runId : runIds) {
            AnalysisNames names = AnalysisNames.ofRun(runId);
            footprints.add(footprint(admin, Footprint.Kind.RUN, names, names.topics(), topics, bytes, active,
                    firstRecord(admin, names.inputTopic(), topics), false));
        }
        AnalysisNames defaults = AnalysisNames.ofDefault();
        Footprint byDefault = footprint(admin, Footprint.Kind.ANALYSIS, defaults, defaults.topics(), topics, bytes,
                active, firstRecord(admin, defaults.inputTopic(), topics), false);
        if (!byDefault.topics().isEmpty()) {
            footprints.add(byDefault);
        }
        for (Analysis analysis : registered.values()) {
            AnalysisNames names = Analyses.names(analysis);
            footprints.add(footprint(admin, Footprint.Kind.ANALYSIS, names, names.outputTopics(), topics, bytes,
                    active, Optional.of(analysis.getCreatedAt()), true));
        }
        return new Inventory(List.copyOf(footprints), registered);
    }

    public List<Footprint> footprints() {
        return footprints;
    }

    /**
     * The run or analysis {@code id}, or {@code run:ID} / {@code analysis:ID} when a run and an analysis share an id.
     *
     * @throws IllegalArgumentException when there is none, or the id is ambiguous
     */
    public Footprint find(String id) {
        int colon = id.indexOf(':');
        String kind = colon < 0 ? null : id.substring(0, colon);
        String bare = colon < 0 ? id : id.substring(colon + 1);
        List<Footprint> found = footprints.stream()
                .filter(f -> f.id().equals(bare) && (kind == null || f.kind().id().equals(kind))).toList();
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no run or analysis " + id + " here ('methylstream runs' lists them)");
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException(bare + " is both a run and an analysis: say which, as run:" + bare
                    + " or analysis:" + bare);
        }
        return found.get(0);
    }

    /** The registered analyses, other than {@code footprint}, that read one of its topics: id and topic, by id. */
    public Map<String, String> readersOf(Footprint footprint) {
        Map<String, String> readers = new TreeMap<>();
        registered.values().stream()
                .filter(a -> footprint.topics().contains(a.getInputTopic()))
                .filter(a -> !(footprint.kind() == Footprint.Kind.ANALYSIS && a.getAnalysisId().equals(footprint.id())))
                .forEach(a -> readers.put(a.getAnalysisId(), a.getInputTopic()));
        return readers;
    }

    private static Footprint footprint(Admin admin, Footprint.Kind kind, AnalysisNames names, List<String> own,
                                       Set<String> existing, Map<String, Long> bytes,
                                       Map<String, Set<String>> active, Optional<Instant> created,
                                       boolean registered) {
        Set<String> owned = new LinkedHashSet<>(own);
        owned.addAll(ScoringApplication.internalTopics(names));
        List<String> topics = owned.stream().filter(existing::contains).toList();
        Set<String> groups = ownGroups(names);
        Set<String> activeGroups = active.entrySet().stream()
                .filter(group -> groups.contains(group.getKey()) || group.getValue().stream().anyMatch(topics::contains))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        long sites = existing.contains(names.inputTopic()) ? GroupProgress.recordCount(admin, names.inputTopic()) : -1;
        return new Footprint(kind, names, topics, topics.stream().mapToLong(t -> bytes.getOrDefault(t, 0L)).sum(),
                sites, created, ApplicationReset.existingGroups(admin, groups), activeGroups, registered);
    }

    /** The Streams application's group, the FDR stage's, and the Connect groups of the sinks {@code run} starts. */
    private static Set<String> ownGroups(AnalysisNames names) {
        return new TreeSet<>(List.of(names.applicationId(), names.fdrStageGroup(),
                FileSinkSettings.consumerGroupOf(names.sinkConnector()),
                FileSinkSettings.consumerGroupOf(names.fdrSinkConnector())));
    }

    private static Set<String> listTopics(Admin admin) {
        try {
            return admin.listTopics().names().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Bytes on disk per topic, every replica on every broker counted. */
    private static Map<String, Long> bytesPerTopic(Admin admin) {
        try {
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
            Map<String, Long> bytes = new HashMap<>();
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
                for (LogDirDescription dir : dirs.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                        bytes.merge(replica.getKey().topic(), replica.getValue().size(), Long::sum);
                    }
                }
            }
            return bytes;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the brokers' log directories: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The timestamp of the topic's first record (the earliest of its partitions' first records: the broker looks it
     * up by time, nothing is read); empty for an empty or missing topic.
     */
    private static Optional<Instant> firstRecord(Admin admin, String topic, Set<String> existing) {
        if (!existing.contains(topic)) {
            return Optional.empty();
        }
        try {
            Map<TopicPartition, OffsetSpec> fromTheStart = new HashMap<>();
            for (int p = 0; p < TopicAdmin.partitionsOf(admin, topic); p++) {
                fromTheStart.put(new TopicPartition(topic, p), OffsetSpec.forTimestamp(0));
            }
            return admin.listOffsets(fromTheStart).all().get().values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::timestamp).filter(t -> t >= 0).min().stream()
                    .mapToObj(Instant::ofEpochMilli).findFirst();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the first records of " + topic + ": "
                    + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
