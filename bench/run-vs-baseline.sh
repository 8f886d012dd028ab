#!/usr/bin/env bash
# `methylstream run` against an earlier version built from git (BASELINE, default main), on the same files, the two
# alternating round by round (bench/alternate-runs.sh): median wall clock and CPU seconds, output checked against
# `score`, each run with its own broker on a fresh state directory, each version started by its own bin/methylstream.
# Usage: [ROUNDS=3] [BASELINE=REV] bench/run-vs-baseline.sh [SITES ...]   (default: 2000 1000000; 2000 is
# examples/sites.tsv)
set -euo pipefail
cd "$(dirname "$0")/.."
baseline="${BASELINE:-main}"
sizes=("$@")
[[ $# -gt 0 ]] || sizes=(2000 1000000)
work="$(mktemp -d)"
trap 'git worktree remove --force "$work/baseline" 2>/dev/null || true; rm -rf "$work"' EXIT
git worktree add --detach -q "$work/baseline" "$baseline"
(cd "$work/baseline" && mvn -B -q -Dmaven.test.skip=true package) >&2
echo "run: $baseline ($(git rev-parse --short "$baseline")) against this version"
bench/alternate-runs.sh "$baseline" "$work/baseline/bin/methylstream" now bin/methylstream "${sizes[@]}"
