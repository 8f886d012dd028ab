package org.methylstream.serde;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings one field of a record type held lately, by their UTF-8 bytes: a site's sample, chromosome, strand and
 * context repeat from record to record, and a comparison of a few bytes is cheaper than a new string each time.
 * Direct-mapped by a hash of the bytes; long strings are not kept. Thread-safe: entries are immutable and replace
 * each other whole.
 */
final class RecentStrings {
    private static final int LONGEST_KEPT = 64;

    private record Entry(byte[] utf8, String value) {
    }

    private final Entry[] entries;
    private final int shift;

    /** @param slotBits the table holds 2^slotBits strings */
    RecentStrings(int slotBits) {
        entries = new Entry[1 << slotBits];
        shift = Integer.SIZE - slotBits;
    }

    String of(byte[] bytes, int offset, int length) {
        if (length > LONGEST_KEPT) {
            return new String(bytes, offset, length, StandardCharsets.UTF_8);
        }
        int hash = length;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + bytes[i];
        }
        int slot = (hash * 0x9E3779B9) >>> shift; // Fibonacci hashing: the high bits mix every byte
        Entry entry = entries[slot];
        if (entry != null && Arrays.equals(entry.utf8, 0, entry.utf8.length, bytes, offset, offset + length)) {
            return entry.value;
        }
        String value = new String(bytes, offset, length, StandardCharsets.UTF_8);
        entries[slot] = new Entry(Arrays.copyOfRange(bytes, offset, offset + length), value);
        return value;
    }
}
