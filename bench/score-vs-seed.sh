#!/usr/bin/env bash
# Question 2: `methylstream score` against the seed's Python script (scipy pmf, multiprocessing) and vectorised R
# (pbinom / dbinom on whole columns), on the same realistic file, one run each. Prints a table and the commands.
# Usage: bench/score-vs-seed.sh [SITES]   (default 1000000). Installs python3-scipy and r-base-core if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
sites="${1:-1000000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! /usr/bin/python3 -c 'import scipy' 2>/dev/null || ! command -v Rscript >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-scipy r-base-core >/dev/null
fi
bin/methylstream --version >/dev/null   # builds the jar if needed, outside the timings

input="$work/sites.tsv"
bin/methylstream generate --sites "$sites" --seed 1 --out "$input"

cat > "$work/vectorised.R" <<'R'
args <- commandArgs(trailingOnly = TRUE)
d <- read.delim(args[1], header = FALSE, colClasses = c("character", "integer", "integer", "integer"))
n <- d$V3 + d$V4
p <- if (args[3] == "pmf") dbinom(d$V3, n, 0.006) else pbinom(d$V3 - 1, n, 0.006, lower.tail = FALSE)
keep <- p < 1e-5
write.table(cbind(d[keep, ], p[keep]), args[2], sep = "\t", quote = FALSE, row.names = FALSE, col.names = FALSE)
R

declare -a rows
measure() {  # name, output file, command...
  local name="$1" out="$2"; shift 2
  local result; result="$(/usr/bin/python3 bench/measure.py --stderr "$work/stderr" -- "$@")"
  local seconds rss code; IFS=$'\t' read -r seconds rss code <<<"$result"
  [[ "$code" == 0 ]] || { echo "$name failed (exit $code): $*" >&2; exit 1; }
  local lines; lines=$(wc -l <"$out")
  # score reports its own rate after JVM start-up in its summary
  local own; own=$(grep -oE '[0-9]+ sites/s\)' "$work/stderr" | grep -oE '^[0-9]+' || echo "-")
  rows+=("$(printf '| %s | %s | %s | %.0f | %s | %s | %s |' "$name" "$lines" "$seconds" \
    "$(echo "$sites / $seconds" | bc -l)" "$own" "$rss" "\`$*\`")")
}
measure "methylstream score (upper)" "$work/upper.tsv" bin/methylstream score --out "$work/upper.tsv" "$input"
measure "methylstream score --test pmf" "$work/pmf.tsv" bin/methylstream score --test pmf --out "$work/pmf.tsv" "$input"
measure "seed script (scipy pmf, 2 processes)" "$work/seed.tsv" \
  /usr/bin/python3 src/test/resources/seed/binomtest_seed.py "$input" "$work/seed.tsv" 2
measure "R vectorised pbinom (upper)" "$work/r-upper.tsv" Rscript "$work/vectorised.R" "$input" "$work/r-upper.tsv" upper
measure "R vectorised dbinom (pmf)" "$work/r-pmf.tsv" Rscript "$work/vectorised.R" "$input" "$work/r-pmf.tsv" pmf

echo "score vs seed vs R: $sites realistic sites (bin/methylstream generate --sites $sites --seed 1), $(date -u +%F), $(nproc) cores"
echo
echo "| program | significant lines | wall s | sites/s (wall) | sites/s after start-up | peak RSS MiB (all processes) | command |"
echo "|---|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
echo
echo "Same significant sites: upper $(cmp -s <(cut -f1-4 "$work/upper.tsv" | sort) <(cut -f1-4 "$work/r-upper.tsv" | sort) && echo yes || echo NO) (vs R);" \
  "pmf $(cmp -s <(cut -f1-4 "$work/pmf.tsv" | sort) <(cut -f1-4 "$work/seed.tsv" | sort) && echo yes || echo NO) (vs seed)," \
  "$(cmp -s <(cut -f1-4 "$work/pmf.tsv" | sort) <(cut -f1-4 "$work/r-pmf.tsv" | sort) && echo yes || echo NO) (vs R)"
