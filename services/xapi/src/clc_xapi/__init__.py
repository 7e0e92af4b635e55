"""The xAPI 1.0.3 feed: selected domain events as statements, to Kafka and an LRS."""
