package org.methylstream.access;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * A command stopped because the cluster refused it: who was refused what, in one line naming the cause and the
 * resource (topic, group, transactional id, cluster), so the user knows which credential or ACL to fix. Kafka's own
 * exceptions carry the resource (a topic's name, a group's id) but rarely the operation; the code that made the
 * request knows it and says it through {@link #denied}.
 */
public final class AccessFailure extends RuntimeException {
    private AccessFailure(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** A refusal already put in words, e.g. by the {@link ClusterProbe}. */
    static AccessFailure of(String message, Throwable cause) {
        return new AccessFailure(message, cause);
    }

    /**
     * The refusal behind {@code e}, if it is one, met while doing {@code operation} (an ACL operation as
     * {@code kafka-acls.sh} spells it: Create, Read, Write, Describe) on {@code resourceType} {@code name}.
     */
    public static Optional<AccessFailure> denied(Throwable e, String operation, String resourceType, String name) {
        return refusal(e).map(refused -> {
            if (!(refused instanceof AuthorizationException denial)) {
                return new AccessFailure(describe(refused), refused);
            }
            String what;
            if (denial instanceof ClusterAuthorizationException && operation.equals("Write")) {
                // an idempotent producer's first request: Kafka asks for Write on some topic, or IdempotentWrite
                what = "Write on " + resourceType + " " + name + " (or IdempotentWrite on the cluster)";
            } else if (denial instanceof GroupAuthorizationException group && group.groupId() != null) {
                what = operation + " on group " + group.groupId();
            } else if (denial instanceof ClusterAuthorizationException) {
                what = operation + " on the cluster";
            } else if (denial instanceof TopicAuthorizationException topics
                    && !topics.unauthorizedTopics().isEmpty()) {
                what = operation + " on topic " + String.join(", ", topics.unauthorizedTopics());
            } else {
                what = operation + " on " + resourceType + " " + name;
            }
            return new AccessFailure("not authorized: " + what + " was refused by the cluster's ACLs ("
                    + denial.getMessage() + ")", denial);
        });
    }

    /** The first authentication or authorization failure among {@code e}'s causes, explained; empty if none. */
    public static Optional<String> explain(Throwable e) {
        if (e instanceof AccessFailure known) {
            return Optional.of(known.getMessage());
        }
        return refusal(e).map(AccessFailure::describe);
    }

    private static Optional<Throwable> refusal(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof AccessFailure || cause instanceof AuthenticationException
                    || cause instanceof AuthorizationException) {
                return Optional.of(cause);
            }
        }
        return Optional.empty();
    }

    private static String describe(Throwable refusal) {
        if (refusal instanceof AccessFailure known) {
            return known.getMessage();
        }
        if (refusal instanceof SslAuthenticationException tls) {
            return "TLS handshake failed: " + certificateProblem(tls);
        }
        if (refusal instanceof AuthenticationException) {
            String message = String.valueOf(refusal.getMessage()).replaceFirst("^Authentication failed: ", "");
            return "Authentication failed: " + message
                    + " (check the credentials in --kafka-config: sasl.mechanism and sasl.jaas.config)";
        }
        if (refusal instanceof TopicAuthorizationException topics) {
            return "not authorized: topic " + String.join(", ", topics.unauthorizedTopics())
                    + " was refused by the cluster's ACLs (" + refusal.getMessage() + ")";
        }
        if (refusal instanceof GroupAuthorizationException group) {
            return "not authorized: Read on group " + group.groupId() + " was refused by the cluster's ACLs";
        }
        if (refusal instanceof TransactionalIdAuthorizationException) {
            return "not authorized: Write on a transactional id was refused by the cluster's ACLs ("
                    + refusal.getMessage() + ")";
        }
        if (refusal instanceof ClusterAuthorizationException) {
            return "not authorized: an operation on the cluster was refused by the cluster's ACLs ("
                    + refusal.getMessage() + ")";
        }
        return "not authorized: " + refusal.getMessage();
    }

    /** What was wrong with a certificate, from the JDK's exception deep in the chain, with what to change. */
    private static String certificateProblem(SslAuthenticationException tls) {
        String chain = chainMessages(tls);
        for (Throwable cause = tls; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CertPathBuilderException || cause instanceof CertPathValidatorException) {
                return "the broker's certificate is not trusted: no CA in ssl.truststore.location signed it"
                        + " (" + chain + ")";
            }
            if (cause instanceof CertificateExpiredException || cause instanceof CertificateNotYetValidException) {
                return "a certificate is outside its validity period (" + chain + ")";
            }
        }
        if (chain.contains("subject alternative name") || chain.contains("No name matching")) {
            return "the broker's certificate does not name the address connected to (" + chain + ")";
        }
        if (chain.contains("bad_certificate") || chain.contains("certificate_required")
                || chain.contains("certificate_unknown")) {
            return "the broker refused the client's certificate: give ssl.keystore.location with a certificate"
                    + " signed by a CA the broker trusts (" + chain + ")";
        }
        return chain;
    }

    /** The distinct messages of {@code e} and its causes, outermost first, joined by ": " (wrappers repeat them). */
    static String chainMessages(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            // a wrapper's message is often its cause's toString(): drop the class name
            String message = cause.getMessage() == null ? null
                    : cause.getMessage().replaceFirst("^([a-z]\\w*\\.)+\\w+(Exception|Error): ", "");
            if (message != null && messages.stream().noneMatch(m -> m.contains(message))) {
                messages.add(message);
            }
        }
        return String.join(": ", messages);
    }
}
