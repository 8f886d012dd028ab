#!/usr/bin/python3
"""Reference p-values for org.methylstream.stats, computed in exact (arbitrary-precision) arithmetic.

Run with Debian's interpreter, which has mpmath and scipy:

    /usr/bin/python3 src/test/scripts/reference_pvalues.py > src/test/resources/reference/binomial-pvalues.csv

Every value is computed with mpmath at 80 significant digits. The error rate p is taken as the exact binary
double the Java code receives (mpf(float)), and q = 1 - p is formed exactly from it, so the references are
the exact p-values for the inputs Java sees, not for their decimal spelling.

  upper      P(X >= k): the smaller of the two tails is summed term by term (truncated once the remainder is
             below 1e-90 of the sum) and the other taken as 1 minus it; checked against the regularized
             incomplete beta function I_p(k, n-k+1) to 1e-60 on every 7th point and every k <= 1 and k = n
             with n <= 1000.
  pmf        P(X = k) = C(n, k) p^k q^(n-k), via log-gamma.
  two-sided  R's binom.test algorithm (also SciPy's binomtest) evaluated exactly: d = P(X = k) * (1 + 1e-7);
             for k < np the lower tail P(X <= k) plus every outcome >= ceil(np) with P(X = i) <= d, for k > np
             the upper tail P(X >= k) plus every outcome <= floor(np) with P(X = i) <= d; 1 when k == np;
             capped at 1.

Output: CSV with a '#' comment header and the columns

  n,k,p,ln_upper,ln_pmf,ln_two_sided

n and k integers, p the error rate in Python's repr (round-trips to the exact double), and the three natural
logarithms of the p-values to 20 significant digits (so p-values far below the double range are still
checked). A p-value of exactly 1 has ln 0.

The script also compares every value against SciPy (binom.sf, binom.pmf, binomtest) where SciPy's answer is a
normal double, and stops if they disagree by more than 1e-6 relative: a guard against a slip in this script,
not a claim about SciPy's precision.
"""
import math
import sys

import mpmath
from mpmath import mp, mpf

mp.dps = 80
RELATIVE_TOLERANCE = mpf(1) + mpf(1e-7)  # R: relErr <- 1 + 1e-7, a double
TRUNCATE = mpf(10) ** -90


class Distribution:
    """Binomial(n, p) with exact p and q and a cache of exact point probabilities."""

    def __init__(self, n, p):
        self.n = n
        self.p = mpf(p)
        self.q = 1 - self.p  # exact: 80 digits hold every 1 - double in (0, 1) used here
        assert self.p + self.q == 1
        self.lnp = mpmath.log(self.p)
        self.lnq = mpmath.log(self.q)
        self.lgn = mpmath.loggamma(n + 1)
        self.mean = n * self.p  # exact rational n*p at this precision
        self.cache = {}

    def ln_pmf(self, k):
        if k < 0 or k > self.n:
            return mpf('-inf')
        v = self.cache.get(k)
        if v is None:
            v = self.lgn - mpmath.loggamma(k + 1) - mpmath.loggamma(self.n - k + 1) \
                + k * self.lnp + (self.n - k) * self.lnq
            self.cache[k] = v
        return v

    def pmf(self, k):
        return mpmath.exp(self.ln_pmf(k))

    def _sum_up(self, k):
        """P(X >= k) for k >= mean: terms fall from k on."""
        n, p, q = self.n, self.p, self.q
        term = self.pmf(k)
        total = term
        j = k
        while j < n:
            ratio = (n - j) * p / ((j + 1) * q)
            term *= ratio
            total += term
            j += 1
            # terms keep falling by at least `ratio` each step: the rest is below term * ratio / (1 - ratio)
            if ratio < 1 and term * ratio / (1 - ratio) < total * TRUNCATE:
                break
        return total

    def _sum_down(self, k):
        """P(X <= k) for k <= mean: terms fall from k down to 0."""
        n, p, q = self.n, self.p, self.q
        term = self.pmf(k)
        total = term
        j = k
        while j > 0:
            ratio = j * q / ((n - j + 1) * p)
            term *= ratio
            total += term
            j -= 1
            if ratio < 1 and term * ratio / (1 - ratio) < total * TRUNCATE:
                break
        return total

    def upper(self, k):
        """P(X >= k)."""
        if k <= 0:
            return mpf(1)
        if k > self.n:
            return mpf(0)
        if k >= self.mean:
            return self._sum_up(k)
        return 1 - self._sum_down(k - 1)

    def lower(self, k):
        """P(X <= k)."""
        if k < 0:
            return mpf(0)
        if k >= self.n:
            return mpf(1)
        if k <= self.mean:
            return self._sum_down(k)
        return 1 - self._sum_up(k + 1)

    def two_sided(self, k):
        n, m = self.n, self.mean
        if k == m:
            return mpf(1)
        ln_d = self.ln_pmf(k) + mpmath.log(RELATIVE_TOLERANCE)
        if k < m:
            # outcomes ceil(m)..n: the pmf falls, so those with pmf <= d are a suffix first..n
            lo, hi = int(mpmath.ceil(m)), n + 1
            while lo < hi:
                mid = (lo + hi) // 2
                if self.ln_pmf(mid) <= ln_d:
                    hi = mid
                else:
                    lo = mid + 1
            total = self.lower(k) + self.upper(lo)
        else:
            # outcomes 0..floor(m): the pmf rises, so those with pmf <= d are a prefix 0..count-1
            lo, hi = 0, int(mpmath.floor(m)) + 1
            while lo < hi:
                mid = (lo + hi) // 2
                if self.ln_pmf(mid) <= ln_d:
                    lo = mid + 1
                else:
                    hi = mid
            total = self.lower(lo - 1) + self.upper(k)
        return min(mpf(1), total)


