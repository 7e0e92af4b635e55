#!/usr/bin/env bash
# The compose stack's one-shot `kafka-init`: create every topic before any service starts, with
# its partitions and retention, so the services' own create-if-missing (3 partitions, broker
# defaults) never decides. Event topics are the services' published history: kept forever
# (retention.ms=-1), since a new projector or a rebuild replays them from the start. Dead-letter
# topics keep 30 days (2592000000 ms, servicekit's DEAD_LETTER_RETENTION): enough to notice and
# replay; the durable record is each service's dead_letters table.
set -euo pipefail
BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}"
PARTITIONS="${TOPIC_PARTITIONS:-6}"
REPLICATION="${TOPIC_REPLICATION_FACTOR:-1}"
TOPICS=/opt/kafka/bin/kafka-topics.sh

KEEP_HISTORY=(--config retention.ms=-1)
DEAD_LETTER_RETENTION=(--config retention.ms=2592000000 --config cleanup.policy=delete)

# create TOPIC PARTITIONS CONFIG...
create() {
  "$TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$1" \
    --partitions "$2" --replication-factor "$REPLICATION" "${@:3}"
}

for service in groups enquiry knowledge webhooks; do
  create "clc.${service}.events" "$PARTITIONS" "${KEEP_HISTORY[@]}"
  create "clc.${service}.events.dlq" 1 "${DEAD_LETTER_RETENTION[@]}"
done
# the xAPI feed (clc_xapi.app: STATEMENTS_RETENTION, its dead letters as servicekit's); both
# with the feed's XAPI_TOPIC_PARTITIONS (6)
create clc.xapi.statements 6 "${KEEP_HISTORY[@]}" --config cleanup.policy=delete
create clc.xapi.statements.dlq 6 "${DEAD_LETTER_RETENTION[@]}"
"$TOPICS" --bootstrap-server "$BOOTSTRAP" --describe --topic 'clc\..*'
