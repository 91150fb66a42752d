#!/usr/bin/env bash
# Builds the services and runs every benchmark against a local system (Kafka, PostgreSQL and the
# three services as separate processes). Results: benchmarks/results/{results.json,results.md,latency-histogram.png}
# Usage: benchmarks/run.sh [--quick] [--runs=1500] [--rate=30] [--sustained=10] [--seconds=30]
#   throughput runs; steady-load executions/s at the target rate and at a sustainable one; seconds of each
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests install
ulimit -n 65536 2>/dev/null || true
exec java -Xmx2g -XX:+UseParallelGC -jar benchmarks/target/benchmarks.jar "$@"
