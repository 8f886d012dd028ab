package org.methylstream.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least each command needs on a cluster with ACLs, for its default names (topics {@code methylation.*} and
 * {@code methylstream*}: the analyses registry, Kafka Streams' internal topics; groups and transactional ids
 * {@code methylstream-*}, the sink's group {@code connect-*}). The one table behind both what the secured-cluster
 * tests grant and the {@code kafka-acls.sh} lines in README, which {@code ReadmeAclTest} holds equal to it.
 */
final class CommandAcls {
    /** One prefixed resource and the operations on it. */
    record Grant(ResourceType type, String prefix, List<AclOperation> operations) {
    }

    private static final List<AclOperation> CREATE_DESCRIBE_WRITE = List.of(AclOperation.CREATE,
            AclOperation.DESCRIBE, AclOperation.WRITE);
    // Kafka Streams checks the configs of its internal topics (DescribeConfigs), not of the others
    private static final List<AclOperation> STREAMS_TOPICS = List.of(AclOperation.CREATE, AclOperation.DESCRIBE,
            AclOperation.DESCRIBE_CONFIGS, AclOperation.READ, AclOperation.WRITE);
    private static final List<AclOperation> READ = List.of(AclOperation.DESCRIBE, AclOperation.READ);

    /** By command, in README's order; a command of several grants needs them all. */
    static final Map<String, List<Grant>> BY_COMMAND = table();

    private CommandAcls() {
    }

    private static Map<String, List<Grant>> table() {
        Map<String, List<Grant>> table = new LinkedHashMap<>();
        table.put("publish", List.of(new Grant(ResourceType.TOPIC, "methylation.", CREATE_DESCRIBE_WRITE)));
        List<Grant> process = List.of(
                new Grant(ResourceType.TOPIC, "methylation.", List.of(AclOperation.CREATE, AclOperation.DESCRIBE,
                        AclOperation.READ, AclOperation.WRITE)),
                new Grant(ResourceType.TOPIC, "methylstream", STREAMS_TOPICS),
                new Grant(ResourceType.GROUP, "methylstream-", List.of(AclOperation.READ)));
        table.put("process", process);
        List<Grant> exactlyOnce = new ArrayList<>(process);
        exactlyOnce.add(new Grant(ResourceType.TRANSACTIONAL_ID, "methylstream-", List.of(AclOperation.WRITE)));
        table.put("process --exactly-once", exactlyOnce);
        table.put("sink", List.of(
                new Grant(ResourceType.TOPIC, "methylation.", List.of(AclOperation.CREATE, AclOperation.DESCRIBE,
                        AclOperation.READ, AclOperation.WRITE)),
                new Grant(ResourceType.GROUP, "connect-", List.of(AclOperation.READ))));
        table.put("watch", List.of(new Grant(ResourceType.TOPIC, "methylation.", READ)));
        List<AclOperation> replayTopics = List.of(AclOperation.CREATE, AclOperation.DELETE, AclOperation.DESCRIBE,
                AclOperation.DESCRIBE_CONFIGS, AclOperation.READ, AclOperation.WRITE);
        table.put("replay", List.of(
                new Grant(ResourceType.TOPIC, "methylation.", List.of(AclOperation.CREATE, AclOperation.DELETE,
                        AclOperation.DESCRIBE, AclOperation.READ, AclOperation.WRITE)),
                new Grant(ResourceType.TOPIC, "methylstream", replayTopics),
                new Grant(ResourceType.GROUP, "methylstream-", List.of(AclOperation.DELETE, AclOperation.READ))));
        table.put("stats", process);
        return table;
    }

    /** The bindings that let {@code principal} (e.g. {@code User:alice}) run {@code command}. */
    static List<AclBinding> bindings(String command, String principal) {
        List<Grant> grants = BY_COMMAND.get(command);
        if (grants == null) {
            throw new IllegalArgumentException("no ACLs listed for " + command);
        }
        List<AclBinding> bindings = new ArrayList<>();
        for (Grant grant : grants) {
            for (AclOperation operation : grant.operations()) {
                bindings.add(new AclBinding(new ResourcePattern(grant.type(), grant.prefix(), PatternType.PREFIXED),
                        new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
            }
        }
        return bindings;
    }

    /** Every command's bindings for one principal: what a user running all of them needs. */
    static List<AclBinding> allCommands(String principal) {
        return BY_COMMAND.keySet().stream().flatMap(command -> bindings(command, principal).stream()).distinct()
                .toList();
    }

    /** README's lines: per command a comment, then one {@code kafka-acls.sh} line per resource. */
    static List<String> readmeLines(String principal) {
        List<String> lines = new ArrayList<>();
        BY_COMMAND.forEach((command, grants) -> {
            lines.add("# " + command);
            for (Grant grant : grants) {
                lines.add("kafka-acls.sh --bootstrap-server $BROKER --command-config admin.properties --add"
                        + " --allow-principal " + principal + " --resource-pattern-type prefixed --"
                        + option(grant.type()) + " " + grant.prefix() + " " + grant.operations().stream()
                        .map(operation -> "--operation " + aclsName(operation)).collect(Collectors.joining(" ")));
            }
        });
        return lines;
    }

    private static String option(ResourceType type) {
        return switch (type) {
            case TOPIC -> "topic";
            case GROUP -> "group";
            case TRANSACTIONAL_ID -> "transactional-id";
            default -> throw new IllegalArgumentException("no kafka-acls.sh option for " + type);
        };
    }

    /** kafka-acls.sh's spelling: DESCRIBE_CONFIGS is DescribeConfigs. */
    private static String aclsName(AclOperation operation) {
        StringBuilder name = new StringBuilder();
        for (String word : operation.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }
}
