#!/usr/bin/env bash
# Question 3: the scoring topology against a pass-through topology (same embedded broker, retained input topic,
# partitions, one stream thread, Avro serde), alternately, best of ROUNDS. The ratio shows what scoring costs.
# Usage: bench/topology-vs-passthrough.sh [SITES] [PARTITIONS] [ROUNDS]   (default 4000000 6 5)
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt > /dev/null
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
args=("${1:-4000000}" "${2:-6}" "${3:-5}")
echo "command: $java -Xmx1g -cp target/test-classes:target/classes:<test classpath> org.methylstream.topology.TopologyThroughput ${args[*]}"
echo "date: $(date -u +%F), $(nproc) cores"
echo
"$java" -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  org.methylstream.topology.TopologyThroughput "${args[@]}"
