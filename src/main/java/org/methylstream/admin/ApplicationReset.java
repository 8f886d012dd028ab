package org.methylstream.admin;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;

/**
 * What Kafka's streams reset tool deletes for an application, as steps: its consumer groups (their committed offsets)
 * and its topics. Groups that have members belong to something running, so they are reported and never deleted.
 */
public final class ApplicationReset {
    private ApplicationReset() {
    }

    /** Those of {@code groupIds} that exist. */
    public static Set<String> existingGroups(Admin admin, Collection<String> groupIds) {
        try {
            return admin.listGroups().all().get().stream().map(GroupListing::groupId).filter(groupIds::contains)
                    .collect(Collectors.toSet());
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list consumer groups: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Every group with members, with the topics assigned to them: what is being consumed right now. */
    public static Map<String, Set<String>> activeGroups(Admin admin) {
        try {
            List<String> all = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get().stream()
                    .map(GroupListing::groupId).toList();
            Map<String, ConsumerGroupDescription> described = all.isEmpty() ? Map.of()
                    : admin.describeConsumerGroups(all).all().get();
            return described.values().stream().filter(group -> !group.members().isEmpty())
                    .collect(Collectors.toMap(ConsumerGroupDescription::groupId, group -> group.members().stream()
                            .flatMap(member -> member.assignment().topicPartitions().stream())
                            .map(TopicPartition::topic).collect(Collectors.toSet())));
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe consumer groups: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Deletes those of {@code groupIds} that exist (deleting a group that never was makes the broker log errors);
     * returns them.
     *
     * @throws IllegalStateException naming the group when one has members
     */
    public static Set<String> deleteGroups(Admin admin, Collection<String> groupIds) {
        Set<String> existing = existingGroups(admin, groupIds);
        for (String group : existing) {
            try {
                admin.deleteConsumerGroups(List.of(group)).all().get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupNotEmptyException) {
                    throw new IllegalStateException("consumer group " + group + " has members: it is in use", e);
                }
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw new IllegalStateException("cannot delete consumer group " + group + ": "
                            + e.getCause().getMessage(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return existing;
    }
}
