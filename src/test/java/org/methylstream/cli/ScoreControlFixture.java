package org.methylstream.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.methylstream.avro.SignificantSite;
import org.methylstream.format.ScoreLine;
import org.methylstream.format.SequenceContext;
import org.methylstream.serde.AvroSerde;

/** Site files with an unmethylated control, and what {@code score} makes of them, for the tests of controls. */
public final class ScoreControlFixture {
    static final String[] CONTEXTS = {"CGA", "CAG", "CTT"};

    private ScoreControlFixture() {
    }

    /**
     * An allc file: genome sites on chr1 and a lambda control "L" (methylpy's name) whose methylated reads are errors
     * at 0.4 % (CG), 0.8 % (CHG) and 1.2 % (CHH), interleaved with the genome's, as a whole file would have them.
     */
    public static String allc(long seed, int genomeSites, int controlSites) {
        return allc(seed, genomeSites, controlSites, 1);
    }

    /** As {@link #allc(long, int, int)}, the control's error rates times {@code scale}. */
    public static String allc(long seed, int genomeSites, int controlSites, double scale) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < genomeSites; i++) {
            int n = 5 + random.nextInt(40);
            int k = random.nextInt(3) == 0 ? random.nextInt(n + 1) : binomial(random, n, 0.01);
            text.append("chr1\t").append(100 + 3 * i).append("\t+\t").append(CONTEXTS[i % 3]).append('\t').append(k)
                    .append('\t').append(n).append("\t1\n");
            if (i < controlSites) {
                int c = i % 3;
                int cn = 20 + random.nextInt(30);
                text.append("L\t").append(1 + i).append("\t-\t").append(CONTEXTS[c]).append('\t')
                        .append(binomial(random, cn, scale * 0.004 * (c + 1))).append('\t').append(cn).append("\t1\n");
            }
        }
        return text.toString();
    }

    private static int binomial(Random random, int n, double p) {
        int k = 0;
        for (int i = 0; i < n; i++) {
            k += random.nextDouble() < p ? 1 : 0;
        }
        return k;
    }

    /**
     * What {@code score --control chrL --min-control-coverage 1000 --error-rates RATES} writes for the file, each
     * line as {@code sample<TAB>score line<TAB>the rate's source}.
     */
    public static List<String> score(Path file, Path rates) {
        return score(file, "chrL", "--error-rates", rates.toString());
    }

    /** As {@link #score(Path, Path)} with this control and more options. */
    public static List<String> score(Path file, String control, String... options) {
        List<String> withControl = new ArrayList<>(List.of("--control", control));
        withControl.addAll(List.of(options));
        return scoreWith(file, withControl.toArray(String[]::new));
    }

    /** What {@code score --min-control-coverage 1000 OPTIONS} writes for the file, as {@link #score(Path, Path)}. */
    public static List<String> scoreWith(Path file, String... options) {
        List<String> args = new ArrayList<>(List.of("score", "--min-control-coverage", "1000"));
        args.addAll(List.of(options));
        args.add(file.toString());
        CommandRun run = CommandRun.run(args.toArray(String[]::new));
        if (run.exitCode() != 0) {
            throw new IllegalStateException(run.toString());
        }
        String sample = org.methylstream.producer.SampleNames.fromInput(file.toString());
        String rateLine = run.err().substring(run.err().indexOf("sample " + sample + ": error rate "));
        String described = rateLine.substring(rateLine.indexOf('(') + 1);
        String source = described.substring(0, described.indexOf(described.startsWith("error-rates ") ? ')' : ':'));
        String tail = "\t" + source;
        return run.outLines().stream().map(line -> sample + "\t" + line + tail).toList();
    }

    /** The records of an output topic as {@link #score(Path, Path)}'s lines, sorted. */
    public static List<String> lines(List<ConsumerRecord<byte[], byte[]>> records) {
        AvroSerde<SignificantSite> results = AvroSerde.significantSite();
        List<String> lines = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            SignificantSite site = results.decode(record.value());
            lines.add(site.getSite().getSampleId() + "\t" + ScoreLine.format(site.getSite().getChromosome(),
                    site.getSite().getPosition(), site.getSite().getMethylated(), site.getSite().getUnmethylated(),
                    site.getPValue()) + "\t" + site.getErrorRateSource());
        }
        return lines.stream().sorted().toList();
    }

    /**
     * sum(methylated) / sum(coverage) over the file's sites on {@code contig}, of one context or (null) all: the
     * rate the control gives, computed directly from the file's columns.
     */
    public static double controlRate(Path file, String contig, SequenceContext context) throws IOException {
        long methylated = 0;
        long coverage = 0;
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split("\t");
            if (f[0].equals(contig) && (context == null || SequenceContext.of(f[3]) == context)) {
                methylated += Long.parseLong(f[4]);
                coverage += Long.parseLong(f[5]);
            }
        }
        return (double) methylated / coverage;
    }
}
