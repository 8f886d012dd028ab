#!/usr/bin/env bash
# `methylstream run` by two launchers on the same files, alternating round by round so that both meet the same
# machine load: median wall clock and median CPU seconds (user + system, which other load on the machine distorts far
# less than the wall clock), each output checked against `score`. Each run starts its own broker on a fresh state
# directory, as a new user's run does. A launcher is a bin/methylstream, or git:REV: the version REV built in a
# worktree of its own. Used by run-vs-baseline.sh; streams-metrics-cost.sh makes its tree itself.
# Usage: [ROUNDS=3] bench/alternate-runs.sh NAME-A LAUNCHER-A NAME-B LAUNCHER-B SITES ...   (2000 is examples/sites.tsv)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-3}"
names=("$1" "$3")
launchers=("$2" "$4")
shift 4
work="$(mktemp -d)"
trap 'for tree in "$work"/tree-*; do git worktree remove --force "$tree" 2>/dev/null || true; done; rm -rf "$work"' EXIT
for v in 0 1; do
  if [[ "${launchers[$v]}" == git:* ]]; then
    tree="$work/tree-$v"
    git worktree add --detach -q "$tree" "${launchers[$v]#git:}"
    (cd "$tree" && mvn -B -q -Dmaven.test.skip=true package) >&2
    launchers[$v]="$tree/bin/methylstream"
  fi
done
# outside the timings: each one's jar, and its class data sharing archive from a first successful run
for launcher in "${launchers[@]}"; do
  "$launcher" run --state-dir "$work/warm-up" --out "$work/warm-up.tsv" examples/sites.tsv 2>/dev/null
  rm -rf "$work/warm-up"
done

declare -a rows
for sites in "$@"; do
  input="$work/sites-$sites.tsv"
  if [[ "$sites" == 2000 ]]; then cp examples/sites.tsv "$input"; else bin/methylstream generate --sites "$sites" --seed 1 --out "$input"; fi
  bin/methylstream score --quiet --out "$work/score.tsv" "$input"
  for v in 0 1; do : >"$work/times-$v"; done
  for round in $(seq "$rounds"); do
    for v in 0 1; do
      # a fresh --out too: a launcher before 2026-12-02 counted an existing one into the input's size (its JIT choice)
      rm -rf "$work/state" "$work/out.tsv"
      /usr/bin/time -f "%e %U %S" -o "$work/time" "${launchers[$v]}" run --state-dir "$work/state" --run-id "r$round" \
        --out "$work/out.tsv" "$input" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
      read -r wall user sys <"$work/time"
      echo "$wall $(echo "$user + $sys" | bc -l)" >>"$work/times-$v"
      cmp -s <(sort "$work/out.tsv") <(sort "$work/score.tsv") || { echo "${names[$v]}: output differs from score" >&2; exit 1; }
    done
  done
  median() { cut -d' ' -f"$1" "$2" | sort -n | sed -n "$(( (rounds + 1) / 2 ))p"; }
  aw=$(median 1 "$work/times-0"); ac=$(median 2 "$work/times-0")
  bw=$(median 1 "$work/times-1"); bc=$(median 2 "$work/times-1")
  rows+=("$(printf '| %s | %.2f | %.2f | %.2f | %.2f | %.2fx | %.2fx | yes |' "$sites" "$aw" "$bw" "$ac" "$bc" \
    "$(echo "$aw / $bw" | bc -l)" "$(echo "$ac / $bc" | bc -l)")")
done
echo "median of $rounds alternating rounds each, $(date -u +%F), $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| sites | ${names[0]} wall s | ${names[1]} wall s | ${names[0]} CPU s | ${names[1]} CPU s | wall speed-up | CPU saved (ratio) | output = score |"
echo "|---:|---:|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
