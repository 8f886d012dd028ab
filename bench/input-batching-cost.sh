#!/usr/bin/env bash
# What one Kafka record per site costs `methylstream run`: this version against itself with
# bench/input-batching.patch applied, which publishes up to 64 sites of a sample in one record of the sites topic and
# scores them site by site (the significant sites stay one record each, the output the same), the two alternating
# round by round (bench/alternate-runs.sh: median wall clock and CPU seconds, output checked against `score`).
# A measurement of a design the project has not taken (the sites topic's records are part of its interface), not a
# way to run methylstream: the patch handles a run's one partition only.
# Usage: [ROUNDS=3] bench/input-batching-cost.sh [SITES ...]   (default: 1000000 10000000)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -gt 0 ]] || set -- 1000000 10000000
echo "run: one record per site (this version) against up to 64 sites per record of the sites topic"
bench/alternate-runs.sh per-site bin/methylstream batched "git:HEAD+bench/input-batching.patch" "$@"
