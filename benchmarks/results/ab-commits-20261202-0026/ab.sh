#!/usr/bin/env bash
# ABBA: throughput only, same options as the full run's throughput phase
# new = /work/main at 7cdbc1d, old = a worktree at 6ee44a4 (git worktree add /work/wt-ab 6ee44a4; built with run.sh's package command)
# the runs in this directory: the default order, 00:26-00:37 UTC; second-round/: ORDER="old new new old", 00:38-00:48
set -u
out=/tmp/ab-$(date -u +%Y%m%d-%H%M); mkdir -p $out
for w in ${ORDER:-new old old new}; do
  if [ $w = new ]; then d=/work/main; else d=/work/wt-ab; fi
  t=$(date -u +%H:%M:%S)
  (cd $d && benchmarks/run.sh --no-build --only=throughput --runs=1500 --warmup=4500 --out=$out/$w-$t) > $out/$w-$t.log 2>&1
  echo "$w $t $(grep -m1 'throughput, 5-step' $out/$w-$t.log | cut -c54-120) | $(grep -m1 'machine (without driver)' $out/$w-$t.log)"
done
