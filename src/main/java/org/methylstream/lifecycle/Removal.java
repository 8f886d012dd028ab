package org.methylstream.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.methylstream.admin.ApplicationReset;
import org.methylstream.admin.TopicAdmin;
import org.methylstream.analysis.AnalysisRegistry;
import org.methylstream.application.StatisticsEndpoint;
import org.methylstream.naming.AnalysisNames;

/**
 * Deletes all of one run or analysis: its topics (Kafka Streams' internal ones included), consumer groups, local
 * state below the state directory and registry entry. Nothing is deleted while it is in use, nor the default analysis
 * or a topic other analyses read unless forced.
 */
public final class Removal {
    /**
     * What went.
     *
     * @param localState the files and directories deleted below the state directory
     */
    public record Result(Footprint footprint, List<String> topics, Set<String> groups, List<Path> localState) {
    }

    private Removal() {
    }

    /**
     * @param stateDir the state directory whose local state of it goes too
     * @param force    delete the default analysis, or topics other analyses read, too
     * @throws IllegalStateException when it is in use, or needs {@code force} and has not got it; nothing is deleted
     */
    public static Result delete(Admin admin, Properties client, Inventory inventory, Footprint footprint,
                                Path stateDir, boolean force) {
        if (!footprint.activeGroups().isEmpty()) {
            throw new IllegalStateException(footprint.describe() + " is in use: consumer group"
                    + (footprint.activeGroups().size() > 1 ? "s " : " ") + String.join(", ", footprint.activeGroups())
                    + (footprint.activeGroups().size() > 1 ? " have" : " has") + " members; stop them first");
        }
        if (footprint.isDefaultAnalysis() && !force) {
            throw new IllegalStateException("analysis " + AnalysisNames.DEFAULT_ANALYSIS + " is the one publish and"
                    + " process use, and it holds the published sites (" + AnalysisNames.SITES + "); give --force to"
                    + " delete it");
        }
        Map<String, String> readers = inventory.readersOf(footprint);
        if (!readers.isEmpty() && !force) {
            throw new IllegalStateException(readers.entrySet().stream().map(r -> "analysis " + r.getKey() + " reads "
                    + r.getValue()).collect(Collectors.joining(", ")) + ": delete " + (readers.size() > 1 ? "them"
                    : "it") + " first, or give --force to delete " + footprint.describe() + " anyway");
        }
        Set<String> groups = ApplicationReset.deleteGroups(admin, footprint.groups());
        TopicAdmin.deleteIfPresent(admin, footprint.topics());
        List<Path> local = deleteLocalState(footprint, stateDir);
        if (footprint.registered()) {
            AnalysisRegistry.remove(client, footprint.id());
        }
        return new Result(footprint, footprint.topics(), groups, local);
    }

    /**
     * Kafka Streams' state ({@code STATE-DIR/streams/APPLICATION-ID}), the statistics address a {@code process}
     * left, and a run's Connect offsets files.
     */
    private static List<Path> deleteLocalState(Footprint footprint, Path stateDir) {
        AnalysisNames names = footprint.names();
        List<Path> candidates = new ArrayList<>(List.of(stateDir.resolve("streams").resolve(names.applicationId()),
                StatisticsEndpoint.addressFile(stateDir, names.applicationId())));
        if (footprint.kind() == Footprint.Kind.RUN) {
            candidates.add(stateDir.resolve("connect").resolve(names.sinkOffsetsFile()));
            candidates.add(stateDir.resolve("connect").resolve(names.fdrSinkOffsetsFile()));
        }
        List<Path> deleted = new ArrayList<>();
        for (Path path : candidates) {
            if (Files.exists(path)) {
                deleteTree(path);
                deleted.add(path);
            }
        }
        return deleted;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
