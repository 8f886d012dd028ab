package org.methylstream.cli;

import org.methylstream.admin.TopicAdmin;
import picocli.CommandLine.Option;

/** How many copies the cluster keeps of the topics a command creates (Kafka Streams' and Connect's included). */
final class ReplicationOption {
    @Option(names = "--replication-factor", paramLabel = "N",
            description = "Replicas of each partition of the topics this command creates, Kafka Streams' and "
                    + "Connect's internal ones included (default: the cluster's default.replication.factor).")
    short replicationFactor = TopicAdmin.CLUSTER_DEFAULT;

    short factor() {
        if (replicationFactor < 1 && replicationFactor != TopicAdmin.CLUSTER_DEFAULT) {
            throw new CommandFailure("--replication-factor must be 1 or more, not " + replicationFactor);
        }
        return replicationFactor;
    }
}
