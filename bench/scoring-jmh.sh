#!/usr/bin/env bash
# JMH benchmark of the scoring core (org.methylstream.stats.ScoringBenchmark): sites/s for isSignificant on
# realistic (k, n) draws and for pValue inside and above the memo range, for each test kind.
# Builds the test classes (the benchmark lives in src/jmh/java, a test source root) and runs JMH directly.
# Arguments, if any, replace the default JMH settings (-f 1 -wi 3 -w 1s -i 5 -r 1s), e.g.
#   bench/scoring-jmh.sh -f 1 -wi 1 -w 200ms -i 3 -r 500ms -p test=upper
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh-classpath.txt > /dev/null
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
settings=("$@")
if [[ $# -eq 0 ]]; then
  settings=(-f 1 -wi 3 -w 1s -i 5 -r 1s) # JMH refuses an option given twice, so these are replaced, not extended
fi
command=("$java" -cp "target/test-classes:target/classes:$(cat target/jmh-classpath.txt)" org.openjdk.jmh.Main
  'org.methylstream.stats.ScoringBenchmark' "${settings[@]}" -tu s -rf text -rff target/jmh-scoring.txt)
echo "command: ${command[*]:0:2} <test classpath> ${command[*]:3}" >&2
"${command[@]}"
echo
echo "results table: $home/target/jmh-scoring.txt"
cat target/jmh-scoring.txt
