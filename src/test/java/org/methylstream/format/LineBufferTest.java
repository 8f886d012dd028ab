package org.methylstream.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LineBuffer writes numbers and text as Java and UTF-8 do")
class LineBufferTest {
    @Test
    @DisplayName("numbers as Long.toString and Integer.toString write them, at every length and sign")
    void numbers() {
        LineBuffer buffer = new LineBuffer(1);
        StringBuilder expected = new StringBuilder();
        long[] edges = {0, 1, 9, 10, 99, 100, 101, 999, 1000, Integer.MAX_VALUE, Integer.MIN_VALUE,
            Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1,
            -1, -9, -10, -100, 3_000_000_005L, 10_000_000_000L, 1_000_000_000_000_000_000L};
        for (long value : edges) {
            buffer.decimal(value).tab();
            expected.append(value).append('\t');
        }
        Random random = new Random(1);
        for (int i = 0; i < 100_000; i++) {
            long value = random.nextLong() >> random.nextInt(64);
            int small = random.nextInt() >> random.nextInt(32);
            buffer.decimal(value).ascii(' ').decimal(small).newline();
            expected.append(value).append(' ').append(small).append('\n');
        }
        assertEquals(expected.toString(), buffer.toString());
    }

    @Test
    @DisplayName("text as UTF-8, null as StringBuilder appends it")
    void text() {
        LineBuffer buffer = new LineBuffer(4);
        buffer.text("chr1").tab().text("Leber-Probe-\u00e4\u00df-\u6f22\ud83e\uddec").tab().text((String) null);
        byte[] expected = "chr1\tLeber-Probe-\u00e4\u00df-\u6f22\ud83e\uddec\tnull".getBytes(StandardCharsets.UTF_8);
        assertEquals(new String(expected, StandardCharsets.UTF_8), buffer.toString());
        assertEquals(expected.length, buffer.size());
        buffer.clear();
        assertEquals("", buffer.toString());
    }
}