def ln(x):
    return mpmath.log(x) if x > 0 else mpf('-inf')


def fmt(x):
    if x == 0:
        return '0'
    return mpmath.nstr(x, 20, min_fixed=-3, max_fixed=3, strip_zeros=False).replace('e', 'E')


def check_scipy(n, k, p, dist, up, pm, two):
    """A cross-check against SciPy in the range where its double results are meaningful."""
    from scipy import stats
    pairs = [(float(stats.binom.sf(k - 1, n, p)), up, 'upper'), (float(stats.binom.pmf(k, n, p)), pm, 'pmf')]
    if n <= 100000:
        pairs.append((float(stats.binomtest(k, n, p).pvalue), two, 'two-sided'))
    for got, exact, name in pairs:
        if exact > mpf('1e-290') and got > 0 and abs(mpf(got) - exact) > mpf('1e-6') * exact:
            sys.exit(f'scipy disagrees: {name} n={n} k={k} p={p!r}: scipy {got!r}, exact {mpmath.nstr(exact, 17)}')


def check_beta(n, k, dist, up):
    """The upper tail as a regularized incomplete beta: an independent formula for the summation."""
    if k == 0:
        return
    beta = mpmath.betainc(k, n - k + 1, 0, dist.p, regularized=True)
    if abs(beta - up) > mpf(10) ** -60 * up:
        sys.exit(f'tail sum and incomplete beta disagree at n={n} k={k}: {up} vs {beta}')


def grid():
    """(n, k, p) points: small, realistic, large, extreme; duplicates removed, order kept."""
    points = []
    common = [0.006, 0.5]
    others = [0.001, 0.01, 0.05, 0.2, 0.9, 1e-6, 0.999]
    # small: every k for n = 1..50
    for p in common:
        for n in range(1, 51):
            points += [(n, k, p) for k in range(n + 1)]
    for p in others:
        for n in (1, 2, 3, 4, 5, 7, 10, 16, 25, 33, 50):
            points += [(n, k, p) for k in range(n + 1)]
    # realistic coverages up to 1000: every k in the region that matters, then a spread to n
    for p in [0.006, 0.001, 0.01, 0.05, 0.5, 0.9]:
        for n in (60, 100, 200, 300, 500, 511, 512, 513, 777, 1000):
            mean = n * p
            sd = math.sqrt(n * p * (1 - p))
            ks = set(range(0, min(n, 25) + 1))
            ks |= {int(mean + c * sd) for c in (-8, -5, -3, -2, -1, -0.5, 0, 0.5, 1, 2, 3, 5, 8, 12, 20)}
            ks |= {int(round(n * f)) for f in (0.1, 0.25, 0.5, 0.75, 0.9, 0.99)}
            ks |= {math.floor(mean), math.ceil(mean), math.floor((n + 1) * p), n - 2, n - 1, n}
            points += [(n, k, p) for k in sorted(ks) if 0 <= k <= n]
    # large coverages: around the mean and far above it; the table edge (4096) and the memo edge (511/512)
    for p in [0.006, 0.5, 0.001, 0.9]:
        for n in (4096, 4097, 10 ** 4, 10 ** 5, 10 ** 6):
            mean = n * p
            sd = math.sqrt(n * p * (1 - p))
            ks = {0, 1, 2, n - 1, n, math.floor(mean), math.ceil(mean)}
            ks |= {int(mean + c * sd) for c in (-30, -10, -5, -3, -1, -0.3, 0.3, 1, 2, 3, 4, 5, 6, 8, 10, 15,
                                                 20, 30, 50, 100)}
            ks |= {int(round(n * f)) for f in (0.01, 0.02, 0.05, 0.1, 0.3, 0.5, 0.7, 0.95)}
            points += [(n, k, p) for k in sorted(ks) if 0 <= k <= n]
    # huge coverage: 2^31 - 1, the largest a 32-bit count allows
    n = 2 ** 31 - 1
    for p in (0.006, 0.5):
        mean = n * p
        sd = math.sqrt(n * p * (1 - p))
        ks = {0, n, n - 1, int(mean), int(mean + 3 * sd), int(mean + 6 * sd), int(mean + 12 * sd), int(mean - 3 * sd),
              int(mean + 40 * sd)}
        points += [(n, k, p) for k in sorted(ks)]
    seen = set()
    for point in points:
        if point not in seen:
            seen.add(point)
            yield point


def main():
    out = sys.stdout
    out.write('# Exact binomial p-values for org.methylstream.stats tests; generated by '
              'src/test/scripts/reference_pvalues.py (see its docstring).\n')
    out.write('# ln_* are natural logs of P(X >= k), P(X = k) and the R/SciPy two-sided p-value, X ~ Binomial(n, p), '
              '20 significant digits; p is the exact double.\n')
    out.write('n,k,p,ln_upper,ln_pmf,ln_two_sided\n')
    rows = 0
    dist = None
    for n, k, p in grid():
        if dist is None or dist.n != n or dist.p != mpf(p):
            dist = Distribution(n, p)
        up = dist.upper(k)
        pm = dist.pmf(k)
        two = dist.two_sided(k)
        if n <= 1000 and (rows % 7 == 0 or k == n or k <= 1):
            check_beta(n, k, dist, up)
        if n <= 10 ** 6:
            check_scipy(n, k, p, dist, up, pm, two)
        out.write(f'{n},{k},{p!r},{fmt(ln(up))},{fmt(dist.ln_pmf(k))},{fmt(ln(two))}\n')
        rows += 1
    print(f'{rows} rows', file=sys.stderr)


if __name__ == '__main__':
    main()
