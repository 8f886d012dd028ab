package org.methylstream.serde;

import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A cursor over one record's Avro binary body: reads its primitive values in order, each checked against the
 * body's end, so that a corrupt body fails with a reason rather than with a value read from beyond it.
 */
final class RecordBody {
    private static final VarHandle LITTLE_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private final byte[] bytes;
    private final int end;
    private int position;

    RecordBody(byte[] bytes, int offset) {
        this.bytes = bytes;
        this.position = offset;
        this.end = bytes.length;
    }

    int readInt() throws IOException {
        long value = readVarint(5);
        if (value != (int) value) {
            throw new IOException("int out of range at byte " + position);
        }
        return (int) value;
    }

    long readLong() throws IOException {
        return readVarint(10);
    }

    /** A zig-zag varint of at most {@code maxBytes} bytes. */
    private long readVarint(int maxBytes) throws IOException {
        long raw = 0;
        for (int shift = 0, read = 0; read < maxBytes; shift += 7, read++) {
            if (position == end) {
                throw new EOFException("body ends inside a number");
            }
            int b = bytes[position++];
            raw |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new IOException("number longer than " + maxBytes + " bytes at byte " + position);
    }

    double readDouble() throws IOException {
        if (end - position < Double.BYTES) {
            throw new EOFException("body ends inside a double");
        }
        double value = Double.longBitsToDouble((long) LITTLE_ENDIAN_LONG.get(bytes, position));
        position += Double.BYTES;
        return value;
    }

    /** A string, taken from {@code recent} when it was read lately. */
    String readString(RecentStrings recent) throws IOException {
        int length = readInt();
        if (length < 0 || length > end - position) {
            throw new IOException("string of " + length + " bytes where " + (end - position) + " remain");
        }
        String value = recent.of(bytes, position, length);
        position += length;
        return value;
    }

    /** A union {@code ["null", X]}: whether its value is there (branch 1) rather than null (branch 0). */
    boolean readPresent() throws IOException {
        int branch = readInt();
        if (branch != 0 && branch != 1) {
            throw new IOException("union branch " + branch + " of a two-branch union");
        }
        return branch == 1;
    }

    /** Where the next value starts in the record's bytes. */
    int position() {
        return position;
    }

    /** The bytes left unread. */
    int remaining() {
        return end - position;
    }
}
