package org.methylstream.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's count of its output's lines, eight bytes at a time, against a byte-by-byte count. */
@DisplayName("Counting an output file's lines")
class LineCountTest {
    @TempDir
    Path dir;

    @Test
    void countsEveryNewlineWhateverItsPlaceInAWord() throws IOException {
        Random random = new Random(13);
        // bytes next to '\n' (0x0A) in value are where a carry-based test would miscount: 0x09, 0x0B, 0x8A, 0x0A00...
        byte[] alphabet = {'\n', '\n', 0x09, 0x0B, (byte) 0x8A, (byte) 0xFF, 0x00, 0x7F, (byte) 0x80, 'c', '\t', '1'};
        for (int size : new int[] {0, 1, 7, 8, 9, 63, 4096, (1 << 20) - 3, (1 << 20) + 5, 3 * (1 << 20) + 11}) {
            byte[] bytes = new byte[size];
            for (int i = 0; i < size; i++) {
                bytes[i] = alphabet[random.nextInt(alphabet.length)];
            }
            Path file = Files.write(dir.resolve("out-" + size + ".tsv"), bytes);
            long expected = 0;
            for (byte b : bytes) {
                expected += b == '\n' ? 1 : 0;
            }
            assertEquals(expected, PipelineRun.lineCount(file), size + " bytes");
        }
    }

    @Test
    void countsWordsOfNewlinesOnly() throws IOException {
        Path file = Files.write(dir.resolve("newlines.tsv"), "\n".repeat(1000).getBytes());
        assertEquals(1000, PipelineRun.lineCount(file));
    }
}
