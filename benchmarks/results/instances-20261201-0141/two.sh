#!/bin/bash
cd /tmp/lead-cur
run() { o=$1; shift; uptime > $o.uptime; env CLK_TCK=$(getconf CLK_TCK) java -Xmx2g -XX:+UseParallelGC -XX:-UseDynamicNumberOfCompilerThreads -jar benchmarks/target/benchmarks.jar --only=throughput,steady --runs=1500 --warmup=3000 --out=$o "$@" > $o.log 2>&1; uptime >> $o.uptime; rm -rf /tmp/lead-cur/benchmarks/target/system-*; }
run /tmp/two-i2-a --instances=2
run /tmp/two-i1-a
run /tmp/two-i1-b
run /tmp/two-i2-b --instances=2
