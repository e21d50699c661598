#!/usr/bin/env bash
# Builds the benchmarks and runs all of them (about 20 minutes on 2 cores), printing ratios.
# Run from the repository root: benchmarks/run.sh [extra JMH options]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmarks -am package -DskipTests
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target/results
mkdir -p "$OUT"
{
	echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
		"$(free -g | awk '/Mem:/ {print $2}') GiB RAM, load $(cut -d' ' -f1-3 /proc/loadavg)"
	java -version 2>&1 | head -1
} | tee "$OUT/machine.txt"
java -jar "$JAR" -prof gc -rf json -rff "$OUT/jmh.json" "$@" | tee "$OUT/jmh.txt"
java -cp "$JAR" tech.progeny.auth.benchmarks.JmhRatios "$OUT/jmh.json" | tee "$OUT/ratios.txt"
java -cp "$JAR" tech.progeny.auth.benchmarks.JmhRounds | tee "$OUT/rounds.txt"
java -cp "$JAR" tech.progeny.auth.benchmarks.ExpiryStorm | tee "$OUT/storm.txt"
java -cp "$JAR" tech.progeny.auth.benchmarks.FleetStorm | tee "$OUT/fleet.txt"
java -cp "$JAR" tech.progeny.auth.benchmarks.ReactiveExpiryStorm 64,256 | tee "$OUT/reactive-storm.txt"
