#!/usr/bin/env bash
# Builds the services and runs every benchmark against a local system (Kafka, PostgreSQL and the
# three services as separate processes), then prints one summary table (issue 12's figures against
# their targets) and where the time went. Results: benchmarks/results/ (or --out=DIR).
# Usage: benchmarks/run.sh [--no-build] [--quick] [--runs=1500] [--rate=30] [--sustained=10]
#          [--seconds=30] [--clients=5000] [--instances=1] [--sync-commit=on|off] [--profile]
#          [--only=throughput,steady,fanout,rebuild,polling,idle] [--out=DIR]
# Builds with `package` only (no `install`): the launcher takes each service's jar from its
# module's target/.
# JVM: $BENCH_JAVA_HOME/bin/java if set, else the newest Java 25 JDK under /usr/lib/jvm (Temurin 25
# here; the rule: deploy/java-home.sh), else `java` on PATH; force Java 17 with
# BENCH_JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64. The broker and the services run on the
# driver's JVM (its java.home), so this one choice sets all five; compare.sh gives Flowable the same.
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
build=1
for a in "$@"; do
  if [ "$a" = "--no-build" ]; then build=0; else args+=("$a"); fi
done
if [ "$build" = 1 ]; then
  ./mvnw -B -q -DskipTests package \
    -pl execution-service,approval-service,dashboard-service,benchmarks -am
fi
. deploy/java-home.sh
java_home="${BENCH_JAVA_HOME:-$(java25_home)}"
ulimit -n 65536 2>/dev/null || true
export CLK_TCK="$(getconf CLK_TCK)"
export PILOT_COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo -dirty)"
exec "${java_home:+$java_home/bin/}java" -Xmx2g -XX:+UseParallelGC -XX:-UseDynamicNumberOfCompilerThreads -jar benchmarks/target/benchmarks.jar "${args[@]}"
