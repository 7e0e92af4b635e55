#!/usr/bin/env bash
# The compose stack's one-shot `kafka-init`: create every topic before any service starts, with
# its partitions and retention, so the services' own create-if-missing (3 partitions, broker
# defaults) never decides. Event topics are the services' published history: kept forever
# (retention.ms=-1), since a new projector or a rebuild replays them from the start.
set -euo pipefail
BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}"
PARTITIONS="${TOPIC_PARTITIONS:-6}"
REPLICATION="${TOPIC_REPLICATION_FACTOR:-1}"
TOPICS=/opt/kafka/bin/kafka-topics.sh

create() {
  "$TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$1" \
    --partitions "$2" --replication-factor "$REPLICATION" --config retention.ms=-1
}

for service in groups enquiry knowledge; do
  create "clc.${service}.events" "$PARTITIONS"
  create "clc.${service}.events.dlq" 1
done
"$TOPICS" --bootstrap-server "$BOOTSTRAP" --describe --topic 'clc\..*'
