#!/usr/bin/env bash
# Question 4: `methylstream run` end to end (embedded broker, publish, Kafka Streams, Connect sink in one JVM)
# on realistic data: sites/s, peak RSS, and the largest heap after a GC (with the parallel collector it still holds
# old-generation garbage: an upper bound of what the JVM needs), for each size, the median of ROUNDS runs (wall
# clock; RSS and heap of the median run). Checks every output against `score`. A size of 2000 is the README's
# example, examples/sites.tsv. For 1,000,000 sites it also times the seed script on the same file, in the same run.
# Usage: [ROUNDS=N] bench/run-end-to-end.sh [SITES ...]   (default: 2000 1000000 10000000; ROUNDS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-3}"
sizes=("$@")
[[ $# -gt 0 ]] || sizes=(2000 1000000 10000000)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# outside the timings: builds the jar if needed, and the first successful run makes the class data sharing archive
bin/methylstream run --state-dir "$work/warm-up" --out "$work/warm-up.tsv" examples/sites.tsv 2>/dev/null
rm -rf "$work/warm-up"

declare -a rows
for sites in "${sizes[@]}"; do
  input="$work/sites-$sites.tsv"
  if [[ "$sites" == 2000 ]]; then cp examples/sites.tsv "$input"; else bin/methylstream generate --sites "$sites" --seed 1 --out "$input"; fi
  results=()
  for round in $(seq "$rounds"); do
    gc="$work/gc-$sites-$round.log"
    rm -rf "$work/state-$sites" "$work/run-$sites.tsv"
    command=(bin/methylstream run --state-dir "$work/state-$sites" --run-id "bench-$sites" --out "$work/run-$sites.tsv" "$input")
    result="$(METHYLSTREAM_JAVA_OPTS="-Xlog:gc:file=$gc" /usr/bin/python3 bench/measure.py -- "${command[@]}")"
    IFS=$'\t' read -r seconds rss code <<<"$result"
    [[ "$code" == 0 ]] || { echo "run failed (exit $code)" >&2; exit 1; }
    # "Pause Young (Allocation Failure) 300M->41M(981M)" (any collector): the middle figure is what survived
    live=$(grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$gc" | sed -E 's/.*->([0-9]+)M.*/\1/' | sort -n | tail -1)
    results+=("$seconds $rss ${live:-?}")
  done
  read -r seconds rss live <<<"$(printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (rounds + 1) / 2 ))p")"
  all=$(printf '%s\n' "${results[@]}" | cut -d' ' -f1 | sort -n | paste -sd/)
  bin/methylstream score --quiet --out "$work/score-$sites.tsv" "$input"
  same=$(cmp -s <(sort "$work/run-$sites.tsv") <(sort "$work/score-$sites.tsv") && echo yes || echo NO)
  rows+=("$(printf '| %s | %s (%s) | %.0f | %s | %s | %s |' "$sites" "$seconds" "$all" "$(echo "$sites / $seconds" | bc -l)" \
    "$rss" "$live" "$same")")
  if [[ "$sites" == 1000000 ]]; then
    seed="$(/usr/bin/python3 bench/measure.py -- /usr/bin/python3 src/test/resources/seed/binomtest_seed.py "$input" "$work/seed.tsv" 2)"
    IFS=$'\t' read -r seed_seconds _ seed_code <<<"$seed"
    [[ "$seed_code" == 0 ]] || { echo "the seed script failed (exit $seed_code): it needs Debian's SciPy (apt-get install python3-scipy)" >&2; exit 1; }
    seed_line="seed script (scipy pmf, 2 processes) on the same 1,000,000 sites: $seed_seconds s; run is $(printf '%.1f' "$(echo "$seed_seconds / $seconds" | bc -l)")x faster"
  fi
  rm -rf "$work/state-$sites" "$input" "$work"/*-"$sites".tsv
done

echo "run end to end: one JVM (embedded KRaft broker + producer + Kafka Streams + Connect), -Xmx1g, $(date -u +%F), $(nproc) cores"
echo "command: bin/methylstream run --state-dir DIR --run-id ID --out OUT sites.tsv  (sites: bin/methylstream generate --sites N --seed 1;"
echo "2000: examples/sites.tsv); median of $rounds rounds, all rounds' wall clock in brackets; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| sites | wall s (incl. JVM and broker start) | sites/s | peak RSS MiB | largest heap after a GC MiB | output = score |"
echo "|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
[[ -z "${seed_line:-}" ]] || { echo; echo "$seed_line"; }
