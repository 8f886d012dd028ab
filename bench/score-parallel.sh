#!/usr/bin/env bash
# `methylstream score` on every core against one core (taskset -c 0), and optionally against an earlier version
# built from git (BASELINE=REV, e.g. main): sites/s after start-up (score's own summary) and wall clock, median of
# ROUNDS runs each, with the outputs compared byte for byte.
# Usage: [ROUNDS=3] [BASELINE=REV] bench/score-parallel.sh [SITES]   (default 10000000)
set -euo pipefail
cd "$(dirname "$0")/.."
sites="${1:-10000000}"
rounds="${ROUNDS:-3}"
work="$(mktemp -d)"
cleanup() {
  [[ -z "${BASELINE:-}" ]] || git worktree remove --force "$work/baseline" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
bin/methylstream --version >/dev/null   # builds the jar if needed, outside the timings
input="$work/sites.tsv"
bin/methylstream generate --sites "$sites" --seed 1 --out "$input"
jvm=(-Xmx1g -XX:+UseParallelGC -XX:CompileThresholdScaling=3 -XX:FreqInlineSize=150 -XX:InlineSmallCode=1500)   # as bin/methylstream runs score
jars=("new=target/methylstream.jar")
if [[ -n "${BASELINE:-}" ]]; then
  git worktree add --detach -q "$work/baseline" "$BASELINE"
  (cd "$work/baseline" && mvn -B -q -Dmaven.test.skip=true package) >&2
  jars+=("$BASELINE=$work/baseline/target/methylstream.jar")
fi

declare -a rows
for entry in "${jars[@]}"; do
  name="${entry%%=*}" jar="${entry#*=}"
  for cores in all one; do
    pin=(); [[ "$cores" == one ]] && pin=(taskset -c 0)
    results=()
    for round in $(seq "$rounds"); do
      # the last round's output is removed before the clock starts: replacing a 300 MB file frees its pages inside
      # the run (0.1-0.2 s here), which is the file system's work, not score's
      rm -f "$work/out-$name-$cores.tsv"
      start=$(date +%s.%N)
      "${pin[@]}" java "${jvm[@]}" -jar "$jar" score --out "$work/out-$name-$cores.tsv" "$input" 2>"$work/err"
      end=$(date +%s.%N)
      rate=$(grep -oE '[0-9]+ sites/s\)' "$work/err" | grep -oE '^[0-9]+')
      results+=("$rate $(echo "$end - $start" | bc -l)")
    done
    read -r rate wall <<<"$(printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (rounds + 1) / 2 ))p")"
    same=$(cmp -s "$work/out-$name-$cores.tsv" "$work/out-new-all.tsv" && echo yes || echo NO)
    rows+=("$(printf '| %s | %s | %s | %.2f | %s |' "$name" "$([[ $cores == all ]] && echo "all $(nproc)" || echo "1 (taskset -c 0)")" \
      "$rate" "$wall" "$same")")
  done
done
echo "score on $sites realistic sites (bin/methylstream generate --sites $sites --seed 1), java ${jvm[*]} -jar JAR score --out OUT,"
echo "median of $rounds rounds, $(date -u +%F), $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| version | cores | sites/s after start-up | wall s | output identical to new on all cores |"
echo "|---|---|---:|---:|---|"
printf '%s\n' "${rows[@]}"
