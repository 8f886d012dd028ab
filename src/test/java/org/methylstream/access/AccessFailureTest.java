package org.methylstream.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.CertificateExpiredException;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Kafka's refusals, however deep among the causes, become one line naming the operation and the resource. */
@DisplayName("AccessFailure")
@Timeout(10)
class AccessFailureTest {
    @Test
    @DisplayName("a refusal wrapped by the clients is found and named with the operation the caller was doing")
    void refusalsAmongTheCauses() {
        KafkaException wrapped = new KafkaException("Cannot execute transactional method because we are in an error"
                + " state", new ClusterAuthorizationException("Cluster authorization failed."));
        assertEquals("not authorized: Write on topic t (or IdempotentWrite on the cluster) was refused by the"
                        + " cluster's ACLs (Cluster authorization failed.)",
                AccessFailure.denied(wrapped, "Write", "topic", "t").orElseThrow().getMessage());
        assertEquals("not authorized: Read on topic a was refused by the cluster's ACLs (topics)",
                AccessFailure.denied(new TopicAuthorizationException("topics", Set.of("a")), "Read", "topic", "x")
                        .orElseThrow().getMessage());
        assertEquals("not authorized: Read on group g was refused by the cluster's ACLs (no)",
                AccessFailure.denied(new GroupAuthorizationException("no", "g"), "Read", "topic", "t").orElseThrow()
                        .getMessage());
        assertEquals(Optional.empty(), AccessFailure.denied(new KafkaException("other"), "Read", "topic", "t"));
        assertEquals(Optional.empty(), AccessFailure.explain(new IllegalStateException("other")));
    }

    @Test
    @DisplayName("a TLS failure names the certificate problem")
    void certificateProblems() {
        SslAuthenticationException expired = new SslAuthenticationException("SSL handshake failed",
                new SSLHandshakeException("PKIX path validation failed"));
        expired.getCause().initCause(new CertificateExpiredException("NotAfter: Mon Nov 30 10:00:00 UTC 2026"));
        String message = AccessFailure.explain(new KafkaException(expired)).orElseThrow();
        assertTrue(message.startsWith("TLS handshake failed: a certificate is outside its validity period (SSL"
                + " handshake failed: PKIX path validation failed: NotAfter: "), message);

        SslAuthenticationException refused = new SslAuthenticationException("SSL handshake failed",
                new SSLHandshakeException("Received fatal alert: bad_certificate"));
        assertTrue(AccessFailure.explain(refused).orElseThrow().startsWith("TLS handshake failed: the broker refused"
                + " the client's certificate"), AccessFailure.explain(refused).orElseThrow());
    }
}
