#!/usr/bin/env bash
# ABBA, throughput only: Java 25 (default) against Java 17, same jars (commit 7cdbc1d)
set -u
out=/tmp/jvm-$(date -u +%Y%m%d-%H%M); mkdir -p $out
for w in 17 25 25 17; do
  t=$(date -u +%H:%M:%S)
  if [ $w = 17 ]; then export BENCH_JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64; else unset BENCH_JAVA_HOME; fi
  (cd /work/main && benchmarks/run.sh --no-build --only=throughput --runs=1500 --warmup=4500 --out=$out/$w-$t) > $out/$w-$t.log 2>&1
  echo "java$w $t $(grep -m1 '^throughput: 1500 runs in' $out/$w-$t.log) | $(grep -m1 'machine (without driver)' $out/$w-$t.log)"
done
