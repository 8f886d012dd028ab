#!/usr/bin/env bash
# End-to-end check of the launcher itself: bin/methylstream score --test pmf reproduces the seed script's
# committed output on the realistic test data, and exits 1 / 0 / 2 on bad input as the issue describes.
# The JUnit tests run the same entry point in-process and in a child JVM; this runs the real script (which
# builds target/methylstream.jar when stale). Usage: src/test/scripts/check_bin_methylstream.sh
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
seed="$home/src/test/resources/seed"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$home/bin/methylstream" score --test pmf --quiet "$seed/sites.tsv.gz" > "$tmp/ours.tsv"
gzip -dc "$seed/expected-pmf.tsv.gz" > "$tmp/seed.tsv"
# same (chrom, pos, count1, count2) set; p-values within 1e-9 relative (see SeedReproductionTest for why)
awk -F'\t' 'NR == FNR { seed[$1 FS $2 FS $3 FS $4] = $5; n++; next }
  { key = $1 FS $2 FS $3 FS $4; if (!(key in seed)) { print "extra: " $0; bad++; next }
    d = $5 - seed[key]; if (d < 0) d = -d; if (d > 1e-9 * seed[key]) { print "p-value: " $0 " seed " seed[key]; bad++ }
    seen[key] = 1; m++ }
  END { for (k in seed) if (!(k in seen)) { print "missing: " k; bad++ }
        printf "%d seed lines, %d methylstream lines, %d differences\n", n, m, bad; exit bad > 0 }' \
  "$tmp/seed.tsv" "$tmp/ours.tsv" || fail "output differs from the seed script's"

printf 'chr1\t1\t9\t1\nchr1\t2\tx\t1\nchr1\t3\t9\t1\n' > "$tmp/bad.txt"
set +e
"$home/bin/methylstream" score "$tmp/bad.txt" > /dev/null 2> "$tmp/err"; code=$?
set -e
[[ $code == 1 ]] || fail "first bad line: exit $code, expected 1"
[[ "$(cat "$tmp/err")" == "$tmp/bad.txt:2: column 3 (methylated) is not an integer: 'x'" ]] || fail "message: $(cat "$tmp/err")"
"$home/bin/methylstream" score --skip-invalid "$tmp/bad.txt" > "$tmp/out" 2> "$tmp/err" || fail "--skip-invalid: exit $?"
[[ $(wc -l < "$tmp/out") == 2 ]] || fail "--skip-invalid should score the 2 good lines"
grep -q "1 invalid lines" "$tmp/err" || fail "--skip-invalid summary: $(cat "$tmp/err")"
set +e
"$home/bin/methylstream" score --error-rate 1.5 "$tmp/bad.txt" > /dev/null 2>&1; code=$?
set -e
[[ $code == 2 ]] || fail "bad option: exit $code, expected 2"
echo "bin/methylstream: seed output reproduced; exit codes 1, 0, 2 as expected"
