package org.methylstream.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** The headers that say why a record was dead-lettered and where it came from. */
public final class DeadLetter {
    /** Why the record could not be scored, in words. */
    public static final String REASON = "methylstream.dead-letter.reason";
    /** {@code topic/partition@offset} of the original record; for a block's site i (from 0), then {@code #i}. */
    public static final String ORIGIN = "methylstream.dead-letter.origin";

    private DeadLetter() {
    }

    static void describe(Headers headers, String reason, String origin) {
        headers.add(REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(ORIGIN, origin.getBytes(StandardCharsets.UTF_8));
    }

    /** The reason header of a dead-lettered record, or null when it has none. */
    public static String reasonOf(Headers headers) {
        Header header = headers.lastHeader(REASON);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
