#!/usr/bin/env bash
# `methylstream run` against an earlier version built from git (BASELINE, default main), on the same files, the two
# alternating round by round so that both meet the same machine load: median wall clock and median CPU seconds
# (user + system, which other load on the machine distorts far less than the wall clock), output checked against
# `score`. Each run starts its own broker on a fresh state directory, as a new user's run does.
# Usage: [ROUNDS=3] [BASELINE=REV] bench/run-vs-baseline.sh [SITES ...]   (default: 2000 1000000; 2000 is
# examples/sites.tsv)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-3}"
baseline="${BASELINE:-main}"
sizes=("$@")
[[ $# -gt 0 ]] || sizes=(2000 1000000)
work="$(mktemp -d)"
trap 'git worktree remove --force "$work/baseline" 2>/dev/null || true; rm -rf "$work"' EXIT
git worktree add --detach -q "$work/baseline" "$baseline"
(cd "$work/baseline" && mvn -B -q -Dmaven.test.skip=true package) >&2
# both started as users start them, by their own bin/methylstream (JVM options, class data sharing); outside the
# timings: each one's jar, and its class data sharing archive from a first successful run
old=("$work/baseline/bin/methylstream")
new=(bin/methylstream)
for launcher in "${old[0]}" "${new[0]}"; do
  "$launcher" run --state-dir "$work/warm-up" --out "$work/warm-up.tsv" examples/sites.tsv 2>/dev/null
  rm -rf "$work/warm-up"
done

declare -a rows
for sites in "${sizes[@]}"; do
  input="$work/sites-$sites.tsv"
  if [[ "$sites" == 2000 ]]; then cp examples/sites.tsv "$input"; else bin/methylstream generate --sites "$sites" --seed 1 --out "$input"; fi
  bin/methylstream score --quiet --out "$work/score.tsv" "$input"
  for version in old new; do : >"$work/times-$version"; done
  for round in $(seq "$rounds"); do
    for version in old new; do
      if [[ "$version" == old ]]; then command=("${old[@]}"); else command=("${new[@]}"); fi
      rm -rf "$work/state"
      /usr/bin/time -f "%e %U %S" -o "$work/time" "${command[@]}" run --state-dir "$work/state" --run-id "r$round" \
        --out "$work/out.tsv" "$input" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
      read -r wall user sys <"$work/time"
      echo "$wall $(echo "$user + $sys" | bc -l)" >>"$work/times-$version"
      cmp -s <(sort "$work/out.tsv") <(sort "$work/score.tsv") || { echo "$version: output differs from score" >&2; exit 1; }
    done
  done
  median() { cut -d' ' -f"$1" "$2" | sort -n | sed -n "$(( (rounds + 1) / 2 ))p"; }
  ow=$(median 1 "$work/times-old"); oc=$(median 2 "$work/times-old")
  nw=$(median 1 "$work/times-new"); nc=$(median 2 "$work/times-new")
  rows+=("$(printf '| %s | %.2f | %.2f | %.2f | %.2f | %.2fx | %.2fx | yes |' "$sites" "$ow" "$nw" "$oc" "$nc" \
    "$(echo "$ow / $nw" | bc -l)" "$(echo "$oc / $nc" | bc -l)")")
done
echo "run: $baseline ($(git rev-parse --short "$baseline")) against this version, median of $rounds alternating rounds each,"
echo "$(date -u +%F), $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| sites | $baseline wall s | now wall s | $baseline CPU s | now CPU s | wall speed-up | CPU saved (ratio) | output = score |"
echo "|---:|---:|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
