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
    /** An Avro long (zig-zag varint) takes at most 10 bytes. */
    private static final int MAX_LONG_BYTES = 10;

    private byte[] bytes = new byte[128]; // a significant site takes about 100
    private int length;

    RecordBytes(byte[] header) {
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
        room(MAX_LONG_BYTES);
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

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }
}
