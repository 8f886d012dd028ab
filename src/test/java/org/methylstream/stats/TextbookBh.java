package org.methylstream.stats;

import java.util.Arrays;

/**
 * Benjamini-Hochberg as the textbook computes it, for tests to compare with: all p-values sorted, the step-up
 * threshold k* = max{i : p_(i) &le; i fdr / m}, and q_(i) = min over j &ge; i of min(1, m p_(j) / j), in log space.
 */
public final class TextbookBh {
    private TextbookBh() {
    }

    /**
     * The discoveries among score lines ({@code score --all --minus-log10}: every tested site), each line with its
     * q-value appended, as the FDR output files hold them.
     */
    public static java.util.List<String> discoveryLines(java.util.List<String> scoreLines, ScoringParameters scoring,
                                                        double fdr) {
        SiteScorer scorer = new SiteScorer(scoring);
        double[] logP = scoreLines.stream().mapToDouble(line -> {
            String[] f = line.split("\t");
            int k = Integer.parseInt(f[2]);
            return scorer.logPValue(k, k + Integer.parseInt(f[3]));
        }).toArray();
        double[] logQ = logQValues(logP, fdr);
        java.util.List<String> discoveries = new java.util.ArrayList<>();
        for (int i = 0; i < logQ.length; i++) {
            if (!Double.isNaN(logQ[i])) {
                discoveries.add(scoreLines.get(i) + "\t"
                        + org.methylstream.format.ScoreLine.pythonRepr(Math.exp(logQ[i])));
            }
        }
        return discoveries;
    }

    /** ln q of each p-value that is a discovery; NaN for the others. */
    public static double[] logQValues(double[] logP, double fdr) {
        int m = logP.length;
        Integer[] order = new Integer[m];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(logP[a], logP[b]));
        int discoveries = 0;
        for (int i = 1; i <= m; i++) {
            if (logP[order[i - 1]] <= Math.log(fdr) + Math.log(i) - Math.log(m)) {
                discoveries = i;
            }
        }
        double[] q = new double[m];
        Arrays.fill(q, Double.NaN);
        double min = Double.POSITIVE_INFINITY;
        for (int j = m; j >= 1; j--) {
            min = Math.min(min, Math.min(0, Math.log(m) + logP[order[j - 1]] - Math.log(j)));
            if (j <= discoveries) {
                q[order[j - 1]] = min;
            }
        }
        return q;
    }
}
