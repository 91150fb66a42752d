#!/usr/bin/env bash
# Least-privilege Kafka ACLs for Pilot's service principals (SASL/SCRAM users named after the
# services), run once by an operator with admin credentials on a cluster whose authorizer is on
# (KRaft: authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer, and
# allow.everyone.if.no.acl.found=false, the default). Adding an ACL that exists changes nothing,
# so the script can be run again after editing it.
#
#   KAFKA_BOOTSTRAP=kafka:9096 KAFKA_ADMIN_CONFIG=admin.properties deploy/kafka/acls.sh
#
# KAFKA_ADMIN_CONFIG: client properties of an admin principal (security.protocol, sasl.*);
# KAFKA_ACLS: the kafka-acls.sh to run (default: the one on PATH).
#
# Only the approval service may write approval-events (whoever can write there resolves
# approvals: the ids are on execution-events), only the execution service execution-events.
# Write and Read imply Describe. The topics are created by the operator beforehand (6 partitions
# or more; docker-compose.yml's kafka-setup does it with setup.sh, from the --topic lines below),
# so no principal needs Create or Alter. The dashboard's rebuild reads with assigned
# partitions and no consumer group, so it needs nothing beyond Read on the two topics.
#
# This file is the one list of the ACLs: the platform's broker test (KafkaAclsTest) applies the
# `allow` lines below to a broker with the authorizer on and checks what each principal can do.
set -euo pipefail

: "${KAFKA_BOOTSTRAP:?set KAFKA_BOOTSTRAP to the brokers (host:port)}"
: "${KAFKA_ADMIN_CONFIG:?set KAFKA_ADMIN_CONFIG to the admin client properties file}"
KAFKA_ACLS="${KAFKA_ACLS:-kafka-acls.sh}"

# allow <principal> --operation <op> (--topic <name> | --group <name>) [--resource-pattern-type prefixed]
allow() {
  local principal="$1"
  shift
  "$KAFKA_ACLS" --bootstrap-server "$KAFKA_BOOTSTRAP" --command-config "$KAFKA_ADMIN_CONFIG" \
    --add --allow-principal "User:$principal" "$@"
}

# execution-service: writes its events (outbox relay), reads decisions, dead-letters malformed ones.
allow execution-service --operation Write --topic execution-events
allow execution-service --operation Read --topic approval-events
allow execution-service --operation Read --group execution-service
allow execution-service --operation Write --topic approval-events.execution-service.dlq

# approval-service: writes approval events, reads execution events.
allow approval-service --operation Write --topic approval-events
allow approval-service --operation Read --topic execution-events
allow approval-service --operation Read --group approval-service
allow approval-service --operation Write --topic execution-events.approval-service.dlq

# dashboard-service: reads both topics (live consumers and the rebuild), writes nothing else.
allow dashboard-service --operation Read --topic execution-events
allow dashboard-service --operation Read --topic approval-events
allow dashboard-service --operation Read --group dashboard-service
allow dashboard-service --operation Write --topic execution-events.dashboard-service.dlq
allow dashboard-service --operation Write --topic approval-events.dashboard-service.dlq

# Another team's read-only principal (an example: copy it per team, with its own group prefix).
allow pilot-reader --operation Read --topic execution-events
allow pilot-reader --operation Read --topic approval-events
allow pilot-reader --operation Read --group pilot-reader. --resource-pattern-type prefixed
