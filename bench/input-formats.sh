#!/usr/bin/env bash
# `methylstream score` on the same sites written in every input format (and with --merge-cpg), one run each:
# how much each layout's parser costs against the 4-column form. Prints a table and the commands.
# Usage: bench/input-formats.sh [SITES]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
sites="${1:-1000000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bin/methylstream --version >/dev/null   # builds the jar if needed, outside the timings

seed="$work/sites.tsv"
bin/methylstream generate --sites "$sites" --seed 1 --out "$seed"
# odd positions are + strand Cs, even ones - strand Cs: generated positions are a CpG's either strand
awk -F'\t' -v OFS='\t' '{s = $2 % 2 ? "+" : "-"; c = $3 + $4; print $1, $2, s, "CGA", $3, c, 0}' "$seed" > "$work/sites.allc.tsv"
awk -F'\t' -v OFS='\t' '{s = $2 % 2 ? "+" : "-"; print $1, $2, s, $3, $4, "CG", "CGA"}' "$seed" > "$work/sites.CpG_report.txt"
awk -F'\t' -v OFS='\t' '{c = $3 + $4; p = c ? 100 * $3 / c : 0; s = $2 % 2 ? "+" : "-";
  printf "%s\t%d\t%d\tm\t%d\t%s\t%d\t%d\t255,0,0\t%d\t%.2f\t%d\t%d\t0\t0\t0\t0\t0\n", $1, $2 - 1, $2, c, s, $2 - 1, $2, c, p, $3, $4}' \
  "$seed" > "$work/sites.bedMethyl.bed"
awk -F'\t' -v OFS='\t' 'BEGIN {print "track type=\"bedGraph\""} {c = $3 + $4; print $1, $2 - 1, $2, int(c ? 100 * $3 / c : 0), $3, $4}' \
  "$seed" > "$work/sites_CpG.bedGraph"
awk -F'\t' -v OFS='\t' '{c = $3 + $4; print $1, $2, $2, (c ? 100 * $3 / c : 0), $3, $4}' "$seed" > "$work/sites.bismark.cov"

declare -a rows
measure() {  # name, input, extra options...
  local name="$1" input="$2"; shift 2
  local result; result="$(/usr/bin/python3 bench/measure.py --stderr "$work/stderr" -- \
    bin/methylstream score --out "$work/out.tsv" "$@" "$input")"
  local seconds rss code; IFS=$'\t' read -r seconds rss code <<<"$result"
  [[ "$code" == 0 ]] || { echo "$name failed (exit $code)" >&2; cat "$work/stderr" >&2; exit 1; }
  local own; own=$(grep -oE '[0-9]+ sites/s\)' "$work/stderr" | grep -oE '^[0-9]+' || echo "-")
  rows+=("$(printf '| %s | %s | %s | %s | %s | `score %s %s` |' "$name" "$(wc -c <"$input")" "$seconds" "$own" \
    "$rss" "$*" "$(basename "$input")")")
}
measure "seed (4 columns)" "$seed"
measure "bismark" "$work/sites.bismark.cov"
measure "allc" "$work/sites.allc.tsv"
measure "cytosine-report" "$work/sites.CpG_report.txt"
measure "bedgraph" "$work/sites_CpG.bedGraph"
measure "bedmethyl" "$work/sites.bedMethyl.bed"
measure "allc, --merge-cpg" "$work/sites.allc.tsv" --merge-cpg
measure "cytosine-report, --context CG" "$work/sites.CpG_report.txt" --context CG

echo "$sites sites, $(nproc) cores"
echo "| format | bytes | wall s | sites/s after start-up | peak RSS MiB | command |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
