package org.methylstream.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Standard input copied to a temporary file, byte for byte (gzip stays gzip), so it can be read twice. Copied in
 * 64 KiB blocks: memory stays bounded. The file is removed after use, also when the command fails or is stopped
 * (and, as a last resort, when the JVM exits).
 */
final class StandardInputSpool {
    private StandardInputSpool() {
    }

    static Path spool(BooleanSupplier stop) throws IOException {
        Path file = Files.createTempFile("methylstream-stdin-", ".spool");
        file.toFile().deleteOnExit();
        try (InputStream in = System.in; OutputStream out = Files.newOutputStream(file)) {
            byte[] block = new byte[1 << 16];
            for (int read = in.read(block); read >= 0; read = in.read(block)) {
                if (stop.getAsBoolean()) {
                    throw new BatchScore.Stopped();
                }
                out.write(block, 0, read);
            }
        } catch (IOException | RuntimeException e) {
            remove(file);
            throw e;
        }
        return file;
    }

    static void remove(Path file) throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
