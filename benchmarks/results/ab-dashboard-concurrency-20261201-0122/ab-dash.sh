#!/bin/bash
# A/B: dashboard consumer concurrency 1 (as landed) vs 3 (before 254e4c2), same jars, --only=steady
cd /tmp/lead-cur
run() { o=$1; shift; uptime > $o.uptime; env CLK_TCK=$(getconf CLK_TCK) java -Xmx2g -XX:+UseParallelGC -XX:-UseDynamicNumberOfCompilerThreads -jar benchmarks/target/benchmarks.jar --only=steady --out=$o "$@" > $o.log 2>&1; uptime >> $o.uptime; rm -rf /tmp/lead-cur/benchmarks/target/system-*; }
run /tmp/ab-c1-a
run /tmp/ab-c3-a "--service-jvm-flags=-Dspring.cloud.stream.bindings.dashboardEvents-in-0.consumer.concurrency=3"
run /tmp/ab-c3-b "--service-jvm-flags=-Dspring.cloud.stream.bindings.dashboardEvents-in-0.consumer.concurrency=3"
run /tmp/ab-c1-b
