#!/usr/bin/env bash
# Runs the whole system on this machine: embedded Kafka (9092) and PostgreSQL (5432), then the
# dashboard (8080), execution-service (8081) and approval-service (8082), with demo data.
# Needs only a JDK 17+; works as root and as an ordinary user. Ctrl-C stops everything.
#
#   ./run-local.sh                  build, then run everything
#   ./run-local.sh --infra-only     build, then run Kafka and PostgreSQL only
#   SKIP_BUILD=1 ./run-local.sh     run the jars already built
#
# Data (surviving restarts) and logs live in .local-data/ (git-ignored); delete it to start afresh.
set -euo pipefail

cd "$(dirname "$0")"

if [[ -n "${JAVA_HOME:-}" ]]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA="$(command -v java || true)"
fi
if [[ -z "$JAVA" || ! -x "$JAVA" ]]; then
  echo "run-local.sh: no Java found; install a JDK 17 or newer (or set JAVA_HOME)." >&2
  exit 1
fi
java_major="$("$JAVA" -XshowSettings:properties -version 2>&1 |
  sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')"
if [[ -z "$java_major" || "$java_major" -lt 17 ]]; then
  echo "run-local.sh: Java ${java_major:-?} found at $JAVA; Pilot needs Java 17 or newer." >&2
  exit 1
fi

if [[ -z "${SKIP_BUILD:-}" ]]; then
  echo "Building the services and the local stack (./mvnw -B -q -DskipTests package)..."
  ./mvnw -B -q -DskipTests package
fi

# The launcher JVM hosts the Kafka broker; the services get their own small JVMs (see LocalServices).
exec "$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xmx256m \
  -jar local-stack/target/local-stack.jar "$@"
