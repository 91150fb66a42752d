#!/usr/bin/env bash
# Resident memory of a running local stack: the launcher JVM (Kafka runs in it), the service JVMs it
# started, and the PostgreSQL server with its backends. Prints RSS per process and two totals: RSS
# (counts PostgreSQL's shared buffers once per backend) and PSS (shares them out; the fairer sum).
#
#   local-stack/stack-memory.sh [DATA_DIR]      DATA_DIR defaults to .local-data
set -euo pipefail
data="${1:-.local-data}"
launcher="$(cat "$data/local-stack.pid")"
postmaster="$(head -1 "$data/postgres/postmaster.pid")"
pids="$launcher $(pgrep -P "$launcher" | tr '\n' ' ') $postmaster $(pgrep -P "$postmaster" | tr '\n' ' ')"
total_pss=0
for pid in $pids; do
  pss=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
  total_pss=$((total_pss + pss))
done
ps -o pid=,rss=,args= -p "$(echo $pids | tr ' ' ',')" |
  awk -v pss="$total_pss" '{
      name = $3 " " $4; if ($3 ~ /bin\/postgres$/) name = "postgres (server)"
      if ($0 ~ /local-stack.jar/) name = "launcher (Kafka)"
      if ($0 ~ /-service.jar/) { for (i = 1; i <= NF; i++) if ($i ~ /-service.jar$/) name = $i }
      printf "%8d KiB  %s\n", $2, name; total += $2 }
    END { printf "%8d KiB  RSS total (%.0f MiB)\n%8d KiB  PSS total (%.0f MiB)\n", total, total/1024, pss, pss/1024 }'
