package org.methylstream.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.methylstream.format.CytosineContext;

/**
 * Keys of the per-sample state stores: the sample id, length-prefixed, then a part (a chromosome, a bin, a
 * partition). The prefix alone finds every key of a sample with a prefix scan, whatever characters ids contain.
 * Integer parts are big-endian, so a sample's keys come in their order.
 */
public final class SampleKeys {
    private SampleKeys() {
    }

    public static Bytes prefix(String sample) {
        byte[] id = sample.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Integer.BYTES + id.length).putInt(id.length).put(id).array());
    }

    public static Bytes of(String sample, String part) {
        byte[] id = sample.getBytes(StandardCharsets.UTF_8);
        byte[] rest = part.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Integer.BYTES + id.length + rest.length).putInt(id.length).put(id)
                .put(rest).array());
    }

    static Bytes of(String sample, int part) {
        byte[] id = sample.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(2 * Integer.BYTES + id.length).putInt(id.length).put(id).putInt(part)
                .array());
    }

    /** An integer part, then a text part: a sample's genome bin, {@code index} of {@code chromosome}. */
    public static Bytes of(String sample, int index, String chromosome) {
        byte[] id = sample.getBytes(StandardCharsets.UTF_8);
        byte[] rest = chromosome.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(2 * Integer.BYTES + id.length + rest.length).putInt(id.length).put(id)
                .putInt(index).put(rest).array());
    }

    /** The text part after the integer part of a key made by {@link #of(String, int, String)}. */
    public static String textAfterIntOf(Bytes key) {
        int start = 2 * Integer.BYTES + ByteBuffer.wrap(key.get()).getInt();
        return new String(key.get(), start, key.get().length - start, StandardCharsets.UTF_8);
    }

    /** The integer part of a key made by {@link #of(String, int, String)}. */
    public static int intBeforeTextOf(Bytes key) {
        return ByteBuffer.wrap(key.get()).getInt(Integer.BYTES + ByteBuffer.wrap(key.get()).getInt());
    }

    public static String sampleOf(Bytes key) {
        ByteBuffer buffer = ByteBuffer.wrap(key.get());
        int length = buffer.getInt();
        return new String(key.get(), Integer.BYTES, length, StandardCharsets.UTF_8);
    }

    public static String textPartOf(Bytes key) {
        int start = Integer.BYTES + ByteBuffer.wrap(key.get()).getInt();
        return new String(key.get(), start, key.get().length - start, StandardCharsets.UTF_8);
    }

    /**
     * A key of the statistics store: the sample, then the sites' context and chromosome (tab-separated: neither
     * holds a tab). Keys written before contexts were counted hold the chromosome alone.
     */
    public static Bytes ofStatistics(String sample, String context, String chromosome) {
        return of(sample, context + '\t' + chromosome);
    }

    /** The context of a statistics key; {@link CytosineContext#UNKNOWN} for a key without one. */
    public static String contextOf(Bytes key) {
        String part = textPartOf(key);
        int tab = part.indexOf('\t');
        return tab < 0 ? CytosineContext.UNKNOWN : part.substring(0, tab);
    }

    /** The chromosome of a statistics key. */
    public static String chromosomeOf(Bytes key) {
        String part = textPartOf(key);
        return part.substring(part.indexOf('\t') + 1);
    }

    static int intPartOf(Bytes key) {
        return ByteBuffer.wrap(key.get()).getInt(key.get().length - Integer.BYTES);
    }
}
