package org.methylstream.synthetic;

import java.io.IOException;
import java.io.Writer;
import java.util.SplittableRandom;

/**
 * One sample's CpG sites in the seed's four-column layout, drawn to look like human WGBS:
 * <ul>
 *   <li>sites spread over GRCh38's chromosomes in proportion to their length, at ascending positions;</li>
 *   <li>coverage around 20x (Poisson with a gamma-distributed mean, i.e. negative binomial), plus a long tail
 *       of high-coverage sites (repeats, collapsed duplications) reaching thousands of reads;</li>
 *   <li>methylation that is bimodal and comes in runs: long methylated stretches (about 75 % of sites, levels
 *       near 85 %) alternate with unmethylated islands whose only methylated reads are bisulfite errors.</li>
 * </ul>
 * The same seed always gives the same file.
 */
public final class SyntheticMethylome {
    /** GRCh38 primary assembly chromosome lengths. */
    private static final String[] CHROMOSOMES = {
        "chr1", "chr2", "chr3", "chr4", "chr5", "chr6", "chr7", "chr8", "chr9", "chr10", "chr11", "chr12",
        "chr13", "chr14", "chr15", "chr16", "chr17", "chr18", "chr19", "chr20", "chr21", "chr22", "chrX", "chrY"};
    private static final long[] LENGTHS = {
        248_956_422L, 242_193_529L, 198_295_559L, 190_214_555L, 181_538_259L, 170_805_979L, 159_345_973L,
        145_138_636L, 138_394_717L, 133_797_422L, 135_086_622L, 133_275_309L, 114_364_328L, 107_043_718L,
        101_991_189L, 90_338_345L, 83_257_441L, 80_373_285L, 58_617_616L, 64_444_167L, 46_709_983L,
        50_818_468L, 156_040_895L, 57_227_415L};
    private static final double MEAN_COVERAGE = 20;
    private static final double COVERAGE_SHAPE = 4; // gamma shape of the per-site mean: overdispersion
    private static final double HIGH_COVERAGE_FRACTION = 0.002;
    private static final double METHYLATED_RUN = 400; // mean sites per methylated stretch
    private static final double UNMETHYLATED_RUN = 130; // mean sites per island
    private static final double BISULFITE_ERROR = 0.004;

    private final long sites;
    private final SplittableRandom random;

    public SyntheticMethylome(long sites, long seed) {
        this.sites = sites;
        this.random = new SplittableRandom(seed);
    }

    /** Writes {@code chrom pos methylated unmethylated} lines. */
    public void writeTo(Writer out) throws IOException {
        long genome = 0;
        for (long length : LENGTHS) {
            genome += length;
        }
        long written = 0;
        boolean methylated = true;
        StringBuilder line = new StringBuilder(48);
        for (int c = 0; c < CHROMOSOMES.length; c++) {
            long share = c == CHROMOSOMES.length - 1 ? sites - written
                    : Math.round((double) sites * LENGTHS[c] / genome);
            share = Math.min(share, sites - written);
            double meanGap = (double) LENGTHS[c] / Math.max(share, 1);
            long position = 0;
            for (long i = 0; i < share; i++) {
                position += 1 + (long) (-Math.log(1 - random.nextDouble()) * (meanGap - 1));
                if (random.nextDouble() < 1 / (methylated ? METHYLATED_RUN : UNMETHYLATED_RUN)) {
                    methylated = !methylated;
                }
                int coverage = coverage();
                double level = methylated ? beta(8, 1.5) : BISULFITE_ERROR * (0.5 + random.nextDouble());
                int m = binomial(coverage, level);
                line.setLength(0);
                line.append(CHROMOSOMES[c]).append('\t').append(position).append('\t').append(m).append('\t')
                        .append(coverage - m).append('\n');
                out.append(line);
            }
            written += share;
        }
    }

    private int coverage() {
        if (random.nextDouble() < HIGH_COVERAGE_FRACTION) {
            // Pareto tail from 100x: repeats and collapsed duplications
            return (int) Math.min(100 / Math.pow(1 - random.nextDouble(), 1 / 1.2), 20_000);
        }
        return poisson(gamma(COVERAGE_SHAPE) * MEAN_COVERAGE / COVERAGE_SHAPE);
    }

    private int poisson(double mean) {
        if (mean > 60) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }

    private int binomial(int n, double p) {
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (random.nextDouble() < p) {
                k++;
            }
        }
        return k;
    }

    private double beta(double a, double b) {
        double x = gamma(a);
        return x / (x + gamma(b));
    }

    /** Marsaglia and Tsang's gamma sampler (shape &gt;= 1), unit scale. */
    private double gamma(double shape) {
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = normal();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    private double normal() {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
