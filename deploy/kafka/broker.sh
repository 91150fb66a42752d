#!/usr/bin/env bash
# docker-compose.yml's Kafka (the apache/kafka image runs this instead of its own launcher): one
# KRaft node whose client listener takes SASL/SCRAM-SHA-512 only, with the KRaft authorizer on and
# nothing allowed without an ACL (the ACLs are acls.sh, applied by setup.sh).
#
# SCRAM credentials live in the cluster metadata, and a KRaft broker cannot authenticate anyone
# before it has them, so the users of users.sh are written when the storage is formatted. A data
# directory formatted before keeps its users (--ignore-formatted): setup.sh sets the services'
# passwords again on every `docker compose up`; the admin password can only change by hand
# (README, "Docker Compose").
#
#   KAFKA_CLUSTER_ID=… KAFKA_ADMIN_PASSWORD=… EXECUTION_KAFKA_PASSWORD=… … deploy/kafka/broker.sh
#
# KAFKA_HOME: the Kafka installation (bin/kafka-storage.sh, bin/kafka-server-start.sh);
# KAFKA_DATA_DIR: the log directory; KAFKA_CONFIG_DIR: where server.properties and the health
# check's admin.properties are written at each start (readable by this user only);
# KAFKA_LISTEN_HOST (empty: every interface), KAFKA_ADVERTISED_HOST, KAFKA_CLIENT_PORT: the client
# listener; KAFKA_CONTROLLER_PORT: the controller listener, on loopback only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=users.sh
source "$here/users.sh"

KAFKA_HOME="${KAFKA_HOME:-/opt/kafka}"
: "${KAFKA_CLUSTER_ID:?set KAFKA_CLUSTER_ID to a base64 UUID (kafka-storage.sh random-uuid)}"
data_dir="${KAFKA_DATA_DIR:-/var/lib/kafka/data}"
config_dir="${KAFKA_CONFIG_DIR:-/tmp/pilot-kafka}"
listen_host="${KAFKA_LISTEN_HOST:-}"
advertised_host="${KAFKA_ADVERTISED_HOST:-kafka}"
client_port="${KAFKA_CLIENT_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-9093}"

# Every password is checked before anything is written.
scram=()
for user in "${!KAFKA_USERS[@]}"; do
  password="$(password_of "$user")"
  scram+=(--add-scram "SCRAM-SHA-512=[name=$user,password=$password]")
done
admin_password="$(password_of admin)"

umask 077
mkdir -p "$config_dir" "$data_dir"

# The controller listener is PLAINTEXT on loopback: the node's broker talks to its own controller
# through it, as ANONYMOUS, which therefore has to be a super user (SCRAM cannot secure a KRaft
# controller listener); nothing outside this container can reach it. Clients only ever reach the
# SCRAM listener, where every principal is an authenticated user.
cat > "$config_dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controller_port}
controller.listener.names=CONTROLLER
listeners=CLIENT://${listen_host}:${client_port},CONTROLLER://127.0.0.1:${controller_port}
advertised.listeners=CLIENT://${advertised_host}:${client_port}
listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=CLIENT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${admin_password}";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin;User:ANONYMOUS
log.dirs=${data_dir}
num.partitions=6
default.replication.factor=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
client_properties admin > "$config_dir/admin.properties"

"$KAFKA_HOME/bin/kafka-storage.sh" format --config "$config_dir/server.properties" \
  --cluster-id "$KAFKA_CLUSTER_ID" --ignore-formatted "${scram[@]}"
exec "$KAFKA_HOME/bin/kafka-server-start.sh" "$config_dir/server.properties"
