#!/usr/bin/env bash
# Pilot beside the Flowable reference, in pairs: our benchmark, then at once Flowable 7.2's durable
# variant (async: a commit before every step) closed-loop, at 10 starts/s and at 30 starts/s; the
# whole pair twice (--pairs). Prints the pairs and their ratios and writes everything under
# benchmarks/results/compare-<UTC time>/ (comparison.md, pair<N>/pilot/summary.txt, ...).
# With --two-instances each pair also runs ours with two instances of each service (after Flowable).
#
# Usage (as root: Flowable's run.sh starts its PostgreSQL with runuser -u postgres):
#   benchmarks/compare.sh [--flowable=/work/shared/peers/flowable-bench] [--pairs=2]
#                         [--two-instances] [any benchmarks/run.sh option, e.g. --sync-commit=off]
# The Flowable folder is copied to $FLOWABLE_WORK (default /tmp/flowable-bench-copy) and built
# there with mvn package; its runs wait up to $QUIET_WAIT_S (default 120) s for a quiet machine.
# Smaller Flowable runs for a check (not for quoting): FLOWABLE_N, FLOWABLE_N_RATE10,
# FLOWABLE_N_RATE30 (defaults 2000, 600, 1500); WARMUP (default: N) passes through.
# --warmup=K warms both sides' throughput runs up alike: ours with K runs, Flowable's closed-loop run
# with WARMUP=K (its rate runs keep their own warm-up).
# One JVM for both sides, resolved here as run.sh does (BENCH_JAVA_HOME if set, else the newest Java 25
# JDK under /usr/lib/jvm, else `java` on PATH: deploy/java-home.sh) and handed to run.sh as
# BENCH_JAVA_HOME and to Flowable's run.sh first on its PATH; session.txt records its version.
# BENCH_JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 puts both sides on Java 17.
set -euo pipefail
cd "$(dirname "$0")/.."
flowable_src=/work/shared/peers/flowable-bench
pairs=2
two=0
warmup=""
ours=()
for a in "$@"; do
  case "$a" in
    --flowable=*) flowable_src="${a#*=}" ;;
    --pairs=*) pairs="${a#*=}" ;;
    --two-instances) two=1 ;;
    --warmup=*)
      warmup="${a#*=}"
      ours+=("$a")
      ;;
    *) ours+=("$a") ;;
  esac
done
. deploy/java-home.sh
BENCH_JAVA_HOME="${BENCH_JAVA_HOME:-$(java25_home)}"
[ -z "$BENCH_JAVA_HOME" ] || export BENCH_JAVA_HOME
java="${BENCH_JAVA_HOME:+$BENCH_JAVA_HOME/bin/}java"
work="${FLOWABLE_WORK:-/tmp/flowable-bench-copy}"
rm -rf "$work"
mkdir -p "$work"
cp -r "$flowable_src"/. "$work"/
rm -rf "$work/target" "$work/results"

./mvnw -B -q -DskipTests package -pl execution-service,approval-service,dashboard-service,benchmarks -am
out="benchmarks/results/compare-$(date -u +%Y%m%d-%H%M)"
mkdir -p "$out"
echo "commit $(git rev-parse --short HEAD), started $(date -u +%FT%TZ)" | tee "$out/session.txt"
"$java" -version 2>&1 | head -1 | tee -a "$out/session.txt"

failed() { # log file
  echo "failed; the end of $1:" >&2
  tail -20 "$1" >&2
  exit 1
}

flowable() { # name, then env assignments
  local name=$1
  shift
  echo "  Flowable $name ($*)"
  (cd "$work" && env ${BENCH_JAVA_HOME:+PATH="$BENCH_JAVA_HOME/bin:$PATH"} "$@" RUNS=1 QUIET_WAIT_S="${QUIET_WAIT_S:-120}" ./run.sh async) \
    >"$dir/flowable-$name.jsonl" 2>"$dir/flowable-$name.log" || failed "$dir/flowable-$name.log"
}

for i in $(seq 1 "$pairs"); do
  dir="$out/pair$i"
  mkdir -p "$dir"
  echo "pair $i: Pilot ($(date -u +%T))"
  benchmarks/run.sh --no-build --out="$dir/pilot" "${ours[@]}" >"$dir/pilot.log" 2>&1 ||
    failed "$dir/pilot.log"
  echo "pair $i: Flowable ($(date -u +%T))"
  flowable closed N="${FLOWABLE_N:-2000}" ${warmup:+WARMUP=$warmup}
  flowable rate10 RATE=10 N="${FLOWABLE_N_RATE10:-600}"
  flowable rate30 RATE=30 N="${FLOWABLE_N_RATE30:-1500}"
  if [ "$two" = 1 ]; then
    echo "pair $i: Pilot, two instances of each service ($(date -u +%T))"
    benchmarks/run.sh --no-build --instances=2 --out="$dir/pilot-2-instances" "${ours[@]}" \
      >"$dir/pilot-2-instances.log" 2>&1 || failed "$dir/pilot-2-instances.log"
  fi
done
echo "finished $(date -u +%FT%TZ)" | tee -a "$out/session.txt"
for s in "$out"/pair*/pilot*/summary.txt; do
  echo
  echo "== $s"
  cat "$s"
done
echo
"$java" -jar benchmarks/target/benchmarks.jar --compare "$out"
