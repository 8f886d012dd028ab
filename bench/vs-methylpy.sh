#!/usr/bin/env bash
# methylstream against methylpy (`test-allc --unmethylated-control`, the best-known per-site caller) on the same
# allc file with a lambda control contig: the error rate, every p-value, the calls at FDR 0.01 per context, and both
# wall-clock times. Prints a table.
# Usage: bench/vs-methylpy.sh [SITES]   (default 1000000 genome sites, plus ~24,000 control sites)
#
# Needs methylpy on PATH or in $METHYLPY (this script installs nothing). To install it:
#   python3 -m venv ~/methylpy-venv && ~/methylpy-venv/bin/pip install methylpy    # PyPI; brings numpy, scipy, pysam
#   (or, with Debian's python3-numpy python3-scipy python3-pysam: python3 -m venv --system-site-packages VENV and
#    VENV/bin/pip install --no-deps --no-build-isolation DIR, DIR being methylpy's source, github.com/yupenghe/methylpy)
#   then METHYLPY=~/methylpy-venv/bin/methylpy bench/vs-methylpy.sh
set -euo pipefail
cd "$(dirname "$0")/.."
sites="${1:-1000000}"
methylpy="${METHYLPY:-$(command -v methylpy || true)}"
if [[ -z "$methylpy" || ! -x "$methylpy" ]]; then
  echo "vs-methylpy: no methylpy found (on PATH or in \$METHYLPY); see the install lines at the top of $0" >&2
  exit 1
fi
python="$(dirname "$methylpy")/python3"   # the interpreter methylpy is installed in, for its own functions
[[ -x "$python" ]] || python=python3
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bin/methylstream --version >/dev/null   # builds the jar if needed, outside the timings

# The allc file: methylstream's synthetic sites with a context each, then a lambda control "L" (methylpy's name for
# chrL: it strips chr) whose every methylated read is an error at a known rate of 0.5 %.
# methylpy corrects per context *string*, methylstream per CG/CHG/CHH: each class is written with one string
# (CGG, CAG, CAA) so that the two groupings are the same. methylpy also tests the control's rows; they are written
# with other strings (CGT, CTG, CTT), so they form classes of their own and leave the genome's m unchanged.
allc="$work/bench.allc"
bin/methylstream generate --sites "$sites" --seed 1 --out "$work/sites.tsv"
awk -v seed=1 'BEGIN { srand(seed); OFS = "\t" }
  { r = rand(); context = r < 0.7 ? "CGG" : (r < 0.85 ? "CAG" : "CAA")
    print $1, $2, (NR % 2 ? "+" : "-"), context, $3, $3 + $4, 1 }
  END { for (pos = 1; pos <= 48502; pos += 2) {
          n = 10 + int(rand() * 30); k = 0
          for (read = 0; read < n; read++) if (rand() < 0.005) k++
          c = pos % 3 == 0 ? "CGT" : (pos % 3 == 1 ? "CTG" : "CTT")
          print "L", pos, "+", c, k, n, 1 } }' "$work/sites.tsv" > "$allc"
rm "$work/sites.tsv"
rows=$(wc -l < "$allc")

# wall-clock seconds and CPU seconds (user + system, the command's whole process tree): on a machine shared with
# other jobs the CPU time is the steadier figure
seconds() {
  /usr/bin/python3 - "$@" <<'PY'
import resource, subprocess, sys, time
log, command = sys.argv[1], sys.argv[2:]
start = time.monotonic()
with open(log, "w") as err:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=err)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{time.monotonic() - start:.2f}/{usage.ru_utime + usage.ru_stime:.2f}")
PY
}

# methylpy: the whole test-allc (rate, binomial tests, BH per context, calls), one process and two; its index of
# the allc file (which test-allc would otherwise write in its first run) made beforehand, untimed
"$python" -c 'import sys; from methylpy.utilities import index_allc_file; index_allc_file(sys.argv[1])' "$allc"
mkdir -p "$work/mp1" "$work/mp2"
mp1=$(seconds "$work/mp1.log" "$methylpy" test-allc --allc-file "$allc" --sample bench --unmethylated-control chrL: \
  --min-cov 1 --sig-cutoff 0.01 --num-procs 1 --compress-output False --path-to-output "$work/mp1")
mp2=$(seconds "$work/mp2.log" "$methylpy" test-allc --allc-file "$allc" --sample bench --unmethylated-control chrL: \
  --min-cov 1 --sig-cutoff 0.01 --num-procs 2 --compress-output False --path-to-output "$work/mp2")
# with two processes it writes the chromosomes in another order
cmp -s <(sort "$work/mp1/allc_bench.tsv") <(sort "$work/mp2/allc_bench.tsv") \
  || { echo "methylpy's two runs differ" >&2; exit 1; }
# its rate and p-values, from its own functions (test-allc keeps neither)
"$python" - "$allc" "$work" <<'PY'
import sys
from methylpy.call_mc_se import calculate_non_conversion_rate, allc_run_binom_tests
allc, work = sys.argv[1], sys.argv[2]
rate = calculate_non_conversion_rate("chrL:", allc)
with open(work + "/methylpy.rate", "w") as f:
    f.write(repr(rate) + "\n")
allc_run_binom_tests(allc, work + "/methylpy.pvalues", rate, min_cov=1)
PY

