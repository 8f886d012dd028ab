#!/usr/bin/env bash
# What Kafka Streams' per-record metrics cost `methylstream run`: this version against itself with a kafka-streams
# jar that records none of them, the two alternating round by round (bench/alternate-runs.sh: median wall clock and
# CPU seconds, output checked against `score`). Kafka Streams records three sensors for every record at INFO, the
# lowest recording level there is (the end-to-end latency at the source and the sink nodes,
# StreamTask.maybeRecordE2ELatency; the bytes consumed, RecordQueue.poll; the bytes produced,
# RecordCollectorImpl.send): no setting turns them off, so the patched jar is built here from Kafka's own sources
# (Maven Central's sources jar of the project's kafka.version) with those three calls taken out, and nothing else
# changed. A diagnosis, not a way to run methylstream.
# Usage: [ROUNDS=3] bench/streams-metrics-cost.sh [SITES ...]   (default: 1000000 10000000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[[ $# -gt 0 ]] || sizes=(1000000 10000000)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bin/methylstream --version >/dev/null   # builds the jar if needed
kafka="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' pom.xml)"
mvn -B -q dependency:copy -Dartifact="org.apache.kafka:kafka-streams:$kafka:jar:sources" -DoutputDirectory="$work" >&2
internals=org/apache/kafka/streams/processor/internals
(cd "$work" && unzip -q "kafka-streams-$kafka-sources.jar" "$internals/StreamTask.java" "$internals/RecordQueue.java" \
  "$internals/RecordCollectorImpl.java")
python3 - "$work/$internals" <<'EOF'
import re, sys
base = sys.argv[1]
patches = {  # file: (what is taken out, by a regular expression on the statement)
    "StreamTask.java": r"\} else if \(e2eLatencySensor\.shouldRecord\(\) && e2eLatencySensor\.hasMetrics\(\)\) \{\s*"
                       r"e2eLatencySensor\.record\(now - recordTimestamp, now\);\s*\}",
    "RecordQueue.java": r"consumedSensor\.record\(headRecordSizeInBytes, wallClockTime\);",
    "RecordCollectorImpl.java": r"topicProducedSensor\.record\(\s*bytesProduced,\s*context\.currentSystemTimeMs\(\)\s*\);",
}
for name, statement in patches.items():
    path = f"{base}/{name}"
    source = open(path).read()
    replacement = "}" if statement.startswith(r"\}") else ""
    patched, count = re.subn(statement, replacement + " /* not recorded (bench/streams-metrics-cost.sh) */", source)
    if count != 1:
        sys.exit(f"{name} of this Kafka version has {count} places matching {statement!r}, not 1: update the patch")
    open(path, "w").write(patched)
EOF
mkdir -p "$work/classes"
javac -nowarn -d "$work/classes" -cp "$(printf '%s:' target/lib/*.jar)" "$work/$internals"/*.java
# the patched tree: this checkout's launcher, jar and libraries, kafka-streams patched (timestamps kept, so the
# launcher sees an up-to-date jar and builds nothing)
patched="$work/patched"
mkdir -p "$patched/target"
cp -a bin pom.xml src schemas "$patched/"
cp -a target/methylstream.jar target/lib "$patched/target/"
(cd "$work/classes" && jar uf "$patched/target/lib/kafka-streams-$kafka.jar" org)

echo "run: Kafka Streams $kafka as shipped (stock) against the same without its per-record metrics (without)"
bench/alternate-runs.sh stock bin/methylstream without "$patched/bin/methylstream" "${sizes[@]}"
