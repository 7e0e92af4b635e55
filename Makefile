# Everyday commands. Each target makes sure uv is installed and .venv is in sync with uv.lock.

SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
STAMP := .venv/.synced

.PHONY: sync test test-unit bench bench-http bench-gateway bench-library check fetch run catalog \
	mutation conformance differential supergraph schema-baseline ensure-uv graphiql hive test-browser \
	events-ui events-baseline test-faults xapi-validator toxiproxy

ensure-uv:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv

# re-synced only when uv.lock is newer than the stamp (or .venv is missing)
$(STAMP): uv.lock | ensure-uv
	$(UV) sync --frozen
	@touch $(STAMP)

sync: ensure-uv
	$(UV) sync --frozen
	@touch $(STAMP)

test: $(STAMP)
	$(UV) run pytest

test-unit: $(STAMP)
	$(UV) run pytest tests/unit

bench: $(STAMP)
	$(UV) run python -m bench

bench-http: $(STAMP)
	$(UV) run python -m bench http

bench-gateway: $(STAMP)
	$(UV) run python -m bench gateway

bench-library: $(STAMP)
	$(UV) run python -m bench library

check: $(STAMP)
	$(UV) run ruff check . && $(UV) run ruff format --check . && $(UV) run mypy libs/eventkit/src libs/servicekit/src deploy/devstack/src services/*/src gateway/src tools/clc/src

fetch: $(STAMP)
	$(UV) run python -m devstack fetch

# `make run GATEWAY=hive`: Hive Gateway (gateway/hive, npm) at the front door instead of ours.
# GraphiQL's assets (and Hive Gateway's, when chosen) are installed first when npm is there; without
# them our gateway still starts, and GET /graphql says how to install them.
GATEWAY ?= ours
# `make run REPLICAS=N`: N api and N projector processes per service, plus a standby relay.
REPLICAS ?= 1
# `make run KAFKA_BROKERS=3`: a three-broker KRaft cluster (replication factor 3,
# min.insync.replicas=2) instead of one broker; its own PostgreSQL instance (dev-kafka3)
KAFKA_BROKERS ?= 1
run: $(STAMP)
	@$(MAKE) --no-print-directory graphiql || echo "GraphiQL not installed (needs Node 20+ and npm): run make graphiql"
	@$(MAKE) --no-print-directory events-ui || echo "the /events page's renderer not installed (needs Node 20+ and npm): run make events-ui"
	@if [ "$(GATEWAY)" = hive ]; then $(MAKE) --no-print-directory hive; fi
	$(UV) run python -m devstack.run --gateway $(GATEWAY) --replicas $(REPLICAS) --kafka-brokers $(KAFKA_BROKERS)

# GraphiQL for the gateway's GET /graphql, from npm (gateway/graphiql/package-lock.json), no CDN
GRAPHIQL_DIR := gateway/graphiql
GRAPHIQL_STAMP := $(GRAPHIQL_DIR)/node_modules/.installed
$(GRAPHIQL_STAMP): $(GRAPHIQL_DIR)/package-lock.json
	cd $(GRAPHIQL_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@
graphiql: $(GRAPHIQL_STAMP)

# AsyncAPI's React component (standalone bundle + CSS) for the gateway's GET /events pages, from npm
# (gateway/events-ui/package-lock.json), served locally, no CDN; without it /events still lists
# every event type and says how to install it
EVENTS_UI_DIR := gateway/events-ui
EVENTS_UI_STAMP := $(EVENTS_UI_DIR)/node_modules/.installed
$(EVENTS_UI_STAMP): $(EVENTS_UI_DIR)/package-lock.json
	cd $(EVENTS_UI_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@
events-ui: $(EVENTS_UI_STAMP)

# Learning Locker's xAPI statement validator (services/xapi/validator/package-lock.json), which the
# xAPI feed's tests run every statement through; the tests run this target when it is missing
XAPI_VALIDATOR_DIR := services/xapi/validator
XAPI_VALIDATOR_STAMP := $(XAPI_VALIDATOR_DIR)/node_modules/.installed
$(XAPI_VALIDATOR_STAMP): $(XAPI_VALIDATOR_DIR)/package-lock.json
	cd $(XAPI_VALIDATOR_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@
xapi-validator: $(XAPI_VALIDATOR_STAMP)

# Hive Gateway, the alternative front door (gateway/hive/package-lock.json)
HIVE_DIR := gateway/hive
HIVE_STAMP := $(HIVE_DIR)/node_modules/.installed
$(HIVE_STAMP): $(HIVE_DIR)/package-lock.json
	cd $(HIVE_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@
hive: $(HIVE_STAMP)

# faults under a steady load (tests/faults; skipped by make test), on a three-broker Kafka cluster
# and a PostgreSQL with fsync and synchronous_commit on: a projector replica, the active relay,
# one broker of three, the PostgreSQL server SIGKILLed in turn, and the groups service cut off
# from Kafka for 10 s through Toxiproxy; `clc verify` clean after each
test-faults: $(STAMP) toxiproxy
	CLC_FAULTS=1 $(UV) run pytest tests/faults

# Toxiproxy's server (a Go module, from the Go module proxy) built into .cache/bin for the faults
TOXIPROXY_VERSION := v2.5.0
TOXIPROXY := .cache/bin/toxiproxy-server
$(TOXIPROXY):
	@command -v go >/dev/null 2>&1 || { echo "make toxiproxy needs Go (the go command)"; exit 1; }
	mkdir -p .cache/gobin .cache/bin
	GOBIN=$(CURDIR)/.cache/gobin GOFLAGS=-buildvcs=false \
	  go install github.com/Shopify/toxiproxy/v2/cmd/server@$(TOXIPROXY_VERSION)
	mv .cache/gobin/server $@
toxiproxy: $(TOXIPROXY)

# the GraphiQL browser test alone (Debian's chromium + chromium-driver; also part of make test)
test-browser: $(STAMP) graphiql events-ui
	$(UV) run pytest -m browser tests/e2e

catalog: $(STAMP)
	$(UV) run python scripts/event_catalog.py

# Accept today's event schemas as the compatibility baseline (docs/events/baseline): the one way
# the gate moves. Refuses a breaking change (bump the schema version, register an upcaster);
# FORCE=1 accepts one anyway.
events-baseline: $(STAMP)
	$(UV) run python scripts/event_catalog.py --baseline $(if $(FORCE),--force)

# Mutation testing of both domain packages against their unit tests (slow; not part of `make test`).
# mutmut wants a single src/ tree, so stage one (config: [tool.mutmut] in pyproject.toml).
# `make mutation MUTANTS='clc_groups.domain.network*'` tests only the mutants matching a pattern.
MUTATION_DIR := .cache/mutation
MUTANTS ?=
mutation: $(STAMP)
	rm -rf $(MUTATION_DIR) && mkdir -p $(MUTATION_DIR)/src
	cp -r services/groups/src/clc_groups services/enquiry/src/clc_enquiry $(MUTATION_DIR)/src/
	cp -r tests pyproject.toml $(MUTATION_DIR)/
	cd $(MUTATION_DIR) && $(UV) run --project $(CURDIR) mutmut run $(MUTANTS); \
	  echo "mutants by outcome:"; \
	  $(UV) run --project $(CURDIR) mutmut results --all true | awk '{print $$NF}' | sort | uniq -c; \
	  echo "surviving (inspect with: cd $(MUTATION_DIR) && uv run mutmut show NAME):"; \
	  $(UV) run --project $(CURDIR) mutmut results | grep -v 'not checked' || true
# the public federation-gateway-audit against our gateway (needs Node 20+ and npm; ../shared beside the clone)
# GATEWAY_TIMEOUT (ms): how long the runner waits for each suite's gateway; its 5 s default also has
# to cover the runner's own supergraph download, which takes longer than that on a busy machine
AUDIT_MIN_PASSED ?= 197
GATEWAY_TIMEOUT ?= 60000
FEDERATION_AUDIT ?= ../shared/federation-audit/audit
# The audit's own summary line is reworded so no test runner's closing-line reader mistakes the
# cases it expects to fail for failing tests; pipefail keeps the audit's exit status.
conformance: $(STAMP)
	set -o pipefail; GATEWAY_TIMEOUT=$(GATEWAY_TIMEOUT) AUDIT_MIN_PASSED=$(AUDIT_MIN_PASSED) \
		bash $(FEDERATION_AUDIT) gateway/conformance/start.sh \
		| sed -E 's/^([0-9]+) passed, ([0-9]+) failed$$/federation audit score: \1 cases pass, \2 do not (minimum $(AUDIT_MIN_PASSED))/'

# Our own supergraph: each service prints its SDL offline into gateway/subgraphs/, The Guild's
# composer (pinned in gateway/compose/package-lock.json, installed by `npm ci`) writes
# gateway/supergraph.graphql with a header of the sha256 each subgraph file had; then the guard
# tests check it is fresh, loads and plans in our gateway, and breaks no client (see
# `make schema-baseline`). Routing URLs: `make supergraph GROUPS_URL=... ENQUIRY_URL=... KNOWLEDGE_URL=...`.
GROUPS_URL ?= http://127.0.0.1:8001/graphql
ENQUIRY_URL ?= http://127.0.0.1:8002/graphql
KNOWLEDGE_URL ?= http://127.0.0.1:8003/graphql
WEBHOOKS_URL ?= http://127.0.0.1:8004/graphql
SUBGRAPHS := groups enquiry knowledge webhooks
COMPOSE_DIR := gateway/compose
COMPOSE_STAMP := $(COMPOSE_DIR)/node_modules/.installed
$(COMPOSE_STAMP): $(COMPOSE_DIR)/package-lock.json
	cd $(COMPOSE_DIR) && npm ci --no-audit --no-fund
	@touch $@
supergraph: $(STAMP) $(COMPOSE_STAMP)
	@set -e; for s in $(SUBGRAPHS); do \
	  $(UV) run clc-$$s sdl > gateway/subgraphs/$$s.graphql.tmp; \
	  mv gateway/subgraphs/$$s.graphql.tmp gateway/subgraphs/$$s.graphql; \
	  echo "printed gateway/subgraphs/$$s.graphql"; \
	done
	node $(COMPOSE_DIR)/compose.mjs gateway/supergraph.graphql \
	  groups gateway/subgraphs/groups.graphql $(GROUPS_URL) \
	  enquiry gateway/subgraphs/enquiry.graphql $(ENQUIRY_URL) \
	  knowledge gateway/subgraphs/knowledge.graphql $(KNOWLEDGE_URL) \
	  webhooks gateway/subgraphs/webhooks.graphql $(WEBHOOKS_URL)
	$(UV) run pytest -q -p no:cacheprovider tests/unit/gateway/test_supergraph_fresh.py \
	  tests/unit/gateway/test_supergraph_plans.py tests/unit/gateway/test_supergraph_baseline.py

# Accept the current client-facing schema as the baseline: the one way to ship a breaking change.
# Refuses to drop what was never @deprecated (clc-gateway schema-baseline --force overrides).
schema-baseline: $(STAMP)
	$(UV) run clc-gateway schema-baseline

# our gateway and Hive Gateway (npm, installed from tests/differential/package-lock.json) over the
# same supergraph and the same running services: the corpus must give the same data and error
# paths (slow and needs Node 20+: not part of `make test`)
differential: $(STAMP)
	cd tests/differential && npm ci --no-audit --no-fund --loglevel=error
	DIFFERENTIAL=1 $(UV) run pytest tests/differential