# methylstream: the same job, and the p-values of every tested site. One untimed run first: the first run of a
# command after a build also writes its class-data archive (bin/methylstream), which later runs map instead
bin/methylstream score --quiet --control chrL --out "$work/warm-up.tsv" "$allc"
ms=$(seconds "$work/ms.log" bin/methylstream score --control chrL --fdr 0.01 --fdr-by context \
  --fdr-tests methylated --out "$work/ms.calls" "$allc")
ms_all=$(seconds "$work/ms-all.log" bin/methylstream score --control chrL --all --out "$work/ms.pvalues" "$allc")

/usr/bin/python3 - "$work" "$rows" "$mp1" "$mp2" "$ms" "$ms_all" "$(uptime | sed 's/.*load average: //')" <<'PY'
import math, re, sys
work, rows = sys.argv[1], int(sys.argv[2])
(mp1, mp1_cpu), (mp2, mp2_cpu), (ms, ms_cpu), (ms_all, ms_all_cpu) = (map(float, a.split("/")) for a in sys.argv[3:7])
load = sys.argv[7]
mp_rate = float(open(work + "/methylpy.rate").read())
ms_rate = float(re.search(r"error rate ([0-9.eE-]+) \(control", open(work + "/ms.log").read()).group(1))

# p-values: methylpy's of every site with a methylated read, methylstream's of every tested site
mp_p = {}
for line in open(work + "/methylpy.pvalues"):
    f = line.rstrip("\n").split("\t")
    if f[6] != "2.0" and f[0] != "L":
        mp_p[(f[0], f[1])] = float(f[6])
from fractions import Fraction
from math import comb
def exact(k, n, r):  # P(X >= k), X ~ Binomial(n, r), in exact rational arithmetic
    r = Fraction(r)
    return sum(comb(n, i) * r**i * (1 - r)**(n - i) for i in range(k, n + 1))
worst_abs, worst_rel, compared, deep = 0.0, 0.0, 0, []
for line in open(work + "/ms.pvalues"):
    f = line.split("\t")
    p = mp_p.get((f[0], f[1]))
    if p is not None:
        q = float(f[4])
        compared += 1
        worst_abs = max(worst_abs, abs(p - q))
        rel = abs(p - q) / p if p > 0 else 0.0
        if p >= 1e-280:
            worst_rel = max(worst_rel, rel)
        elif rel > 1e-9:
            deep.append((rel, int(f[2]), int(f[2]) + int(f[3]), p, q))
assert compared == len(mp_p), f"{len(mp_p) - compared} of methylpy's tested sites have no methylstream p-value"
# below 1e-280 SciPy's binom.sf loses digits: which of the two is right, by exact arithmetic on the worst
deep.sort(reverse=True)
exact_errors = []
for rel, k, n, p, q in deep[:5]:
    e = exact(k, n, ms_rate)
    exact_errors.append((float(abs(Fraction(p) - e) / e), float(abs(Fraction(q) - e) / e)))

# calls: methylpy's column 7 (the control's own classes left out: methylstream does not test the control)
mp_calls = set()
for line in open(work + "/mp1/allc_bench.tsv"):
    f = line.rstrip("\n").split("\t")
    if f[6] == "1" and f[0] != "L":
        mp_calls.add((f[0], f[1]))
ms_calls = set()
for line in open(work + "/ms.calls"):
    f = line.split("\t")
    ms_calls.add((f[0], f[1]))
only_mp, only_ms = mp_calls - ms_calls, ms_calls - mp_calls

print(f"{rows:,} allc rows ({rows - 24251:,} genome sites, 24,251 control sites of contig L)\n")
print("| | methylpy 1.4.7 `test-allc --unmethylated-control chrL:` | methylstream `score --control chrL --fdr 0.01 --fdr-by context --fdr-tests methylated` |")
print("|---|---|---|")
print(f"| error rate | {mp_rate!r} | {ms_rate!r} (equal: {mp_rate == ms_rate}) |")
print(f"| p-values compared | {len(mp_p):,} sites with a methylated read | largest difference {worst_abs:.2e} absolute; {worst_rel:.2e} relative where p >= 1e-280 |")
if deep:
    mp_err = max(e[0] for e in exact_errors)
    ms_err = max(e[1] for e in exact_errors)
    print(f"| p < 1e-280, differing by > 1e-9 relative | {len(deep)} sites; the worst 5 are off the exact value by up to {mp_err:.2e} | off by up to {ms_err:.2e} |")
print(f"| calls at FDR 0.01 | {len(mp_calls):,} | {len(ms_calls):,}: {len(mp_calls & ms_calls):,} the same, {len(only_mp)} only methylpy's, {len(only_ms)} only methylstream's |")
print(f"| wall clock, s | {mp1:.2f} (--num-procs 1), {mp2:.2f} (--num-procs 2) | {ms:.2f}: {min(mp1, mp2) / ms:.1f}x faster than methylpy's best; with every p-value written (--all): {ms_all:.2f} |")
print(f"| CPU (user + system), s | {mp1_cpu:.2f} (--num-procs 1), {mp2_cpu:.2f} (--num-procs 2) | {ms_cpu:.2f}: {min(mp1_cpu, mp2_cpu) / ms_cpu:.1f}x less; --all: {ms_all_cpu:.2f} |")
print(f"\nload average at the end: {load}")
if only_mp or only_ms:
    print("\nsites called by one only (first 10):", sorted(only_mp | only_ms)[:10])
PY
