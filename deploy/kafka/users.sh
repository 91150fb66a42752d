# Sourced by broker.sh and setup.sh: the SCRAM-SHA-512 principals of docker-compose.yml's broker and
# the variable that holds each one's password. The names are the principals acls.sh grants to;
# `admin` is the broker's super user (inter-broker traffic, the set-up, the health check).
# shellcheck shell=bash

# shellcheck disable=SC2034 # used by the scripts that source this file
declare -A KAFKA_USERS=(
  [admin]=KAFKA_ADMIN_PASSWORD
  [execution-service]=EXECUTION_KAFKA_PASSWORD
  [approval-service]=APPROVAL_KAFKA_PASSWORD
  [dashboard-service]=DASHBOARD_KAFKA_PASSWORD
  [pilot-reader]=READER_KAFKA_PASSWORD
)

# password_of <user>: the user's password, from its variable. Only characters that need no escaping
# in the credential syntax of kafka-storage.sh and kafka-configs.sh ([name=…,password=…]), in a
# properties file and in a JAAS string are accepted, so a password is never silently cut or changed.
password_of() {
  local variable="${KAFKA_USERS[$1]}"
  local value="${!variable:-}"
  local allowed='^[A-Za-z0-9._~+/@%:^!*-]{8,}$'
  if [[ ! "$value" =~ $allowed ]]; then
    echo "$variable (Kafka password of $1): 8 or more of A-Z a-z 0-9 . _ ~ + / @ % : ^ ! * -" >&2
    return 1
  fi
  printf '%s' "$value"
}

# client_properties <user>: Kafka client settings of that SCRAM-SHA-512 principal (SASL_PLAINTEXT:
# inside the compose network; production listeners use SASL_SSL).
client_properties() {
  local password
  password="$(password_of "$1")" || return 1
  printf 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\n'
  printf 'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="%s" password="%s";\n' \
    "$1" "$password"
}
