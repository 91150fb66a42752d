#!/bin/bash
for d in statements-base lead-new; do
  cd /tmp/$d && echo "$d $(date -u +%T)" && env CLK_TCK=$(getconf CLK_TCK) java -Xmx2g -XX:+UseParallelGC -XX:-UseDynamicNumberOfCompilerThreads -jar benchmarks/target/benchmarks.jar --only=throughput --runs=1500 --warmup=4500 --out=/tmp/ab-$d > /tmp/ab-$d.log 2>&1
  grep -A3 "^throughput:" /tmp/ab-$d.log | head -4; grep "throughput, 5-step" /tmp/ab-$d.log
done
