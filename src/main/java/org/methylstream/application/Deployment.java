package org.methylstream.application;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.methylstream.admin.TopicAdmin;

/**
 * How one instance of an application stands among its cluster's brokers and its fellow instances: the replication
 * of the topics Kafka Streams creates for it (changelogs, repartition topics), the standby copies of its state kept
 * on other instances (which answer statistics queries while an owner restarts), and the address where it answers
 * them ({@code application.server}), or null for none.
 */
public record Deployment(short replicationFactor, int standbyReplicas, String endpoint) {
    /** One instance, topics at the cluster's default replication, no standbys, no endpoint. */
    public static final Deployment SINGLE = new Deployment(TopicAdmin.CLUSTER_DEFAULT, 0, null);

    public Deployment {
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException("standby replicas must be 0 or more, not " + standbyReplicas);
        }
    }

    public Deployment withEndpoint(String endpoint) {
        return new Deployment(replicationFactor, standbyReplicas, endpoint);
    }

    /** The Kafka Streams settings this stands for, added to {@link ScoringApplication#streamsConfig}'s. */
    Properties streamsConfig() {
        Properties config = new Properties();
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replicationFactor);
        config.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        if (endpoint != null) {
            config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, endpoint);
        }
        return config;
    }
}
