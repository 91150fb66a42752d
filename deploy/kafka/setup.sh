#!/usr/bin/env bash
# One-shot set-up of docker-compose.yml's Kafka (the kafka-setup service), as the admin principal:
#   1. creates every topic acls.sh names (the contract topics and the dead-letter topics), so that
#      no service principal needs to create topics;
#   2. sets each principal's SCRAM-SHA-512 password from its variable (users.sh), so a changed
#      password takes effect on the next `docker compose up`;
#   3. applies acls.sh.
# Running it again changes nothing but the passwords: existing topics and ACLs are kept.
#
#   KAFKA_BOOTSTRAP=kafka:9092 KAFKA_ADMIN_PASSWORD=… EXECUTION_KAFKA_PASSWORD=… … deploy/kafka/setup.sh
#
# KAFKA_HOME: the Kafka installation (bin/kafka-topics.sh, kafka-configs.sh, kafka-acls.sh);
# KAFKA_TOPIC_PARTITIONS (6: the services' min-partition-count), KAFKA_TOPIC_REPLICATION (1).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=users.sh
source "$here/users.sh"

KAFKA_HOME="${KAFKA_HOME:-/opt/kafka}"
export KAFKA_BOOTSTRAP="${KAFKA_BOOTSTRAP:-kafka:9092}"
partitions="${KAFKA_TOPIC_PARTITIONS:-6}"
replication="${KAFKA_TOPIC_REPLICATION:-1}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
umask 077
export KAFKA_ADMIN_CONFIG="$work/admin.properties"
client_properties admin > "$KAFKA_ADMIN_CONFIG"

# The topics are those of acls.sh's literal --topic lines: the two lists cannot drift apart.
mapfile -t topics < <(sed -n '/prefixed/!s/^allow .* --topic \([^ ]*\).*$/\1/p' "$here/acls.sh" | sort -u)
if [ "${#topics[@]}" -eq 0 ]; then
  echo "no --topic in $here/acls.sh" >&2
  exit 1
fi
for topic in "${topics[@]}"; do
  "$KAFKA_HOME/bin/kafka-topics.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" \
    --command-config "$KAFKA_ADMIN_CONFIG" --create --if-not-exists --topic "$topic" \
    --partitions "$partitions" --replication-factor "$replication"
done

for user in "${!KAFKA_USERS[@]}"; do
  [ "$user" = admin ] && continue
  password="$(password_of "$user")"
  "$KAFKA_HOME/bin/kafka-configs.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" \
    --command-config "$KAFKA_ADMIN_CONFIG" --alter --entity-type users --entity-name "$user" \
    --add-config "SCRAM-SHA-512=[password=$password]"
done

KAFKA_ACLS="$KAFKA_HOME/bin/kafka-acls.sh" bash "$here/acls.sh"
echo "Kafka set up: ${#topics[@]} topics, $((${#KAFKA_USERS[@]} - 1)) principals, the ACLs of acls.sh"
