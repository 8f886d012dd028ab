#!/usr/bin/env bash
# Per-core rates of the three pipeline stages, measured separately for README "Sizing": publish, process (at least
# once and --exactly-once) and sink each run alone on one core (taskset -c 1) against a broker on the other core
# (taskset -c 0), on the same realistic data. Each rate excludes JVM start: publish's own summary; process and sink
# from their first output to their last. Also the broker's bytes per published site (for disk sizing).
# Usage: bench/per-core-rates.sh [SITES]   (default 2000000). Needs 2 cores and taskset (util-linux).
set -euo pipefail
cd "$(dirname "$0")/.."
sites="${1:-2000000}"
work="$(mktemp -d)"
broker_pid=""
cleanup() { [[ -n "$broker_pid" ]] && kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
bin/methylstream --version >/dev/null   # builds the jar if needed, outside the timings
now() { date +%s.%N; }

input="$work/sites.tsv"
bin/methylstream generate --sites "$sites" --seed 1 --out "$input"
significant=$(bin/methylstream score --quiet "$input" | wc -l)

taskset -c 0 bin/methylstream broker --state-dir "$work/broker" --port 0 >"$work/broker.out" 2>"$work/broker.err" &
broker_pid=$!
until [[ -s "$work/broker.out" ]]; do sleep 0.2; done
bootstrap="$(head -1 "$work/broker.out")"
k=(--bootstrap-server "$bootstrap")

# publish: its summary line has the rate after start-up
taskset -c 1 bin/methylstream publish "${k[@]}" --state-dir "$work/publish" --topic bench.sites --partitions 6 \
  --sample s "$input" 2>"$work/publish.err"
publish_rate=$(grep -oE '[0-9]+ sites/s' "$work/publish.err" | tail -1 | cut -d' ' -f1)
bytes=$(du -sb "$work/broker/kafka"/bench.sites-* | awk '{s += $1} END {print s}')

# process: from the first committed site to the last, read from its statistics (sites counted at each commit)
process_rate() {   # $1: application id, then process options
  local app="$1"; shift
  taskset -c 1 bin/methylstream process "${k[@]}" --state-dir "$work/$app" --input-topic bench.sites \
    --output-topic "bench.$app" --application-id "$app" "$@" 2>"$work/$app.err" &
  local pid=$! first="" done="" counted=0
  while [[ -z "$done" ]]; do
    sleep 0.5
    counted=$(taskset -c 0 bin/methylstream stats "${k[@]}" --state-dir "$work/$app" --application-id "$app" \
      --input-topic bench.sites --sample s 2>/dev/null | awk -F'\t' '$2 == "*" {print $3}')
    counted=${counted:-0}
    [[ -z "$first" && "$counted" -gt 0 ]] && { first=$(now); first_count=$counted; }
    [[ "$counted" -ge "$sites" ]] && done=$(now)
  done
  kill "$pid"; wait "$pid" || true
  echo "($sites - $first_count) / ($done - $first)" | bc -l
}
process_alo=$(process_rate alo)
process_eos=$(process_rate eos --exactly-once)

# sink: from the first line in the file to the last
taskset -c 1 bin/methylstream sink "${k[@]}" --state-dir "$work/sink" --topic bench.alo --file "$work/out.tsv" \
  2>"$work/sink.err" &
sink_pid=$!
until [[ -s "$work/out.tsv" ]]; do sleep 0.1; done
first=$(now); first_lines=$(wc -l <"$work/out.tsv")
until [[ $(wc -l <"$work/out.tsv") -ge "$significant" ]]; do sleep 0.2; done
sink_rate=$(echo "($significant - $first_lines) / ($(now) - $first)" | bc -l)
kill "$sink_pid"; wait "$sink_pid" || true

echo "per-core rates: each stage alone on one core, broker on the other; $sites sites ($significant significant),"
echo "6 partitions, $(date -u +%F), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: bench/per-core-rates.sh $sites"
echo
echo "| stage | command | rate per core |"
echo "|---|---|---:|"
printf '| publish | `publish --partitions 6 FILE` | %.0f sites/s |\n' "$publish_rate"
printf '| process | `process --threads 1` (at least once) | %.0f sites/s |\n' "$process_alo"
printf '| process | `process --threads 1 --exactly-once` | %.0f sites/s |\n' "$process_eos"
printf '| sink | `sink` (exactly-once file sink) | %.0f significant sites/s |\n' "$sink_rate"
printf '\nsites topic on the broker: %.1f bytes per site (one replica, lz4 batches as publish sends them)\n' \
  "$(echo "$bytes / $sites" | bc -l)"
