#!/usr/bin/env bash
# ABBA, throughput and both steady rates, Java 25, jars of 7cdbc1d: the services' default flags
# against the same plus -XX:ReservedCodeCacheSize=240m; every service logs its GC pauses.
# Copied here: each run's summary.txt and results.md, and each service's GC log as gc-<service>.txt.
set -u
out=/tmp/cc-$(date -u +%Y%m%d-%H%M); mkdir -p $out
for w in ${ORDER:-default cc240 cc240 default}; do
  t=$(date -u +%H%M%S)
  extra=""; [ $w = cc240 ] && extra="-XX:ReservedCodeCacheSize=240m"
  (cd /work/main && benchmarks/run.sh --no-build --only=throughput,steady --runs=1500 --warmup=4500 \
     --service-jvm-flags="$extra -Xlog:gc:file=$out/$w-$t-gc-%p.log:utctime" --out=$out/$w-$t) > $out/$w-$t.log 2>&1
  echo "$w $t $(grep -m1 '^throughput: 1500 runs in' $out/$w-$t.log) | $(grep -h 'CodeCache GC' $out/$w-$t-gc-*.log | wc -l) code-cache GCs, $(grep -h 'Pause Full' $out/$w-$t-gc-*.log | grep -o '[0-9.]*ms' | tr -d ms | paste -sd+ | bc) ms of full pauses"
  grep "^steady load at [0-9]* executions" $out/$w-$t.log | grep -o "at [0-9]*/s: [a-z >-]*: n=[0-9]* p50=[0-9]* ms p95=[0-9]* ms p99=[0-9]* ms"
done
