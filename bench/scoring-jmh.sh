#!/usr/bin/env bash
# JMH benchmark of the scoring core (org.methylstream.stats.ScoringBenchmark): sites/s for isSignificant on
# realistic (k, n) draws and for pValue inside and above the memo range, for each test kind.
# Builds the test classes (the benchmark lives in src/jmh/java, a test source root) and runs JMH directly.
# Extra arguments go to JMH, e.g. bench/scoring-jmh.sh -p test=upper  or  bench/scoring-jmh.sh -f 2 -i 10
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh-classpath.txt > /dev/null
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command=("$java" -cp "target/test-classes:target/classes:$(cat target/jmh-classpath.txt)" org.openjdk.jmh.Main
  'org.methylstream.stats.ScoringBenchmark' -f 1 -wi 3 -w 1s -i 5 -r 1s -tu s -rf text -rff target/jmh-scoring.txt "$@")
echo "command: ${command[*]:0:2} <test classpath> ${command[*]:3}" >&2
"${command[@]}"
echo
echo "results table: $home/target/jmh-scoring.txt"
cat target/jmh-scoring.txt
