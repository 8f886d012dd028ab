package org.methylstream.stats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The exact p-values of {@code src/test/resources/reference/binomial-pvalues.csv}, generated in 80-digit
 * arithmetic by {@code src/test/scripts/reference_pvalues.py} (its docstring describes each column).
 */
final class ReferenceValues {
    static final String RESOURCE = "/reference/binomial-pvalues.csv";

    /** One (n, k, p) point with the natural log of each test's exact p-value. */
    record Point(int n, int k, double p, double lnUpper, double lnPmf, double lnTwoSided) {
        double exactLog(TestKind kind) {
            return switch (kind) {
                case UPPER -> lnUpper;
                case PMF -> lnPmf;
                case TWO_SIDED -> lnTwoSided;
            };
        }

        @Override
        public String toString() {
            return "n=" + n + " k=" + k + " p=" + p;
        }
    }

    private static List<Point> all;

    private ReferenceValues() {
    }

    static synchronized List<Point> all() {
        if (all == null) {
            all = load();
        }
        return all;
    }

    private static List<Point> load() {
        List<Point> points = new ArrayList<>();
        try (InputStream in = ReferenceValues.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the test class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            boolean header = true;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    if (!line.equals("n,k,p,ln_upper,ln_pmf,ln_two_sided")) {
                        throw new IllegalStateException("unexpected columns: " + line);
                    }
                    header = false;
                    continue;
                }
                String[] f = line.split(",");
                points.add(new Point(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return points;
    }
}
