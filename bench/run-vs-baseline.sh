#!/usr/bin/env bash
# `methylstream run` against an earlier version built from git (BASELINE, default main), on the same files, the two
# alternating round by round (bench/alternate-runs.sh): median wall clock and CPU seconds, output checked against
# `score`, each run with its own broker on a fresh state directory, each version started by its own bin/methylstream.
# Usage: [ROUNDS=3] [BASELINE=REV] bench/run-vs-baseline.sh [SITES ...]   (default: 2000 1000000; 2000 is
# examples/sites.tsv)
set -euo pipefail
cd "$(dirname "$0")/.."
baseline="${BASELINE:-main}"
[[ $# -gt 0 ]] || set -- 2000 1000000
echo "run: $baseline ($(git rev-parse --short "$baseline")) against this version"
bench/alternate-runs.sh "$baseline" "git:$baseline" now bin/methylstream "$@"
