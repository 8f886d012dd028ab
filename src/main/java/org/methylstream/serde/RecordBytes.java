package org.methylstream.serde;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.io.BinaryData;

/**
 * The bytes of one record being encoded, and Avro's binary encoding of the primitive values into them. Not a
 * {@link java.io.ByteArrayOutputStream}: Avro's direct encoder writes numbers a byte at a time, and that class takes
 * a lock for each byte (a tenth of the stream thread's time).
 */
final class RecordBytes extends OutputStream {
    /** An Avro int (zig-zag varint) takes at most 5 bytes. */
    private static final int MAX_INT_BYTES = 5;
    /** An Avro long takes at most 10. */
    private static final int MAX_LONG_BYTES = 10;

    private byte[] bytes;
    private int length;

    RecordBytes(byte[] header) {
        this(header, 128); // a significant site takes about 100
    }

    RecordBytes(byte[] header, int capacity) {
        bytes = new byte[capacity];
        write(header, 0, header.length);
    }

    @Override
    public void write(int b) {
        room(1);
        bytes[length++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int count) {
        room(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    void writeInt(int value) {
        room(MAX_INT_BYTES);
        length += BinaryData.encodeInt(value, bytes, length);
    }

    void writeLong(long value) {
        room(MAX_LONG_BYTES);
        length += BinaryData.encodeLong(value, bytes, length);
    }

    void writeDouble(double value) {
        room(Double.BYTES);
        length += BinaryData.encodeDouble(value, bytes, length);
    }

    /** A string: its UTF-8 length, then its UTF-8 bytes. */
    void writeString(String value) {
        writeUtf8(value.getBytes(StandardCharsets.UTF_8));
    }

    void writeUtf8(byte[] utf8) {
        writeInt(utf8.length);
        write(utf8, 0, utf8.length);
    }

    /** A union {@code ["null", X]}: branch 0 for null, else branch 1; the caller then writes the value. */
    boolean writeNullable(Object value) {
        write(value == null ? 0 : 2); // the branch index as a zig-zag varint
        return value != null;
    }

    private void room(int count) {
        if (length + count > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + count));
        }
    }

    /** The bytes written; no copy when they fill the capacity given. */
    byte[] toByteArray() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    /** The bytes {@link #writeInt} takes for {@code value}. */
    static int intSize(int value) {
        int zigZag = (value << 1) ^ (value >> 31);
        return (Integer.SIZE - Integer.numberOfLeadingZeros(zigZag | 1) + 6) / 7;
    }
}
