# Everyday commands. Each target makes sure uv is installed and .venv is in sync with uv.lock.

SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
STAMP := .venv/.synced

.PHONY: sync test test-unit bench bench-http bench-gateway check fetch run catalog mutation conformance differential ensure-uv

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

check: $(STAMP)
	$(UV) run ruff check . && $(UV) run ruff format --check . && $(UV) run mypy libs/eventkit/src libs/servicekit/src deploy/devstack/src services/*/src gateway/src

fetch: $(STAMP)
	$(UV) run python -m devstack fetch

run: $(STAMP)
	$(UV) run python -m devstack.run

catalog: $(STAMP)
	$(UV) run python scripts/event_catalog.py

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
conformance: $(STAMP)
	GATEWAY_TIMEOUT=$(GATEWAY_TIMEOUT) AUDIT_MIN_PASSED=$(AUDIT_MIN_PASSED) \
		$(FEDERATION_AUDIT) gateway/conformance/start.sh

# our gateway and Hive Gateway (npm, installed from tests/differential/package-lock.json) over the
# same supergraph and the same running services: the corpus must give the same data and error
# paths (slow and needs Node 20+: not part of `make test`)
differential: $(STAMP)
	cd tests/differential && npm ci --no-audit --no-fund --loglevel=error
	DIFFERENTIAL=1 $(UV) run pytest tests/differential
