#!/bin/bash
cd /tmp/lead-new
for n in 2 1; do
  echo "instances=$n $(date -u +%T)"
  env CLK_TCK=$(getconf CLK_TCK) java -Xmx2g -XX:+UseParallelGC -XX:-UseDynamicNumberOfCompilerThreads -jar benchmarks/target/benchmarks.jar --only=throughput,steady --instances=$n --runs=1500 --warmup=1500 --seconds=30 --out=/tmp/two-$n > /tmp/two-$n.log 2>&1
  grep -E "throughput, 5-step|at (10|30) runs/s|CPU per execution" /tmp/two-$n.log
done
echo "end $(date -u +%T)"
