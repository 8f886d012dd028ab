package org.methylstream.cli;

import java.io.BufferedWriter;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import org.methylstream.synthetic.SyntheticMethylome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code methylstream generate}: realistic synthetic WGBS sites in the seed's layout. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Write realistic synthetic whole-genome bisulfite sites.",
        description = "Write realistic synthetic whole-genome bisulfite sites (chrom pos methylated "
                + "unmethylated): human chromosome sizes, ~20x coverage with a long tail, bimodal "
                + "methylation in runs. Deterministic per --seed.")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--sites", paramLabel = "N", required = true, description = "Sites per sample.")
    long sites;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--samples", paramLabel = "K",
            description = "Samples, each its own file DIR/sample-<i>.tsv(.gz); needs --out-dir (default: ${DEFAULT-VALUE}).")
    int samples = 1;

    @Option(names = "--out", paramLabel = "FILE", description = "Output file for one sample (default: standard output).")
    Path out;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Directory for --samples files.")
    Path outDir;

    @Option(names = "--gzip", description = "Compress the output files.")
    boolean gzip;

    @Override
    public Integer call() throws IOException {
        try (StopSignals stop = StopSignals.install()) {
            return generate(stop);
        } catch (StopRequested e) {
            // standard output has the whole lines written so far; the file being written is removed
            System.err.println("generate: stopped on request");
            return 0;
        }
    }

    private int generate(StopSignals stop) throws IOException {
        if (sites < 0 || samples < 1) {
            throw new CommandFailure("--sites must be >= 0 and --samples >= 1");
        }
        if (outDir == null) {
            if (samples > 1) {
                throw new CommandFailure("--samples " + samples + " needs --out-dir");
            }
            if (out == null) {
                Writer stdout = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.US_ASCII), 1 << 16);
                try {
                    new SyntheticMethylome(sites, seed).writeTo(new Stoppable(stdout, stop));
                } finally {
                    stdout.flush();
                }
                return 0;
            }
            write(out, seed, stop);
            return 0;
        }
        Files.createDirectories(outDir);
        for (int i = 1; i <= samples; i++) {
            write(outDir.resolve("sample-" + i + (gzip ? ".tsv.gz" : ".tsv")), seed + i - 1, stop);
        }
        return 0;
    }

    private void write(Path file, long sampleSeed, StopSignals stop) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (OutputStream raw = Files.newOutputStream(partial);
             OutputStream stream = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw;
             Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.US_ASCII), 1 << 16)) {
            new SyntheticMethylome(sites, sampleSeed).writeTo(new Stoppable(writer, stop));
        } catch (StopRequested e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Passes writes through until a stop is requested. SyntheticMethylome writes one whole line per call, so
     * output stops between lines.
     */
    private static final class Stoppable extends FilterWriter {
        private final StopSignals stop;

        Stoppable(Writer out, StopSignals stop) {
            super(out);
            this.stop = stop;
        }

        private void checkStop() {
            if (stop.requested()) {
                throw new StopRequested();
            }
        }

        @Override
        public void write(String text, int offset, int length) throws IOException {
            checkStop();
            super.write(text, offset, length);
        }

        @Override
        public void write(char[] text, int offset, int length) throws IOException {
            checkStop();
            super.write(text, offset, length);
        }
    }
}
