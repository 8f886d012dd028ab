#!/usr/bin/env bash
# Question 4: `methylstream run` end to end (embedded broker, publish, Kafka Streams, Connect sink in one JVM)
# on realistic data: sites/s, peak RSS, and the largest heap after a GC (with the parallel collector it still holds
# old-generation garbage: an upper bound of what the JVM needs), for each size. Checks every output against `score`.
# Usage: bench/run-end-to-end.sh [SITES ...]   (default: 1000000 10000000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000000 10000000}")
[[ $# -gt 0 ]] || sizes=(1000000 10000000)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bin/methylstream --version >/dev/null   # builds the jar if needed, outside the timings

declare -a rows
for sites in "${sizes[@]}"; do
  input="$work/sites-$sites.tsv"
  bin/methylstream generate --sites "$sites" --seed 1 --out "$input"
  gc="$work/gc-$sites.log"
  command=(bin/methylstream run --state-dir "$work/state-$sites" --run-id "bench-$sites" --out "$work/run-$sites.tsv" "$input")
  result="$(METHYLSTREAM_JAVA_OPTS="-Xlog:gc:file=$gc" /usr/bin/python3 bench/measure.py -- "${command[@]}")"
  IFS=$'\t' read -r seconds rss code <<<"$result"
  [[ "$code" == 0 ]] || { echo "run failed (exit $code)" >&2; exit 1; }
  # "Pause Young (Allocation Failure) 300M->41M(981M)" (any collector): the middle figure is what survived
  live=$(grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$gc" | sed -E 's/.*->([0-9]+)M.*/\1/' | sort -n | tail -1)
  bin/methylstream score --quiet --out "$work/score-$sites.tsv" "$input"
  same=$(cmp -s <(sort "$work/run-$sites.tsv") <(sort "$work/score-$sites.tsv") && echo yes || echo NO)
  rows+=("$(printf '| %s | %s | %.0f | %s | %s | %s |' "$sites" "$seconds" "$(echo "$sites / $seconds" | bc -l)" \
    "$rss" "${live:-?}" "$same")")
  rm -rf "$work/state-$sites" "$input" "$work"/*-"$sites".tsv
done

echo "run end to end: one JVM (embedded KRaft broker + producer + Kafka Streams + Connect), -Xmx1g, $(date -u +%F), $(nproc) cores"
echo "command: bin/methylstream run --state-dir DIR --run-id ID --out OUT sites.tsv  (sites: bin/methylstream generate --sites N --seed 1)"
echo
echo "| sites | wall s (incl. JVM and broker start) | sites/s | peak RSS MiB | largest heap after a GC MiB | output = score |"
echo "|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
