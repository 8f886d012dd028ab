#!/usr/bin/python3
"""Realistic site data for the seed-reproduction test, and the seed script's own output on it.

    /usr/bin/python3 src/test/scripts/seed_test_data.py

writes src/test/resources/seed/sites.tsv.gz (the seed's input layout: chrom pos methylated unmethylated) and
runs the seed script unchanged (src/test/resources/seed/binomtest_seed.py, the callback/file-lock version from
shared/reference/BinomTest-seed.md) on it with Debian's scipy, saving its output as
src/test/resources/seed/expected-pmf.tsv.gz. Run once; both files are committed so the test needs no Python.

The data is deterministic (fixed seed): 20,000 CpG sites on seven chromosomes in ascending position order;
coverage mostly around 20x (negative binomial) with a long tail (1.5% between 200 and 6,000 reads, a few
zero-coverage sites); methylation bimodal (about 45% unmethylated, where methylated reads are only errors at a
rate near the default 0.006, 45% highly methylated, 10% intermediate), so there are high-coverage sites with
zero methylated reads, which the pmf statistic calls significant.
"""
import gzip
import math
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED_DIR = os.path.join(HERE, '..', 'resources', 'seed')
SITES = 20000
rng = random.Random(20240611)


def binomial(n, p):
    if n * p < 30 and n < 100000:
        # inversion: sum of geometric gaps, fast for small means
        if p <= 0:
            return 0
        k, x = 0, 0
        log_q = math.log(1 - p)
        while True:
            x += int(math.log(1 - rng.random()) / log_q) + 1
            if x > n:
                return k
            k += 1
    return sum(1 for _ in range(n) if rng.random() < p)


def coverage():
    r = rng.random()
    if r < 0.002:
        return 0
    if r < 0.017:
        # long tail: repeats, rDNA, mitochondria
        return int(math.exp(rng.uniform(math.log(200), math.log(6000))))
    # negative binomial, mean 20: Poisson with a gamma-distributed rate
    rate = rng.gammavariate(4, 5)
    n, t = 0, rng.expovariate(1)
    while t < rate:
        n += 1
        t += rng.expovariate(1)
    return n


def level():
    r = rng.random()
    if r < 0.45:
        return rng.uniform(0.0, 0.012)  # unmethylated: errors and non-conversion only
    if r < 0.90:
        return rng.betavariate(8, 2)
    return rng.uniform(0.1, 0.9)


def main():
    chromosomes = ['chr1', 'chr2', 'chr3', 'chr10', 'chr19', 'chrX', 'chrM']
    weights = [0.25, 0.2, 0.15, 0.15, 0.12, 0.1, 0.03]
    lines = []
    for chrom, weight in zip(chromosomes, weights):
        pos = rng.randint(10000, 50000)
        for _ in range(int(round(SITES * weight))):
            pos += rng.choice([1, 2, 2, 5, 10, 30, 80, 200, 1000, 5000])
            n = coverage()
            k = binomial(n, level())
            lines.append(f'{chrom}\t{pos}\t{k}\t{n - k}\n')
    sites = os.path.join(SEED_DIR, 'sites.tsv.gz')
    with gzip.GzipFile(sites, 'wb', mtime=0) as out:
        out.write(''.join(lines).encode('ascii'))
    plain_in = os.path.join(SEED_DIR, 'sites.tmp.tsv')
    plain_out = os.path.join(SEED_DIR, 'expected.tmp.tsv')
    with open(plain_in, 'w') as f:
        f.writelines(lines)
    if os.path.exists(plain_out):
        os.remove(plain_out)  # the seed appends
    # 4 chunks, as a user would run it: python3 binomtest_seed.py input output 4
    subprocess.run([sys.executable, os.path.join(SEED_DIR, 'binomtest_seed.py'), plain_in, plain_out, '4'],
                   check=True, stdout=subprocess.DEVNULL)
    with open(plain_out, 'rb') as f, gzip.GzipFile(os.path.join(SEED_DIR, 'expected-pmf.tsv.gz'), 'wb', mtime=0) as out:
        expected = f.read()
        out.write(expected)
    os.remove(plain_in)
    os.remove(plain_out)
    significant = expected.count(b"\n")
    print(f"{len(lines)} sites, {significant} significant under the seed", file=sys.stderr)


if __name__ == '__main__':
    main()
