package org.methylstream.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Output lines as UTF-8 bytes, appended in place: numbers written as digits straight into the buffer, text copied
 * character by character, nothing allocated per line. What {@link ScoreLine} writes into and {@link LineOutput}
 * writes out; reused from line to line (and chunk to chunk). Not thread-safe.
 */
public final class LineBuffer {
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIN_INT = Integer.toString(Integer.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);
    /** The tens and the ones digit of 0 to 99. */
    private static final byte[] TENS = new byte[100];
    private static final byte[] ONES = new byte[100];

    static {
        for (int i = 0; i < 100; i++) {
            TENS[i] = (byte) ('0' + i / 10);
            ONES[i] = (byte) ('0' + i % 10);
        }
    }

    private byte[] bytes;
    private int size;

    public LineBuffer(int capacity) {
        bytes = new byte[Math.max(capacity, 64)];
    }

    /** Appends the text, UTF-8 encoded; {@code null} as StringBuilder appends it. */
    public LineBuffer text(String text) {
        if (text == null) {
            return text("null");
        }
        int length = text.length();
        ensure(length);
        byte[] b = bytes;
        int at = size;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                size = at;
                return bytes(text.substring(i).getBytes(StandardCharsets.UTF_8));
            }
            b[at++] = (byte) c;
        }
        size = at;
        return this;
    }

    /** Appends the text, UTF-8 encoded. */
    public LineBuffer text(CharSequence text) {
        return text(text.toString());
    }

    /** Appends bytes already encoded. */
    public LineBuffer bytes(byte[] encoded) {
        return bytes(encoded, 0, encoded.length);
    }

    /** Appends {@code encoded[offset, offset + length)}, bytes already encoded. */
    public LineBuffer bytes(byte[] encoded, int offset, int length) {
        ensure(length);
        System.arraycopy(encoded, offset, bytes, size, length);
        size += length;
        return this;
    }

    /** Appends an ASCII character. */
    public LineBuffer ascii(char c) {
        ensure(1);
        bytes[size++] = (byte) c;
        return this;
    }

    public LineBuffer tab() {
        return ascii('\t');
    }

    public LineBuffer newline() {
        return ascii('\n');
    }

    /** Appends the number in decimal, as {@link Long#toString(long)} writes it. */
    public LineBuffer decimal(long value) {
        if (value == (int) value) {
            return decimal((int) value);
        }
        if (value == Long.MIN_VALUE) {
            return bytes(MIN_LONG);
        }
        if (value < 0) {
            ascii('-');
            value = -value;
        }
        int digits = 1;
        for (long rest = value; rest >= 10; rest /= 10) {
            digits++;
        }
        ensure(digits);
        byte[] b = bytes;
        int at = size + digits;
        size = at;
        while (value > Integer.MAX_VALUE) {
            long next = value / 100;
            int pair = (int) (value - next * 100);
            b[--at] = ONES[pair];
            b[--at] = TENS[pair];
            value = next;
        }
        writeDigits(b, at, (int) value);
        return this;
    }

    /** Appends the number in decimal, as {@link Integer#toString(int)} writes it. */
    public LineBuffer decimal(int value) {
        if (value < 0) {
            if (value == Integer.MIN_VALUE) {
                return bytes(MIN_INT);
            }
            ascii('-');
            value = -value;
        }
        int digits = digits(value);
        ensure(digits);
        int at = size + digits;
        size = at;
        writeDigits(bytes, at, value);
        return this;
    }

    private static int digits(int value) {
        int digits = 1;
        for (int limit = 10; digits < 10 && value >= limit; limit *= 10) {
            digits++;
        }
        return digits;
    }

    /** Writes a non-negative number's digits so that they end just before {@code end}, two at a time. */
    private static void writeDigits(byte[] b, int end, int value) {
        int at = end;
        while (value >= 100) {
            int next = value / 100;
            int pair = value - next * 100;
            b[--at] = ONES[pair];
            b[--at] = TENS[pair];
            value = next;
        }
        if (value >= 10) {
            b[--at] = ONES[value];
            b[--at] = TENS[value];
        } else {
            b[--at] = (byte) ('0' + value);
        }
    }

    /** The bytes appended so far: {@code array()[0, size())}. */
    public byte[] array() {
        return bytes;
    }

    public int size() {
        return size;
    }

    /** Empties the buffer, keeping its capacity. */
    public void clear() {
        size = 0;
    }

    /** The bytes appended so far, decoded: for the callers that want a string. */
    @Override
    public String toString() {
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
