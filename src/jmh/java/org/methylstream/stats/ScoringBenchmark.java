package org.methylstream.stats;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of the scoring core in sites per second (one operation = one site), single-threaded.
 *
 * <p>Sites are drawn like real bisulfite data (and like the seed test data): coverage around 20x, log-normal,
 * with 1.5% of sites in a long tail from 200 to 6,000 reads (some above the 4096 significance table); methylation
 * bimodal: 45% unmethylated (only errors), 45% highly methylated, 10% intermediate. Run it with
 * {@code bench/scoring-jmh.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScoringBenchmark {
    static final int SITES = 1 << 16;

    @Param({"upper", "pmf", "two-sided"})
    public String test;

    private SiteScorer scorer;
    private TestKind kind;
    /** realistic (k, n) draws */
    private final int[] k = new int[SITES];
    private final int[] n = new int[SITES];
    /** coverage at most 511: p-values served from the memo after the first round */
    private final int[] kMemo = new int[SITES];
    private final int[] nMemo = new int[SITES];
    /** coverage 512..6000: every p-value computed afresh */
    private final int[] kHigh = new int[SITES];
    private final int[] nHigh = new int[SITES];

    @Setup(Level.Trial)
    public void setUp() {
        kind = TestKind.fromId(test);
        scorer = new SiteScorer(new ScoringParameters(kind, ScoringParameters.DEFAULT_ERROR_RATE,
                ScoringParameters.DEFAULT_ALPHA, 1));
        SplittableRandom random = new SplittableRandom(20240611);
        for (int i = 0; i < SITES; i++) {
            n[i] = coverage(random);
            k[i] = methylated(random, n[i]);
            nMemo[i] = Math.min(n[i], 511);
            kMemo[i] = Math.min(k[i], nMemo[i]);
            nHigh[i] = 512 + random.nextInt(6000 - 512 + 1);
            kHigh[i] = methylated(random, nHigh[i]);
        }
    }

    static int coverage(SplittableRandom random) {
        if (random.nextDouble() < 0.015) {
            return (int) Math.exp(Math.log(200) + random.nextDouble() * (Math.log(6000) - Math.log(200)));
        }
        // log-normal around 20x; Box-Muller
        double gauss = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        return Math.max(1, (int) Math.round(Math.exp(Math.log(18) + 0.5 * gauss)));
    }

    static int methylated(SplittableRandom random, int coverage) {
        double r = random.nextDouble();
        double level = r < 0.45 ? random.nextDouble() * 0.012
                : r < 0.90 ? 0.6 + 0.4 * random.nextDouble() : 0.1 + 0.8 * random.nextDouble();
        int count = 0;
        for (int i = 0; i < coverage; i++) {
            count += random.nextDouble() < level ? 1 : 0;
        }
        return count;
    }

    /** The default path of {@code score}: significance for every site (table up to 4096 reads, p-value above). */
    @Benchmark
    @OperationsPerInvocation(SITES)
    public int isSignificant() {
        int significant = 0;
        for (int i = 0; i < SITES; i++) {
            significant += scorer.isSignificant(k[i], n[i]) ? 1 : 0;
        }
        return significant;
    }

    /** {@code --all} at ordinary coverage: p-values from the memo (coverage at most 511). */
    @Benchmark
    @OperationsPerInvocation(SITES)
    public double pValueMemoised() {
        double sum = 0;
        for (int i = 0; i < SITES; i++) {
            sum += scorer.pValue(kMemo[i], nMemo[i]);
        }
        return sum;
    }

    /** p-values above the memo range (coverage 512 to 6000), computed for every site. */
    @Benchmark
    @OperationsPerInvocation(SITES)
    public double pValueAboveMemo() {
        double sum = 0;
        for (int i = 0; i < SITES; i++) {
            sum += scorer.pValue(kHigh[i], nHigh[i]);
        }
        return sum;
    }
}
