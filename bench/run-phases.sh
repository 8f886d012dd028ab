#!/usr/bin/env bash
# Where `methylstream run`'s time goes: runs `run --verbose` ROUNDS times on the same file (own in-process broker,
# fresh state directory each time) and prints, per phase, the median time it ended at and the median time it took
# since the phase before (the timeline `--verbose` prints), and the median wall clock of the whole command.
# Usage: bench/run-phases.sh [SITES|FILE] [ROUNDS]   (default: examples/sites.tsv, 5 rounds)
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-examples/sites.tsv}"
rounds="${2:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [[ "$what" =~ ^[0-9]+$ ]]; then
  input="$work/sites.tsv"
  bin/methylstream generate --sites "$what" --seed 1 --out "$input"
else
  input="$what"
fi
# outside the timings: builds the jar if needed, and the first successful run makes the class data sharing archive
bin/methylstream run --state-dir "$work/warm-up" --out "$work/warm-up.tsv" examples/sites.tsv 2>/dev/null
rm -rf "$work/warm-up"

for round in $(seq "$rounds"); do
  start=$(date +%s.%N)
  bin/methylstream run --verbose --state-dir "$work/state" --run-id "phases-$round" --out "$work/out.tsv" "$input" \
    2>"$work/err-$round" || { echo "run failed:"; tail -20 "$work/err-$round"; exit 1; } >&2
  end=$(date +%s.%N)
  echo "$(echo "$end - $start" | bc -l)" >"$work/wall-$round"
  rm -rf "$work/state"
done

python3 - "$work" "$rounds" "$input" <<'PY'
import re, statistics, sys
work, rounds, source = sys.argv[1], int(sys.argv[2]), sys.argv[3]
phases, ends, shares = [], {}, {}
for r in range(1, rounds + 1):
    timeline = open(f"{work}/err-{r}").read().split("where the time went", 1)[1]
    for line in timeline.splitlines():
        m = re.match(r"\s+([\d.]+) s\s+([\d.]+) s\s+(.*) \(([^()]*)\)$", line)
        if not m:
            continue
        phase = re.sub(r"\((EMBEDDED|SHARED|GIVEN)\)", "", m.group(3)).strip()
        if phase not in ends:
            phases.append(phase)
            ends[phase], shares[phase] = [], []
        ends[phase].append(float(m.group(1)))
        shares[phase].append(float(m.group(2)))
walls = [float(open(f"{work}/wall-{r}").read()) for r in range(1, rounds + 1)]
print(f"`run` phases: {source}, median of {rounds} rounds (bin/methylstream run --verbose, own broker, fresh state dir)")
print()
print("| phase (ends when) | ends at s since JVM start | took s (since the phase before) |")
print("|---|---:|---:|")
for phase in phases:
    print(f"| {phase} | {statistics.median(ends[phase]):.2f} | {statistics.median(shares[phase]):.2f} |")
print(f"| JVM exit (wall clock of the command) | {statistics.median(walls):.2f} | |")
PY
